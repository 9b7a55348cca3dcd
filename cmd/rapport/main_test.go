package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliResult is what one in-process run of the command line left behind.
type cliResult struct {
	stdout, stderr string
	code           int
}

// rapport runs the command line in-process with stdin as standard input.
func rapport(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	return rapportWith(t, &env{stdin: strings.NewReader(stdin)}, args...)
}

// rapportWith runs the command line with e, whose stdout and stderr it replaces with buffers.
func rapportWith(t *testing.T, e *env, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	e.stdout, e.stderr = &out, &errb
	if e.stdin == nil {
		e.stdin = strings.NewReader("")
	}
	code := run(e, args)
	return cliResult{stdout: out.String(), stderr: errb.String(), code: code}
}

// wantCode fails the test unless the run exited with code.
func (r cliResult) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, clip(r.stdout), clip(r.stderr))
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// decodeJSON decodes one JSON object.
func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, clip(s))
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("output has more than one JSON value:\n%s", clip(s))
	}
	return m
}

// writeTemp writes data to a file named name in a fresh temporary directory.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNoArgumentsPrintsUsage(t *testing.T) {
	r := rapport(t, "")
	r.wantCode(t, exitUsage)
	all := r.stdout + r.stderr
	for _, want := range []string{"Usage:", "rapport <command>", "analyze", "transcript", "eval", "train"} {
		if !strings.Contains(all, want) {
			t.Errorf("usage lacks %q:\n%s", want, all)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "help"} {
		t.Run(arg, func(t *testing.T) {
			r := rapport(t, "", arg)
			r.wantCode(t, exitOK)
			if !strings.Contains(r.stdout, "Usage:") || !strings.Contains(r.stdout, "Commands:") {
				t.Errorf("help does not show usage on stdout:\n%s", r.stdout)
			}
			for name, c := range commands {
				if !strings.Contains(r.stdout, name) || !strings.Contains(r.stdout, c.summary) {
					t.Errorf("help does not list %s (%q)", name, c.summary)
				}
			}
			if r.stderr != "" {
				t.Errorf("help wrote to stderr: %q", r.stderr)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	r := rapport(t, "", "analyse-this", "text")
	r.wantCode(t, exitUsage)
	if !strings.Contains(r.stderr, `unknown command "analyse-this"`) {
		t.Errorf("stderr does not name the unknown command:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "Usage:") {
		t.Errorf("stderr does not show usage:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("unknown command wrote to stdout: %q", r.stdout)
	}
}

func TestCommandHelp(t *testing.T) {
	flags := map[string][]string{
		"analyze":    {"-file", "-context", "-kind", "-format", "-split", "-models"},
		"transcript": {"-format", "-practitioner", "-input", "-models"},
		"eval":       {"-task", "-format", "-folds", "-models", "-transcript", "-humans"},
		"train":      {"-out", "-task"},
	}
	for name, want := range flags {
		for _, h := range []string{"-h", "--help"} {
			t.Run(name+h, func(t *testing.T) {
				r := rapport(t, "", name, h)
				r.wantCode(t, exitOK)
				if !strings.Contains(r.stderr, commands[name].summary) {
					t.Errorf("help does not start with the summary %q:\n%s", commands[name].summary, r.stderr)
				}
				if !strings.Contains(r.stderr, "Flags:") || !strings.Contains(r.stderr, "Examples:") {
					t.Errorf("help lacks flags or examples:\n%s", r.stderr)
				}
				for _, f := range want {
					if !strings.Contains(r.stderr, f+" ") && !strings.Contains(r.stderr, f+"\n") {
						t.Errorf("help does not list %s:\n%s", f, r.stderr)
					}
				}
				if r.stdout != "" {
					t.Errorf("help wrote to stdout: %q", r.stdout)
				}
			})
		}
	}
}

func TestUnknownFlag(t *testing.T) {
	for _, name := range []string{"analyze", "transcript", "eval", "train"} {
		r := rapport(t, "", name, "--no-such-flag")
		r.wantCode(t, exitUsage)
		if !strings.Contains(r.stderr, "no-such-flag") {
			t.Errorf("%s: stderr does not name the bad flag:\n%s", name, r.stderr)
		}
		if !strings.Contains(r.stderr, "rapport "+name+" -h") {
			t.Errorf("%s: stderr does not point to -h:\n%s", name, r.stderr)
		}
	}
}

func TestBadFormatEverywhere(t *testing.T) {
	for _, args := range [][]string{
		{"analyze", "--format", "xml", "hello"},
		{"transcript", "--format", "xml", "testdata/session.txt"},
		{"eval", "--task", "question", "--format", "yaml", "testdata/questions.csv"},
	} {
		r := rapport(t, "", args...)
		r.wantCode(t, exitUsage)
		if !strings.Contains(r.stderr, "--format must be text or json") {
			t.Errorf("%v: unclear message:\n%s", args, r.stderr)
		}
	}
}
