package web

import (
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/survey"
)

// The organisation dashboard over 100,000 responses on SQLite, through the real handler and a
// real HTTPS round trip, as an admin (the widest scope: every aggregate, every team, every case
// manager), for the longest period offered:
//
//	go test -run '^$' -bench OrgTrustDashboard -benchtime 200x ./web/
//
// Besides ns/op it reports the median and 99th percentile of the requests it timed (p50-ms,
// p99-ms). The responses are written straight into the table in one transaction, like
// store's BenchmarkTrustAggregates: the audited import would take minutes and measure nothing
// the dashboard does. 4 teams, 40 case managers, 2,000 clients, two years of trust-pulse
// scores with a ceiling effect, a fifth of them anonymous.

const (
	benchTrustResponses = 100_000
	benchTrustTeams     = 4
	benchTrustStaff     = 40
	benchTrustClients   = 2000
)

func BenchmarkOrgTrustDashboard(b *testing.B) {
	get := newTrustBench(b)
	const path = "/surveys?months=24"
	get(path) // the first view warms the caches any view would
	var took []time.Duration
	for b.Loop() {
		began := time.Now()
		get(path)
		took = append(took, time.Since(began))
	}
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[min(len(took)-1, len(took)*99/100)]), "p99-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// newTrustBench starts a server over a database holding benchTrustResponses responses, signs an
// admin in, and returns a function that fetches a page (and fails on anything but a 200).
func newTrustBench(b *testing.B) func(path string) {
	b.Helper()
	ctx := b.Context()
	path := filepath.Join(b.TempDir(), "rapport.db")
	db, err := store.Open(ctx, path)
	must(b, err)
	b.Cleanup(func() { db.Close() })
	a, err := engine.Default()
	must(b, err)
	ts := httptest.NewTLSServer(New(Config{Analyzer: a, DB: db, SignIn: db.Logins(), Logger: slog.New(slog.DiscardHandler)}).Handler())
	b.Cleanup(ts.Close)

	var teams, staff []int64
	for i := range benchTrustTeams {
		tm := &rapport.Team{Name: fmt.Sprintf("Team %d", i)}
		must(b, db.CreateTeam(ctx, tm))
		teams = append(teams, tm.ID)
	}
	for i := range benchTrustStaff {
		u := &rapport.User{Email: fmt.Sprintf("cm%d@example.org", i), Name: fmt.Sprintf("Case Manager %d", i), Role: rapport.RoleCaseManager, PasswordHash: testPasswordHash()}
		must(b, db.CreateUser(ctx, u))
		must(b, db.AddTeamMember(ctx, teams[i%benchTrustTeams], u.ID))
		staff = append(staff, u.ID)
	}
	must(b, db.CreateUser(ctx, &rapport.User{Email: "ada@example.org", Name: "Ada Admin", Role: rapport.RoleAdmin, PasswordHash: testPasswordHash()}))
	must(b, db.EnsureBuiltinInstruments(ctx))
	pulse, err := db.FindInstrumentByURL(ctx, survey.URLTrustPulse)
	must(b, err)
	loadTrustResponses(b, path, pulse.ID, teams, staff)

	jar, _ := cookiejar.New(nil)
	c := ts.Client()
	c.Jar = jar
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	must(b, err)
	resp.Body.Close()
	return func(path string) {
		resp, err := c.Get(ts.URL + path)
		must(b, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		must(b, err)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Trust across the organisation") {
			b.Fatalf("GET %s: status %d\n%.500s", path, resp.StatusCode, body)
		}
	}
}

// loadTrustResponses writes clients and responses with a second connection to the same file.
func loadTrustResponses(b *testing.B, path string, instrumentID int64, teams, staff []int64) {
	b.Helper()
	conn, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_time_format=sqlite")
	must(b, err)
	defer conn.Close()
	ctx := b.Context()
	tx, err := conn.BeginTx(ctx, nil)
	must(b, err)
	defer tx.Rollback()
	now := time.Now().UTC()
	var clients []int64
	for i := range benchTrustClients {
		var id int64
		must(b, tx.QueryRowContext(ctx, `INSERT INTO clients (team_id, preferred_name, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, teams[i%len(teams)], fmt.Sprintf("Client %d", i), staff[0], now).Scan(&id))
		clients = append(clients, id)
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO survey_responses (instrument_id, client_id, case_manager_id, team_id, anonymous,
		status, answers, score, band, comment, flagged, started_at, updated_at, completed_at, completed_month)
		VALUES ($1, $2, $3, $4, $5, 'completed', $6, $7, '', '', FALSE, $8, $8, $8, $9)`)
	must(b, err)
	defer insert.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	span := now.Sub(now.AddDate(-2, 0, 0))
	for range benchTrustResponses {
		client := rng.IntN(benchTrustClients)
		at := now.Add(-time.Duration(rng.Int64N(int64(span)))).Truncate(time.Microsecond)
		var clientID any = clients[client]
		anonymous := rng.IntN(5) == 0
		if anonymous {
			clientID = nil
		}
		score := 5.0 // about half the responses sit at the ceiling, as real surveys do
		if rng.IntN(2) == 0 {
			score = float64(5+rng.IntN(21)) / 5
		}
		_, err := insert.ExecContext(ctx, instrumentID, clientID, staff[client%len(staff)], teams[client%len(teams)], anonymous,
			[]byte(commentAnswers("")), score, at, at.Year()*100+int(at.Month()))
		must(b, err)
	}
	must(b, tx.Commit())
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
