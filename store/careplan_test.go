package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

func TestGoals(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		target := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
		g := &rapport.Goal{ClientID: c.ID, Words: "I want my own place by summer", TargetDate: target, Steps: []rapport.Step{
			{Text: "Fill in the housing form", WhoHelps: "Casey (case manager)"},
			{Text: "Save the deposit", WhoHelps: "me", Done: true},
		}}
		must(t, db.CreateGoal(ctx, f.cmActor, g))
		if g.Status != rapport.GoalActive || g.CreatedBy != f.cm.ID {
			t.Errorf("new goal: %+v", g)
		}
		got, err := db.FindGoalByID(ctx, f.cmActor, g.ID)
		must(t, err)
		if diff := cmp.Diff(g, got); diff != "" {
			t.Errorf("FindGoalByID (-created +found):\n%s", diff)
		}

		f.clock.Advance(time.Minute)
		steps := []rapport.Step{{Text: "Visit two flats", WhoHelps: "my sister"}}
		upd, err := db.UpdateGoal(ctx, f.cmActor, g.ID, rapport.GoalUpdate{Steps: &steps, Status: ptr(rapport.GoalOnHold), TargetDate: &time.Time{}})
		must(t, err)
		want := *g
		want.Steps, want.Status, want.TargetDate, want.UpdatedAt = steps, rapport.GoalOnHold, time.Time{}, start.Add(time.Minute)
		if diff := cmp.Diff(&want, upd); diff != "" {
			t.Errorf("UpdateGoal (-want +got):\n%s", diff)
		}

		g2 := &rapport.Goal{ClientID: c.ID, Words: "Sleep better"}
		must(t, db.CreateGoal(ctx, f.cmActor, g2))
		goals, total, err := db.ListGoals(ctx, f.cmActor, c.ID, rapport.Page{})
		must(t, err)
		if diff := cmp.Diff([]*rapport.Goal{&want, g2}, goals, equateEmpty); diff != "" || total != 2 {
			t.Errorf("ListGoals, total %d (-want +got):\n%s", total, diff)
		}
		page, total, err := db.ListGoals(ctx, f.cmActor, c.ID, rapport.Page{Limit: 1, Offset: 1})
		must(t, err)
		if len(page) != 1 || page[0].ID != g2.ID || total != 2 {
			t.Errorf("second page of goals: %v, total %d", page, total)
		}

		tests := []struct {
			name string
			err  error
			code string
		}{
			{"no words", db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: c.ID}), rapport.EINVALID},
			{"target date with a time of day", db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: c.ID, Words: "x", TargetDate: target.Add(time.Hour)}), rapport.EINVALID},
			{"step without text", db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: c.ID, Words: "x", Steps: []rapport.Step{{WhoHelps: "me"}}}), rapport.EINVALID},
			{"unknown status", db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: c.ID, Words: "x", Status: "someday"}), rapport.EINVALID},
			{"missing client", db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: 9999, Words: "x"}), rapport.ENOTFOUND},
			{"find missing", second(db.FindGoalByID(ctx, f.cmActor, 9999)), rapport.ENOTFOUND},
			{"update missing", second(db.UpdateGoal(ctx, f.cmActor, 9999, rapport.GoalUpdate{})), rapport.ENOTFOUND},
			{"update to bad status", second(db.UpdateGoal(ctx, f.cmActor, g.ID, rapport.GoalUpdate{Status: ptr(rapport.GoalStatus("x"))})), rapport.EINVALID},
			{"list for missing client", third(db.ListGoals(ctx, f.cmActor, 9999, rapport.Page{})), rapport.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code) })
		}
	})
}

