package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestServeSetupLink: on a database with no users, serve prints a one-time setup link, and the
// link opens the form that creates the first administrator. There are no default passwords.
func TestServeSetupLink(t *testing.T) {
	t.Setenv("RAPPORT_DATABASE_URL", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, ctx: ctx}
	data := filepath.Join(t.TempDir(), "data")
	done := make(chan int, 1)
	go func() { done <- run(e, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}) }()
	waitForURL(t, &out, done)
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/setup/setup_[a-z2-7]+`).FindString(out.String())
	if link == "" {
		t.Fatalf("no setup link printed:\n%s", out.String())
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Set up Rapport") {
		t.Errorf("setup link: %d %s", resp.StatusCode, body)
	}
	stopServe(t, cancel, done, &errOut)
}
