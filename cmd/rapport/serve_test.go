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

	domain "github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/store"
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
	if code, _ := analyzeVia(t, url, ""); code != http.StatusUnauthorized {
		t.Errorf("analyze without a token: %d, want 401", code)
	}
	token := createToken(t, data)
	if code, body := analyzeVia(t, url, token); code != 200 || !strings.Contains(body, "dismissive") {
		t.Errorf("analyze with a token: %d %s", code, body)
	}
	stopServe(t, cancel, done, &errOut)
}

// createToken adds a user to the server's database and makes an analyze token for them with
// 'rapport token create', as an administrator would on the server.
func createToken(t *testing.T, data string) string {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(data, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u := &domain.User{Email: "ehr@example.org", Name: "EHR integration", Role: domain.RoleCaseManager}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	r := rapport(t, "", "token", "create", "--data", data, "--user", u.Email, "--name", "test", "--scopes", "analyze")
	tok := strings.TrimSpace(r.stdout)
	if r.code != exitOK || !strings.HasPrefix(tok, "rpt_") {
		t.Fatalf("token create: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	return tok
}

func analyzeVia(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url+"/api/v1/analyze", strings.NewReader(`{"text":"Calm down."}`))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestTokenUsage(t *testing.T) {
	for _, args := range [][]string{{"token"}, {"token", "create"}, {"token", "create", "--user", "a@b.c", "--name", "x", "--scopes", "everything"}} {
		if r := rapport(t, "", args...); r.code != exitUsage {
			t.Errorf("%v: exit %d %q", args, r.code, r.stderr)
		}
	}
}

// stopServe ends serve's context, as Ctrl-C would, and checks that it exits cleanly.
func stopServe(t *testing.T, cancel context.CancelFunc, done chan int, errOut *syncBuffer) {
	t.Helper()
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

func TestServeRefusesBadProxyList(t *testing.T) {
	r := rapport(t, "", "serve", "--trusted-proxy", "10.0.0.0/8,proxy.local")
	if r.code != exitUsage || !strings.Contains(r.stderr, `"proxy.local" is neither an IP address nor a CIDR prefix`) {
		t.Errorf("exit %d stderr %q", r.code, r.stderr)
	}
}

func TestServeRefusesBadSurveyMinimum(t *testing.T) {
	for _, c := range []struct{ name, env, flag string }{
		{"flag zero", "", "0"},
		{"env not a number", "five", ""},
		{"env negative", "-3", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"serve"}
			if c.flag != "" {
				args = append(args, "--survey-min-n", c.flag)
			}
			if c.env != "" {
				t.Setenv("RAPPORT_SURVEY_MIN_N", c.env)
			}
			r := rapport(t, "", args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, "must be a whole number of responses") {
				t.Errorf("exit %d stderr %q", r.code, r.stderr)
			}
		})
	}
}