func TestDecisionsAndFeedback(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		earlier := start.Add(-24 * time.Hour)
		d1 := &rapport.Decision{ClientID: c.ID, Summary: "Try the evening group", ClientTookPart: true, ClientAgreed: false, DecidedAt: earlier}
		d2 := &rapport.Decision{ClientID: c.ID, Summary: "Apply for housing first", ClientTookPart: true, ClientAgreed: true}
		must(t, db.CreateDecision(ctx, f.cmActor, d1))
		must(t, db.CreateDecision(ctx, f.cmActor, d2))
		if !d2.DecidedAt.Equal(start) || d2.RecordedBy != f.cm.ID {
			t.Errorf("decision without a time: %+v", d2)
		}
		decisions, total, err := db.ListDecisions(ctx, f.cmActor, c.ID, rapport.Page{})
		must(t, err)
		if diff := cmp.Diff([]*rapport.Decision{d2, d1}, decisions); diff != "" || total != 2 {
			t.Errorf("ListDecisions, total %d (-want +got):\n%s", total, diff)
		}
		wantCode(t, db.CreateDecision(ctx, f.cmActor, &rapport.Decision{ClientID: c.ID}), rapport.EINVALID)
		wantCode(t, db.CreateDecision(ctx, f.cmActor, &rapport.Decision{ClientID: 9999, Summary: "x"}), rapport.ENOTFOUND)

		fb := &rapport.FeedbackEntry{ClientID: c.ID, Body: "I liked that you asked before giving advice."}
		must(t, db.CreateFeedback(ctx, f.cmActor, fb))
		entries, total, err := db.ListFeedback(ctx, f.cmActor, c.ID, rapport.Page{})
		must(t, err)
		if diff := cmp.Diff([]*rapport.FeedbackEntry{fb}, entries); diff != "" || total != 1 {
			t.Errorf("ListFeedback, total %d (-want +got):\n%s", total, diff)
		}
		wantCode(t, db.CreateFeedback(ctx, f.cmActor, &rapport.FeedbackEntry{ClientID: c.ID, Body: strings.Repeat("x", rapport.MaxLongTextLen+1)}), rapport.EINVALID)
		wantCode(t, third(db.ListFeedback(ctx, f.cmActor, 9999, rapport.Page{})), rapport.ENOTFOUND)
		wantCode(t, third(db.ListDecisions(ctx, f.cmActor, c.ID, rapport.Page{Limit: 1000})), rapport.EINVALID)
	})
}

func TestConcernsTrackedUntilResolved(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		con := &rapport.Concern{ClientID: c.ID, Words: "I'm worried the landlord will find out about my diagnosis."}
		must(t, db.CreateConcern(ctx, f.cmActor, con))
		if con.Status != rapport.ConcernOpen || !con.RaisedAt.Equal(start) || !con.ResolvedAt.IsZero() {
			t.Errorf("new concern: %+v", con)
		}
		other := &rapport.Concern{ClientID: c.ID, Words: "Bus fare", Status: rapport.ConcernResolved, Response: "Gave a travel pass", RaisedAt: start.Add(-time.Hour)}
		must(t, db.CreateConcern(ctx, f.cmActor, other))
		if !other.ResolvedAt.Equal(start) {
			t.Errorf("concern created resolved has ResolvedAt %v, want now", other.ResolvedAt)
		}

		// Resolving needs a response; a response alone moves it along.
		_, err := db.UpdateConcern(ctx, f.cmActor, con.ID, rapport.ConcernUpdate{Status: ptr(rapport.ConcernResolved)})
		wantCode(t, err, rapport.EINVALID)
		f.clock.Advance(time.Hour)
		got, err := db.UpdateConcern(ctx, f.cmActor, con.ID, rapport.ConcernUpdate{Response: ptr("Your diagnosis is never shared without your consent."), Status: ptr(rapport.ConcernResolved)})
		must(t, err)
		if got.Status != rapport.ConcernResolved || !got.ResolvedAt.Equal(start.Add(time.Hour)) || !got.UpdatedAt.Equal(start.Add(time.Hour)) {
			t.Errorf("resolved concern: %+v", got)
		}
		// Reopening clears the resolution time.
		got, err = db.UpdateConcern(ctx, f.cmActor, con.ID, rapport.ConcernUpdate{Status: ptr(rapport.ConcernInProgress)})
		must(t, err)
		if !got.ResolvedAt.IsZero() {
			t.Errorf("reopened concern keeps ResolvedAt %v", got.ResolvedAt)
		}

		open, total, err := db.ListConcerns(ctx, f.cmActor, rapport.ConcernFilter{ClientID: c.ID, Status: rapport.ConcernInProgress})
		must(t, err)
		if diff := cmp.Diff([]*rapport.Concern{got}, open); diff != "" || total != 1 {
			t.Errorf("in-progress concerns, total %d (-want +got):\n%s", total, diff)
		}
		all, total, err := db.ListConcerns(ctx, f.cmActor, rapport.ConcernFilter{ClientID: c.ID})
		must(t, err)
		if total != 2 || all[0].ID != con.ID || all[1].ID != other.ID {
			t.Errorf("all concerns, newest raised first: %v (total %d)", all, total)
		}
		wantCode(t, db.CreateConcern(ctx, f.cmActor, &rapport.Concern{ClientID: c.ID}), rapport.EINVALID)
		wantCode(t, db.CreateConcern(ctx, f.cmActor, &rapport.Concern{ClientID: 9999, Words: "x"}), rapport.ENOTFOUND)
		wantCode(t, second(db.UpdateConcern(ctx, f.cmActor, 9999, rapport.ConcernUpdate{})), rapport.ENOTFOUND)
		wantCode(t, third(db.ListConcerns(ctx, f.cmActor, rapport.ConcernFilter{ClientID: c.ID, Status: "gone"})), rapport.EINVALID)
	})
}

