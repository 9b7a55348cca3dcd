package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

// empathyFixture writes notes and responses whose pairs are worked out by hand: Casey (cm)
// writes about Marisol (c1) and Dee (c2); Robin (cm2) about Marisol. All times are offsets
// from the fixture's start.
type empathyFixture struct {
	*statsFixture
	r1, r2, r3, r5, r6, r7 *rapport.SurveyResponse
}

func newEmpathyFixture(t *testing.T, db *DB) *empathyFixture {
	t.Helper()
	f := &empathyFixture{statsFixture: &statsFixture{surveyFixture: newSurveyFixture(t, db)}}
	ctx := t.Context()
	f.c1 = f.client(t, "Marisol")
	f.c2 = f.client(t, "Dee")
	must(t, db.SetCareTeam(ctx, actorOf(f.sup), f.c1.ID, []int64{f.cm.ID, f.cm2.ID}))

	f.noteAt(t, f.cm, f.c1, -100*day, analysisJSON(t, [4]int{2, 2, 2, 2}, 90))
	f.noteAt(t, f.cm, f.c1, -80*day, analysisJSON(t, [4]int{2, 1, 0, 0}, 80, "open_question", "open_question", "closed_question", "judgment"))
	f.noteAt(t, f.cm, f.c1, -10*day, analysisJSON(t, [4]int{0, 1, 2, 1}, 60, "closed_question", "stigmatizing_language"))
	f.noteAt(t, f.cm2, f.c1, -5*day, analysisJSON(t, [4]int{1, 0, 0, 0}, 40, "advice_without_permission"))
	f.noteAt(t, f.cm, f.c2, -20*day, analysisJSON(t, [4]int{1, 1, 1, 1}, 70))
	f.noteAt(t, f.cm, f.c1, -3*day, nil)                                 // no analysis: never counted
	f.noteAt(t, f.cm, f.c1, 0, analysisJSON(t, [4]int{2, 2, 2, 2}, 100)) // at r1's completion: after it
	f.clock.Advance(time.Hour)

	at := func(d time.Duration) time.Time { return start.Add(d) }
	resp := func(cm *rapport.User, c *rapport.Client, completed time.Time, score *float64) *rapport.SurveyResponse {
		r := &rapport.SurveyResponse{InstrumentID: f.pulse.ID, CaseManagerID: cm.ID, TeamID: f.team.ID, Status: rapport.ResponseCompleted,
			Answers: []byte(someAnswers), Score: score, CompletedAt: completed, Anonymous: c == nil}
		if c != nil {
			r.ClientID = c.ID
		}
		return r
	}
	f.r1 = resp(f.cm, f.c1, at(0), ptr(4.0))
	f.r2 = resp(f.cm, f.c2, at(0), ptr(5.0))
	f.r3 = resp(f.cm, f.c1, at(-85*day), ptr(3.0))
	anonymous := resp(f.cm, nil, at(-2*day), ptr(1.0))
	f.r5 = resp(f.cm, f.c2, at(-30*day), ptr(4.4))
	f.r6 = resp(f.cm2, f.c1, at(-day), ptr(2.0))
	f.r7 = resp(f.cm, f.c1, at(-4*day), nil) // not scorable
	must(t, db.ImportResponses(ctx, actorOf(f.admin), []*rapport.SurveyResponse{f.r1, f.r2, f.r3, anonymous, f.r5, f.r6, f.r7}))
	return f
}

func (f *empathyFixture) filter(cm int64) rapport.TrustFilter {
	return rapport.TrustFilter{InstrumentID: f.pulse.ID, CaseManagerID: cm, Since: start.Add(-200 * day), Until: start.Add(day)}
}

