package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestTQuantile(t *testing.T) {
	// Values from printed t tables (two-sided 95%, and one-sided 95% for p = 0.95).
	tests := []struct {
		p, df, want float64
	}{
		{0.975, 1, 12.706},
		{0.975, 2, 4.303},
		{0.975, 4, 2.776},
		{0.975, 9, 2.262},
		{0.975, 29, 2.045},
		{0.975, 1e6, 1.960},
		{0.95, 10, 1.812},
		{0.025, 4, -2.776},
		{0.5, 7, 0},
	}
	for _, tt := range tests {
		if got := tQuantile(tt.p, tt.df); math.Abs(got-tt.want) > 0.0005 {
			t.Errorf("tQuantile(%v, %v) = %.4f, want %.3f", tt.p, tt.df, got, tt.want)
		}
	}
}

func TestMean(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want MeanCI
	}{
		{"empty", nil, MeanCI{}},
		{"one value has no interval", []float64{4}, MeanCI{N: 1, Mean: 4}},
		{"constant values have a zero-width interval", []float64{3, 3, 3},
			MeanCI{N: 3, Mean: 3, Low: 3, High: 3, HasCI: true}},
		// Mean 5, s² = 32/7, se = 0.7559, t(0.975, 7) = 2.3646: 5 ± 1.7875.
		{"hand-worked", []float64{2, 4, 4, 4, 5, 5, 7, 9},
			MeanCI{N: 8, Mean: 5, Low: 3.2125, High: 6.7875, HasCI: true}},
		// Mean 2, s = 1, se = 1/√2, t(0.975, 1) = 12.706: 2 ± 8.9846.
		{"two values", []float64{1.2928932188134525, 2.7071067811865475},
			MeanCI{N: 2, Mean: 2, Low: -6.9846, High: 10.9846, HasCI: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mean(tt.xs)
			if got.N != tt.want.N || got.HasCI != tt.want.HasCI ||
				!near(got.Mean, tt.want.Mean, 1e-9) ||
				!near(got.Low, tt.want.Low, 1e-4) || !near(got.High, tt.want.High, 1e-4) {
				t.Errorf("Mean(%v) = %+v, want %+v", tt.xs, got, tt.want)
			}
		})
	}
}

// TestMeanCoverage checks the interval's promise: for normal samples of 5, about 95% of the
// intervals contain the true mean. A normal-based interval would cover only about 88%.
func TestMeanCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const trials, trueMean = 4000, 3.5
	covered := 0
	xs := make([]float64, 5)
	for range trials {
		for i := range xs {
			xs[i] = trueMean + rng.NormFloat64()
		}
		if m := Mean(xs); m.Low <= trueMean && trueMean <= m.High {
			covered++
		}
	}
	if share := float64(covered) / trials; share < 0.935 || share > 0.965 {
		t.Errorf("95%% interval covered the true mean in %.3f of trials", share)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
