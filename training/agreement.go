package training

import (
	"errors"
	"fmt"

	"github.com/rapporthq/rapport/annomi"
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
	var gold, pred []string
	for _, tr := range trs {
		for _, u := range tr.Utterances {
			if !u.Therapist || len(u.Codings) < 2 {
				continue
			}
			g, p := leaveOneOut(u.Codings, pick)
			gold, pred = append(gold, g...), append(pred, p...)
		}
	}
	if len(gold) == 0 {
		return evaluation.Report{}, errors.New("no utterance was coded by more than one annotator (the full AnnoMI file has some)")
	}
	return evaluation.Score(task, gold, pred, Tasks[task]), nil
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
