package evaluation

import (
	"math"
	"testing"
)

func TestMacroF1Interval(t *testing.T) {
	right := []Cluster{{Gold: []string{"a", "a"}, Pred: []string{"a", "a"}}, {Gold: []string{"b"}, Pred: []string{"b"}}, {Gold: []string{"a", "b"}, Pred: []string{"a", "b"}}}
	if iv := MacroF1Interval(right, []string{"a", "b"}, 500, 1); iv.Low != 1 || iv.High != 1 || iv.Units != 3 || iv.Resamples != 500 {
		t.Errorf("every pair right: %+v, want [1, 1] over 3 units", iv)
	}
	// Half the utterances wrong: the interval must hold the point estimate and be wide, since
	// with eight utterances a resample can hold mostly right or mostly wrong ones.
	var mixed []Cluster
	var gold, pred []string
	for i := range 8 {
		c := Cluster{Gold: []string{"a", "a", "b"}, Pred: []string{"a", "a", "b"}}
		if i%2 == 1 {
			c.Pred = []string{"b", "b", "a"}
		}
		mixed = append(mixed, c)
		gold, pred = append(gold, c.Gold...), append(pred, c.Pred...)
	}
	point := Score("", gold, pred, []string{"a", "b"}).MacroF1
	iv := MacroF1Interval(mixed, []string{"a", "b"}, 2000, 7)
	if !(iv.Low < point && point < iv.High) || iv.High-iv.Low < 0.3 {
		t.Errorf("interval %.3f–%.3f around %.3f: want it to hold the estimate and be wide", iv.Low, iv.High, point)
	}
	if again := MacroF1Interval(mixed, []string{"a", "b"}, 2000, 7); again != iv {
		t.Errorf("same seed, different interval: %+v and %+v", iv, again)
	}
	// Resampling whole utterances, not pairs: were the 24 pairs independent, the interval would
	// be narrower. Check against resampling single pairs.
	var single []Cluster
	for i := range gold {
		single = append(single, Cluster{Gold: gold[i : i+1], Pred: pred[i : i+1]})
	}
	if s := MacroF1Interval(single, []string{"a", "b"}, 2000, 7); s.High-s.Low >= iv.High-iv.Low {
		t.Errorf("pairs resampled alone give %.3f–%.3f, no narrower than utterances %.3f–%.3f", s.Low, s.High, iv.Low, iv.High)
	}
	if iv := MacroF1Interval(right[:1], []string{"a"}, 100, 1); iv.Low != 0 || iv.High != 0 || math.IsNaN(iv.Low) {
		t.Errorf("one cluster: %+v, want a zero interval", iv)
	}
}
