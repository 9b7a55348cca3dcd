package store

import (
	"database/sql"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
)

// analysisJSON builds a stored analysis with the given levels (emotional, cognitive,
// exploration, compassionate), score and findings; a finding "code=text" carries a suggestion.
func analysisJSON(t testing.TB, levels [4]int, overall int, findings ...string) []byte {
	t.Helper()
	a := engine.Analysis{Kind: engine.KindNote, Overall: overall, Levels: engine.Levels{
		Emotional: engine.Level{Rating: levels[0]}, Cognitive: engine.Level{Rating: levels[1]},
		Exploration: engine.Level{Rating: levels[2]}, Compassionate: engine.Level{Rating: levels[3]}}}
	for _, f := range findings {
		code, text, ok := strings.Cut(f, "=")
		fd := engine.Finding{Code: engine.Code(code), Reason: "a reason", Evidence: "client words"}
		if ok {
			fd.Suggestion = &engine.Suggestion{Kind: engine.Replace, Text: text}
		}
		a.Findings = append(a.Findings, fd)
	}
	b, err := json.Marshal(a)
	must(t, err)
	return b
}

// noteAt writes a note as author at the fixture's start plus d.
func (f *fixture) noteAt(t testing.TB, author *rapport.User, c *rapport.Client, d time.Duration, analysis []byte) *rapport.Note {
	t.Helper()
	f.clock.mu.Lock()
	f.clock.t = start.Add(d)
	f.clock.mu.Unlock()
	n := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Met at the library.", Analysis: analysis}
	must(t, f.db.CreateNote(t.Context(), actorOf(author), n))
	return n
}

const day = 24 * time.Hour

// trendFixture writes notes whose trends are worked out by hand in TestAuthorTrends. The
// fixture starts on Friday 14 March 2025, in the week of Monday 10 March.
func trendFixture(t *testing.T, db *DB) (*fixture, *rapport.Client) {
	f := newFixture(t, db)
	c := f.client(t, "Jordan")
	f.noteAt(t, f.cm, c, 0, analysisJSON(t, [4]int{2, 1, 0, 0}, 80,
		"open_question", "open_question", "closed_question", "judgment=Say what you saw."))
	f.noteAt(t, f.cm, c, time.Hour, analysisJSON(t, [4]int{0, 1, 2, 1}, 60,
		"closed_question", "stigmatizing_language=person who uses drugs", "judgment=Say what you saw.", "affirmation"))
	f.noteAt(t, f.cm, c, 14*day, analysisJSON(t, [4]int{1, 0, 0, 2}, 100))
	f.noteAt(t, f.cm, c, 15*day, nil)                                                                // no analysis: not counted
	f.noteAt(t, f.cm, c, 16*day, []byte(`{"overall": 900, "levels": {"emotional": {"rating": 7}}}`)) // clamped
	f.noteAt(t, f.cm2, c, 2*day, analysisJSON(t, [4]int{1, 1, 1, 1}, 50, "judgment=Other author."))  // another author
	f.noteAt(t, f.cm, c, -60*day, analysisJSON(t, [4]int{2, 2, 2, 2}, 100, "judgment=Too early."))   // before the range
	return f, c
}

var (
	trendSince = start.Add(-30 * day)
	trendUntil = start.Add(21 * day) // Friday 4 April, in the week of 31 March
)

