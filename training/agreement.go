package training

import (
	"errors"
	"fmt"
	"slices"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/evaluation"
)

// HumanAgreement measures how far the coders themselves agree on a task: on every therapist
// utterance that several annotators coded, each annotator's label is scored against the majority
// of the others, as the AnnoMI authors measured their human ceiling. For a subtype (open or
// closed, simple or complex) only the annotators who coded the utterance as that behaviour take
// part, since the others gave it no subtype. A model cannot be expected to agree with the coders
// more than they agree with each other.
func HumanAgreement(trs []annomi.Transcript, task string) (evaluation.Report, error) {
	pick, ok := annomiLabel[task]
	if !ok {
		return evaluation.Report{}, fmt.Errorf("AnnoMI has no labels for task %q (it has %v)", task, AnnoMITasks)
	}
	var cs []evaluation.Cluster
	for _, tr := range trs {
		for _, u := range tr.Utterances {
			if !u.Therapist || len(u.Codings) < 2 {
				continue
			}
			if g, p := leaveOneOut(u.Codings, pick); len(g) > 0 {
				cs = append(cs, evaluation.Cluster{Gold: g, Pred: p})
			}
		}
	}
	return scoreClusters(task, cs)
}

// scoreClusters scores every utterance's pairs together, with a bootstrap interval that
// resamples utterances: the agreement figures rest on a few hundred of them.
func scoreClusters(task string, cs []evaluation.Cluster) (evaluation.Report, error) {
	if len(cs) == 0 {
		return evaluation.Report{}, errors.New("no utterance was coded by more than one annotator (the full AnnoMI file has some)")
	}
	var gold, pred []string
	for _, c := range cs {
		gold, pred = append(gold, c.Gold...), append(pred, c.Pred...)
	}
	r := evaluation.Score(task, gold, pred, Tasks[task])
	iv := evaluation.MacroF1Interval(cs, r.Labels, 2000, 1)
	r.Interval = &iv
	return r, nil
}

// leaveOneOut pairs each coding's label (pred) with the majority label of the other codings
// (gold), skipping codings without a label for the task and utterances where no other has one.
func leaveOneOut(cs []annomi.Coding, pick func(annomi.Coding) string) (gold, pred []string) {
	for i, c := range cs {
		mine := pick(c)
		if mine == "" {
			continue
		}
		votes := map[string]int{}
		for j, o := range cs {
			if l := pick(o); j != i && l != "" {
				votes[l]++
			}
		}
		if len(votes) > 0 {
			gold, pred = append(gold, annomi.Majority(votes)), append(pred, mine)
		}
	}
	return gold, pred
}

// ModelAgreement puts the models where HumanAgreement puts each annotator. It cross-validates
// the task's models grouped by transcript (k folds) and, on every utterance that several
// annotators coded, scores the out-of-fold prediction once against the majority of each
// annotator's others: exactly the pairs HumanAgreement scores, with the model in the annotator's
// place. A model is only ever asked about an utterance whose majority coding has the task's
// label (a question's form is predicted only where most coders saw a question), so a subtype
// task compares a few pairs fewer than HumanAgreement does.
func ModelAgreement(trs []annomi.Transcript, task string, k int, opt classifier.Options, progress func(fold int)) (evaluation.Report, error) {
	_, preds, err := outOfFold(trs, task, k, opt, progress)
	if err != nil {
		return evaluation.Report{}, err
	}
	labels := make([]string, len(preds))
	for i, p := range preds {
		labels[i] = p.Label
	}
	return againstOthers(trs, task, labels)
}

// outOfFold returns the task's AnnoMI examples and their out-of-fold predictions, in order.
func outOfFold(trs []annomi.Transcript, task string, k int, opt classifier.Options, progress func(fold int)) ([]classifier.Example, []Prediction, error) {
	ex, err := FromAnnoMI(trs, task)
	if err != nil {
		return nil, nil, err
	}
	_, preds, err := CrossValidate(task, ex, k, opt, progress)
	return ex, preds, err
}

// againstOthers scores pred, one label per FromAnnoMI example, against the leave-one-out
// majorities of the utterances several annotators coded.
func againstOthers(trs []annomi.Transcript, task string, pred []string) (evaluation.Report, error) {
	pick := annomiLabel[task]
	var cs []evaluation.Cluster
	k := 0
	labelledTurns(trs, pick, func(tr annomi.Transcript, i int, _ string) {
		p := pred[k]
		k++
		if g, _ := leaveOneOut(tr.Utterances[i].Codings, pick); len(g) > 0 {
			cs = append(cs, evaluation.Cluster{Gold: g, Pred: slices.Repeat([]string{p}, len(g))})
		}
	})
	return scoreClusters(task, cs)
}
