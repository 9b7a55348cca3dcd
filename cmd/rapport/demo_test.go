package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoHelp(t *testing.T) {
	r := rapport(t, "", "demo", "-h")
	r.wantCode(t, exitOK)
	for _, want := range []string{"fictional", "-seed", "-data", "-password", "-force", "no\ndefault passwords", "RAPPORT_DATABASE_URL"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("demo -h lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := rapport(t, "", "help"); !strings.Contains(r.stdout, "demo ") {
		t.Errorf("rapport help does not list demo:\n%s", r.stdout)
	}
}

// TestDemo loads the demo, then checks that a second load is refused without --force and
// accepted with it.
func TestDemo(t *testing.T) {
	t.Setenv("RAPPORT_DATABASE_URL", "")
	data := filepath.Join(t.TempDir(), "data")
	r := rapport(t, "", "demo", "--data", data)
	r.wantCode(t, exitOK)
	for _, want := range []string{"2 teams, 6 case managers, 1 supervisor, 1 admin", "60 clients", "trust surveys (", "maya.okafor@",
		"no password", "rapport serve --data " + data} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, r.stdout)
		}
	}

	r = rapport(t, "", "demo", "--data", data)
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "already has 8 user") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("refusal does not explain itself:\n%s", r.stderr)
	}

	r = rapport(t, "violet lantern orchard tide\n", "demo", "--data", data, "--force", "--seed", "3", "--password", "-")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "maya.okafor+2@") || !strings.Contains(r.stdout, "password you gave") {
		t.Errorf("forced load with a password:\n%s", r.stdout)
	}
}

func TestDemoRefusesAWeakPasswordBeforeOpening(t *testing.T) {
	t.Setenv("RAPPORT_DATABASE_URL", "")
	data := filepath.Join(t.TempDir(), "data")
	r := rapport(t, "", "demo", "--data", data, "--password", "short")
	r.wantCode(t, exitUsage)
	if !strings.Contains(r.stderr, "12 characters") {
		t.Errorf("weak password message:\n%s", r.stderr)
	}
	if _, err := os.Stat(data); !os.IsNotExist(err) {
		t.Errorf("a refused password still created the data directory (%v)", err)
	}
	rapport(t, "", "demo", "--data", data, "extra").wantCode(t, exitUsage)
}
