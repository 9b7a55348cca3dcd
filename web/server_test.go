package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/store"
)

func newTestServer(t *testing.T, db Database) *httptest.Server {
	t.Helper()
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(testHandler(Config{Analyzer: a, DB: db}))
	t.Cleanup(ts.Close)
	return ts
}

// sqliteDB opens a real SQLite database through the store, as `rapport serve` does.
func sqliteDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func do(t *testing.T, ts *httptest.Server, method, path, contentType, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHealth(t *testing.T) {
	for _, tc := range []struct {
		name     string
		db       func(t *testing.T) Database
		code     int
		database string
	}{
		{"no database", func(*testing.T) Database { return nil }, 200, "none"},
		{"database up", func(t *testing.T) Database { return sqliteDB(t) }, 200, "ok"},
		{"database closed", func(t *testing.T) Database { db := sqliteDB(t); db.Close(); return db }, 503, "unreachable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, tc.db(t))
			resp, body := do(t, ts, "GET", "/healthz", "", "")
			var got struct{ Status, Database string }
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if resp.StatusCode != tc.code || got.Database != tc.database {
				t.Errorf("status %d database %q, want %d %q", resp.StatusCode, got.Database, tc.code, tc.database)
			}
		})
	}
}

// analyzeServer is a server with a database and a token with the analyze
// scope, which POST /api/v1/analyze needs.
func analyzeServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	db := sqliteDB(t)
	u := newUser(t, db, "cm@example.org", rapport.RoleCaseManager)
	return newTestServer(t, db), newToken(t, db, u.ID, time.Hour, auth.ScopeAnalyze)
}

func TestAnalyzeAPI(t *testing.T) {
	ts, token := analyzeServer(t)
	for _, tc := range []struct {
		name, contentType, body string
		code                    int
		want                    string // a fragment the body must hold
	}{
		{"analysis", "application/json", `{"text":"You're noncompliant with meds.","kind":"note"}`, 200, `"code":"stigmatizing_language"`},
		{"context", "application/json", `{"text":"It's not that bad.","context":"I'm scared the cancer is back."}`, 200, `It makes sense to feel scared`},
		{"empty text", "application/json", `{"text":""}`, 422, `"status":422`},
		{"whitespace only", "application/json", `{"text":"   "}`, 422, "nothing to analyse"},
		{"missing text", "application/json", `{}`, 422, "text"},
		{"unknown kind", "application/json", `{"text":"hi","kind":"poem"}`, 422, "kind"},
		{"malformed json", "application/json", `{"text":`, 400, `"status":400`},
		{"wrong content type", "text/plain", `hello`, 415, `"status":415`},
		{"too long", "application/json", `{"text":"` + strings.Repeat("a ", 60_000) + `"}`, 413, "100,000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := doAuth(t, ts, "POST", "/api/v1/analyze", token, tc.contentType, tc.body)
			if resp.StatusCode != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("status %d body %.300s; want %d containing %q", resp.StatusCode, body, tc.code, tc.want)
			}
			if tc.code >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("error content type %q, want RFC 9457 problem+json", resp.Header.Get("Content-Type"))
			}
		})
	}
}

func TestAnalyzeJSONShape(t *testing.T) {
	ts, token := analyzeServer(t)
	_, body := doAuth(t, ts, "POST", "/api/v1/analyze", token, "application/json", `{"text":"I understand, but you have to follow the plan."}`)
	var an map[string]any
	if err := json.Unmarshal([]byte(body), &an); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"overall", "levels", "findings"} {
		if _, ok := an[k]; !ok {
			t.Errorf("missing key %q in %s", k, body)
		}
	}
	f := an["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"code", "start", "end", "confidence", "reason", "suggestion"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
}

func TestOpenAPIDocument(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := do(t, ts, "GET", "/api/v1/openapi.json", "", "")
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Paths["/api/v1/analyze"] == nil {
		t.Errorf("openapi %q paths %v", doc.OpenAPI, doc.Paths)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{"/healthz", "/metrics", "/api/v1/openapi.json", "/no-such-page"} {
		resp, _ := do(t, ts, "GET", path, "", "")
		h := resp.Header
		if h.Get("Content-Security-Policy") != contentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Cache-Control") != "no-store" || h.Get("X-Frame-Options") != "DENY" || h.Get("Strict-Transport-Security") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
		if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("%s: CSP allows inline script", path)
		}
	}
}

func TestMetrics(t *testing.T) {
	ts, token := analyzeServer(t)
	do(t, ts, "GET", "/healthz", "", "")
	doAuth(t, ts, "POST", "/api/v1/analyze", token, "application/json", `{"text":"How are you?"}`)
	_, body := do(t, ts, "GET", "/metrics", "", "")
	for _, want := range []string{
		`rapport_http_request_duration_seconds_count{code="200",method="GET",route="GET /healthz"} 1`,
		`rapport_http_request_duration_seconds_count{code="200",method="POST",route="POST /api/v1/analyze"} 1`,
		"rapport_engine_analyze_duration_seconds_count 1",
		"rapport_db_open_connections",
		"go_goroutines", // the runtime and process collectors
		"process_resident_memory_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestRecoverPanics(t *testing.T) {
	s := New(Config{})
	h := s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Internal error") {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func FuzzAnalyzeRequest(f *testing.F) {
	for _, s := range []string{`{"text":"hi"}`, `{"text":1}`, `[]`, `{"text":"\u0000","kind":"note"}`, `{"text":"a","context":{}}`} {
		f.Add(s)
	}
	a, err := engine.Default()
	if err != nil {
		f.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "rapport.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	u := &rapport.User{Email: "cm@example.org", Name: "CM", Role: rapport.RoleCaseManager}
	if err := db.CreateUser(context.Background(), u); err != nil {
		f.Fatal(err)
	}
	token, err := db.CreateAPIToken(context.Background(), &auth.APIToken{UserID: u.ID, Name: "fuzz", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: time.Now().Add(24 * time.Hour)})
	if err != nil {
		f.Fatal(err)
	}
	h := New(Config{Analyzer: a, DB: db}).Handler()
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/v1/analyze", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body.String())
		}
	})
}
