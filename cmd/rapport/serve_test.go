package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read what serve prints while serve is still running.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe starts the real server on a free port with a fresh SQLite database, checks that
// it is healthy and serves the API, then stops it as Ctrl-C would.
func TestServe(t *testing.T) {
	t.Setenv("RAPPORT_DATABASE_URL", "")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, ctx: ctx}
	data := filepath.Join(t.TempDir(), "data")
	done := make(chan int, 1)
	go func() { done <- run(e, []string{"serve", "--addr", "127.0.0.1:0", "--data", data}) }()
	url := waitForURL(t, &out, done)
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"database":"ok"`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Post(url+"/api/v1/analyze", "application/json", strings.NewReader(`{"text":"Calm down."}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "dismissive") {
		t.Errorf("analyze: %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}

func waitForURL(t *testing.T, out *syncBuffer, done chan int) string {
	t.Helper()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if u := re.FindString(out.String()); u != "" {
			return u
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d", code)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("serve did not print its address")
	return ""
}

func TestServeUsage(t *testing.T) {
	r := rapport(t, "", "serve", "extra")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no arguments") {
		t.Errorf("exit %d stderr %q", r.code, r.stderr)
	}
}
