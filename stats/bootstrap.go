package stats

import (
	"math"
	"math/rand/v2"
	"slices"
)

// DefaultResamples is the number of bootstrap resamples when none is given, the usual choice
// for percentile intervals: for a few dozen pairs, the interval's ends then move by about 0.01
// from one seed to another.
const DefaultResamples = 2000

// Bootstrap configures SpearmanCI's resampling.
type Bootstrap struct {
	Resamples int    // 0 or less means DefaultResamples
	Seed      uint64 // the same seed gives the same interval, so pages don't flicker
}

// RhoCI is Spearman's rho with a 95% percentile bootstrap interval.
//
// Defined is false when rho itself is undefined (see Spearman). HasCI is false when there is
// no interval: rho undefined, or fewer than half the resamples usable, which happens when the
// data are nearly constant and an interval from the few usable resamples would mislead.
type RhoCI struct {
	N         int
	Rho       float64
	Defined   bool
	Low, High float64
	HasCI     bool
	// Used is how many resamples gave a defined rho; the others had one side constant and
	// were skipped.
	Used, Resamples int
}

// SpearmanCI returns Spearman's rho of the pairs with a percentile bootstrap interval: the
// pairs are resampled with replacement (keeping each X with its Y), rho is computed on each
// resample, and the interval runs from the 2.5th to the 97.5th percentile of those rhos.
func SpearmanCI(pairs []Pair, b Bootstrap) RhoCI {
	res := RhoCI{N: len(pairs), Resamples: b.Resamples}
	if res.Resamples <= 0 {
		res.Resamples = DefaultResamples
	}
	r := newRanker(pairs)
	if r == nil {
		return res
	}
	r.countAll()
	if res.Rho, res.Defined = r.rho(); !res.Defined {
		return res
	}
	rhos := resampleRhos(r, res.Resamples, b.Seed)
	res.Used = len(rhos)
	if res.Used < 2 || 2*res.Used < res.Resamples {
		return res
	}
	slices.Sort(rhos)
	tail := (1 - Confidence) / 2
	res.Low, res.High = quantile(rhos, tail), quantile(rhos, 1-tail)
	res.HasCI = true
	return res
}

// resampleRhos draws the resamples as counts (how often each pair is drawn), which gives the
// same sample as drawing the pairs themselves without re-sorting anything.
func resampleRhos(r *ranker, resamples int, seed uint64) []float64 {
	// The second PCG word is fixed so that callers need only one seed.
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	n := len(r.counts)
	rhos := make([]float64, 0, resamples)
	for range resamples {
		clear(r.counts)
		for range n {
			r.counts[rng.IntN(n)]++
		}
		if rho, ok := r.rho(); ok {
			rhos = append(rhos, rho)
		}
	}
	return rhos
}

// quantile is the p quantile of sorted values, interpolating linearly between order
// statistics (Hyndman and Fan's type 7, the default of R and NumPy).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