func TestAuthorTrends(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f, _ := trendFixture(t, db)
		tr, err := db.AuthorTrends(t.Context(), actorOf(f.sup), f.cm.ID, trendSince, trendUntil)
		must(t, err)
		week := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
		want := &rapport.Trends{
			AuthorID: f.cm.ID, Since: trendSince, Until: trendUntil, Bucket: rapport.BucketWeek,
			Periods: []rapport.TrendPeriod{
				{Start: week(10), TrendStats: rapport.TrendStats{Notes: 2, MeanScore: 70,
					Levels: rapport.LevelMeans{Emotional: 1, Cognitive: 1, Exploration: 1, Compassionate: 0.5}, OpenQuestions: 2, Questions: 4, Pitfalls: 3}},
				{Start: week(17)},
				// The note with out-of-range numbers counts as score 100 and emotional 2.
				{Start: week(24), TrendStats: rapport.TrendStats{Notes: 2, MeanScore: 100,
					Levels: rapport.LevelMeans{Emotional: 1.5, Compassionate: 1}}},
				{Start: week(31)},
			},
			Total: rapport.TrendStats{Notes: 4, MeanScore: 85,
				Levels: rapport.LevelMeans{Emotional: 1.25, Cognitive: 0.5, Exploration: 0.5, Compassionate: 0.75}, OpenQuestions: 2, Questions: 4, Pitfalls: 3},
			PitfallsByCode: []rapport.CodeCount{{Code: "judgment", Count: 2}, {Code: "stigmatizing_language", Count: 1}},
			Suggestions: []rapport.SuggestionCount{
				{Code: "judgment", Text: "Say what you saw.", Count: 2},
				{Code: "stigmatizing_language", Text: "person who uses drugs", Count: 1},
			},
		}
		if diff := cmp.Diff(want, tr, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("trends (-want +got):\n%s", diff)
		}
		total := tr.Total
		if got := total.OpenQuestionRate(); got != 50 {
			t.Errorf("open-question rate %v, want 50", got)
		}
		if got := total.PitfallsPer100(); got != 75 {
			t.Errorf("pitfalls per 100 notes %v, want 75", got)
		}
		if got := tr.Periods[2].OpenQuestionRate(); !math.IsNaN(got) {
			t.Errorf("open-question rate without questions %v, want NaN", got)
		}

		// The stats were read once, for the five covered notes of this author; a second view
		// reads the same numbers without filling again, and each view is audited.
		if n := countRows(t, db, "note_stats"); n != 5 {
			t.Errorf("%d note_stats rows, want 5", n)
		}
		again, err := db.AuthorTrends(t.Context(), actorOf(f.sup), f.cm.ID, trendSince, trendUntil)
		must(t, err)
		if diff := cmp.Diff(tr, again, cmpopts.EquateNaNs()); diff != "" {
			t.Errorf("second view differs:\n%s", diff)
		}
		events := allEvents(t, db)
		last := events[len(events)-1]
		if last.Action != rapport.ActionSearch || last.RecordType != rapport.RecordNote || last.ClientID != 0 || last.UserID != f.sup.ID {
			t.Errorf("audit event %+v, want a search of notes by the supervisor, for no client", last)
		}
	})
}

func TestAuthorTrendsMonthly(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		c := f.client(t, "Jordan")
		for _, d := range []int{0, 40, 41, 150} { // 14 March, 23 and 24 April, 11 August
			f.noteAt(t, f.cm, c, time.Duration(d)*day, analysisJSON(t, [4]int{1, 1, 1, 1}, 50, "open_question"))
		}
		tr, err := db.AuthorTrends(t.Context(), f.cmActor, f.cm.ID, start.Add(-day), start.Add(160*day))
		must(t, err)
		if tr.Bucket != rapport.BucketMonth {
			t.Fatalf("bucket %s for five months of notes, want month", tr.Bucket)
		}
		var got []int
		for _, p := range tr.Periods {
			got = append(got, p.Notes)
		}
		if diff := cmp.Diff([]int{1, 2, 0, 0, 0, 1}, got); diff != "" || !tr.Periods[0].Start.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("notes per month from %v (-want +got):\n%s", tr.Periods[0].Start, diff)
		}
	})
}

func TestAuthorTrendsEmpty(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		tr, err := db.AuthorTrends(t.Context(), f.cmActor, f.cm.ID, trendSince, trendUntil)
		must(t, err)
		if tr.Total.Notes != 0 || len(tr.Periods) != 0 || len(tr.Suggestions) != 0 || len(tr.PitfallsByCode) != 0 {
			t.Errorf("trends without notes: %+v", tr)
		}
	})
}

func TestStaffTrends(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f, c := trendFixture(t, db)
		got, err := db.StaffTrends(t.Context(), actorOf(f.sup), []int64{f.cm2.ID, f.cm.ID, f.sup.ID}, trendSince, trendUntil)
		must(t, err)
		want := []rapport.StaffTrend{
			{UserID: f.cm2.ID, TrendStats: rapport.TrendStats{Notes: 1, MeanScore: 50, Levels: rapport.LevelMeans{Emotional: 1, Cognitive: 1, Exploration: 1, Compassionate: 1}, Pitfalls: 1}},
			{UserID: f.cm.ID, TrendStats: rapport.TrendStats{Notes: 4, MeanScore: 85,
				Levels: rapport.LevelMeans{Emotional: 1.25, Cognitive: 0.5, Exploration: 0.5, Compassionate: 0.75}, OpenQuestions: 2, Questions: 4, Pitfalls: 3}},
			{UserID: f.sup.ID},
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Errorf("staff trends (-want +got):\n%s", diff)
		}
		// Deleting the client deletes its notes, and their stats with them.
		must(t, db.DeleteClient(t.Context(), actorOf(f.sup), c.ID))
		for _, table := range []string{"note_stats", "note_stat_pitfalls", "note_stat_suggestions"} {
			if n := countRows(t, db, table); n != 0 {
				t.Errorf("%d rows left in %s after the notes were deleted", n, table)
			}
		}
	})
}

