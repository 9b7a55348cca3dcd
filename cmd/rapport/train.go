package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/training"
)

var trainCommand = command{
	summary: "train the engine's models from labelled CSV and write a models file",
	usage: `FILE is either an AnnoMI CSV (it trains the behaviour, question and reflection models), or a
CSV with a header and the columns text and label (plus optional context) for one --task; the
models of the other tasks are then copied from the built-in set.

Point Rapport at the result with --models FILE (analyze, transcript, eval).

The shipped models (engine/models.bin) are reproduced exactly by:
  go run ./cmd/rapport train --out engine/models.bin ../shared/data/annomi/annomi-full.dev.csv

Examples:
  rapport train --out my-models.bin ../shared/data/annomi/annomi-full.dev.csv
  rapport train --task question --out my-models.bin our-coded-questions.csv
`,
}

func init() { trainCommand.run = runTrain }

func runTrain(e *env, args []string) error {
	fs := newFlags(e, "train")
	out := fs.String("out", "", "write the models to `FILE` (required)")
	task := fs.String("task", "", "the task of a text,label CSV (not needed for AnnoMI files)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out FILE is required"}
	}
	if len(rest) != 1 {
		return usageError{"give one CSV file"}
	}
	if *task != "" {
		if err := training.CheckTask(*task); err != nil {
			return usageError{err.Error()}
		}
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	bundle, err := trainBundle(data, *task)
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	bundle.Trained = "rapport train " + filepath.Base(rest[0])
	if err := writeAtomically(*out, bundle); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %d models to %s\n", len(bundle.Models), *out)
	return nil
}

func trainBundle(data []byte, task string) (*classifier.Bundle, error) {
	if isAnnoMI(data) {
		trs, err := annomi.Read(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		models, err := training.TrainAnnoMI(trs)
		if err != nil {
			return nil, err
		}
		return &classifier.Bundle{FeatureVersion: classifier.FeatureVersion, Models: models}, nil
	}
	if task == "" {
		return nil, usageError{"--task is required for a text,label CSV"}
	}
	ex, err := training.ReadLabelled(bytes.NewReader(data), task)
	if err != nil {
		return nil, err
	}
	m, err := classifier.Train(task, ex, training.TaskOptions(task))
	if err != nil {
		return nil, err
	}
	b, err := engine.BuiltinModels()
	if err != nil {
		return nil, err
	}
	// The built-in transcript model of the task goes too, so transcripts use the new model
	// rather than one trained on other people's coding.
	models := map[string]*classifier.Model{task: m}
	for k, v := range b.Models {
		if k != task && k != engine.TranscriptModel(task) {
			models[k] = v
		}
	}
	return &classifier.Bundle{FeatureVersion: classifier.FeatureVersion, Models: models}, nil
}

// writeAtomically writes to a temporary file and renames it, so a crash never leaves a
// half-written models file where Rapport would load it.
func writeAtomically(path string, b *classifier.Bundle) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".models-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := b.Encode(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing models: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// loadAnalyzer builds the analyzer, with the models in path if one is given.
func loadAnalyzer(path string) (*engine.Analyzer, error) {
	if path == "" {
		return engine.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := classifier.DecodeBundle(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return engine.New(engine.WithModels(b))
}
