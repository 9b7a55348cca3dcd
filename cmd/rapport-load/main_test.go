package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/web"
)

func TestCheckRefusesWhatIsNotBounded(t *testing.T) {
	for _, tc := range []struct {
		url, scenario string
		clients       int
		d             time.Duration
		format, want  string
	}{
		{"http://127.0.0.1:8080", "pages", 50, time.Second, "text", ""},
		{"http://example.org", "pages", 50, time.Second, "text", "loopback"},
		{"http://127.0.0.1:8080", "flood", 50, time.Second, "text", "-scenario"},
		{"http://127.0.0.1:8080", "analyze", 0, time.Second, "text", "-clients"},
		{"http://127.0.0.1:8080", "analyze", 501, time.Second, "text", "-clients"},
		{"http://127.0.0.1:8080", "analyze", 5, time.Hour, "text", "-duration"},
		{"http://127.0.0.1:8080", "analyze", 5, time.Second, "xml", "-format"},
	} {
		err := check(tc.url, tc.scenario, tc.clients, tc.d, tc.format)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("check(%q, %q, %d, %v, %q) = %v, want %q", tc.url, tc.scenario, tc.clients, tc.d, tc.format, err, tc.want)
		}
	}
}

// TestPagesScenario signs in to a real server on loopback and runs the pages scenario briefly:
// client pages are read and notes saved through the form, with no errors.
func TestPagesScenario(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const password = "correct horse battery staple"
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	team := &rapport.Team{Name: "North"}
	must(t, db.CreateTeam(ctx, team))
	casey := &rapport.User{Email: "casey@example.org", Name: "Casey", Role: rapport.RoleCaseManager, PasswordHash: hash}
	must(t, db.CreateUser(ctx, casey))
	must(t, db.AddTeamMember(ctx, team.ID, casey.ID))
	actor := rapport.Actor{UserID: casey.ID, Role: casey.Role}
	for _, name := range []string{"Jordan", "Rosa"} {
		must(t, db.CreateClient(ctx, actor, &rapport.Client{TeamID: team.ID, PreferredName: name, CareTeam: []int64{casey.ID}}))
	}
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(web.New(web.Config{Analyzer: a, DB: db, SignIn: db.Logins(), Logger: slog.New(slog.DiscardHandler)}).Handler())
	defer ts.Close()

	cookie, err := signIn(ts.URL, casey.Email, strings.NewReader(password+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := signIn(ts.URL, casey.Email, strings.NewReader("wrong password\n")); err == nil {
		t.Error("signing in with a wrong password succeeded")
	}
	res, err := run(ts.URL, cookie, "pages", 4, 1500*time.Millisecond, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.errors != 0 || len(res.latencies) < 20 {
		t.Fatalf("%d requests, %d errors", len(res.latencies), res.errors)
	}
	saved := 0
	for _, id := range []int64{1, 2} {
		_, n, err := db.ListNotes(ctx, actor, rapport.NoteFilter{ClientID: id})
		must(t, err)
		saved += n
	}
	if want := len(res.latencies) / 10; saved < want/2 {
		t.Errorf("the scenario saved %d notes in %d requests; about one in ten should be a note", saved, len(res.latencies))
	}
	var out strings.Builder
	must(t, report(&out, "json", "pages", 4, res))
	if !strings.Contains(out.String(), `"scenario":"pages"`) || !strings.Contains(out.String(), `"errors":0`) {
		t.Errorf("report: %s", out.String())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
