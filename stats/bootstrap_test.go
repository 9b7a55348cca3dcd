package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSpearmanCI(t *testing.T) {
	tests := []struct {
		name string
		ps   []Pair
		b    Bootstrap
		// Low and High are checked only when HasCI; Used only when usedMin > 0.
		want             RhoCI
		usedMin, usedMax int
	}{
		// Every usable resample of monotone pairs is monotone too, so every rho is 1.
		{"monotone", pairs([]float64{1, 2, 3, 4}, []float64{2, 4, 8, 16}), Bootstrap{Seed: 1},
			RhoCI{N: 4, Rho: 1, Defined: true, Low: 1, High: 1, HasCI: true, Resamples: 2000},
			// A resample is constant with probability 4/4⁴, so about 1969 remain.
			1900, 1999},
		// A resample is usable when it draws index 2 and another one: 18 of 27 draws. Of
		// those, the 6 orderings of {0, 1, 2} give rho = √3/2 and the rest give 1, so the
		// 2.5th percentile is √3/2 and the 97.5th is 1.
		{"some resamples skipped", pairs([]float64{0, 0, 1}, []float64{1, 2, 3}),
			Bootstrap{Seed: 2, Resamples: 3000},
			RhoCI{N: 3, Rho: math.Sqrt(3) / 2, Defined: true, Low: math.Sqrt(3) / 2, High: 1, HasCI: true, Resamples: 3000},
			1900, 2100},
		// x or y is constant in 15/27 of resamples: more than half, so no interval.
		{"too few usable resamples", pairs([]float64{0, 0, 1}, []float64{0, 1, 1}), Bootstrap{Seed: 3},
			RhoCI{N: 3, Rho: 0.5, Defined: true, Resamples: 2000}, 800, 980},
		{"rho undefined", pairs([]float64{1, 2, 3}, []float64{7, 7, 7}), Bootstrap{Resamples: 50},
			RhoCI{N: 3, Resamples: 50}, 0, 0},
		{"empty", nil, Bootstrap{}, RhoCI{Resamples: 2000}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SpearmanCI(tt.ps, tt.b)
			if got.N != tt.want.N || got.Defined != tt.want.Defined || got.HasCI != tt.want.HasCI ||
				got.Resamples != tt.want.Resamples || !near(got.Rho, tt.want.Rho, 1e-12) ||
				got.HasCI && (!near(got.Low, tt.want.Low, 1e-12) || !near(got.High, tt.want.High, 1e-12)) ||
				got.Used < tt.usedMin || got.Used > tt.usedMax {
				t.Errorf("SpearmanCI = %+v, want %+v with Used in [%d, %d]", got, tt.want, tt.usedMin, tt.usedMax)
			}
		})
	}
}

func TestSpearmanCISeed(t *testing.T) {
	ps := randomPairs(rand.New(rand.NewPCG(7, 8)), 40)
	a, b := SpearmanCI(ps, Bootstrap{Seed: 11}), SpearmanCI(ps, Bootstrap{Seed: 11})
	if a != b {
		t.Errorf("same seed, different results: %+v and %+v", a, b)
	}
	if c := SpearmanCI(ps, Bootstrap{Seed: 12}); c.Low == a.Low && c.High == a.High {
		t.Errorf("seeds 11 and 12 gave the same interval [%v, %v]", a.Low, a.High)
	}
}

// TestSpearmanCIContainsRho checks that for typical data (tens of pairs, a moderate noisy
// relationship, many ties) the interval is ordered, within [−1, 1], and contains rho; and
// that it excludes 0 when the relationship is strong and n is large.
func TestSpearmanCIContainsRho(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 40 {
		ps := randomPairs(rng, 20+rng.IntN(60))
		ci := SpearmanCI(ps, Bootstrap{Seed: uint64(trial), Resamples: 500})
		if !ci.HasCI || ci.Low < -1 || ci.High > 1 || ci.Low > ci.Rho || ci.Rho > ci.High {
			t.Errorf("trial %d: %+v", trial, ci)
		}
	}
	if ci := SpearmanCI(randomPairs(rng, 300), Bootstrap{}); ci.Low <= 0 {
		t.Errorf("n = 300 with a clear relationship: interval [%v, %v] reaches 0", ci.Low, ci.High)
	}
}

func TestQuantile(t *testing.T) {
	sorted := []float64{1, 2, 3, 4}
	tests := []struct{ p, want float64 }{{0, 1}, {0.25, 1.75}, {0.5, 2.5}, {0.975, 3.925}, {1, 4}}
	for _, tt := range tests {
		if got := quantile(sorted, tt.p); !near(got, tt.want, 1e-12) {
			t.Errorf("quantile(%v, %v) = %v, want %v", sorted, tt.p, got, tt.want)
		}
	}
}
