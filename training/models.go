package training

import (
	"fmt"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/engine"
)

// TaskOptions returns the training options chosen for a task's message model (which sees a turn
// and the client's words before it, as when someone types) by 5-fold cross-validation grouped
// by transcript on AnnoMI: only the L2 penalty differs, chosen from 10, 30, 100 and 300 (the
// smaller subtype tasks want more). Tasks without their own choice get DefaultOptions.
func TaskOptions(task string) classifier.Options {
	return withReply(taskOptions(task), false)
}

// TranscriptOptions returns the options of a task's transcript model, which also reads the
// client's reply to the turn; the same cross-validation found the same penalties best.
func TranscriptOptions(task string) classifier.Options {
	return withReply(taskOptions(task), true)
}

// withReply turns the reply feature family on or off, leaving the other families' scales alone.
func withReply(o classifier.Options, on bool) classifier.Options {
	scale := map[string]float64{}
	for k, v := range o.Scale {
		scale[k] = v
	}
	scale["reply"] = 0
	if on {
		scale["reply"] = 1
	}
	o.Scale = scale
	return o
}

func taskOptions(task string) classifier.Options {
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

// TrainAnnoMI trains two models of every AnnoMI task (AnnoMITasks) on all the given
// transcripts: the message model, named for the task, and the transcript model, named
// engine.TranscriptModel(task), which also reads the client's reply. They use TaskOptions and
// TranscriptOptions unless one set of options is passed, which then serves both (with the reply
// family off and on).
func TrainAnnoMI(trs []annomi.Transcript, opt ...classifier.Options) (map[string]*classifier.Model, error) {
	if len(opt) > 1 {
		return nil, fmt.Errorf("TrainAnnoMI: at most one set of options, got %d", len(opt))
	}
	models := make(map[string]*classifier.Model, 2*len(AnnoMITasks))
	for _, task := range AnnoMITasks {
		ex, err := FromAnnoMI(trs, task)
		if err != nil {
			return nil, err
		}
		for _, reply := range []bool{false, true} {
			o := withReply(taskOptions(task), reply)
			if len(opt) == 1 {
				o = withReply(opt[0], reply)
			}
			m, err := classifier.Train(task, ex, o)
			if err != nil {
				return nil, fmt.Errorf("TrainAnnoMI: %w", err)
			}
			name := task
			if reply {
				name = engine.TranscriptModel(task)
			}
			models[name] = m
		}
	}
	return models, nil
}
