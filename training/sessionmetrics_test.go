package training

import (
	"math"
	"testing"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/engine"
)

// therapistTurns builds a transcript of therapist turns, each "behaviour/subtype" or a bare
// behaviour.
func therapistTurns(id string, codes ...[2]string) annomi.Transcript {
	t := annomi.Transcript{ID: id}
	for _, c := range codes {
		u := annomi.Utterance{Therapist: true, Behaviour: c[0]}
		switch c[0] {
		case "question":
			u.Question = c[1]
		case "reflection":
			u.Reflection = c[1]
		}
		t.Utterances = append(t.Utterances, u, annomi.Utterance{Text: "mm"})
	}
	return t
}

func percentOpen(v float64, rating string) engine.Measure {
	return engine.Measure{Value: v, Fair: 0.5, Good: 0.7, Rating: rating}
}

// Worked by hand. Coded % open: 2 of 3 (fair) and 0 of 2 (below fair); the third session asks
// nothing. The engine says 0.5 (fair) and 0.25 (below fair), and "n/a" for the third.
func TestMetricAgreement(t *testing.T) {
	trs := []annomi.Transcript{
		therapistTurns("1", [2]string{"question", "open"}, [2]string{"question", "open"}, [2]string{"question", "closed"},
			[2]string{"reflection", "simple"}, [2]string{"reflection", "complex"}, [2]string{"therapist_input", ""}),
		therapistTurns("2", [2]string{"question", "closed"}, [2]string{"question", "closed"}, [2]string{"reflection", "complex"}),
		therapistTurns("3", [2]string{"other", ""}),
	}
	rows := []SessionRow{
		{Metrics: engine.Metrics{PracticeTurns: 6, PercentOpen: percentOpen(0.5, "fair"), ReflectionShare: 0.5}},
		{Metrics: engine.Metrics{PracticeTurns: 3, PercentOpen: percentOpen(0.25, "below fair"), ReflectionShare: 0.3}},
		{Metrics: engine.Metrics{PracticeTurns: 1, PercentOpen: percentOpen(0, "n/a"), ReflectionShare: 0}},
	}
	got := map[string]MetricAgreement{}
	for _, a := range metricAgreement(trs, rows) {
		got[a.Metric] = a
	}
	open := got["percent_open_questions"]
	if open.N != 2 || !near(open.MAE, (1.0/6+0.25)/2) || !near(open.MeanCoded, 1.0/3) || !near(open.Spearman, 1) ||
		open.SameRating == nil || *open.SameRating != 1 {
		t.Errorf("percent open: %+v", open)
	}
	// Coded reflection shares 2/6, 1/3 and 0 against 0.5, 0.3 and 0; no bands.
	share := got["reflection_share"]
	if share.N != 3 || !near(share.MAE, (1.0/6+1.0/30)/3) || share.SameRating != nil {
		t.Errorf("reflection share: %+v", share)
	}
	if cr := got["percent_complex_reflections"]; cr.N != 0 {
		t.Errorf("%% complex where the engine rated nothing: n=%d, want 0", cr.N)
	}
}

func TestReflectionsPerQuestion(t *testing.T) {
	for _, tc := range []struct {
		r, q int
		want float64
		ok   bool
	}{{2, 4, 0.5, true}, {3, 0, 3, true}, {0, 0, 0, false}} {
		if v, ok := reflectionsPerQuestion(tc.r, tc.q); v != tc.want || ok != tc.ok {
			t.Errorf("R:Q(%d, %d) = %v, %v; want %v, %v", tc.r, tc.q, v, ok, tc.want, tc.ok)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
