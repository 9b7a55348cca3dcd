package evaluation

import (
	"math/rand"
	"sort"
)

// Cluster is the gold and predicted labels one unit contributes, resampled together: all the
// pairs of one utterance, since the pairs an utterance gives (one per annotator) are not
// independent of each other.
type Cluster struct {
	Gold, Pred []string
}

// Interval is a 95% percentile bootstrap interval of macro-F1.
type Interval struct {
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	Resamples int     `json:"resamples"`
	Units     int     `json:"units"` // how many clusters were resampled
}

// MacroF1Interval resamples whole clusters with replacement (resamples times, from seed, so a
// run is repeatable) and returns the 2.5th and 97.5th percentiles of macro-F1 over labels. It
// says how far a score resting on a few hundred utterances could move on another sample of
// them. Fewer than two clusters give a zero interval.
func MacroF1Interval(clusters []Cluster, labels []string, resamples int, seed int64) Interval {
	iv := Interval{Resamples: resamples, Units: len(clusters)}
	if len(clusters) < 2 || resamples < 1 {
		return iv
	}
	r := rand.New(rand.NewSource(seed))
	scores := make([]float64, resamples)
	var gold, pred []string
	for b := range scores {
		gold, pred = gold[:0], pred[:0]
		for range clusters {
			c := clusters[r.Intn(len(clusters))]
			gold, pred = append(gold, c.Gold...), append(pred, c.Pred...)
		}
		scores[b] = Score("", gold, pred, labels).MacroF1
	}
	sort.Float64s(scores)
	iv.Low, iv.High = scores[int(0.025*float64(resamples))], scores[int(0.975*float64(resamples-1))]
	return iv
}
