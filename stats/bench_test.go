package stats

import (
	"math/rand/v2"
	"testing"
)

// The dashboards summarise up to 100,000 responses, so each function is measured at that size.
const benchN = 100_000

func benchScores() []float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, benchN)
	for i := range xs {
		xs[i] = float64(10 + rng.IntN(41))
	}
	return xs
}

func BenchmarkMean(b *testing.B) {
	xs := benchScores()
	for b.Loop() {
		Mean(xs)
	}
}

func BenchmarkSpearman(b *testing.B) {
	ps := randomPairs(rand.New(rand.NewPCG(2, 2)), benchN)
	for b.Loop() {
		Spearman(ps)
	}
}

// BenchmarkSpearmanCI uses 200 resamples: the cost is linear in resamples, so the default
// 2,000 costs ten times as much.
func BenchmarkSpearmanCI(b *testing.B) {
	ps := randomPairs(rand.New(rand.NewPCG(3, 3)), benchN)
	for b.Loop() {
		SpearmanCI(ps, Bootstrap{Resamples: 200})
	}
}

func BenchmarkCeilingFloor(b *testing.B) {
	xs := benchScores()
	for b.Loop() {
		CeilingFloor(xs, 10, 50)
	}
}

func BenchmarkNewHistogram(b *testing.B) {
	xs := benchScores()
	for b.Loop() {
		NewHistogram(xs, 10, 50)
	}
}
