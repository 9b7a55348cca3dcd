package training

import (
	"fmt"

	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/evaluation"
)

// Prediction is one out-of-fold prediction.
type Prediction struct {
	Label string
	Probs []float64 // in the fold model's label order, which is the task's sorted labels
}

// CrossValidate trains k models, each on the examples outside one fold of groups, and predicts
// the examples inside it. No group (transcript) is ever both trained and tested on. It returns the
// report over all out-of-fold predictions, and those predictions in example order.
func CrossValidate(task string, ex []classifier.Example, k int, opt classifier.Options, progress func(fold int)) (evaluation.Report, []Prediction, error) {
	groups := make([]string, len(ex))
	for i, e := range ex {
		groups[i] = e.Group
	}
	folds := evaluation.GroupFolds(groups, k)
	preds := make([]Prediction, len(ex))
	for f := 0; f < k; f++ {
		if progress != nil {
			progress(f)
		}
		if err := runFold(task, ex, folds, f, opt, preds); err != nil {
			return evaluation.Report{}, nil, err
		}
	}
	gold, pred := make([]string, len(ex)), make([]string, len(ex))
	for i := range ex {
		gold[i], pred[i] = ex[i].Label, preds[i].Label
	}
	return evaluation.Score(task, gold, pred, Tasks[task]), preds, nil
}

func runFold(task string, ex []classifier.Example, folds map[string]int, f int, opt classifier.Options, preds []Prediction) error {
	var train []classifier.Example
	for _, e := range ex {
		if folds[e.Group] != f {
			train = append(train, e)
		}
	}
	m, err := classifier.Train(task, train, opt)
	if err != nil {
		return fmt.Errorf("fold %d: %w", f+1, err)
	}
	for i, e := range ex {
		if folds[e.Group] == f {
			l, p := m.PredictReply(e.Text, e.Context, e.Reply) // a message model ignores the reply
			preds[i] = Prediction{Label: l, Probs: p}
		}
	}
	return nil
}
