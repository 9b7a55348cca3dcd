package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/rapporthq/rapport"
)

// view runs fn in a read-only transaction on the read pool. Repeatable read
// gives fn one snapshot on PostgreSQL (SQLite's read transactions always do),
// so a walk over the audit chain sees its rows and head as of one moment.
func (db *DB) view(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return wrap(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return wrap(op, err)
	}
	return wrap(op, tx.Commit())
}

// update runs fn in a read-write transaction and commits if fn succeeds. now
// is the one time every row written in the transaction records.
func (db *DB) update(ctx context.Context, op string, fn func(tx *sql.Tx, now time.Time) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return wrap(op, err)
	}
	defer tx.Rollback()
	if err := fn(tx, db.clock()); err != nil {
		return wrap(op, err)
	}
	return wrap(op, tx.Commit())
}

// audited runs fn in a read-write transaction, then appends the audit events
// fn returns, as actor, in the same transaction: the data and its audit trail
// commit together or not at all. After commit it nudges the chainer, which
// links the events into the hash chain (chain.go).
func (db *DB) audited(ctx context.Context, op string, actor rapport.Actor, fn func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error)) error {
	if err := actor.Validate(); err != nil {
		return wrap(op, err)
	}
	err := db.update(ctx, op, func(tx *sql.Tx, now time.Time) error {
		events, err := fn(tx, now)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return errors.New("no audit event for an audited operation") // a bug here, not the caller's
		}
		for i := range events {
			events[i].Time, events[i].UserID, events[i].Role = now, actor.UserID, actor.Role
		}
		return appendAudit(ctx, tx, events)
	})
	if err == nil {
		db.nudgeChainer()
	}
	return err
}

// wrap names the operation in a storage error and gives it a code: a
// missing row is ENOTFOUND, a duplicate ECONFLICT, a reference to a missing
// row EINVALID. Other errors keep no code (ErrorCode reports EINTERNAL).
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if coded := classify(err); coded != nil {
		// Both are wrapped: the code and message for people, the cause for logs.
		return fmt.Errorf("store: %s: %w (%w)", op, coded, err)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

func classify(err error) *rapport.Error {
	var re *rapport.Error
	switch {
	case errors.As(err, &re):
		return nil // already coded
	case errors.Is(err, sql.ErrNoRows):
		return rapport.Errorf(rapport.ENOTFOUND, "record not found")
	case isUnique(err):
		return rapport.Errorf(rapport.ECONFLICT, "the record already exists")
	case isConstraint(err, "23503", sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY):
		return rapport.Errorf(rapport.EINVALID, "the record refers to another record that does not exist")
	}
	return nil
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	return isConstraint(err, "23505", sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// isConstraint reports whether err is a PostgreSQL error with the SQLSTATE
// pgCode or an SQLite error with one of the extended result codes.
func isConstraint(err error, pgCode string, sqliteCodes ...int) bool {
	if pe, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pe.Code == pgCode
	}
	if se, ok := errors.AsType[*sqlite.Error](err); ok {
		for _, c := range sqliteCodes {
			if se.Code() == c {
				return true
			}
		}
	}
	return false
}

// notFound turns sql.ErrNoRows into an ENOTFOUND error naming the record.
func notFound(err error, kind string, id int64) error {
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ENOTFOUND, "%s %d not found", kind, id)
	}
	return err
}

// requireRow checks that the row with id exists in table, so that creating a
// child record for a missing parent says which parent is missing. table is
// always a constant from this package.
func requireRow(ctx context.Context, tx *sql.Tx, table, kind string, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+table+" WHERE id = $1", id).Scan(&one)
	return notFound(err, kind, id)
}

// lockRow touches the row's updated_at before a read-modify-write. On
// PostgreSQL this takes the row lock, so the read that follows sees the last
// committed version and two concurrent updates cannot overwrite each other's
// fields; on SQLite the immediate transaction already excludes other writers.
// It also reports a missing row.
func lockRow(ctx context.Context, tx *sql.Tx, table, kind string, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE "+table+" SET updated_at = $1 WHERE id = $2", now, id)
	if err != nil {
		return err
	}
	return mustAffect(res, rapport.Errorf(rapport.ENOTFOUND, "%s %d not found", kind, id))
}

// mustAffect returns errNone if the statement changed no row.
func mustAffect(res sql.Result, errNone error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errNone
	}
	return nil
}

// where builds a WHERE clause with numbered parameters. Conditions are
// written with ? for each argument, replaced by $1, $2… in order.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// in adds "col IN (…)" for ids; an empty list matches nothing.
func (w *where) in(col string, ids []int64) {
	if len(ids) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	w.add(col+" IN ("+strings.Repeat("?, ", len(ids)-1)+"?)", args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page appends LIMIT and OFFSET parameters and returns the clause.
func (w *where) page(p rapport.Page) string {
	w.args = append(w.args, p.Size(), p.Offset)
	return fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(w.args)-1, len(w.args))
}

// count returns the number of rows in from (a table and any joins) that match w.
func count(ctx context.Context, tx *sql.Tx, from string, w *where) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+from+w.String(), w.args...).Scan(&n)
	return n, err
}

// likePattern matches s anywhere, case-insensitively, with LIKE's wildcards
// in s escaped (the queries say ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// queryAll runs a query and scans each row with scan.
func queryAll[T any](ctx context.Context, tx *sql.Tx, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// nullID stores a zero ID as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// ids returns the IDs of items, for loading their children in one query.
func ids[T any](items []T, id func(T) int64) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}
