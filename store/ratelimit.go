package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapporthq/rapport"
)

// Rate-limit counters live in the database so that every server process
// counts the same login attempts. Windows are fixed: a counter covers
// [start, start+window) with start a multiple of window since the Unix epoch.

// MaxRateKeyLen is the longest rate-limit key, in characters.
const MaxRateKeyLen = 300

// HitRateLimit counts one hit on key in the current window and returns the
// count including this hit and when the window ends. The increment and the
// read are one statement, so concurrent hits from any number of processes
// are all counted and each sees a distinct count.
func (db *DB) HitRateLimit(ctx context.Context, key string, window time.Duration) (int64, time.Time, error) {
	if key == "" || len(key) > MaxRateKeyLen || window <= 0 {
		return 0, time.Time{}, wrap("hit rate limit", rapport.Errorf(rapport.EINVALID, "rate limit needs a key of at most %d bytes and a positive window", MaxRateKeyLen))
	}
	var hits int64
	var start time.Time
	err := db.update(ctx, "hit rate limit", func(tx *sql.Tx, now time.Time) error {
		start = now.Truncate(window)
		return tx.QueryRowContext(ctx, `INSERT INTO rate_limits (rate_key, window_start, hits) VALUES ($1, $2, 1)
			ON CONFLICT (rate_key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
			RETURNING hits`, key, start).Scan(&hits)
	})
	return hits, start.Add(window), err
}

// ResetRateLimit forgets every count for key, as after a successful login.
func (db *DB) ResetRateLimit(ctx context.Context, key string) error {
	return db.update(ctx, "reset rate limit", func(tx *sql.Tx, _ time.Time) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM rate_limits WHERE rate_key = $1", key)
		return err
	})
}

// DeleteRateLimitsBefore removes the counters of windows that started before
// t and returns how many; run it now and then with t older than the longest
// window in use.
func (db *DB) DeleteRateLimitsBefore(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := db.update(ctx, "delete old rate limits", func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM rate_limits WHERE window_start < $1", dbTime(t))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
