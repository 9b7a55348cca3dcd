package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

// fullClient fills every field, so a round trip checks every column.
func fullClient(f *fixture) *rapport.Client {
	return &rapport.Client{
		TeamID:        f.team.ID,
		PreferredName: "Marisol",
		Pronouns:      "she/her",
		Language:      "Spanish",
		ContactMethod: rapport.ContactText,
		ContactTimes:  "weekday mornings, not Fridays",
		WhatMatters:   "Getting my kids back and keeping my job at the bakery.",
		Strengths:     []string{"resourceful", "close to her sister", "ñ and emoji 🌱"},
		Needs: []rapport.Need{ // deliberately out of order
			{Domain: rapport.NeedMentalHealth, Level: rapport.NeedModerate, Note: "sees a counsellor"},
			{Domain: rapport.NeedHousing, Level: rapport.NeedUrgent, Note: "eviction notice"},
		},
		Diagnosis:    "F33.1",
		Demographics: rapport.Demographics{Consent: true, AgeBand: "25-34", Gender: "woman", RaceEthnicity: "Latina"},
		CareTeam:     []int64{f.cm2.ID, f.cm.ID},
	}
}

func TestClientRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := fullClient(f)
		must(t, db.CreateClient(ctx, f.cmActor, c))
		want := fullClient(f)
		want.ID, want.CreatedBy, want.CreatedAt, want.UpdatedAt = c.ID, f.cm.ID, start, start
		want.Needs = []rapport.Need{want.Needs[1], want.Needs[0]} // health, housing, …, mental_health order
		want.CareTeam = []int64{f.cm.ID, f.cm2.ID}
		if diff := cmp.Diff(want, c); diff != "" {
			t.Errorf("after CreateClient (-want +got):\n%s", diff)
		}
		got, err := db.FindClientByID(ctx, f.cmActor, c.ID)
		must(t, err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FindClientByID (-want +got):\n%s", diff)
		}
		scope, err := db.FindClientScope(ctx, c.ID)
		must(t, err)
		if diff := cmp.Diff(&rapport.ClientScope{ClientID: c.ID, TeamID: f.team.ID, CareTeam: want.CareTeam}, scope); diff != "" {
			t.Errorf("FindClientScope (-want +got):\n%s", diff)
		}
	})
}

func TestClientErrors(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		create := func(edit func(c *rapport.Client)) error {
			c := fullClient(f)
			edit(c)
			return db.CreateClient(ctx, f.cmActor, c)
		}
		existing := f.client(t, "Existing")
		tests := []struct {
			name string
			err  error
			code string
		}{
			{"no preferred name", create(func(c *rapport.Client) { c.PreferredName = " " }), rapport.EINVALID},
			{"name of 201 characters", create(func(c *rapport.Client) { c.PreferredName = strings.Repeat("ö", 201) }), rapport.EINVALID},
			{"NUL in a field", create(func(c *rapport.Client) { c.WhatMatters = "a\x00b" }), rapport.EINVALID},
			{"invalid UTF-8", create(func(c *rapport.Client) { c.Pronouns = "\xff" }), rapport.EINVALID},
			{"demographics without consent", create(func(c *rapport.Client) { c.Demographics.Consent = false }), rapport.EINVALID},
			{"need domain twice", create(func(c *rapport.Client) { c.Needs = append(c.Needs, c.Needs[0]) }), rapport.EINVALID},
			{"unknown need level", create(func(c *rapport.Client) { c.Needs[0].Level = "dire" }), rapport.EINVALID},
			{"unknown contact method", create(func(c *rapport.Client) { c.ContactMethod = "pigeon" }), rapport.EINVALID},
			{"no team", create(func(c *rapport.Client) { c.TeamID = 0 }), rapport.EINVALID},
			{"team that does not exist", create(func(c *rapport.Client) { c.TeamID = 9999 }), rapport.EINVALID},
			{"care team user that does not exist", create(func(c *rapport.Client) { c.CareTeam = []int64{f.cm.ID, 9999} }), rapport.EINVALID},
			{"care team user twice", create(func(c *rapport.Client) { c.CareTeam = []int64{f.cm.ID, f.cm.ID} }), rapport.EINVALID},
			{"no actor", db.CreateClient(ctx, rapport.Actor{}, fullClient(f)), rapport.EUNAUTHORIZED},
			{"actor without a role", second(db.FindClientByID(ctx, rapport.Actor{UserID: f.cm.ID}, existing.ID)), rapport.EUNAUTHORIZED},
			{"find missing", second(db.FindClientByID(ctx, f.cmActor, 9999)), rapport.ENOTFOUND},
			{"scope of missing", second(db.FindClientScope(ctx, 9999)), rapport.ENOTFOUND},
			{"update missing", second(db.UpdateClient(ctx, f.cmActor, 9999, rapport.ClientUpdate{})), rapport.ENOTFOUND},
			{"update to no name", second(db.UpdateClient(ctx, f.cmActor, existing.ID, rapport.ClientUpdate{PreferredName: ptr("")})), rapport.EINVALID},
			{"update to missing team", second(db.UpdateClient(ctx, f.cmActor, existing.ID, rapport.ClientUpdate{TeamID: ptr(int64(9999))})), rapport.EINVALID},
			{"care team of missing client", db.SetCareTeam(ctx, f.cmActor, 9999, nil), rapport.ENOTFOUND},
			{"care team with a user twice", db.SetCareTeam(ctx, f.cmActor, existing.ID, []int64{f.cm.ID, f.cm.ID}), rapport.EINVALID},
			{"care team with a missing user", db.SetCareTeam(ctx, f.cmActor, existing.ID, []int64{9999}), rapport.EINVALID},
			{"delete missing", db.DeleteClient(ctx, f.cmActor, 9999), rapport.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code) })
		}
		if n := countRows(t, db, "clients"); n != 1 {
			t.Errorf("%d clients stored, want only the valid one", n)
		}
	})
}

