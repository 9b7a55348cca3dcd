package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds one append-only list of schema changes per engine,
// named NNNN_what.sql and numbered from 0001 without gaps.
//
//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrationLockKey is an arbitrary constant: every process migrating the same
// PostgreSQL database takes this advisory lock, so two servers starting at
// once do not both apply a migration.
const migrationLockKey = 0x5261_7070_6f72_74 // "Rapport"

// migrate applies the pending migrations, all in one transaction: either the
// schema moves to the newest version or it stays as it was.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations(db.engine)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return db.update(ctx, "migrate", func(tx *sql.Tx, now time.Time) error {
		return applyMigrations(ctx, tx, db.engine, ms, now)
	})
}

// loadMigrations reads the engine's migrations in version order and checks
// they are numbered 1, 2, 3… so a missing or doubled file is caught here and
// not in production.
func loadMigrations(engine string) ([]migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for i, e := range entries { // ReadDir sorts by name
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s: want a name like %04d_what.sql", dir, e.Name(), i+1)
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	return ms, nil
}

func applyMigrations(ctx context.Context, tx *sql.Tx, engine string, ms []migration, now time.Time) error {
	if engine == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLockKey)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMP NOT NULL)`); err != nil {
		return err
	}
	applied, err := appliedVersion(ctx, tx)
	if err != nil {
		return err
	}
	if applied > len(ms) {
		return fmt.Errorf("the database is at schema version %d but this build knows only %d: run a newer Rapport", applied, len(ms))
	}
	for _, m := range ms[applied:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", m.version, m.name, now); err != nil {
			return err
		}
	}
	return nil
}

func appliedVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	var v sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	return int(v.Int64), err
}
