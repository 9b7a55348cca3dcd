package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	questionsCSV = "testdata/questions.csv"
	annomiMulti  = "testdata/annomi-multi.csv" // two transcripts; three annotators coded the first
)

func evalJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	r := rapport(t, "", append([]string{"eval", "--format", "json"}, args...)...)
	r.wantCode(t, exitOK)
	return decodeJSON(t, r.stdout)
}

// checkReport checks that a decoded report is whole and agrees with itself: accuracy is the
// confusion diagonal over n, support the confusion rows, macro-F1 the mean F1 of the labels
// with support.
func checkReport(t *testing.T, rep map[string]any, task string, n int) {
	t.Helper()
	for _, k := range []string{"task", "n", "accuracy", "macro_f1", "per_label", "confusion", "labels"} {
		if _, ok := rep[k]; !ok {
			t.Fatalf("report lacks %q: %v", k, rep)
		}
	}
	if rep["task"] != task {
		t.Errorf("task = %v, want %s", rep["task"], task)
	}
	if rep["n"] != float64(n) {
		t.Errorf("n = %v, want %d", rep["n"], n)
	}
	per := rep["per_label"].(map[string]any)
	conf := rep["confusion"].(map[string]any)
	labels := rep["labels"].([]any)
	diag, total, f1sum, present := 0.0, 0.0, 0.0, 0
	for _, l := range labels {
		g := l.(string)
		row, ok := conf[g].(map[string]any)
		if !ok {
			t.Fatalf("confusion lacks the row %q", g)
		}
		rowSum := 0.0
		for _, m := range labels {
			c, ok := row[m.(string)].(float64)
			if !ok {
				t.Fatalf("confusion[%s] lacks %v", g, m)
			}
			rowSum += c
		}
		diag += row[g].(float64)
		total += rowSum
		s := per[g].(map[string]any)
		if s["support"] != rowSum {
			t.Errorf("support of %s = %v, want the confusion row sum %v", g, s["support"], rowSum)
		}
		for _, k := range []string{"precision", "recall", "f1"} {
			if v := s[k].(float64); v < 0 || v > 1 {
				t.Errorf("%s of %s = %v", k, g, v)
			}
		}
		if rowSum > 0 {
			f1sum += s["f1"].(float64)
			present++
		}
	}
	if total != float64(n) {
		t.Errorf("confusion counts sum to %v, want n=%d", total, n)
	}
	if acc := rep["accuracy"].(float64); math.Abs(acc-diag/float64(n)) > 1e-9 {
		t.Errorf("accuracy %v, want diagonal/n = %v", acc, diag/float64(n))
	}
	if m := rep["macro_f1"].(float64); math.Abs(m-f1sum/float64(present)) > 1e-9 {
		t.Errorf("macro_f1 %v, want %v", m, f1sum/float64(present))
	}
}

