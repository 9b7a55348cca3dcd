package training

import (
	"fmt"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
)

// TaskOptions returns the training options chosen for a task by 5-fold cross-validation grouped
// by transcript on AnnoMI: only the L2 penalty differs, chosen from 10, 30, 100 and 300 (the
// smaller subtype tasks want more). Tasks without their own choice get DefaultOptions.
func TaskOptions(task string) classifier.Options {
	o := classifier.DefaultOptions()
	switch task {
	case Behaviour:
		o.L2 = 30
	case Question:
		o.L2 = 100
	case Reflection:
		o.L2 = 300
	}
	return o
}

// TrainAnnoMI trains the model of every AnnoMI task (AnnoMITasks) on all the given transcripts.
// Each task uses TaskOptions(task) unless one set of options is passed, which then serves all.
func TrainAnnoMI(trs []annomi.Transcript, opt ...classifier.Options) (map[string]*classifier.Model, error) {
	if len(opt) > 1 {
		return nil, fmt.Errorf("TrainAnnoMI: at most one set of options, got %d", len(opt))
	}
	models := make(map[string]*classifier.Model, len(AnnoMITasks))
	for _, task := range AnnoMITasks {
		ex, err := FromAnnoMI(trs, task)
		if err != nil {
			return nil, err
		}
		o := TaskOptions(task)
		if len(opt) == 1 {
			o = opt[0]
		}
		m, err := classifier.Train(task, ex, o)
		if err != nil {
			return nil, fmt.Errorf("TrainAnnoMI: %w", err)
		}
		models[task] = m
	}
	return models, nil
}
