package stats

import "math"

// EffectThreshold is the share of responses at the lowest or highest possible score above
// which a floor or ceiling effect is flagged. 15% is the criterion of Terwee et al. (2007),
// "Quality criteria were proposed for measurement properties of health status
// questionnaires", J Clin Epidemiol 60(1):34–42: past it, the instrument cannot show
// improvement (ceiling) or decline (floor) for a sizeable part of the group.
const EffectThreshold = 0.15

// Extremes summarises how many responses sit at the ends of an instrument's range.
// With N == 0 the shares are 0 and nothing is flagged.
type Extremes struct {
	N              int
	AtFloor        int
	AtCeiling      int
	Floor, Ceiling float64 // shares of N, from 0 to 1
	FloorEffect    bool    // Floor > EffectThreshold
	CeilingEffect  bool    // Ceiling > EffectThreshold
}

// extremeTolerance absorbs rounding in scores computed as means or prorated sums, so a mean of
// 5.0 reached as 4.999999999 still counts as the top of a 1–5 scale.
const extremeTolerance = 1e-9

// CeilingFloor counts the scores at (or beyond) lo, the lowest possible score, and hi, the
// highest.
func CeilingFloor(scores []float64, lo, hi float64) Extremes {
	e := Extremes{N: len(scores)}
	if e.N == 0 {
		return e
	}
	for _, s := range scores {
		switch {
		case s <= lo+extremeTolerance:
			e.AtFloor++
		case s >= hi-extremeTolerance:
			e.AtCeiling++
		}
	}
	e.Floor = float64(e.AtFloor) / float64(e.N)
	e.Ceiling = float64(e.AtCeiling) / float64(e.N)
	e.FloorEffect = e.Floor > EffectThreshold
	e.CeilingEffect = e.Ceiling > EffectThreshold
	return e
}

// Histogram counts scores over a fixed integer range, so that groups of different sizes or
// with empty bins still line up on one axis.
type Histogram struct {
	Min, Max int
	// Counts[i] is how many scores round to Min+i.
	Counts []int
	// Outside counts the scores that round to a value outside [Min, Max], or are NaN: they
	// are reported, not dropped, because they point to a scoring error.
	Outside int
}

// NewHistogram counts scores in one bin per integer from lo to hi inclusive. Scores are
// rounded to the nearest integer (half away from zero), so a prorated sum of 37.5 falls in 38.
// It returns a histogram with no bins when hi < lo.
func NewHistogram(scores []float64, lo, hi int) Histogram {
	h := Histogram{Min: lo, Max: hi}
	if hi < lo {
		h.Outside = len(scores)
		return h
	}
	h.Counts = make([]int, hi-lo+1)
	for _, s := range scores {
		v := math.Round(s)
		if !(v >= float64(lo) && v <= float64(hi)) {
			h.Outside++
			continue
		}
		h.Counts[int(v)-lo]++
	}
	return h
}
