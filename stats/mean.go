// Package stats holds the few statistics Rapport's trust dashboards show: a mean with a 95%
// confidence interval, Spearman's rank correlation with a bootstrap interval, ceiling and floor
// effects, and histograms over a score range.
//
// It exists so that every number a dashboard shows comes with an honest statement of its
// uncertainty, computed the same way everywhere. It is pure (no I/O, no clock, no global random
// state): the same inputs, and the same seed, always give the same answers.
package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Confidence is the coverage of every interval this package computes.
const Confidence = 0.95

// MeanCI is a sample mean with its 95% confidence interval from Student's t distribution.
//
// With N == 0 the mean is 0 and means nothing; check N. With N < 2 there is no interval,
// because a single value says nothing about spread: HasCI is false and Low and High are 0.
type MeanCI struct {
	N         int
	Mean      float64
	Low, High float64
	HasCI     bool
}

// Mean returns the mean of xs and its 95% t interval (mean ± t(0.975, n−1) · s/√n).
// The t distribution, not the normal, because dashboards often show small groups, where the
// normal interval is far too narrow (t(0.975, 4) = 2.78 against 1.96).
func Mean(xs []float64) MeanCI {
	n := len(xs)
	if n == 0 {
		return MeanCI{}
	}
	mean := sum(xs) / float64(n)
	if n < 2 {
		return MeanCI{N: n, Mean: mean}
	}
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	se := math.Sqrt(ss / float64(n-1) / float64(n))
	half := tQuantile(1-(1-Confidence)/2, float64(n-1)) * se
	return MeanCI{N: n, Mean: mean, Low: mean - half, High: mean + half, HasCI: true}
}

// tQuantile is the p quantile of Student's t distribution with df degrees of freedom, exact
// (through the inverse regularized incomplete beta function) for every df.
func tQuantile(p, df float64) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}
