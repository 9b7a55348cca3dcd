package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
)

// The suite runs every test against SQLite (a temporary file) and, when
// RAPPORT_TEST_POSTGRES names a server, against PostgreSQL. Each run creates
// its own database there and drops it at the end; each test gets its own
// schema in it, so tests and concurrent runs never see each other's rows.

// pgRunURL is the URL of this run's PostgreSQL database, or "" without one.
var pgRunURL string

var schemaSeq atomic.Int64

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	admin := os.Getenv("RAPPORT_TEST_POSTGRES")
	if admin == "" {
		return m.Run()
	}
	runURL, drop, err := createRunDatabase(admin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "store tests: cannot create a database on RAPPORT_TEST_POSTGRES: %v\n", err)
		return 1
	}
	defer drop()
	pgRunURL = runURL
	return m.Run()
}

// createRunDatabase creates a database with a unique name on the server at
// admin and returns its URL and a function that drops it.
func createRunDatabase(admin string) (string, func(), error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	name := "rapport_test_" + randomHex(6)
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close()
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		conn.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "store tests: drop database %s: %v\n", name, err)
		}
		conn.Close()
	}
	return u.String(), drop, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// forEachEngine runs test once per engine, each with a fresh database.
func forEachEngine(t *testing.T, test func(t *testing.T, db *DB)) {
	t.Helper()
	t.Run(SQLite, func(t *testing.T) {
		t.Parallel()
		test(t, openSQLiteTest(t))
	})
	t.Run(Postgres, func(t *testing.T) {
		t.Parallel()
		test(t, openPostgresTest(t))
	})
}

func openSQLiteTest(t testing.TB) *DB {
	t.Helper()
	return openTest(t, filepath.Join(t.TempDir(), "rapport.db"))
}

func openPostgresTest(t testing.TB) *DB {
	t.Helper()
	if pgRunURL == "" {
		if os.Getenv("RAPPORT_REQUIRE_ALL") == "1" {
			t.Fatal("RAPPORT_REQUIRE_ALL=1 but RAPPORT_TEST_POSTGRES is not set: the PostgreSQL storage tests cannot run")
		}
		t.Skip("PostgreSQL tests skipped: set RAPPORT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable to run them")
	}
	return openTest(t, postgresSchemaURL(t))
}

// postgresSchemaURL creates a fresh schema in the run's database and returns
// a URL whose connections use it.
func postgresSchemaURL(t testing.TB) string {
	t.Helper()
	schema := fmt.Sprintf("t%d", schemaSeq.Add(1))
	conn, err := sql.Open("pgx", pgRunURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(pgRunURL)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// testURLs remembers each test database's URL, for reopen.
var testURLs sync.Map // *DB → string

func openTest(t testing.TB, url string) *DB {
	t.Helper()
	db, err := Open(t.Context(), url)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	testURLs.Store(db, url)
	t.Cleanup(func() { db.Close() })
	return db
}

// reopen opens a second handle on db's database, with its own pools, as a
// second server process would, and the same clock.
func reopen(t testing.TB, db *DB) *DB {
	t.Helper()
	url, _ := testURLs.Load(db)
	other := openTest(t, url.(string))
	other.now = db.now
	return other
}

// fakeClock is a settable clock, safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is a database with a team, staff, and a clock the test controls.
type fixture struct {
	db      *DB
	clock   *fakeClock
	team    *rapport.Team
	admin   *rapport.User
	sup     *rapport.User
	cm      *rapport.User // on the team
	cm2     *rapport.User // on no team
	cmActor rapport.Actor
}

// start is the fixture's initial time: it has a fractional second, so time
// round-trips are really tested.
var start = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

func newFixture(t testing.TB, db *DB) *fixture {
	t.Helper()
	clock := &fakeClock{t: start}
	db.now = clock.Now
	f := &fixture{db: db, clock: clock}
	f.team = &rapport.Team{Name: "North"}
	must(t, db.CreateTeam(t.Context(), f.team))
	f.admin = f.user(t, "admin@example.org", "Ada Admin", rapport.RoleAdmin)
	f.sup = f.user(t, "sup@example.org", "Sam Supervisor", rapport.RoleSupervisor)
	f.cm = f.user(t, "cm@example.org", "Casey Manager", rapport.RoleCaseManager)
	f.cm2 = f.user(t, "cm2@example.org", "Robin Other", rapport.RoleCaseManager)
	must(t, db.AddTeamMember(t.Context(), f.team.ID, f.sup.ID))
	must(t, db.AddTeamMember(t.Context(), f.team.ID, f.cm.ID))
	f.cmActor = actorOf(f.cm)
	return f
}

func actorOf(u *rapport.User) rapport.Actor {
	return rapport.Actor{UserID: u.ID, Role: u.Role}
}

func (f *fixture) user(t testing.TB, email, name string, role rapport.Role) *rapport.User {
	t.Helper()
	u := &rapport.User{Email: email, Name: name, Role: role}
	must(t, f.db.CreateUser(t.Context(), u))
	return u
}

// client creates a client on the fixture's team with the case manager on its
// care team.
func (f *fixture) client(t testing.TB, name string) *rapport.Client {
	t.Helper()
	c := &rapport.Client{TeamID: f.team.ID, PreferredName: name, CareTeam: []int64{f.cm.ID}}
	must(t, f.db.CreateClient(t.Context(), f.cmActor, c))
	return c
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails unless err carries the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := rapport.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
}

// allEvents reads the whole audit log, oldest first, without auditing.
func allEvents(t *testing.T, db *DB) []*rapport.AuditEvent {
	t.Helper()
	var events []*rapport.AuditEvent
	err := db.view(t.Context(), "test: read audit log", func(tx *sql.Tx) error {
		var err error
		events, err = queryAll(t.Context(), tx, scanAuditEvent, "SELECT "+auditColumns+" FROM audit_events ORDER BY id")
		return err
	})
	must(t, err)
	return events
}

// countRows counts a table's rows without auditing.
func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	err := db.view(t.Context(), "test: count", func(tx *sql.Tx) error {
		return tx.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n)
	})
	must(t, err)
	return n
}

// rawExec runs SQL on the write pool, as an attacker with database access
// would, with the audit log's protective triggers removed first.
func rawExec(t *testing.T, db *DB, query string, args ...any) {
	t.Helper()
	ctx := t.Context()
	disable := []string{"DROP TRIGGER IF EXISTS audit_events_no_update", "DROP TRIGGER IF EXISTS audit_events_no_delete",
		"DROP TRIGGER IF EXISTS audit_head_no_delete", "DROP TRIGGER IF EXISTS audit_head_forward_only",
		"DROP TRIGGER IF EXISTS audit_chain_no_update", "DROP TRIGGER IF EXISTS audit_chain_no_delete"}
	if db.engine == Postgres {
		disable = []string{"ALTER TABLE audit_events DISABLE TRIGGER USER", "ALTER TABLE audit_head DISABLE TRIGGER USER", "ALTER TABLE audit_chain DISABLE TRIGGER USER"}
	}
	for _, q := range disable {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.write.ExecContext(ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
