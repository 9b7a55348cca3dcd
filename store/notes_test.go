package store

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

func TestNotes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		// The analysis is kept byte for byte: key order, spacing and all.
		analysis := json.RawMessage(`{"score": 72, "findings":[{"code":"open_question","span":[0,14]}], "a":"ünï"}`)
		n1 := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "What would help most this week?", Analysis: analysis}
		must(t, db.CreateNote(ctx, f.cmActor, n1))
		if n1.ID == 0 || n1.AuthorID != f.cm.ID || !n1.CreatedAt.Equal(start) {
			t.Errorf("after CreateNote: %+v", n1)
		}
		got, err := db.FindNoteByID(ctx, f.cmActor, n1.ID)
		must(t, err)
		if diff := cmp.Diff(n1, got); diff != "" {
			t.Errorf("FindNoteByID (-created +found):\n%s", diff)
		}

		f.clock.Advance(time.Minute)
		m := &rapport.Note{ClientID: c.ID, Kind: rapport.KindMessage, Body: "See you Tuesday at 10."}
		must(t, db.CreateNote(ctx, f.cmActor, m))
		sup := actorOf(f.sup)
		n2 := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: strings.Repeat("é", rapport.MaxNoteLen)}
		must(t, db.CreateNote(ctx, sup, n2))

		tests := []struct {
			name   string
			filter rapport.NoteFilter
			want   []*rapport.Note
			total  int
		}{
			{"all, newest first", rapport.NoteFilter{ClientID: c.ID}, []*rapport.Note{n2, m, n1}, 3},
			{"messages", rapport.NoteFilter{ClientID: c.ID, Kind: rapport.KindMessage}, []*rapport.Note{m}, 1},
			{"by author", rapport.NoteFilter{ClientID: c.ID, AuthorID: f.sup.ID}, []*rapport.Note{n2}, 1},
			{"second page", rapport.NoteFilter{ClientID: c.ID, Page: rapport.Page{Limit: 2, Offset: 2}}, []*rapport.Note{n1}, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := db.ListNotes(ctx, f.cmActor, tt.filter)
				must(t, err)
				if diff := cmp.Diff(tt.want, got); diff != "" || total != tt.total {
					t.Errorf("total %d, want %d (-want +got):\n%s", total, tt.total, diff)
				}
			})
		}

		errs := []struct {
			name string
			err  error
			code string
		}{
			{"body over 20,000 characters", db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: strings.Repeat("a", rapport.MaxNoteLen+1)}), rapport.EINVALID},
			{"empty body", db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote}), rapport.EINVALID},
			{"analysis not JSON", db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "x", Analysis: json.RawMessage("{")}), rapport.EINVALID},
			{"unknown kind", db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: "memo", Body: "x"}), rapport.EINVALID},
			{"missing client", db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: 9999, Kind: rapport.KindNote, Body: "x"}), rapport.ENOTFOUND},
			{"find missing", second(db.FindNoteByID(ctx, f.cmActor, 9999)), rapport.ENOTFOUND},
			{"list without client", third(db.ListNotes(ctx, f.cmActor, rapport.NoteFilter{})), rapport.EINVALID},
			{"list for missing client", third(db.ListNotes(ctx, f.cmActor, rapport.NoteFilter{ClientID: 9999})), rapport.ENOTFOUND},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code) })
		}
	})
}

// TestNoteSubmittedTwice saves the same submission twice, one after the other and at the same
// moment: one note is stored, and the second save says so and names it.
func TestNoteSubmittedTwice(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		c := f.client(t, "Marisol")
		first := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Called about rent.", SubmissionKey: "form-1"}
		must(t, db.CreateNote(t.Context(), f.cmActor, first))
		again := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Called about rent.", SubmissionKey: "form-1"}
		err := db.CreateNote(t.Context(), f.cmActor, again)
		if !errors.Is(err, rapport.ErrAlreadySaved) || rapport.ErrorCode(err) != rapport.ECONFLICT || again.ID != first.ID {
			t.Fatalf("second save: %v, ID %d; want ErrAlreadySaved naming note %d", err, again.ID, first.ID)
		}

		// Another author, or no key, is a different note.
		must(t, db.CreateNote(t.Context(), actorOf(f.sup), &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "x", SubmissionKey: "form-1"}))
		must(t, db.CreateNote(t.Context(), f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "x"}))
		must(t, db.CreateNote(t.Context(), f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "x"}))

		// At the same moment: exactly one wins.
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				errs[i] = db.CreateNote(t.Context(), f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "y", SubmissionKey: "form-2"})
			})
		}
		wg.Wait()
		saved := 0
		for _, err := range errs {
			switch {
			case err == nil:
				saved++
			case !errors.Is(err, rapport.ErrAlreadySaved):
				t.Errorf("concurrent save: %v", err)
			}
		}
		if saved != 1 || countRows(t, db, "notes") != 5 {
			t.Errorf("%d concurrent saves succeeded, %d notes stored; want 1 and 5", saved, countRows(t, db, "notes"))
		}
	})
}
