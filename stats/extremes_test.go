package stats

import (
	"math"
	"slices"
	"testing"
)

func TestCeilingFloor(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		lo, hi float64
		want   Extremes
	}{
		{"empty", nil, 10, 50, Extremes{}},
		// 3 of 20 at the top is exactly 15%: not more than the threshold, so not flagged.
		{"at the threshold", append(repeat(30, 17), 50, 50, 50), 10, 50,
			Extremes{N: 20, AtCeiling: 3, Ceiling: 0.15}},
		{"just past it", append(repeat(30, 16), 50, 50, 50, 50), 10, 50,
			Extremes{N: 20, AtCeiling: 4, Ceiling: 0.2, CeilingEffect: true}},
		{"floor", []float64{1, 1, 2, 3, 5}, 1, 5,
			Extremes{N: 5, AtFloor: 2, AtCeiling: 1, Floor: 0.4, Ceiling: 0.2, FloorEffect: true, CeilingEffect: true}},
		{"a mean that rounds just under the top counts", []float64{4.9999999999999, 3}, 1, 5,
			Extremes{N: 2, AtCeiling: 1, Ceiling: 0.5, CeilingEffect: true}},
		{"out of range counts as the end it passed", []float64{0, 6, 3, 3}, 1, 5,
			Extremes{N: 4, AtFloor: 1, AtCeiling: 1, Floor: 0.25, Ceiling: 0.25, FloorEffect: true, CeilingEffect: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CeilingFloor(tt.scores, tt.lo, tt.hi); got != tt.want {
				t.Errorf("CeilingFloor = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewHistogram(t *testing.T) {
	tests := []struct {
		name    string
		scores  []float64
		lo, hi  int
		counts  []int
		outside int
	}{
		{"empty keeps every bin", nil, 1, 5, []int{0, 0, 0, 0, 0}, 0},
		{"counts", []float64{1, 2, 2, 5, 5, 5}, 1, 5, []int{1, 2, 0, 0, 3}, 0},
		{"rounds to nearest, half away from zero", []float64{37.4, 37.5, 38.49}, 37, 38, []int{1, 2}, 0},
		{"outside and NaN are counted apart", []float64{0, 6, math.NaN(), 3, 5.5}, 1, 5, []int{0, 0, 1, 0, 0}, 4},
		{"negative range", []float64{-2, -1, 0}, -2, 0, []int{1, 1, 1}, 0},
		{"reversed range has no bins", []float64{1, 2}, 5, 1, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHistogram(tt.scores, tt.lo, tt.hi)
			if h.Min != tt.lo || h.Max != tt.hi || !slices.Equal(h.Counts, tt.counts) || h.Outside != tt.outside {
				t.Errorf("NewHistogram = %+v, want counts %v and %d outside", h, tt.counts, tt.outside)
			}
		})
	}
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}
