package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/transcript"
)

var transcriptCommand = command{
	summary: "score a conversation: per-turn findings, MI-style metrics and a session score",
	usage: `FILE is a transcript in one of three formats (found automatically, or set with --input):
  plain   lines of "Speaker: text"
  vtt     WebVTT captions, the speaker as a "Name:" prefix or a <v Name> tag
  csv     a CSV file with a header and speaker and text columns
Use - or no FILE to read standard input.

The practitioner is the speaker whose name holds a role word (case manager, therapist,
counsellor, clinician, nurse, social worker, provider, staff, CM...), or the one named with
--practitioner. Each practitioner turn is analysed in the context of the client's turn before it,
and its MI code (question, reflection, input) also reads how the client answered it.

Examples:
  rapport transcript call.txt
  rapport transcript --practitioner "Ana" --format json session.vtt
`,
}

func init() { transcriptCommand.run = runTranscript }

func runTranscript(e *env, args []string) error {
	fs := newFlags(e, "transcript")
	format := fs.String("format", "text", "output format: text or json")
	practitioner := fs.String("practitioner", "", "the practitioner's speaker `NAME`")
	input := fs.String("input", "", "input format: plain, vtt or csv (default: detect)")
	models := fs.String("models", "", "use the models in `FILE` instead of the built-in ones")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageError{"give one transcript file"}
	}
	switch transcript.Format(*input) {
	case "", transcript.Format("plain"), transcript.Format("vtt"), transcript.Format("csv"):
	default:
		return usageError{fmt.Sprintf("--input must be plain, vtt or csv, not %q", *input)}
	}
	file := ""
	if len(rest) == 1 {
		file = rest[0]
	}
	r, closeFn, _, err := openInput(e, file)
	if err != nil {
		return err
	}
	defer closeFn()
	turns, err := transcript.Parse(r, transcript.Options{Format: transcript.Format(*input), Practitioner: *practitioner})
	if errors.Is(err, transcript.ErrNoTurns) {
		return fmt.Errorf("%s holds no turns: write one per line as \"Speaker: text\", or give WebVTT or a CSV with speaker,text columns (%w)", inputName(file), err)
	}
	if err != nil {
		return err
	}
	a, err := loadAnalyzer(*models)
	if err != nil {
		return err
	}
	conv, err := a.AnalyzeConversation(toEngineTurns(turns))
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(e.stdout, conv)
	}
	writeConversation(e.stdout, conv)
	return nil
}

// inputName names the input in an error: the file, or standard input.
func inputName(file string) string {
	if file == "" || file == "-" {
		return "standard input"
	}
	return file
}

func toEngineTurns(ts []transcript.Turn) []engine.Turn {
	out := make([]engine.Turn, len(ts))
	for i, t := range ts {
		out[i] = engine.Turn{Speaker: t.Speaker, Practitioner: t.Role == transcript.Practitioner, Text: t.Text}
	}
	return out
}

func writeConversation(w io.Writer, c engine.Conversation) {
	for _, t := range c.Turns {
		if !t.Practitioner {
			fmt.Fprintf(w, "  %s: %s\n", t.Speaker, t.Text)
			continue
		}
		label := t.Behaviour
		if t.Subtype != "" {
			label += "/" + t.Subtype
		}
		fmt.Fprintf(w, "> %s [%s]: %s\n", t.Speaker, label, t.Text)
		if t.Analysis == nil {
			continue
		}
		for _, f := range t.Analysis.Findings {
			line := fmt.Sprintf("    - %s %q", f.Code, f.Evidence)
			if s := f.Suggestion; s != nil && s.Deletes() {
				line += fmt.Sprintf(" → delete %q", string([]rune(t.Text)[s.Start:s.End]))
			} else if s != nil {
				line += fmt.Sprintf(" → %s %q", s.Kind, s.Text)
			}
			fmt.Fprintln(w, line)
		}
	}
	m := c.Metrics
	fmt.Fprintf(w, "\nSession score: %d/100\n", c.Session.Overall)
	fmt.Fprintf(w, "Questions: %d open, %d closed. Reflections: %d simple, %d complex.\n",
		m.OpenQuestions, m.ClosedQuestions, m.SimpleReflections, m.ComplexReflections)
	for _, row := range []struct {
		name string
		m    engine.Measure
		pct  bool
	}{{"% open questions", m.PercentOpen, true}, {"reflection : question", m.ReflectionToQ, false}, {"% complex reflections", m.PercentComplex, true}} {
		fmt.Fprintf(w, "  %-24s %s  (fair %s, good %s): %s\n", row.name, num(row.m.Value, row.pct), num(row.m.Fair, row.pct), num(row.m.Good, row.pct), row.m.Rating)
	}
	fmt.Fprintf(w, "  %-24s %.0f%%\n", "practitioner talk share", m.TalkShare*100)
	fmt.Fprintf(w, "  MI-adherent %d, MI-non-adherent %d\n", m.Adherent, m.NonAdherent)
	l := c.Session.Levels
	fmt.Fprintf(w, "Empathy (mean per turn, 0–2): emotional %.2f, cognitive %.2f, exploration %.2f, compassionate %.2f\n",
		l.Emotional.Mean, l.Cognitive.Mean, l.Exploration.Mean, l.Compassionate.Mean)
	fmt.Fprintln(w, strings.TrimSpace(m.Note))
}

func num(v float64, pct bool) string {
	if pct {
		return fmt.Sprintf("%.0f%%", v*100)
	}
	return fmt.Sprintf("%.2g:1", v)
}
