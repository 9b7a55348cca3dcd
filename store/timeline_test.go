package store

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

func TestTimeline(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		sup := actorOf(f.sup)
		c := f.client(t, "Marisol") // at start
		other := f.client(t, "Someone else")
		step := func() time.Time { f.clock.Advance(time.Minute); return f.clock.Now().UTC() }

		long := strings.Repeat("é", rapport.MaxTimelineSummary+5)
		t1 := step()
		n := &rapport.Note{ClientID: c.ID, Kind: rapport.KindMessage, Body: long}
		must(t, db.CreateNote(ctx, f.cmActor, n))
		t2 := step()
		g := &rapport.Goal{ClientID: c.ID, Words: "My own place by summer"}
		must(t, db.CreateGoal(ctx, f.cmActor, g))
		t3 := step()
		_, err := db.UpdateGoal(ctx, sup, g.ID, rapport.GoalUpdate{Status: ptr(rapport.GoalOnHold)})
		must(t, err)
		step()
		// A decision made earlier sorts by when it was made, not when it was recorded.
		d := &rapport.Decision{ClientID: c.ID, Summary: "Try the evening group", ClientTookPart: true, DecidedAt: start.Add(30 * time.Second)}
		must(t, db.CreateDecision(ctx, f.cmActor, d))
		t5 := step()
		// A text that looks like a time stays text.
		cn := &rapport.Concern{ClientID: c.ID, Words: "2025-03-14"}
		must(t, db.CreateConcern(ctx, f.cmActor, cn))
		t6 := step()
		_, err = db.UpdateConcern(ctx, sup, cn.ID, rapport.ConcernUpdate{Response: ptr("Moved the visit"), Status: ptr(rapport.ConcernResolved)})
		must(t, err)
		t7 := step()
		fb := &rapport.FeedbackEntry{ClientID: c.ID, Body: "You listened."}
		must(t, db.CreateFeedback(ctx, f.cmActor, fb))
		t8 := step()
		_, err = db.UpdateClient(ctx, f.cmActor, c.ID, rapport.ClientUpdate{Pronouns: ptr("she/her"), Diagnosis: ptr("")})
		must(t, err)
		t9 := step()
		must(t, db.SetCareTeam(ctx, sup, c.ID, []int64{f.cm.ID, f.cm2.ID}))
		must(t, db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: other.ID, Kind: rapport.KindNote, Body: "Not Marisol's"}))
		before := len(allEvents(t, db))

		got, total, err := db.ListTimeline(ctx, f.cmActor, rapport.TimelineFilter{ClientID: c.ID})
		must(t, err)
		want := []rapport.TimelineEntry{
			{Time: t9, Kind: rapport.TimelineCareTeam, RecordID: c.ID, UserID: f.sup.ID},
			{Time: t8, Kind: rapport.TimelineProfile, RecordID: c.ID, UserID: f.cm.ID, Fields: []string{"pronouns", "diagnosis"}},
			{Time: t7, Kind: rapport.TimelineFeedback, RecordID: fb.ID, UserID: f.cm.ID, Summary: "You listened."},
			{Time: t6, Kind: rapport.TimelineConcernResolved, RecordID: cn.ID, UserID: f.sup.ID, Summary: "Moved the visit"},
			{Time: t5, Kind: rapport.TimelineConcernRaised, RecordID: cn.ID, UserID: f.cm.ID, Summary: "2025-03-14"},
			{Time: t3, Kind: rapport.TimelineGoalUpdated, RecordID: g.ID, UserID: f.sup.ID, Summary: g.Words, Fields: []string{"status"}},
			{Time: t2, Kind: rapport.TimelineGoal, RecordID: g.ID, UserID: f.cm.ID, Summary: g.Words},
			{Time: t1, Kind: rapport.TimelineMessage, RecordID: n.ID, UserID: f.cm.ID, Summary: long[:2*rapport.MaxTimelineSummary], Truncated: true},
			{Time: start.Add(30 * time.Second), Kind: rapport.TimelineDecision, RecordID: d.ID, UserID: f.cm.ID, Summary: d.Summary},
			{Time: start, Kind: rapport.TimelineClientCreated, RecordID: c.ID, UserID: f.cm.ID},
		}
		if diff := cmp.Diff(want, got, equateEmpty); diff != "" || total != len(want) {
			t.Errorf("ListTimeline, total %d (-want +got):\n%s", total, diff)
		}

		// One audited read: a view event per kind of record shown, for this client.
		events := allEvents(t, db)[before:]
		if len(events) != len(timelineRead) {
			t.Fatalf("%d audit events for one timeline read, want %d", len(events), len(timelineRead))
		}
		for i, e := range events {
			if e.Action != rapport.ActionView || e.ClientID != c.ID || e.UserID != f.cm.ID || e.RecordType != timelineRead[i] {
				t.Errorf("audit event %d: %+v", i, e)
			}
		}

		page, total, err := db.ListTimeline(ctx, f.cmActor, rapport.TimelineFilter{ClientID: c.ID, Page: rapport.Page{Limit: 3, Offset: 3}})
		must(t, err)
		if diff := cmp.Diff(want[3:6], page, equateEmpty); diff != "" || total != len(want) {
			t.Errorf("second page, total %d (-want +got):\n%s", total, diff)
		}

		wantCode(t, third(db.ListTimeline(ctx, f.cmActor, rapport.TimelineFilter{ClientID: 9999})), rapport.ENOTFOUND)
		wantCode(t, third(db.ListTimeline(ctx, f.cmActor, rapport.TimelineFilter{})), rapport.EINVALID)
		wantCode(t, third(db.ListTimeline(ctx, f.cmActor, rapport.TimelineFilter{ClientID: c.ID, Page: rapport.Page{Limit: -1}})), rapport.EINVALID)
		wantCode(t, third(db.ListTimeline(ctx, rapport.Actor{}, rapport.TimelineFilter{ClientID: c.ID})), rapport.EUNAUTHORIZED)
	})
}

func TestFindRecordClientID(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		g := &rapport.Goal{ClientID: c.ID, Words: "Sleep better"}
		must(t, db.CreateGoal(ctx, f.cmActor, g))
		n := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Called about the lease."}
		must(t, db.CreateNote(ctx, f.cmActor, n))
		before := len(allEvents(t, db))
		for _, tc := range []struct {
			rt rapport.RecordType
			id int64
		}{{rapport.RecordGoal, g.ID}, {rapport.RecordNote, n.ID}} {
			got, err := db.FindRecordClientID(ctx, tc.rt, tc.id)
			if err != nil || got != c.ID {
				t.Errorf("%s %d: client %d, %v; want %d", tc.rt, tc.id, got, err, c.ID)
			}
		}
		if n := len(allEvents(t, db)) - before; n != 0 {
			t.Errorf("finding a record's client wrote %d audit events; it reads IDs only", n)
		}
		wantCode(t, second(db.FindRecordClientID(ctx, rapport.RecordGoal, 9999)), rapport.ENOTFOUND)
		wantCode(t, second(db.FindRecordClientID(ctx, rapport.RecordAuditLog, 1)), rapport.EINVALID)
	})
}
