// Package training turns labelled data (AnnoMI transcripts or a plain text,label CSV) into
// examples for each task, cross-validates models grouped by transcript, and trains the bundle
// of models the engine ships.
package training

import (
	"fmt"
	"slices"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
)

// Task names, as used by `rapport eval --task` and `rapport train`.
const (
	Behaviour         = "behaviour"
	Question          = "question"
	Reflection        = "reflection"
	EmotionalReaction = "emotional-reaction"
	Interpretation    = "interpretation"
	Exploration       = "exploration"
)

// Tasks lists every task with its labels.
var Tasks = map[string][]string{
	Behaviour:         {"other", "question", "reflection", "therapist_input"},
	Question:          {"closed", "open"},
	Reflection:        {"complex", "simple"},
	EmotionalReaction: {"0", "1", "2"},
	Interpretation:    {"0", "1", "2"},
	Exploration:       {"0", "1", "2"},
}

// AnnoMITasks are the tasks whose labels AnnoMI provides.
var AnnoMITasks = []string{Behaviour, Question, Reflection}

// CheckTask returns an error naming the valid tasks when task is unknown.
func CheckTask(task string) error {
	if _, ok := Tasks[task]; !ok {
		names := make([]string, 0, len(Tasks))
		for n := range Tasks {
			names = append(names, n)
		}
		slices.Sort(names)
		return fmt.Errorf("unknown task %q (tasks: %v)", task, names)
	}
	return nil
}

// FromAnnoMI builds the examples of one task from AnnoMI transcripts: every therapist utterance
// with a label for that task, its context being the client's preceding turn, its reply the
// client's next turn (read by transcript models only) and its group the transcript.
func FromAnnoMI(trs []annomi.Transcript, task string) ([]classifier.Example, error) {
	pick, ok := annomiLabel[task]
	if !ok {
		return nil, fmt.Errorf("AnnoMI has no labels for task %q (it has %v)", task, AnnoMITasks)
	}
	var out []classifier.Example
	labelledTurns(trs, pick, func(tr annomi.Transcript, i int, label string) {
		u := tr.Utterances[i]
		out = append(out, classifier.Example{Text: u.Text, Context: tr.PreviousClient(i), Reply: tr.NextClient(i), Label: label, Group: tr.ID})
	})
	return out, nil
}

// labelledTurns calls fn, in order, for every therapist utterance whose majority coding has a
// label for the task: one call for each example FromAnnoMI builds.
func labelledTurns(trs []annomi.Transcript, pick func(annomi.Coding) string, fn func(tr annomi.Transcript, i int, label string)) {
	for _, tr := range trs {
		for i, u := range tr.Utterances {
			if label := pick(u.Majority()); u.Therapist && label != "" {
				fn(tr, i, label)
			}
		}
	}
}

// annomiLabel reads the label of each AnnoMI task from one set of codes (an annotator's, or the
// majority's); a subtype counts only where the main behaviour matches it.
var annomiLabel = map[string]func(annomi.Coding) string{
	Behaviour: func(c annomi.Coding) string { return c.Behaviour },
	Question: func(c annomi.Coding) string {
		if c.Behaviour != "question" {
			return ""
		}
		return c.Question
	},
	Reflection: func(c annomi.Coding) string {
		if c.Behaviour != "reflection" {
			return ""
		}
		return c.Reflection
	},
}