func TestEvalQuestionText(t *testing.T) {
	r := rapport(t, "", "eval", "--task", "question", questionsCSV)
	r.wantCode(t, exitOK)
	head := regexp.MustCompile(`^task question: n=12 accuracy=(0|1)\.\d{3} macro-F1=(0|1)\.\d{3}\n`)
	if !head.MatchString(r.stdout) {
		t.Errorf("output does not start with the accuracy and macro-F1 line:\n%s", r.stdout)
	}
	for _, want := range []string{"precision", "recall", "support", "confusion (rows gold, columns predicted)", "\nopen ", "\nclosed "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestEvalQuestionJSON(t *testing.T) {
	rep := evalJSON(t, "--task", "question", questionsCSV)
	checkReport(t, rep, "question", 12)
	per := rep["per_label"].(map[string]any)
	for _, l := range []string{"open", "closed"} {
		if s, ok := per[l].(map[string]any); !ok || s["support"] != float64(6) {
			t.Errorf("per_label[%s] = %v, want support 6", l, per[l])
		}
	}
	// These are textbook open and closed questions.
	if acc := rep["accuracy"].(float64); acc < 0.75 {
		t.Errorf("accuracy %v on textbook questions", acc)
	}
	// Flags after the file work too.
	r := rapport(t, "", "eval", questionsCSV, "--task", "question", "--format", "json")
	r.wantCode(t, exitOK)
	checkReport(t, decodeJSON(t, r.stdout), "question", 12)
}

func TestEvalPitfalls(t *testing.T) {
	r := rapport(t, "", "eval", "--task", "pitfalls", annomiMulti)
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "high  0 of 3 turns (0.0%)") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	r = rapport(t, "", "eval", "--task", "pitfalls", "--format", "json", annomiMulti)
	r.wantCode(t, exitOK)
	var groups []struct {
		Quality string `json:"quality"`
		Turns   int    `json:"turns"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &groups); err != nil || len(groups) != 1 || groups[0].Turns != 3 {
		t.Errorf("json %v %+v:\n%s", err, groups, r.stdout)
	}
}

func TestEvalAdvice(t *testing.T) {
	// Transcript 1 (odd, test) has two practitioner turns, transcript 2 (even, dev) one; none
	// is advice, and the engine finds none.
	for split, n := range map[string]float64{"test": 2, "dev": 1, "": 3} {
		args := []string{"--task", "advice", annomiMulti}
		if split != "" {
			args = append(args, "--split", split)
		}
		rep := evalJSON(t, args...)
		if rep["task"] != "advice" || rep["n"] != n || rep["accuracy"] != 1.0 {
			t.Errorf("split %q: %v", split, rep)
		}
	}
	r := rapport(t, "", "eval", "--task", "advice", annomiMulti)
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "task advice: n=3 accuracy=1.000") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestEvalCodes(t *testing.T) {
	const coded = "testdata/coded.tsv" // row c5's minimizing is coded wrong on purpose: one miss
	r := rapport(t, "", "eval", "--task", "codes", coded)
	r.wantCode(t, exitOK)
	for _, want := range []string{"n=5 texts", "every scored code right in 80.0% of texts",
		"minimizing                     0.000   0.000   0.000        1         0",
		"reflection                     1.000   1.000   1.000        1         1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	rep := evalJSON(t, "--task", "codes", "--split", "test", coded)
	for _, k := range []string{"task", "n", "exact_match", "micro_f1", "macro_f1", "per_label", "labels"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	if rep["n"] != 2.0 || rep["micro_f1"] != 1.0 || len(rep["labels"].([]any)) != 2 {
		t.Errorf("the test split: %v", rep)
	}
}

func TestEvalErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown task", []string{"--task", "empathy", questionsCSV}, exitUsage, `unknown task "empathy"`},
		{"no task", []string{questionsCSV}, exitUsage, `unknown task ""`},
		{"no file", []string{"--task", "question"}, exitUsage, "give one CSV file"},
		{"two files", []string{"--task", "question", questionsCSV, questionsCSV}, exitUsage, "give one CSV file"},
		{"folds", []string{"--task", "question", "--folds", "1", questionsCSV}, exitUsage, "--folds must be between 2 and 20"},
		{"session without AnnoMI", []string{"--task", "session", questionsCSV}, exitUsage, "AnnoMI"},
		{"pitfalls without AnnoMI", []string{"--task", "pitfalls", questionsCSV}, exitUsage, "the pitfalls task needs an AnnoMI file"},
		{"humans without AnnoMI", []string{"--task", "question", "--humans", questionsCSV}, exitUsage, "--humans needs the full AnnoMI file"},
		{"humans for the session", []string{"--task", "session", "--humans", annomiMulti}, exitUsage, `no labels for task "session"`},
		{"consensus without AnnoMI", []string{"--task", "question", "--consensus", questionsCSV}, exitUsage, "--consensus needs the full AnnoMI file"},
		{"consensus for the session", []string{"--task", "session", "--consensus", annomiMulti}, exitUsage, `no labels for task "session"`},
		{"humans and consensus", []string{"--task", "question", "--humans", "--consensus", annomiMulti}, exitUsage, "give one of --humans, --consensus and --coder-prior"},
		{"consensus and coder prior", []string{"--task", "question", "--consensus", "--coder-prior", "nope.csv"}, exitUsage, "give one of --humans, --consensus and --coder-prior"},
		{"coder prior without AnnoMI", []string{"--task", "question", "--coder-prior", questionsCSV}, exitUsage, "--coder-prior needs an AnnoMI file"},
		{"coder prior for the session", []string{"--task", "session", "--coder-prior", annomiMulti}, exitUsage, `no labels for task "session"`},
		{"transcript without AnnoMI", []string{"--task", "question", "--transcript", questionsCSV}, exitUsage, "--transcript needs an AnnoMI file"},
		{"wrong label", []string{"--task", "question", "testdata/badlabel.csv"}, exitInput, `line 3: label "maybe"`},
		{"labels of another task", []string{"--task", "reflection", questionsCSV}, exitInput, `line 2: label "open"`},
		{"missing file", []string{"--task", "question", "testdata/nope.csv"}, exitInput, "nope.csv"},
		{"not labelled", []string{"--task", "question", "testdata/session.csv"}, exitInput, "text and label columns"},
		{"split for another task", []string{"--task", "question", "--split", "dev", questionsCSV}, exitUsage, "--split belongs to the codes and advice tasks"},
		{"advice without AnnoMI", []string{"--task", "advice", questionsCSV}, exitUsage, "the advice task needs an AnnoMI file"},
		{"advice split", []string{"--task", "advice", "--split", "train", annomiMulti}, exitUsage, `splits are dev (even transcript ids) and test (odd), not "train"`},
		{"codes without codes", []string{"--task", "codes", questionsCSV}, exitInput, "questions.csv: header must have a text column and a codes column"},
		{"merge for another task", []string{"--task", "question", "--merge", "judgment,dismissive", questionsCSV}, exitUsage, "--merge belongs to the codes task"},
		{"merge one code", []string{"--task", "codes", "--merge", "judgment", "testdata/coded.tsv"}, exitUsage, "--merge needs two or more codes"},
		{"merge an unknown code", []string{"--task", "codes", "--merge", "judgment,rudeness", "testdata/coded.tsv"}, exitUsage, `--merge: "rudeness" is not a behaviour code`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rapport(t, "", append([]string{"eval"}, tc.args...)...)
			r.wantCode(t, tc.code)
			if !strings.Contains(r.stderr, tc.msg) {
				t.Errorf("stderr lacks %q:\n%s", tc.msg, r.stderr)
			}
		})
	}
	// The wrong-label error names the file too.
	r := rapport(t, "", "eval", "--task", "question", "testdata/badlabel.csv")
	if !strings.Contains(r.stderr, "badlabel.csv") {
		t.Errorf("stderr does not name the file:\n%s", r.stderr)
	}
}

func TestEvalEPITOME(t *testing.T) {
	const dev = "../../testdata/epitome/dev.csv"
	data, err := os.ReadFile(dev)
	if err != nil {
		t.Skipf("EPITOME dev set not present: %v", err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := len(recs) - 1
	rep := evalJSON(t, "--task", "exploration", dev)
	checkReport(t, rep, "exploration", rows)
	for _, l := range []string{"0", "1", "2"} {
		if _, ok := rep["per_label"].(map[string]any)[l]; !ok {
			t.Errorf("per_label lacks level %s", l)
		}
	}
	// Well above chance for three levels.
	if acc := rep["accuracy"].(float64); acc < 0.4 {
		t.Errorf("exploration accuracy %v on the EPITOME dev set", acc)
	}
	r := rapport(t, "", "eval", "--task", "exploration", dev)
	r.wantCode(t, exitOK)
	if !strings.HasPrefix(r.stdout, "task exploration: n=") {
		t.Errorf("unexpected text output:\n%s", r.stdout)
	}
}

// --humans scores the annotators against each other (worked by hand in training's
// TestHumanAgreement, on the same codings): no model is involved.
func TestEvalHumans(t *testing.T) {
	for _, tc := range []struct {
		task     string
		n, right int
	}{{"behaviour", 6, 3}, {"question", 3, 0}, {"reflection", 2, 2}} {
		rep := evalJSON(t, "--task", tc.task, "--humans", annomiMulti)
		checkReport(t, rep, tc.task, tc.n)
		if acc := rep["accuracy"].(float64); math.Abs(acc-float64(tc.right)/float64(tc.n)) > 1e-9 {
			t.Errorf("%s: accuracy %v, want %d/%d", tc.task, acc, tc.right, tc.n)
		}
	}
}

// --consensus puts the models in each annotator's place: the pairs it scores are exactly those
// --humans scores (fewer for a subtype, where only the utterances most coders gave that
// behaviour get a prediction). The file is annomi-multi.csv with single-coded transcripts added,
// so that every fold has every label to train on.
func TestEvalConsensus(t *testing.T) {
	path := consensusFile(t)
	for _, tc := range []struct {
		task string
		n    int
	}{{"behaviour", 6}, {"question", 3}, {"reflection", 2}} {
		rep := evalJSON(t, "--task", tc.task, "--consensus", "--folds", "2", path)
		checkReport(t, rep, tc.task, tc.n)
		humans := evalJSON(t, "--task", tc.task, "--humans", path)
		checkReport(t, humans, tc.task, tc.n)
		tr := evalJSON(t, "--task", tc.task, "--consensus", "--transcript", "--folds", "2", path)
		checkReport(t, tr, tc.task, tc.n)
	}
}

// --coder-prior scores every labelled turn, as the plain cross-validation does.
func TestEvalCoderPrior(t *testing.T) {
	path := consensusFile(t)
	for _, task := range []string{"behaviour", "question", "reflection"} {
		plain := evalJSON(t, "--task", task, "--folds", "2", path)
		n := int(plain["n"].(float64))
		checkReport(t, evalJSON(t, "--task", task, "--coder-prior", "--folds", "2", path), task, n)
		checkReport(t, evalJSON(t, "--task", task, "--coder-prior", "--transcript", "--folds", "2", path), task, n)
	}
}

// consensusFile writes annomi-multi.csv with single-coded transcripts added, so that every fold
// has every label to train on, and returns its path.
func consensusFile(t *testing.T) string {
	t.Helper()
	head, err := os.ReadFile(annomiMulti)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.Write(head)
	turns := []string{
		"therapist,How do you feel about that?,False,n/a,False,n/a,True,open,question",
		"client,Not great.,n/a,n/a,n/a,n/a,n/a,n/a,n/a",
		"therapist,Did you smoke today?,False,n/a,False,n/a,True,closed,question",
		"therapist,You are worried about your health.,False,n/a,True,simple,False,n/a,reflection",
		"therapist,Part of you wants to stop and part of you enjoys it.,False,n/a,True,complex,False,n/a,reflection",
		"therapist,Nicotine patches double the chance of quitting.,True,information,False,n/a,False,n/a,therapist_input",
		"therapist,Okay.,False,n/a,False,n/a,False,n/a,other",
	}
	for id := 3; id <= 8; id++ {
		for i, turn := range turns {
			f := strings.SplitN(turn, ",", 3)
			fmt.Fprintf(&b, "high,%d,t,u,smoking,%d,%s,00:00:01,%s,e,%s,n/a\n", id, i, f[0], f[1], f[2])
		}
	}
	path := filepath.Join(t.TempDir(), "annomi.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
