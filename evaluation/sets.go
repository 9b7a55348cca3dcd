package evaluation

import "slices"

// SetReport compares predicted with gold label sets, one set per item, where an item may carry
// any number of labels (the engine's behaviour codes in a sentence). Its JSON form is the
// stable output of `rapport eval --task codes --format json`.
type SetReport struct {
	Task     string                   `json:"task"`
	N        int                      `json:"n"`
	Exact    float64                  `json:"exact_match"` // share of items whose two sets agree on every scored label
	MicroF1  float64                  `json:"micro_f1"`    // pooled over every scored label
	MacroF1  float64                  `json:"macro_f1"`    // mean F1 of the labels with gold support
	PerLabel map[string]SetLabelScore `json:"per_label"`
	Labels   []string                 `json:"labels"`
}

// SetLabelScore is one label's precision, recall and F1 over items, with how many items carry
// it in the gold sets (Support) and in the predicted ones (Predicted).
type SetLabelScore struct {
	LabelScore
	Predicted int `json:"predicted"`
}

// ScoreSets scores label sets. Only the given labels are scored: a predicted label outside
// them is ignored, since the gold sets say nothing about it.
func ScoreSets(task string, gold, pred [][]string, labels []string) SetReport {
	r := SetReport{Task: task, N: len(gold), Labels: labels, PerLabel: map[string]SetLabelScore{}}
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	exact := 0
	for i := range gold {
		same := true
		for _, l := range labels {
			g, p := slices.Contains(gold[i], l), slices.Contains(pred[i], l)
			switch {
			case g && p:
				tp[l]++
			case p:
				fp[l]++
				same = false
			case g:
				fn[l]++
				same = false
			}
		}
		if same {
			exact++
		}
	}
	var sumTP, sumFP, sumFN, macro, n int
	sumF1 := 0.0
	for _, l := range labels {
		s := SetLabelScore{LabelScore: prf(tp[l], fp[l], fn[l]), Predicted: tp[l] + fp[l]}
		r.PerLabel[l] = s
		sumTP, sumFP, sumFN = sumTP+tp[l], sumFP+fp[l], sumFN+fn[l]
		if s.Support > 0 {
			sumF1 += s.F1
			macro++
		}
		n++
	}
	if macro > 0 {
		r.MacroF1 = sumF1 / float64(macro)
	}
	r.MicroF1 = prf(sumTP, sumFP, sumFN).F1
	if r.N > 0 {
		r.Exact = float64(exact) / float64(r.N)
	}
	return r
}

// prf turns counts of true positives, false positives and false negatives into a LabelScore.
func prf(tp, fp, fn int) LabelScore {
	s := LabelScore{Support: tp + fn}
	if tp+fp > 0 {
		s.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		s.Recall = float64(tp) / float64(tp+fn)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}
