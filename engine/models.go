package engine

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/rapporthq/rapport/classifier"
)

// models.bin holds the shipped models, trained on AnnoMI by `rapport train` (see
// docs/evaluation.md for the command that reproduces it byte for byte).
//
//go:embed models.bin
var modelsBin []byte

func embeddedModels() (*classifier.Bundle, error) {
	b, err := classifier.DecodeBundle(bytes.NewReader(modelsBin))
	if err != nil {
		return nil, fmt.Errorf("engine: embedded models: %w", err)
	}
	return b, nil
}

// BuiltinModels returns the models embedded in the engine.
func BuiltinModels() (*classifier.Bundle, error) { return embeddedModels() }

// TranscriptModel names the model of a task that reads the client's reply to a turn as well as
// what came before it: `rapport transcript` has the whole conversation, so it can know how the
// client answered ("yes" to a closed question, a story to an open one).
func TranscriptModel(task string) string { return task + "@transcript" }