func TestTrendFilterErrors(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		_, err := db.AuthorTrends(t.Context(), f.cmActor, f.cm.ID, trendUntil, trendSince)
		wantCode(t, err, rapport.EINVALID)
		_, err = db.AuthorTrends(t.Context(), f.cmActor, 0, trendSince, trendUntil)
		wantCode(t, err, rapport.EINVALID)
		_, err = db.StaffTrends(t.Context(), f.cmActor, []int64{f.cm.ID}, trendSince, trendSince.Add(3*366*day))
		wantCode(t, err, rapport.EINVALID)
		_, err = db.AuthorTrends(t.Context(), rapport.Actor{}, f.cm.ID, trendSince, trendUntil)
		wantCode(t, err, rapport.EUNAUTHORIZED)
	})
}

// TestReadNoteStats reads the engine's own output, so the narrow decoding in trends.go is
// checked against the JSON the engine really writes.
func TestReadNoteStats(t *testing.T) {
	an, err := engine.Default()
	must(t, err)
	a, err := an.Analyze(engine.Input{Kind: engine.KindMessage, Text: "What has been hardest this week? Did you take your meds? " +
		"You need to stop using. He is an addict and noncompliant. I hear how exhausting this has been."})
	must(t, err)
	js, err := json.Marshal(a)
	must(t, err)
	s := readNoteStats(1, 2, start, js)
	want := noteStats{id: 1, author: 2, at: start, analysed: true, overall: a.Overall, byCode: map[string]int{}, suggestions: map[[2]string]int{},
		levels: [4]int{a.Levels.Emotional.Rating, a.Levels.Cognitive.Rating, a.Levels.Exploration.Rating, a.Levels.Compassionate.Rating}}
	for _, fd := range a.Findings {
		switch {
		case fd.Code == engine.OpenQuestion:
			want.open++
		case fd.Code == engine.ClosedQuestion:
			want.closed++
		case fd.Code.Pitfall():
			want.pitfalls++
			want.byCode[string(fd.Code)]++
		}
		if fd.Suggestion != nil && fd.Suggestion.Text != "" {
			want.suggestions[[2]string{string(fd.Code), suggestionText(fd.Suggestion.Text)}]++
		}
	}
	if want.open == 0 || want.pitfalls == 0 || len(want.suggestions) == 0 {
		t.Fatalf("the sample text should give open questions, pitfalls and suggestions: %+v", want)
	}
	if diff := cmp.Diff(want, s, cmp.AllowUnexported(noteStats{})); diff != "" {
		t.Errorf("stats read from the engine's JSON (-want +got):\n%s", diff)
	}
	for _, bad := range [][]byte{nil, []byte(`[1, 2]`), []byte(`{"overall": "high"}`)} {
		if s := readNoteStats(2, 1, start, bad); s.analysed {
			t.Errorf("%s read as analysed", bad)
		}
	}
}

// BenchmarkAuthorTrends is a year of trends for a case manager with 5,000 notes: "cached" is
// every view after the first; "first view" fills the stats from the JSON first.
func BenchmarkAuthorTrends(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, f *fixture, c *rapport.Client) {
		const notes = 5000
		js := analysisJSON(b, [4]int{1, 2, 0, 1}, 65, "open_question", "closed_question", "judgment=Say what you saw.",
			"advice_without_permission=Would it help to talk about options?", "affirmation")
		err := f.db.update(b.Context(), "bench: notes", func(tx *sql.Tx, now time.Time) error {
			for i := range notes {
				n := &rapport.Note{ClientID: c.ID, AuthorID: f.cm.ID, Kind: rapport.KindNote, Body: "Met at the library.", Analysis: js}
				if err := insertNote(b.Context(), tx, n, start.Add(-time.Duration(i)*time.Hour*1)); err != nil {
					return err
				}
			}
			return nil
		})
		must(b, err)
		since, until := start.Add(-365*day), start.Add(day)
		view := func() {
			tr, err := f.db.AuthorTrends(b.Context(), f.cmActor, f.cm.ID, since, until)
			if err != nil || tr.Total.Notes != notes {
				b.Fatalf("trends: %v, %d notes", err, tr.Total.Notes)
			}
		}
		b.Run("cached", func(b *testing.B) {
			view()
			for b.Loop() {
				view()
			}
		})
		b.Run("first view", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				_, err := f.db.write.ExecContext(b.Context(), "DELETE FROM note_stats")
				must(b, err)
				b.StartTimer()
				view()
			}
		})
	})
}
