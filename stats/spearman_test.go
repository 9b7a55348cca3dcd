package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func pairs(xs, ys []float64) []Pair {
	ps := make([]Pair, len(xs))
	for i := range xs {
		ps[i] = Pair{xs[i], ys[i]}
	}
	return ps
}

func TestSpearman(t *testing.T) {
	tests := []struct {
		name   string
		xs, ys []float64
		want   float64
		ok     bool
	}{
		// Wikipedia's IQ and hours of television example: Σd² = 194, 1 − 6·194/(10·99).
		{"no ties", []float64{106, 100, 86, 101, 99, 103, 97, 113, 112, 110},
			[]float64{7, 27, 2, 50, 28, 29, 20, 12, 6, 17}, -29.0 / 165, true},
		// Ranks of x: 1, 2.5, 2.5, 4; of y: 1, 3, 2, 4. Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5.
		{"tie in x", []float64{1, 2, 2, 3}, []float64{1, 3, 2, 4}, 3 / math.Sqrt(10), true},
		// Ranks of x: 2, 4, 4, 4, 6, 7.5, 7.5, 1; of y: 2.5, 2.5, 4, 6, 6, 6, 8, 1.
		// Σdxdy = 35, Σdx² = Σdy² = 39.5.
		{"ties in both", []float64{3, 5, 5, 5, 8, 9, 9, 2}, []float64{4, 4, 6, 7, 7, 7, 9, 1},
			70.0 / 79, true},
		{"perfect", []float64{1, 2, 3}, []float64{10, 20, 30}, 1, true},
		{"perfect reversed", []float64{1, 2, 3}, []float64{3, 2, 1}, -1, true},
		{"no association", []float64{1, 1, 2, 2}, []float64{1, 2, 1, 2}, 0, true},
		{"empty", nil, nil, 0, false},
		{"one pair", []float64{1}, []float64{2}, 0, false},
		{"x constant", []float64{4, 4, 4}, []float64{1, 2, 3}, 0, false},
		{"y constant", []float64{1, 2, 3}, []float64{5, 5, 5}, 0, false},
		{"NaN", []float64{1, math.NaN(), 3}, []float64{1, 2, 3}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Spearman(pairs(tt.xs, tt.ys))
			if ok != tt.ok || !near(got, tt.want, 1e-12) {
				t.Errorf("Spearman = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// randomPairs draws n pairs with a noisy positive relationship and many ties, like scores
// on a five-point scale.
func randomPairs(rng *rand.Rand, n int) []Pair {
	ps := make([]Pair, n)
	for i := range ps {
		x := float64(rng.IntN(5))
		ps[i] = Pair{x, math.Round(x/2 + rng.NormFloat64())}
	}
	return ps
}

// TestSpearmanProperties checks, on random data: rho is within [−1, 1]; it does not change
// under strictly increasing transforms of either variable; it is symmetric; and reversing one
// variable's order negates it.
func TestSpearmanProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		ps := randomPairs(rng, 2+rng.IntN(40))
		rho, ok := Spearman(ps)
		if !ok {
			continue
		}
		if rho < -1 || rho > 1 {
			t.Fatalf("trial %d: rho = %v outside [−1, 1]", trial, rho)
		}
		transforms := map[string]func(Pair) Pair{
			"exp(x), y³":   func(p Pair) Pair { return Pair{math.Exp(p.X), p.Y * p.Y * p.Y} },
			"swap":         func(p Pair) Pair { return Pair{p.Y, p.X} },
			"10x−3, y+100": func(p Pair) Pair { return Pair{10*p.X - 3, p.Y + 100} },
			"−x":           func(p Pair) Pair { return Pair{-p.X, p.Y} },
		}
		for name, f := range transforms {
			moved := make([]Pair, len(ps))
			for i, p := range ps {
				moved[i] = f(p)
			}
			want := rho
			if name == "−x" {
				want = -rho
			}
			if got, ok := Spearman(moved); !ok || !near(got, want, 1e-12) {
				t.Fatalf("trial %d, %s: rho = %v, %v; want %v", trial, name, got, ok, want)
			}
		}
	}
}

// TestRankerCounts checks the bootstrap's shortcut: rho of pairs weighted by counts equals
// rho of the sample with each pair written out that many times.
func TestRankerCounts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 200 {
		ps := randomPairs(rng, 1+rng.IntN(30))
		r := newRanker(ps)
		var expanded []Pair
		for i := range r.counts {
			r.counts[i] = rng.IntN(3)
			for range r.counts[i] {
				expanded = append(expanded, ps[i])
			}
		}
		got, gotOK := r.rho()
		want, wantOK := Spearman(expanded)
		if gotOK != wantOK || !near(got, want, 1e-12) {
			t.Fatalf("trial %d: weighted rho = %v, %v; expanded = %v, %v", trial, got, gotOK, want, wantOK)
		}
	}
}
