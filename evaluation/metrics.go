// Package evaluation measures classifiers honestly: confusion matrices, per-label precision,
// recall and F1, macro-F1, ROC AUC, and k-fold cross-validation grouped so that no transcript is
// ever in both the training and the test folds.
package evaluation

import (
	"sort"
)

// LabelScore is precision, recall and F1 for one label.
type LabelScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// Report is the result of comparing predictions with gold labels. Its JSON form is the stable
// output of `rapport eval --format json`.
type Report struct {
	Task      string                    `json:"task"`
	N         int                       `json:"n"`
	Accuracy  float64                   `json:"accuracy"`
	MacroF1   float64                   `json:"macro_f1"`
	PerLabel  map[string]LabelScore     `json:"per_label"`
	Confusion map[string]map[string]int `json:"confusion"` // gold → predicted → count
	Labels    []string                  `json:"labels"`
	// Interval, where given, is how far MacroF1 could move on another sample of the same kind
	// (only the scores that rest on a few hundred utterances carry one).
	Interval *Interval `json:"macro_f1_interval,omitempty"`
}

// Score compares predicted with gold labels. labels fixes the label order; labels that occur in
// the data but not in the list are appended.
func Score(task string, gold, pred []string, labels []string) Report {
	labels = mergeLabels(labels, gold, pred)
	r := Report{Task: task, N: len(gold), Labels: labels,
		PerLabel: map[string]LabelScore{}, Confusion: map[string]map[string]int{}}
	for _, l := range labels {
		r.Confusion[l] = map[string]int{}
		for _, m := range labels {
			r.Confusion[l][m] = 0
		}
	}
	correct := 0
	for i := range gold {
		r.Confusion[gold[i]][pred[i]]++
		if gold[i] == pred[i] {
			correct++
		}
	}
	if r.N > 0 {
		r.Accuracy = float64(correct) / float64(r.N)
	}
	sum, n := 0.0, 0
	for _, l := range labels {
		s := labelScore(r.Confusion, labels, l)
		r.PerLabel[l] = s
		if s.Support > 0 {
			sum += s.F1
			n++
		}
	}
	if n > 0 {
		r.MacroF1 = sum / float64(n)
	}
	return r
}

// labelScore computes P/R/F1 for label l. Macro-F1 averages over labels present in the gold data,
// as scikit-learn does when given only those labels.
func labelScore(conf map[string]map[string]int, labels []string, l string) LabelScore {
	tp := conf[l][l]
	gold, pred := 0, 0
	for _, m := range labels {
		gold += conf[l][m]
		pred += conf[m][l]
	}
	s := LabelScore{Support: gold}
	if pred > 0 {
		s.Precision = float64(tp) / float64(pred)
	}
	if gold > 0 {
		s.Recall = float64(tp) / float64(gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

func mergeLabels(labels []string, lists ...[]string) []string {
	seen := map[string]bool{}
	out := append([]string(nil), labels...)
	for _, l := range out {
		seen[l] = true
	}
	var extra []string
	for _, list := range lists {
		for _, l := range list {
			if !seen[l] {
				seen[l] = true
				extra = append(extra, l)
			}
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// AUC is the area under the ROC curve: the probability that a random positive scores above a
// random negative, ties counting one half. It returns 0.5 when either class is empty.
func AUC(scores []float64, positive []bool) float64 {
	type pt struct {
		s   float64
		pos bool
	}
	pts := make([]pt, len(scores))
	np, nn := 0, 0
	for i, s := range scores {
		pts[i] = pt{s, positive[i]}
		if positive[i] {
			np++
		} else {
			nn++
		}
	}
	if np == 0 || nn == 0 {
		return 0.5
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].s < pts[j].s })
	// Sum of the positives' mid-ranks (Mann–Whitney U).
	rankSum := 0.0
	for i := 0; i < len(pts); {
		j := i
		for j < len(pts) && pts[j].s == pts[i].s {
			j++
		}
		mid := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if pts[k].pos {
				rankSum += mid
			}
		}
		i = j
	}
	u := rankSum - float64(np*(np+1))/2
	return u / float64(np*nn)
}

// GroupFolds assigns each group to one of k folds, deterministically and with balanced sizes:
// groups are taken largest first and each goes to the fold with the fewest items so far.
func GroupFolds(groups []string, k int) map[string]int {
	size := map[string]int{}
	for _, g := range groups {
		size[g]++
	}
	names := make([]string, 0, len(size))
	for g := range size {
		names = append(names, g)
	}
	sort.Slice(names, func(i, j int) bool {
		if size[names[i]] != size[names[j]] {
			return size[names[i]] > size[names[j]]
		}
		return names[i] < names[j]
	})
	load := make([]int, k)
	fold := map[string]int{}
	for _, g := range names {
		best := 0
		for f := 1; f < k; f++ {
			if load[f] < load[best] {
				best = f
			}
		}
		fold[g] = best
		load[best] += size[g]
	}
	return fold
}
