package store

import (
	"testing"

	"github.com/rapporthq/rapport"
)

// TestUrgentSurveyConcerns finds the open concerns that flagged survey comments raised, only
// for the clients asked about, and records who saw them.
func TestUrgentSurveyConcerns(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		mine, other := f.client(t, "Marisol"), f.client(t, "Other")
		raise := func(clientID int64, words string, status rapport.ConcernStatus) *rapport.Concern {
			c := &rapport.Concern{ClientID: clientID, Words: words}
			must(t, db.CreateConcern(ctx, f.cmActor, c))
			if status == rapport.ConcernResolved {
				resp := "We talked the same day."
				must(t, second(db.UpdateConcern(ctx, f.cmActor, c.ID, rapport.ConcernUpdate{Response: &resp, Status: &status})))
			}
			return c
		}
		urgent := raise(mine.ID, rapport.FlaggedConcernWords("I don't feel safe at home"), rapport.ConcernOpen)
		raise(mine.ID, "The rent went up", rapport.ConcernOpen)
		raise(mine.ID, rapport.FlaggedConcernWords("I wanted to hurt myself"), rapport.ConcernResolved)
		raise(other.ID, rapport.FlaggedConcernWords("no one cares"), rapport.ConcernOpen)

		before := len(allEvents(t, db))
		got, err := db.UrgentSurveyConcerns(ctx, f.cmActor, []int64{mine.ID})
		must(t, err)
		if len(got) != 1 || got[0].ID != urgent.ID {
			t.Fatalf("urgent concerns %+v, want only %d", got, urgent.ID)
		}
		events := allEvents(t, db)[before:]
		if len(events) != 1 || events[0].ClientID != mine.ID || events[0].RecordType != rapport.RecordConcern || events[0].Action != rapport.ActionView {
			t.Errorf("audit events %+v, want one view of the client's concerns", events)
		}

		// Nothing urgent is still a search, and is recorded as one.
		before = len(allEvents(t, db))
		got, err = db.UrgentSurveyConcerns(ctx, f.cmActor, []int64{9999})
		must(t, err)
		if events := allEvents(t, db)[before:]; len(got) != 0 || len(events) != 1 || events[0].Action != rapport.ActionSearch {
			t.Errorf("no urgent concerns: got %d, events %+v", len(got), events)
		}
	})
}
