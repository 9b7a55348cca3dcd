package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// contacts writes n notes by author about the client, a minute apart.
func (f *surveyFixture) contacts(t *testing.T, author *rapport.User, c *rapport.Client, n int) {
	t.Helper()
	for range n {
		f.clock.Advance(time.Minute)
		must(t, f.db.CreateNote(t.Context(), actorOf(author), &rapport.Note{ClientID: c.ID, Kind: rapport.KindMessage, Body: "How did it go?"}))
	}
}

// createDue stores an invitation DueInvitations proposed, as its case manager.
func (f *surveyFixture) createDue(t *testing.T, inv rapport.Invitation) {
	t.Helper()
	_, hash, err := auth.NewToken(auth.PrefixSurvey)
	must(t, err)
	must(t, f.db.CreateInvitation(t.Context(), rapport.Actor{UserID: inv.CaseManagerID, Role: rapport.RoleCaseManager}, &inv, hash))
}

func (f *surveyFixture) due(t *testing.T) []rapport.Invitation {
	t.Helper()
	got, err := f.db.DueInvitations(t.Context(), f.clock.Now())
	must(t, err)
	return got
}

func TestDueByContacts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		_, err := db.UpdateClient(ctx, f.cmActor, c.ID, rapport.ClientUpdate{Language: ptr("Spanish")})
		must(t, err)
		want := []rapport.Invitation{{ClientID: c.ID, CaseManagerID: f.cm.ID, TeamID: f.team.ID, InstrumentID: f.pulse.ID,
			Language: rapport.SurveySpanish, Trigger: rapport.TriggerEveryFifthContact}}

		f.contacts(t, f.cm, c, 4)
		f.contacts(t, f.cm2, c, 6) // not on the care team: not counted
		if got := f.due(t); len(got) != 0 {
			t.Errorf("due after four contacts: %+v", got)
		}
		f.contacts(t, f.cm, c, 1)
		got := f.due(t)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("after the fifth contact (-want +got):\n%s", diff)
		}
		f.createDue(t, got[0])
		if got := f.due(t); len(got) != 0 {
			t.Errorf("due again right after the invitation: %+v", got)
		}
		f.contacts(t, f.cm, c, 4)
		if got := f.due(t); len(got) != 0 {
			t.Errorf("due after the ninth contact: %+v", got)
		}
		f.contacts(t, f.cm, c, 1)
		if diff := cmp.Diff(want, f.due(t)); diff != "" {
			t.Errorf("after the tenth contact (-want +got):\n%s", diff)
		}
		// A disabled account's contacts start no survey.
		_, err = db.UpdateUser(ctx, f.cm.ID, rapport.UserUpdate{Disabled: ptr(true)})
		must(t, err)
		if got := f.due(t); len(got) != 0 {
			t.Errorf("due for a disabled case manager: %+v", got)
		}
	})
}

func TestDueByCarePlan(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		goal := func(c *rapport.Client, by *rapport.User) {
			must(t, db.CreateGoal(ctx, actorOf(by), &rapport.Goal{ClientID: c.ID, Words: "Keep my flat"}))
		}
		plain := f.client(t, "Marisol") // no other invitation
		early := f.client(t, "Dee")     // a manual invitation on day 10 does not count
		later := f.client(t, "Ana")     // the goal's author left the care team
		f.client(t, "No goals")         // no care plan, no survey
		goal(plain, f.cm)
		goal(early, f.cm)
		must(t, db.AddTeamMember(ctx, f.team.ID, f.cm2.ID))
		must(t, db.SetCareTeam(ctx, f.cmActor, later.ID, []int64{f.cm.ID, f.cm2.ID}))
		goal(later, f.cm2)
		goal(plain, f.cm) // a second goal: the plan started with the first
		must(t, db.SetCareTeam(ctx, f.cmActor, later.ID, []int64{f.cm.ID}))

		f.clock.Advance(10 * 24 * time.Hour)
		f.invite(t, early)
		f.clock.Advance(19*24*time.Hour + 23*time.Hour)
		if got := f.due(t); len(got) != 0 {
			t.Errorf("due before day 30: %+v", got)
		}
		f.clock.Advance(2 * time.Hour)
		inv := func(c *rapport.Client) rapport.Invitation {
			return rapport.Invitation{ClientID: c.ID, CaseManagerID: f.cm.ID, TeamID: f.team.ID, InstrumentID: f.pulse.ID,
				Language: rapport.SurveyEnglish, Trigger: rapport.TriggerCarePlan30Days}
		}
		got := f.due(t)
		if diff := cmp.Diff([]rapport.Invitation{inv(plain), inv(early), inv(later)}, got); diff != "" {
			t.Fatalf("on day 30 (-want +got):\n%s", diff)
		}
		for _, inv := range got {
			f.createDue(t, inv)
		}
		f.clock.Advance(60 * 24 * time.Hour)
		if got := f.due(t); len(got) != 0 {
			t.Errorf("a care plan's survey is due twice: %+v", got)
		}
	})
}

func TestDueNeedsTheTrustPulse(t *testing.T) {
	db := openSQLiteTest(t)
	_, err := db.DueInvitations(t.Context(), time.Now())
	wantCode(t, err, rapport.ENOTFOUND)
}
