package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/evaluation"
	"github.com/rapporthq/rapport/training"
)

var evalCommand = command{
	summary: "measure the engine against human-coded data (accuracy, macro-F1, confusion)",
	usage: `FILE.csv has a header with the columns text and label, plus an optional context (what the
client said before). The EPITOME layout (seeker_post, response, emotional_reaction,
interpretation, exploration) and the AnnoMI CSV files are read too.

Tasks and labels:
  behaviour            question | reflection | therapist_input | other
  question             open | closed
  reflection           simple | complex
  emotional-reaction   0 | 1 | 2   (EPITOME levels; context = the help-seeker's post)
  interpretation       0 | 1 | 2
  exploration          0 | 1 | 2
  session              AnnoMI only: AUC of the session score, high- against low-quality MI,
                       and each session's MI summary metrics against the coders' counts
  pitfalls             AnnoMI only: how often the pitfall rules fire on practitioner turns, by
                       the session's rated quality (skilled counsellors should rarely trip them)
  advice               AnnoMI only: turns where the engine finds advice (with or without
                       permission) against turns the coders coded as advice; --split dev
                       (even transcript ids, read while writing the rules) or test (odd ids)
  codes                the behaviour codes found in hand-coded texts: a CSV or tab-separated
                       file with text and codes columns (space-separated codes, "-" for none;
                       or pitfalls and skills columns), and optional kind, context and split;
                       only the codes the file uses are scored (--split keeps one split;
                       --merge judgment,dismissive scores those codes as one)

The built-in models were trained on AnnoMI, so on an AnnoMI file eval never scores them on data
they saw: it runs k-fold cross-validation grouped by transcript (--folds), training fresh models
on the other folds each time. By default it measures the message models, which see a turn and
the client's words before it, as when someone types; --transcript measures the transcript
models, which also read the client's reply, as "rapport transcript" does. Other files are scored
with the built-in (or --models) message models. --humans scores no model: on the utterances that
several annotators coded, it scores each annotator against the majority of the others, which is
as well as any model can be expected to do. --consensus puts the models (out of fold, message or
--transcript) in each annotator's place on those same utterances, against the same majorities:
most AnnoMI transcripts were coded by one annotator, so this is the one score against labels
that several coders agreed on. --coder-prior is a diagnostic, not a model: it runs the same
cross-validation and then shifts each turn's prediction towards the label mix that its
transcript's annotator used in the training folds. Nobody knows the coder in use; how far the
score rises says how much of the remaining error is one coder's habits against another's.

Examples:
  rapport eval --task behaviour ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task question --transcript ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task reflection --humans ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task behaviour --consensus ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task question --transcript --coder-prior ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task exploration --format json testdata/epitome/test.csv
  rapport eval --task session ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task pitfalls ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task advice --split test ../shared/data/annomi/annomi-full.dev.csv
  rapport eval --task codes --split test engine/testdata/blind.tsv
  rapport eval --task codes --merge judgment,dismissive,minimizing engine/testdata/blind24.tsv
`,
}

func init() { evalCommand.run = runEval }

// evalArgs is an eval command line, checked.
type evalArgs struct {
	task, format, models, split, file    string
	folds                                int
	transcript, humans, consensus, prior bool
	merged                               []string
}

func runEval(e *env, args []string) error {
	a, err := parseEval(e, args)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(a.file)
	if err != nil {
		return err
	}
	progress := func(f int) {
		if e.progress {
			fmt.Fprintf(e.stderr, "\rfold %d of %d", f+1, a.folds)
		}
	}
	switch {
	case a.humans:
		return evalHumans(e, a.task, data, a.format)
	case a.consensus || a.prior:
		run := annoMIRun{task: a.task, folds: a.folds, format: a.format, opt: a.options()}
		if a.prior {
			return evalCoderPrior(e, run, data, progress)
		}
		return evalConsensus(e, run, data, progress)
	case a.task == training.Codes:
		return evalCodes(e, codesRun{path: a.file, split: a.split, models: a.models, format: a.format, merge: a.merged}, data)
	case isAnnoMI(data):
		return evalAnnoMI(e, annoMIRun{task: a.task, split: a.split, folds: a.folds, format: a.format, opt: a.options()}, data, progress)
	case a.transcript:
		return usageError{"--transcript needs an AnnoMI file (whole transcripts)"}
	case annomiOnly[a.task]:
		return usageError{"the " + a.task + " task needs an AnnoMI file (transcripts with quality ratings)"}
	}
	return evalLabelled(e, a, data)
}

