package stats

import "math"

// MeanFromSums returns the mean and 95% t interval of n values from their sum and sum of
// squares, the sufficient statistics a database can add up without returning every value.
// It equals Mean over the same values, up to rounding. The variance is computed as
// (sumSq − sum²/n)/(n−1), which loses precision only when the spread is tiny against the
// mean; for scores on 1–5 or 10–50 scales that is far below what a dashboard shows, and a
// negative result of rounding is taken as zero spread.
func MeanFromSums(n int, sum, sumSq float64) MeanCI {
	if n <= 0 {
		return MeanCI{}
	}
	mean := sum / float64(n)
	if n < 2 {
		return MeanCI{N: n, Mean: mean}
	}
	ss := max(sumSq-sum*sum/float64(n), 0)
	se := math.Sqrt(ss / float64(n-1) / float64(n))
	half := tQuantile(1-(1-Confidence)/2, float64(n-1)) * se
	return MeanCI{N: n, Mean: mean, Low: mean - half, High: mean + half, HasCI: true}
}
