package evaluation

import (
	"math"
	"testing"
)

func TestScoreSets(t *testing.T) {
	gold := [][]string{{"judgment", "jargon"}, {"judgment"}, nil, {"open_question"}}
	pred := [][]string{{"judgment"}, {"judgment", "information"}, {"jargon"}, {"open_question", "information"}}
	// information is not scored: the gold sets say nothing about it.
	r := ScoreSets("codes", gold, pred, []string{"jargon", "judgment", "open_question"})
	if r.N != 4 {
		t.Fatalf("n = %d", r.N)
	}
	want := map[string]SetLabelScore{
		"judgment":      {LabelScore{Precision: 1, Recall: 1, F1: 1, Support: 2}, 2},
		"jargon":        {LabelScore{Precision: 0, Recall: 0, F1: 0, Support: 1}, 1},
		"open_question": {LabelScore{Precision: 1, Recall: 1, F1: 1, Support: 1}, 1},
	}
	for l, w := range want {
		if got := r.PerLabel[l]; got != w {
			t.Errorf("%s: got %+v, want %+v", l, got, w)
		}
	}
	// Items 2 and 4 agree on every scored code; 1 misses jargon and 3 finds one that is not there.
	if r.Exact != 0.5 {
		t.Errorf("exact = %v, want 0.5", r.Exact)
	}
	// Pooled: 3 true positives, 1 false positive, 1 false negative.
	if math.Abs(r.MicroF1-0.75) > 1e-9 {
		t.Errorf("micro-F1 = %v, want 0.75", r.MicroF1)
	}
	if math.Abs(r.MacroF1-2.0/3) > 1e-9 {
		t.Errorf("macro-F1 = %v, want 2/3", r.MacroF1)
	}
}

func TestScoreSetsEmpty(t *testing.T) {
	r := ScoreSets("codes", nil, nil, nil)
	if r.N != 0 || r.MicroF1 != 0 || r.MacroF1 != 0 || r.Exact != 0 {
		t.Errorf("empty report %+v", r)
	}
}