func TestClientUpdate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := fullClient(f)
		must(t, db.CreateClient(ctx, f.cmActor, c))
		f.clock.Advance(time.Hour)
		upd := rapport.ClientUpdate{
			Pronouns:     ptr("they/them"),
			Strengths:    &[]string{"persistent"},
			Needs:        []rapport.Need{{Domain: rapport.NeedFood, Level: rapport.NeedLow}, {Domain: rapport.NeedHousing, Level: rapport.NeedModerate, Note: "moved in with sister"}},
			Demographics: &rapport.Demographics{}, // consent withdrawn: answers cleared
		}
		got, err := db.UpdateClient(ctx, f.cmActor, c.ID, upd)
		must(t, err)
		want := *c
		want.Pronouns, want.Strengths, want.Demographics = "they/them", []string{"persistent"}, rapport.Demographics{}
		want.Needs = []rapport.Need{
			{Domain: rapport.NeedHousing, Level: rapport.NeedModerate, Note: "moved in with sister"},
			{Domain: rapport.NeedFood, Level: rapport.NeedLow},
			c.Needs[1], // mental health, untouched
		}
		want.UpdatedAt = start.Add(time.Hour)
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("UpdateClient result (-want +got):\n%s", diff)
		}
		found, err := db.FindClientByID(ctx, f.cmActor, c.ID)
		must(t, err)
		if diff := cmp.Diff(&want, found); diff != "" {
			t.Errorf("FindClientByID after update (-want +got):\n%s", diff)
		}

		must(t, db.SetCareTeam(ctx, f.cmActor, c.ID, []int64{f.cm2.ID}))
		scope, err := db.FindClientScope(ctx, c.ID)
		must(t, err)
		if !cmp.Equal(scope.CareTeam, []int64{f.cm2.ID}) {
			t.Errorf("care team after SetCareTeam: %v", scope.CareTeam)
		}
		must(t, db.SetCareTeam(ctx, f.cmActor, c.ID, nil))
		scope, err = db.FindClientScope(ctx, c.ID)
		must(t, err)
		if len(scope.CareTeam) != 0 {
			t.Errorf("care team after clearing: %v", scope.CareTeam)
		}
	})
}

