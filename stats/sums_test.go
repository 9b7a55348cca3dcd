package stats

import (
	"math/rand/v2"
	"testing"
)

func TestMeanFromSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	tests := [][]float64{
		nil,
		{4},
		{5, 5},
		{1, 2, 3, 4, 5},
		{4.4, 5, 5, 3.8, 2, 5, 5, 4.6},
	}
	var many []float64
	for range 1000 {
		many = append(many, float64(1+rng.IntN(5)))
	}
	tests = append(tests, many)
	for _, xs := range tests {
		var sum, sumSq float64
		for _, x := range xs {
			sum += x
			sumSq += x * x
		}
		want := Mean(xs)
		got := MeanFromSums(len(xs), sum, sumSq)
		if got.N != want.N || got.HasCI != want.HasCI || !near(got.Mean, want.Mean, 1e-9) ||
			!near(got.Low, want.Low, 1e-9) || !near(got.High, want.High, 1e-9) {
			t.Errorf("MeanFromSums(%d values) = %+v, Mean gives %+v", len(xs), got, want)
		}
	}
	// Hand-worked: 2, 4, 6 have mean 4, s = 2, se = 2/√3, t(0.975, 2) = 4.302653.
	got := MeanFromSums(3, 12, 56)
	if half := 4.302653 * 2 / 1.7320508; !near(got.Low, 4-half, 1e-5) || !near(got.High, 4+half, 1e-5) {
		t.Errorf("MeanFromSums(3, 12, 56) = %+v", got)
	}
}
