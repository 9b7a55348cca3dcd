package web

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/store"
)

// Every route must be in a route × role table. The tables (the Test…RoutesByRole functions)
// call coverRoutes; while one runs, the test servers note the pattern of each request they
// serve. After a run of the whole package, TestMain fails if a registered page or API operation
// was never requested by a table, so a new route cannot ship without its access checks tested.

var coverage struct {
	sync.Mutex
	on   bool
	hits map[string]bool
}

// coverRoutes marks the calling test as a route × role table.
func coverRoutes(t *testing.T) {
	coverage.Lock()
	coverage.on = true
	coverage.Unlock()
	t.Cleanup(func() {
		coverage.Lock()
		coverage.on = false
		coverage.Unlock()
	})
}

// testHandler is the server's handler as tests serve it: noting, during a route table, the
// pattern each request was routed to (ServeMux sets it on the request).
func testHandler(cfg Config) http.Handler {
	h := New(cfg).Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		coverage.Lock()
		defer coverage.Unlock()
		if coverage.on && r.Pattern != "" {
			if coverage.hits == nil {
				coverage.hits = map[string]bool{}
			}
			coverage.hits[r.Pattern] = true
		}
	})
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		if err := checkRouteCoverage(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: route coverage:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// untabled are the routes whose access is the same for everyone, so a role table would say
// nothing: static files, health, metrics and the API's own description.
var untabled = []string{"GET /static/", "GET /healthz", "GET /metrics", "GET /api/v1/openapi.json", "GET /api/v1/openapi.yaml",
	"GET /api/v1/openapi-3.0.json", "GET /api/v1/openapi-3.0.yaml", "GET /api/v1/docs", "GET /api/v1/schemas/{schema}"}

func checkRouteCoverage() error {
	routes, err := allRoutes()
	if err != nil {
		return err
	}
	var missing []string
	for _, r := range routes {
		if !coverage.hits[r] && !slices.Contains(untabled, r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no route × role table requests %s", strings.Join(missing, ", "))
	}
	return nil
}

// allRoutes lists the pages and endpoints of a fully configured server, and the API's
// operations from its OpenAPI document.
func allRoutes() ([]string, error) {
	dir, err := os.MkdirTemp("", "rapport-routes")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	a, err := engine.Default()
	if err != nil {
		return nil, err
	}
	s := New(Config{Analyzer: a, DB: db, SignIn: db.Logins(), Logger: slog.New(slog.DiscardHandler)})
	h := s.Handler()
	routes := s.Routes()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("reading the OpenAPI document: %w", err)
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			routes = append(routes, strings.ToUpper(method)+" "+path)
		}
	}
	return routes, nil
}
