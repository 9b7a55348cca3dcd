package stats

import (
	"cmp"
	"math"
	"slices"
)

// Pair is one observation of two variables, such as a case manager's open-question rate and
// their clients' mean trust score.
type Pair struct{ X, Y float64 }

// Spearman returns Spearman's rank correlation of the pairs: Pearson's correlation of their
// ranks, where tied values share the average of the ranks they span. ok is false when rho is
// undefined: fewer than two pairs, a NaN anywhere, or one variable constant (nothing to rank).
func Spearman(pairs []Pair) (rho float64, ok bool) {
	r := newRanker(pairs)
	if r == nil {
		return 0, false
	}
	r.countAll()
	return r.rho()
}

// ranker computes rho for weighted samples of a fixed set of pairs, where pair i appears
// counts[i] times. The bootstrap uses it so that a resample costs O(n): the pairs are sorted
// once, and each resample only changes the counts.
type ranker struct {
	xs, ys       []float64
	byX, byY     []int // indices of the pairs in order of X and of Y
	counts       []int
	rankX, rankY []float64
}

// newRanker returns nil when a value is NaN, because NaN has no place in an order.
func newRanker(pairs []Pair) *ranker {
	n := len(pairs)
	r := &ranker{
		xs: make([]float64, n), ys: make([]float64, n),
		counts: make([]int, n), rankX: make([]float64, n), rankY: make([]float64, n),
	}
	for i, p := range pairs {
		if math.IsNaN(p.X) || math.IsNaN(p.Y) {
			return nil
		}
		r.xs[i], r.ys[i] = p.X, p.Y
	}
	r.byX, r.byY = order(r.xs), order(r.ys)
	return r
}

func order(values []float64) []int {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(values[a], values[b]) })
	return idx
}

// countAll makes the sample the data itself: every pair once.
func (r *ranker) countAll() {
	for i := range r.counts {
		r.counts[i] = 1
	}
}

// rho is Spearman's rho of the current weighted sample.
func (r *ranker) rho() (float64, bool) {
	n := 0
	for _, c := range r.counts {
		n += c
	}
	if n < 2 {
		return 0, false
	}
	rank(r.rankX, r.byX, r.xs, r.counts)
	rank(r.rankY, r.byY, r.ys, r.counts)
	// Average ranks always sum to n(n+1)/2, so the mean rank is known exactly.
	mean := float64(n+1) / 2
	var sxy, sxx, syy float64
	for i, c := range r.counts {
		if c == 0 {
			continue
		}
		dx, dy, w := r.rankX[i]-mean, r.rankY[i]-mean, float64(c)
		sxy += w * dx * dy
		sxx += w * dx * dx
		syy += w * dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	// Rounding can push a perfect correlation a hair past ±1.
	return max(-1, min(1, sxy/math.Sqrt(sxx*syy))), true
}

// rank writes the average rank of each item in the weighted sample into ranks. ord lists the
// items in order of value; an item counted c times takes c consecutive ranks, and all the
// items with one value share the mean of the ranks that value takes.
func rank(ranks []float64, ord []int, values []float64, counts []int) {
	taken := 0
	for start := 0; start < len(ord); {
		end, c := start, 0
		for end < len(ord) && values[ord[end]] == values[ord[start]] {
			c += counts[ord[end]]
			end++
		}
		avg := float64(taken) + float64(c+1)/2
		for _, i := range ord[start:end] {
			ranks[i] = avg
		}
		taken += c
		start = end
	}
}