// options are the training options of the task's message or transcript models.
func (a *evalArgs) options() classifier.Options {
	if a.transcript {
		return training.TranscriptOptions(a.task)
	}
	return training.TaskOptions(a.task)
}

// evalLabelled scores the engine on a CSV of text,label rows.
func evalLabelled(e *env, a *evalArgs, data []byte) error {
	an, err := loadAnalyzer(a.models)
	if err != nil {
		return err
	}
	ex, err := training.ReadLabelled(bytes.NewReader(data), a.task)
	if err != nil {
		return fmt.Errorf("%s: %w", a.file, err)
	}
	return printReport(e.stdout, a.format, scoreExamples(an, a.task, ex))
}

func parseEval(e *env, args []string) (*evalArgs, error) {
	fs := newFlags(e, "eval")
	a := &evalArgs{}
	fs.StringVar(&a.task, "task", "", "what to evaluate (see below)")
	fs.StringVar(&a.format, "format", "text", "output format: text or json")
	fs.IntVar(&a.folds, "folds", 5, "cross-validation folds, for AnnoMI files")
	fs.StringVar(&a.models, "models", "", "score with the models in `FILE` instead of the built-in ones")
	fs.BoolVar(&a.transcript, "transcript", false, "AnnoMI only: measure the transcript models, which also read the client's reply")
	fs.BoolVar(&a.humans, "humans", false, "AnnoMI full file only: score each annotator against the majority of the others (the human ceiling)")
	fs.BoolVar(&a.consensus, "consensus", false, "AnnoMI full file only: score the models, out of fold, against the same majorities as --humans")
	fs.BoolVar(&a.prior, "coder-prior", false, "AnnoMI only: shift each out-of-fold prediction by its coder's label mix in the training folds (a diagnostic)")
	fs.StringVar(&a.split, "split", "", "codes and advice tasks only: score the rows (codes) or transcripts (advice) of split `NAME`")
	merge := fs.String("merge", "", "codes task only: score the comma-separated `CODES` as one (a text coded with any of them, found with any)")
	rest, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	if err := checkFormat(a.format); err != nil {
		return nil, err
	}
	if len(rest) != 1 {
		return nil, usageError{"give one CSV file"}
	}
	a.file = rest[0]
	if a.merged, err = mergeList(*merge, a.task); err != nil {
		return nil, err
	}
	return a, a.check()
}

// check refuses combinations of flags that mean nothing.
func (a *evalArgs) check() error {
	if a.folds < 2 || a.folds > 20 {
		return usageError{"--folds must be between 2 and 20"}
	}
	if a.split != "" && a.task != training.Codes && a.task != training.Advice {
		return usageError{"--split belongs to the codes and advice tasks"}
	}
	if !annomiOnly[a.task] && a.task != training.Codes {
		if err := training.CheckTask(a.task); err != nil {
			return usageError{err.Error()}
		}
	}
	if countTrue(a.humans, a.consensus, a.prior) > 1 {
		return usageError{"give one of --humans, --consensus and --coder-prior"}
	}
	return nil
}

// codesRun is what the codes task was asked to score.
type codesRun struct {
	path, split, models, format string
	merge                       []string
}

// mergeList reads --merge: two or more engine codes, for the codes task only.
func mergeList(s, task string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	if task != training.Codes {
		return nil, usageError{"--merge belongs to the codes task"}
	}
	codes := strings.Split(s, ",")
	for i, c := range codes {
		codes[i] = strings.TrimSpace(c)
		if !engine.Code(codes[i]).Valid() && codes[i] != "reflection" {
			return nil, usageError{fmt.Sprintf("--merge: %q is not a behaviour code", codes[i])}
		}
	}
	if len(codes) < 2 {
		return nil, usageError{"--merge needs two or more codes, separated by commas"}
	}
	return codes, nil
}

// evalCodes scores the codes the engine finds against a file of hand-coded texts.
func evalCodes(e *env, run codesRun, data []byte) error {
	rows, err := training.ReadCoded(bytes.NewReader(data), run.split)
	if err != nil {
		return fmt.Errorf("%s: %w", run.path, err)
	}
	a, err := loadAnalyzer(run.models)
	if err != nil {
		return err
	}
	r, err := training.ScoreCoded(a, rows, run.merge...)
	if err != nil {
		return err
	}
	format := run.format
	if format == "json" {
		return writeJSON(e.stdout, r)
	}
	fmt.Fprintf(e.stdout, "task codes: n=%d texts, micro-F1=%.3f macro-F1=%.3f, every scored code right in %.1f%% of texts\n\n",
		r.N, r.MicroF1, r.MacroF1, 100*r.Exact)
	fmt.Fprintf(e.stdout, "%-26s %9s %7s %7s %8s %9s\n", "code", "precision", "recall", "f1", "support", "predicted")
	for _, l := range r.Labels {
		s := r.PerLabel[l]
		fmt.Fprintf(e.stdout, "%-26s %9.3f %7.3f %7.3f %8d %9d\n", l, s.Precision, s.Recall, s.F1, s.Support, s.Predicted)
	}
	return nil
}