// TestFindClientRecord reads the client page in one transaction: the same lists and totals as
// the separate reads, and the same view events.
func TestFindClientRecord(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		for i := range 3 {
			must(t, db.CreateGoal(ctx, f.cmActor, &rapport.Goal{ClientID: c.ID, Words: fmt.Sprintf("goal %d", i)}))
		}
		must(t, db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "called"}))
		must(t, db.CreateConcern(ctx, f.cmActor, &rapport.Concern{ClientID: c.ID, Words: "the rent"}))
		before := len(allEvents(t, db))

		rec, err := db.FindClientRecord(ctx, f.cmActor, c.ID, rapport.RecordLimits{Goals: 2, Decisions: 5, Concerns: 5, Feedback: 5, Notes: 5})
		must(t, err)
		if rec.Client.PreferredName != "Marisol" || len(rec.Goals.Items) != 2 || rec.Goals.Total != 3 ||
			rec.Notes.Total != 1 || rec.Concerns.Total != 1 || rec.Decisions.Total != 0 || len(rec.Feedback.Items) != 0 {
			t.Errorf("record: client %q, goals %d of %d, notes %d, concerns %d, decisions %d", rec.Client.PreferredName,
				len(rec.Goals.Items), rec.Goals.Total, rec.Notes.Total, rec.Concerns.Total, rec.Decisions.Total)
		}
		if rec.TeamName != f.team.Name || rec.UserNames[f.cm.ID] != f.cm.Name || len(rec.UserNames) != 1 {
			t.Errorf("team %q, names %v: want %q and only %s", rec.TeamName, rec.UserNames, f.team.Name, f.cm.Name)
		}
		if len(rec.Goals.Items[0].Steps) != 0 && rec.Goals.Items[0].Words != "goal 0" {
			t.Errorf("first goal %+v", rec.Goals.Items[0])
		}
		events := allEvents(t, db)[before:]
		var got []rapport.RecordType
		for _, e := range events {
			if e.Action != rapport.ActionView || e.ClientID != c.ID || e.UserID != f.cm.ID {
				t.Errorf("event %+v", e)
			}
			got = append(got, e.RecordType)
		}
		want := []rapport.RecordType{rapport.RecordClient, rapport.RecordGoal, rapport.RecordDecision, rapport.RecordConcern, rapport.RecordFeedback, rapport.RecordNote}
		if !slices.Equal(got, want) {
			t.Errorf("view events for %v, want %v", got, want)
		}

		wantCode(t, second(db.FindClientRecord(ctx, f.cmActor, 9999, rapport.RecordLimits{Goals: 1, Decisions: 1, Concerns: 1, Feedback: 1, Notes: 1})), rapport.ENOTFOUND)
		wantCode(t, second(db.FindClientRecord(ctx, f.cmActor, c.ID, rapport.RecordLimits{Goals: -1})), rapport.EINVALID)
	})
}