func TestDeleteClientRemovesEverything(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := fullClient(f)
		must(t, db.CreateClient(ctx, f.cmActor, c))
		must(t, db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Met at the library."}))
		must(t, db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: c.ID, Words: "Find a flat", Steps: []rapport.Step{{Text: "Call the council"}}}))
		must(t, db.CreateConcern(ctx, f.cmActor, &rapport.Concern{ClientID: c.ID, Words: "Nobody calls back"}))
		must(t, db.CreateDecision(ctx, f.cmActor, &rapport.Decision{ClientID: c.ID, Summary: "Apply for housing", ClientTookPart: true}))
		must(t, db.CreateFeedback(ctx, f.cmActor, &rapport.FeedbackEntry{ClientID: c.ID, Body: "Felt heard"}))
		must(t, db.DeleteClient(ctx, f.cmActor, c.ID))
		for _, table := range []string{"clients", "client_needs", "care_team_members", "notes", "goals", "goal_steps", "concerns", "decisions", "feedback"} {
			if n := countRows(t, db, table); n != 0 {
				t.Errorf("%s: %d rows left after the client was deleted", table, n)
			}
		}
		wantCode(t, second(db.FindClientByID(ctx, f.cmActor, c.ID)), rapport.ENOTFOUND)
		// The audit log keeps the client's history, ending with the deletion.
		events := allEvents(t, db)
		if last := events[len(events)-1]; last.Action != rapport.ActionDelete || last.ClientID != c.ID {
			t.Errorf("last audit event: %+v, want the deletion", last)
		}
		// A new client never takes the deleted client's ID, which the log still names.
		again := f.client(t, "Someone else")
		if again.ID == c.ID {
			t.Errorf("a new client reused deleted ID %d", c.ID)
		}
	})
}

func TestListClients(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		south := &rapport.Team{Name: "South"}
		must(t, db.CreateTeam(ctx, south))
		for i, name := range []string{"dana", "Bea", "Ali", "Cyd 50% off", "Eli_x"} {
			c := &rapport.Client{TeamID: f.team.ID, PreferredName: name, CareTeam: []int64{f.cm.ID}}
			if i%2 == 1 {
				c.TeamID, c.CareTeam = south.ID, []int64{f.cm2.ID}
			}
			must(t, db.CreateClient(ctx, f.cmActor, c))
		}
		names := func(cs []*rapport.Client) string {
			var s []string
			for _, c := range cs {
				s = append(s, c.PreferredName)
			}
			return strings.Join(s, ",")
		}
		tests := []struct {
			filter rapport.ClientFilter
			want   string
			total  int
		}{
			{rapport.ClientFilter{}, "Ali,Bea,Cyd 50% off,dana,Eli_x", 5},
			{rapport.ClientFilter{Page: rapport.Page{Limit: 2}}, "Ali,Bea", 5},
			{rapport.ClientFilter{Page: rapport.Page{Limit: 2, Offset: 4}}, "Eli_x", 5},
			{rapport.ClientFilter{Page: rapport.Page{Offset: 10}}, "", 5},
			{rapport.ClientFilter{TeamIDs: []int64{south.ID}}, "Bea,Cyd 50% off", 2},
			{rapport.ClientFilter{TeamIDs: []int64{f.team.ID, south.ID}}, "Ali,Bea,Cyd 50% off,dana,Eli_x", 5},
			{rapport.ClientFilter{TeamIDs: []int64{}}, "", 0},
			{rapport.ClientFilter{CareTeamMember: f.cm.ID}, "Ali,dana,Eli_x", 3},
			{rapport.ClientFilter{CareTeamMember: f.cm.ID, TeamIDs: []int64{south.ID}}, "", 0},
			{rapport.ClientFilter{Name: "A"}, "Ali,Bea,dana", 3},
			{rapport.ClientFilter{Name: "50%"}, "Cyd 50% off", 1}, // % is literal
			{rapport.ClientFilter{Name: "i_"}, "Eli_x", 1},        // _ is literal
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%+v", tt.filter), func(t *testing.T) {
				got, total, err := db.ListClients(ctx, f.cmActor, tt.filter)
				must(t, err)
				if names(got) != tt.want || total != tt.total {
					t.Errorf("got %q (total %d), want %q (total %d)", names(got), total, tt.want, tt.total)
				}
			})
		}
		wantCode(t, third(db.ListClients(ctx, f.cmActor, rapport.ClientFilter{Page: rapport.Page{Limit: -1}})), rapport.EINVALID)
	})
}