// annomiOnly are the tasks that need whole AnnoMI transcripts.
var annomiOnly = map[string]bool{"session": true, "pitfalls": true, training.Advice: true}

func isAnnoMI(data []byte) bool {
	line, _, _ := bufio.NewReader(bytes.NewReader(data)).ReadLine()
	cols, err := csv.NewReader(bytes.NewReader(line)).Read()
	return err == nil && annomi.Header(cols)
}

// annoMIRun is what an evaluation on an AnnoMI file was asked for.
type annoMIRun struct {
	task, split, format string
	folds               int
	opt                 classifier.Options
}

func evalAnnoMI(e *env, run annoMIRun, data []byte, progress func(int)) error {
	trs, err := annomi.Read(bytes.NewReader(data))
	if err != nil {
		return err
	}
	switch run.task {
	case "session":
		res, err := training.SessionAUC(trs, run.folds, progress)
		if err != nil {
			return err
		}
		return printSession(e.stdout, run.format, res)
	case "pitfalls":
		return evalPitfalls(e, trs, run.format)
	case training.Advice:
		return evalAdvice(e, trs, run.split, run.format)
	}
	ex, err := training.FromAnnoMI(trs, run.task)
	if err != nil {
		return usageError{err.Error()}
	}
	r, _, err := training.CrossValidate(run.task, ex, run.folds, run.opt, progress)
	if err != nil {
		return err
	}
	if e.progress {
		fmt.Fprintln(e.stderr)
	}
	return printReport(e.stdout, run.format, r)
}

// evalAdvice scores the engine's advice findings against the turns AnnoMI's coders coded as
// advice, on one half of the transcripts or all of them.
func evalAdvice(e *env, trs []annomi.Transcript, split, format string) error {
	trs, err := training.AdviceSplit(trs, split)
	if err != nil {
		return usageError{err.Error()}
	}
	a, err := engine.Default()
	if err != nil {
		return err
	}
	r, err := training.AdviceAgreement(a, trs)
	if err != nil {
		return err
	}
	return printReport(e.stdout, format, r)
}

// evalHumans reports how far AnnoMI's own coders agree on the task, the ceiling for any model.
func evalHumans(e *env, task string, data []byte, format string) error {
	if !isAnnoMI(data) {
		return usageError{"--humans needs the full AnnoMI file (several annotators per utterance)"}
	}
	trs, err := annomi.Read(bytes.NewReader(data))
	if err != nil {
		return err
	}
	r, err := training.HumanAgreement(trs, task)
	if err != nil {
		return usageError{err.Error()}
	}
	return printReport(e.stdout, format, r)
}

// evalConsensus scores the models where --humans scores each annotator, so that the two can be
// compared on the same pairs.
func evalConsensus(e *env, run annoMIRun, data []byte, progress func(int)) error {
	trs, err := annoMITranscripts(data, run.task, "--consensus needs the full AnnoMI file (several annotators per utterance)")
	if err != nil {
		return err
	}
	r, err := training.ModelAgreement(trs, run.task, run.folds, run.opt, progress)
	if err != nil {
		return err
	}
	if e.progress {
		fmt.Fprintln(e.stderr)
	}
	return printReport(e.stdout, run.format, r)
}

// evalCoderPrior scores the models as if each transcript's coder were known (CoderPriorCV).
func evalCoderPrior(e *env, run annoMIRun, data []byte, progress func(int)) error {
	trs, err := annoMITranscripts(data, run.task, "--coder-prior needs an AnnoMI file")
	if err != nil {
		return err
	}
	r, err := training.CoderPriorCV(trs, run.task, run.folds, run.opt, progress)
	if err != nil {
		return err
	}
	if e.progress {
		fmt.Fprintln(e.stderr)
	}
	return printReport(e.stdout, run.format, r)
}

