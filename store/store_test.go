package store

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
)

func TestOpenChoosesEngine(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		url  string
		file string // the file that must exist afterwards
	}{
		{url: filepath.Join(dir, "plain.db"), file: filepath.Join(dir, "plain.db")},
		{url: "sqlite:" + filepath.Join(dir, "a", "url.db"), file: filepath.Join(dir, "a", "url.db")},
		{url: "sqlite://" + filepath.Join(dir, "b.db"), file: filepath.Join(dir, "b.db")},
		{url: filepath.Join(dir, "params.db") + "?_pragma=synchronous(FULL)", file: filepath.Join(dir, "params.db")},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			db := openTest(t, tt.url)
			if db.Engine() != SQLite {
				t.Errorf("Engine() = %q, want %q", db.Engine(), SQLite)
			}
			fi, err := os.Stat(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			// The file holds health information: owner only.
			if perm := fi.Mode().Perm(); perm != 0o600 {
				t.Errorf("database file permissions = %o, want 600", perm)
			}
			must(t, db.Ping(t.Context()))
			if s := db.Stats(); s.MaxOpenConnections < 2 {
				t.Errorf("Stats().MaxOpenConnections = %d, want the read and write pools summed", s.MaxOpenConnections)
			}
		})
	}
}

func TestOpenRejects(t *testing.T) {
	for _, url := range []string{"", ":memory:", "mysql://localhost/rapport", "file::memory:?mode=memory"} {
		t.Run(url, func(t *testing.T) {
			db, err := Open(t.Context(), url)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			wantCode(t, err, rapport.EINVALID)
		})
	}
}

func TestOpenPostgresEngine(t *testing.T) {
	db := openPostgresTest(t)
	if db.Engine() != Postgres {
		t.Errorf("Engine() = %q, want %q", db.Engine(), Postgres)
	}
	must(t, db.Ping(t.Context()))
}

func TestMigrationsAreNumberedAndParallel(t *testing.T) {
	sqlite, err := loadMigrations(SQLite)
	must(t, err)
	pg, err := loadMigrations(Postgres)
	must(t, err)
	if len(sqlite) == 0 || len(sqlite) != len(pg) {
		t.Fatalf("%d SQLite and %d PostgreSQL migrations: each engine needs the same list", len(sqlite), len(pg))
	}
	for i := range sqlite {
		if sqlite[i].name != pg[i].name {
			t.Errorf("migration %d is %s for SQLite but %s for PostgreSQL", i+1, sqlite[i].name, pg[i].name)
		}
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		want := appliedVersions(t, db)
		// Running them again, in the same process and by a second Open, changes nothing.
		must(t, db.migrate(t.Context()))
		must(t, db.migrate(t.Context()))
		if got := appliedVersions(t, db); got != want {
			t.Errorf("after migrating again: %d migrations recorded, want %d", got, want)
		}
		ms, _ := loadMigrations(db.engine)
		if want != len(ms) {
			t.Errorf("%d migrations recorded, want %d", want, len(ms))
		}
	})
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	db := openTest(t, path)
	must(t, db.CreateTeam(t.Context(), &rapport.Team{Name: "Kept"}))
	db.Close()
	db = openTest(t, path)
	teams, n, err := db.ListTeams(t.Context(), rapport.TeamFilter{})
	must(t, err)
	if n != 1 || teams[0].Name != "Kept" {
		t.Errorf("after reopening: %d teams %v, want the one created before", n, teams)
	}
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		_, err := db.write.ExecContext(t.Context(), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', $1)", time.Now().UTC())
		must(t, err)
		err = db.migrate(t.Context())
		if err == nil || !strings.Contains(err.Error(), "newer Rapport") {
			t.Errorf("migrate on a newer schema: err = %v, want a refusal naming the cause", err)
		}
	})
}

func appliedVersions(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	err := db.view(t.Context(), "test", func(tx *sql.Tx) error {
		return tx.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM schema_migrations").Scan(&n)
	})
	must(t, err)
	return n
}

func TestOpenUnreachablePostgres(t *testing.T) {
	// Port 1 refuses at once; the error must not echo the password.
	db, err := Open(t.Context(), "postgres://rapport:s3cret-pw@127.0.0.1:1/rapport?sslmode=disable&connect_timeout=2")
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded")
	}
	if strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("the error reveals the password: %v", err)
	}
}