func TestEmpathyTrust(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newEmpathyFixture(t, db)
		pair := func(r *rapport.SurveyResponse, s rapport.TrendStats) rapport.EmpathyTrustPair {
			return rapport.EmpathyTrustPair{ResponseID: r.ID, ClientID: r.ClientID, CaseManagerID: r.CaseManagerID, TeamID: r.TeamID,
				CompletedAt: r.CompletedAt, Score: *r.Score, Notes: s}
		}
		// r3 (day −85) reaches back to day −175: the note of day −100 alone.
		p3 := pair(f.r3, rapport.TrendStats{Notes: 1, MeanScore: 90, Levels: rapport.LevelMeans{Emotional: 2, Cognitive: 2, Exploration: 2, Compassionate: 2}})
		// r6 is Robin's: only Robin's note of day −5, not Casey's about the same client.
		p6 := pair(f.r6, rapport.TrendStats{Notes: 1, MeanScore: 40, Levels: rapport.LevelMeans{Emotional: 1}, Pitfalls: 1})
		// r1 (day 0) reaches back to day −90: the notes of days −80 and −10; the one at day 0
		// is not before it, and the one of day −3 has no analysis.
		p1 := pair(f.r1, rapport.TrendStats{Notes: 2, MeanScore: 70, Levels: rapport.LevelMeans{Emotional: 1, Cognitive: 1, Exploration: 1, Compassionate: 0.5},
			OpenQuestions: 2, Questions: 4, Pitfalls: 2})
		p2 := pair(f.r2, rapport.TrendStats{Notes: 1, MeanScore: 70, Levels: rapport.LevelMeans{Emotional: 1, Cognitive: 1, Exploration: 1, Compassionate: 1}})
		tests := []struct {
			name string
			f    rapport.TrustFilter
			want *rapport.EmpathyTrust
		}{
			// r5 (day −30, about Dee) has no note of Casey's about Dee before it; the
			// anonymous response cannot be paired; r7 is not scored.
			{"organisation", f.filter(0), &rapport.EmpathyTrust{Pairs: []rapport.EmpathyTrustPair{p3, p6, p1, p2}, Anonymous: 1, WithoutNotes: 1}},
			{"case manager", f.filter(f.cm.ID), &rapport.EmpathyTrust{Pairs: []rapport.EmpathyTrustPair{p3, p1, p2}, Anonymous: 1, WithoutNotes: 1}},
			{"other case manager", f.filter(f.cm2.ID), &rapport.EmpathyTrust{Pairs: []rapport.EmpathyTrustPair{p6}}},
		}
		for _, tt := range tests {
			got, err := db.EmpathyTrust(t.Context(), actorOf(f.sup), tt.f)
			must(t, err)
			if diff := cmp.Diff(tt.want, got, approxSums); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		// Each view is recorded as a search of note analyses and one of responses, naming no client.
		events := allEvents(t, db)
		last := events[len(events)-2:]
		for _, e := range last {
			if e.Action != rapport.ActionSearch || e.ClientID != 0 || e.UserID != f.sup.ID {
				t.Errorf("audit event %+v, want a search by the supervisor naming no client", e)
			}
		}
		if last[0].RecordType != rapport.RecordNote || last[1].RecordType != rapport.RecordSurveyResponse {
			t.Errorf("audit record types %s, %s", last[0].RecordType, last[1].RecordType)
		}
	})
}

func TestEmpathyTrustInvalid(t *testing.T) {
	db := openSQLiteTest(t)
	f := newSurveyFixture(t, db)
	_, err := db.EmpathyTrust(t.Context(), f.cmActor, rapport.TrustFilter{Since: start, Until: start.Add(day)})
	wantCode(t, err, rapport.EINVALID)
}

func TestExportResponses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newEmpathyFixture(t, db)
		before := len(allEvents(t, db))
		var got []int64
		var anonymous int
		err := db.ExportResponses(t.Context(), actorOf(f.admin), f.filter(0), func(r *rapport.SurveyResponse) error {
			if r.Anonymous {
				anonymous++
				if r.ClientID != 0 {
					t.Error("an anonymous response names a client")
				}
				return nil
			}
			got = append(got, r.ID)
			return nil
		})
		must(t, err)
		// Oldest first; the unscored r7 is exported, as it was answered.
		want := []int64{f.r3.ID, f.r5.ID, f.r7.ID, f.r6.ID, f.r1.ID, f.r2.ID}
		if diff := cmp.Diff(want, got); diff != "" || anonymous != 1 {
			t.Errorf("exported %d anonymous, identified (-want +got):\n%s", anonymous, diff)
		}
		events := allEvents(t, db)[before:]
		var clients []int64
		for _, e := range events {
			if e.Action != rapport.ActionExport || e.RecordType != rapport.RecordSurveyResponse || e.UserID != f.admin.ID {
				t.Errorf("event %+v, want an export of survey responses by the admin", e)
			}
			clients = append(clients, e.ClientID)
		}
		if diff := cmp.Diff([]int64{0, f.c1.ID, f.c2.ID}, clients); diff != "" {
			t.Errorf("export events' clients (-want +got):\n%s", diff)
		}

		// One case manager's export holds only theirs.
		got = nil
		must(t, db.ExportResponses(t.Context(), actorOf(f.cm2), f.filter(f.cm2.ID), func(r *rapport.SurveyResponse) error {
			got = append(got, r.ID)
			return nil
		}))
		if diff := cmp.Diff([]int64{f.r6.ID}, got); diff != "" {
			t.Errorf("Robin's export (-want +got):\n%s", diff)
		}
	})
}