// annoMITranscripts reads an AnnoMI file for a flag that needs one (notAnnoMI says so) and a
// task it has labels for.
func annoMITranscripts(data []byte, task, notAnnoMI string) ([]annomi.Transcript, error) {
	if !isAnnoMI(data) {
		return nil, usageError{notAnnoMI}
	}
	if !slices.Contains(training.AnnoMITasks, task) {
		return nil, usageError{fmt.Sprintf("AnnoMI has no labels for task %q (it has %v)", task, training.AnnoMITasks)}
	}
	return annomi.Read(bytes.NewReader(data))
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// scoreExamples predicts each example with the analyzer: the learned tasks with their model,
// the empathy tasks with the engine's level ratings.
func scoreExamples(a *engine.Analyzer, task string, ex []classifier.Example) evaluation.Report {
	gold, pred := make([]string, len(ex)), make([]string, len(ex))
	for i, x := range ex {
		gold[i], pred[i] = x.Label, a.Predict(task, x.Text, x.Context)
	}
	return evaluation.Score(task, gold, pred, training.Tasks[task])
}

func printReport(w io.Writer, format string, r evaluation.Report) error {
	if format == "json" {
		return writeJSON(w, r)
	}
	fmt.Fprintf(w, "task %s: n=%d accuracy=%.3f macro-F1=%.3f\n", r.Task, r.N, r.Accuracy, r.MacroF1)
	if iv := r.Interval; iv != nil {
		fmt.Fprintf(w, "macro-F1 95%% interval %.3f–%.3f (bootstrap: %d resamples of the %d utterances)\n", iv.Low, iv.High, iv.Resamples, iv.Units)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-16s %9s %7s %7s %8s\n", "label", "precision", "recall", "f1", "support")
	for _, l := range r.Labels {
		s := r.PerLabel[l]
		fmt.Fprintf(w, "%-16s %9.3f %7.3f %7.3f %8d\n", l, s.Precision, s.Recall, s.F1, s.Support)
	}
	fmt.Fprintf(w, "\nconfusion (rows gold, columns predicted):\n%-16s", "")
	for _, l := range r.Labels {
		fmt.Fprintf(w, " %15s", l)
	}
	fmt.Fprintln(w)
	for _, g := range r.Labels {
		fmt.Fprintf(w, "%-16s", g)
		for _, p := range r.Labels {
			fmt.Fprintf(w, " %15d", r.Confusion[g][p])
		}
		fmt.Fprintln(w)
	}
	return nil
}

// evalPitfalls reports how often the pitfall rules fire on AnnoMI's practitioner turns.
func evalPitfalls(e *env, trs []annomi.Transcript, format string) error {
	a, err := engine.Default()
	if err != nil {
		return err
	}
	groups, err := training.PitfallRates(a, trs)
	if err != nil {
		return err
	}
	if format == "json" {
		return writeJSON(e.stdout, groups)
	}
	fmt.Fprintln(e.stdout, "practitioner turns with a pitfall finding, by the session's rated quality:")
	for _, g := range groups {
		share := 0.0
		if g.Turns > 0 {
			share = 100 * float64(g.Flagged) / float64(g.Turns)
		}
		fmt.Fprintf(e.stdout, "  %-5s %d of %d turns (%.1f%%)", g.Quality, g.Flagged, g.Turns, share)
		codes := slices.Sorted(maps.Keys(g.ByCode))
		for i, c := range codes {
			sep := ", "
			if i == 0 {
				sep = ": "
			}
			fmt.Fprintf(e.stdout, "%s%s %d", sep, c, g.ByCode[c])
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

func printSession(w io.Writer, format string, r training.SessionResult) error {
	if format == "json" {
		return writeJSON(w, r)
	}
	fmt.Fprintf(w, "session score, high- vs low-quality MI: AUC=%.3f (n=%d high, %d low, %d-fold out-of-fold models)\n",
		r.AUC, r.High, r.Low, r.Folds)
	fmt.Fprintf(w, "mean score: high %.1f, low %.1f\n", r.MeanHigh, r.MeanLow)
	fmt.Fprintln(w, strings.TrimSpace(r.Note))
	fmt.Fprintln(w)
	fmt.Fprintln(w, "MI summary metrics per session, the engine (out of fold) against the coders' labels:")
	fmt.Fprintf(w, "%-28s %4s %18s %9s %7s %7s %7s\n", "metric", "n", "spearman (95% CI)", "mean |Δ|", "coded", "engine", "same band")
	for _, a := range r.Agreement {
		band := "—"
		if a.SameRating != nil {
			band = fmt.Sprintf("%.0f%%", 100**a.SameRating)
		}
		fmt.Fprintf(w, "%-28s %4d %6.2f (%.2f–%.2f) %9.2f %7.2f %7.2f %7s\n", a.Metric, a.N, a.Spearman, a.Low, a.High, a.MAE, a.MeanCoded, a.MeanEngine, band)
	}
	return nil
}
