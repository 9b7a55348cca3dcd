// Package store keeps Rapport's data in SQLite (embedded, the default) or
// PostgreSQL (for an organisation, and for several server processes behind a
// load balancer). One implementation serves both: the queries are the same
// `$N` SQL, and only the table definitions (migrations/<engine>/) differ.
//
// Every method runs in its own transaction and calls package-level helpers
// that take *sql.Tx, so steps compose. Methods that read or write client data
// take a rapport.Actor and append audit events to a hash-chained, append-only
// log in the same transaction. docs/storage.md describes the schema and the
// audit chain.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/rapporthq/rapport"
)

// Engines.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// sqliteParams are set on every SQLite connection. busy_timeout makes a
// second process wait for the lock instead of failing; WAL lets readers run
// beside the writer; synchronous=NORMAL in WAL mode survives a process crash
// (the server being killed) and can lose only the last commits on power loss,
// never corrupt the file; _txlock=immediate takes the write lock at BEGIN, so
// a transaction never fails halfway on a lock upgrade; _time_format=sqlite
// writes times in a form the driver parses back; _texttotime parses times that
// come out of aggregates such as MAX(occurred_at).
const sqliteParams = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite&_texttotime=1"

// Pool sizes. SQLite has one writer at a time, so the write pool has one
// connection: requests queue in Go, in order, instead of spinning in
// SQLite's busy handler. PostgreSQL appends to the audit chain one
// transaction at a time too, so more connections than this buy nothing and
// cost the server memory (several processes share max_connections).
const (
	postgresConns    = 16
	connMaxIdleTime  = 5 * time.Minute
	postgresLifetime = time.Hour
)

// DB is an open database. It is safe for concurrent use.
type DB struct {
	engine string
	write  *sql.DB // every transaction that writes, including audited reads
	read   *sql.DB // unaudited reads; the same pool as write on PostgreSQL
	now    func() time.Time
	// chainNudge wakes RunAuditChainer after an audited commit (chain.go).
	chainNudge chan struct{}
}

// Open connects to the database named by url, runs any pending migrations
// and returns it. A postgres:// or postgresql:// URL selects PostgreSQL; a
// file path, or a sqlite: URL (sqlite:path or sqlite:///abs/path), selects
// SQLite, creating the file and its directory if needed.
func Open(ctx context.Context, url string) (*DB, error) {
	db, err := open(url)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.start(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func open(url string) (*DB, error) {
	switch scheme, _, _ := strings.Cut(url, "://"); {
	case scheme == "postgres" || scheme == "postgresql":
		return openPostgres(url)
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//"))
	case strings.Contains(url, "://"):
		return nil, rapport.Errorf(rapport.EINVALID, "database URL scheme %q is not supported: use a file path, sqlite: or postgres://", scheme)
	default:
		return openSQLite(url)
	}
}

// start checks the connection and brings the schema up to date.
func (db *DB) start(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	return db.Ping(ctx)
}

func openPostgres(url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(postgresConns)
	pool.SetMaxIdleConns(postgresConns)
	pool.SetConnMaxIdleTime(connMaxIdleTime)
	pool.SetConnMaxLifetime(postgresLifetime)
	return &DB{engine: Postgres, write: pool, read: pool, now: time.Now, chainNudge: make(chan struct{}, 1)}, nil
}

func openSQLite(path string) (*DB, error) {
	path, query, _ := strings.Cut(path, "?")
	// An in-memory database could not be shared by the read and write pools,
	// and a file: URI would bypass the parameters set here.
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.Contains(query, "mode=memory") {
		return nil, rapport.Errorf(rapport.EINVALID, "SQLite needs a plain file path, such as rapport-data/rapport.db")
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	// Caller's parameters go last so they override ours.
	dsn := path + "?" + sqliteParams
	if query != "" {
		dsn += "&" + query
	}
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(connMaxIdleTime)
	return &DB{engine: SQLite, write: write, read: read, now: time.Now, chainNudge: make(chan struct{}, 1)}, nil
}

// createPrivate makes the database file and its directory readable by the
// owner only before SQLite opens it: the file holds health information, and
// SQLite would otherwise create it with the umask's permissions.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	return f.Close()
}

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.engine }

// Ping checks that the database answers, for readiness checks.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Stats returns connection-pool statistics, summed over the read and write
// pools, for metrics.
func (db *DB) Stats() sql.DBStats {
	s := db.write.Stats()
	if db.read == db.write {
		return s
	}
	r := db.read.Stats()
	s.MaxOpenConnections += r.MaxOpenConnections
	s.OpenConnections += r.OpenConnections
	s.InUse += r.InUse
	s.Idle += r.Idle
	s.WaitCount += r.WaitCount
	s.WaitDuration += r.WaitDuration
	s.MaxIdleClosed += r.MaxIdleClosed
	s.MaxIdleTimeClosed += r.MaxIdleTimeClosed
	s.MaxLifetimeClosed += r.MaxLifetimeClosed
	return s
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// WithClock returns a handle on the same database whose writes record now()
// as their time. It is for loading records whose times are known (the demo's
// history, imports); requests always use the real clock. The handle shares
// db's pools: close db, not the handle.
func (db *DB) WithClock(now func() time.Time) *DB {
	c := *db
	c.now = now
	return &c
}

// clock returns the time to record now.
func (db *DB) clock() time.Time {
	return dbTime(db.now())
}

// dbTime is t as the database keeps it: UTC, to the microsecond, which is
// PostgreSQL's precision. Every time is stored this way, so it reads back
// exactly as written on both engines (the audit hash depends on it), and
// SQLite's text times compare in time order.
func dbTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}
