package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// invertedQuestions is questions.csv with open and closed swapped: a model trained on it gets
// every question wrong, which tells its predictions from the built-in model's.
func invertedQuestions(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(questionsCSV)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer(",open,", ",closed,", ",closed,", ",open,").Replace(string(data))
	p := filepath.Join(dir, "inverted.csv")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTrainThenUseModels(t *testing.T) {
	dir := t.TempDir()
	csvPath := invertedQuestions(t, dir)
	out := filepath.Join(dir, "models.bin")
	r := rapport(t, "", "train", "--task", "question", "--out", out, csvPath)
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stderr, "wrote ") || !strings.Contains(r.stderr, out) {
		t.Errorf("train does not report what it wrote:\n%s", r.stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Size() == 0 {
		t.Fatalf("models file not written: %v", err)
	}
	// The write is atomic: no temporary file is left beside it.
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"inverted.csv", "models.bin"}) {
		t.Errorf("directory holds %v, want only the CSV and the models", names)
	}

	// The built-in question model gets textbook questions right; the inverted one gets them
	// wrong, so eval really used the file.
	builtin := evalJSON(t, "--task", "question", questionsCSV)
	trained := evalJSON(t, "--task", "question", "--models", out, questionsCSV)
	checkReport(t, trained, "question", 12)
	if b, m := builtin["accuracy"].(float64), trained["accuracy"].(float64); m >= b || m > 0.25 {
		t.Errorf("accuracy with the inverted models %v, built-in %v: --models was not used", m, b)
	}

	// analyze and transcript load it as well.
	r = rapport(t, "", "analyze", "--models", out, "--format", "json", "You're an addict. What has been hardest?")
	r.wantCode(t, exitOK)
	if cs := codes(t, decodeJSON(t, r.stdout)); !slices.Contains(cs, "stigmatizing_language") {
		t.Errorf("with trained models the rules still run: codes %v", cs)
	}
	r = rapport(t, "", "transcript", "--models", out, "--format", "json", sessionFiles[0])
	r.wantCode(t, exitOK)
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "m.bin")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing --out", []string{"--task", "question", questionsCSV}, exitUsage, "--out FILE is required"},
		{"no file", []string{"--out", out, "--task", "question"}, exitUsage, "give one CSV file"},
		{"no task", []string{"--out", out, questionsCSV}, exitUsage, "--task is required"},
		{"unknown task", []string{"--out", out, "--task", "vibes", questionsCSV}, exitUsage, `unknown task "vibes"`},
		{"wrong label", []string{"--out", out, "--task", "question", "testdata/badlabel.csv"}, exitInput, `line 3: label "maybe"`},
		{"missing file", []string{"--out", out, "--task", "question", "testdata/nope.csv"}, exitInput, "nope.csv"},
		{"no such directory", []string{"--out", filepath.Join(dir, "no", "m.bin"), "--task", "question", questionsCSV}, exitInput, "no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rapport(t, "", append([]string{"train"}, tc.args...)...)
			r.wantCode(t, tc.code)
			if !strings.Contains(r.stderr, tc.msg) {
				t.Errorf("stderr lacks %q:\n%s", tc.msg, r.stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a failed train left %s behind", out)
			}
		})
	}
}

func TestCorruptModels(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.bin")
	rapport(t, "", "train", "--task", "question", "--out", good, questionsCSV).wantCode(t, exitOK)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(data)
	for i := len(flipped) / 2; i < len(flipped)/2+64; i++ {
		flipped[i] ^= 0x5a
	}
	for name, content := range map[string][]byte{
		"empty.bin":     nil,
		"text.bin":      []byte("these are not models\n"),
		"truncated.bin": data[:len(data)/3],
		"flipped.bin":   flipped,
		"csv.bin":       []byte("text,label\nhi,open\n"),
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, content, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"analyze", "--models", p, "hello"},
				{"transcript", "--models", p, sessionFiles[0]},
				{"eval", "--task", "question", "--models", p, questionsCSV},
			} {
				r := rapport(t, "", args...)
				r.wantCode(t, exitInput)
				if !strings.Contains(r.stderr, p) || !strings.Contains(r.stderr, "bundle") {
					t.Errorf("%s: unclear error for a corrupt models file:\n%s", args[0], r.stderr)
				}
				if r.stdout != "" {
					t.Errorf("%s: wrote output despite the error: %q", args[0], clip(r.stdout))
				}
			}
		})
	}
	r := rapport(t, "", "analyze", "--models", filepath.Join(dir, "absent.bin"), "hello")
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "absent.bin") {
		t.Errorf("missing models file not named:\n%s", r.stderr)
	}
}
