package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rapporthq/rapport"
)

// Sessions live in the database, not in process memory, so any server
// process behind a load balancer can serve any request.

// SaveSession creates or replaces the session with s.TokenHash, keeping the
// original creation time, and sets s.CreatedAt and s.LastSeenAt.
func (db *DB) SaveSession(ctx context.Context, s *rapport.Session) error {
	if err := s.Validate(); err != nil {
		return wrap("save session", err)
	}
	return db.update(ctx, "save session", func(tx *sql.Tx, now time.Time) error {
		s.ExpiresAt = dbTime(s.ExpiresAt)
		err := tx.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, data, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $4, $5)
			ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,
				last_seen_at = excluded.last_seen_at, expires_at = excluded.expires_at
			RETURNING created_at`,
			s.TokenHash, nullID(s.UserID), nonNil(s.Data), now, s.ExpiresAt).Scan(&s.CreatedAt)
		if err != nil {
			return err
		}
		s.CreatedAt, s.LastSeenAt = s.CreatedAt.UTC(), now
		return nil
	})
}

// nonNil stores absent session data as empty, not NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// FindSession returns the unexpired session with tokenHash, or ENOTFOUND.
func (db *DB) FindSession(ctx context.Context, tokenHash []byte) (*rapport.Session, error) {
	var s rapport.Session
	err := db.view(ctx, "find session", func(tx *sql.Tx) error {
		var user sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT token_hash, user_id, data, created_at, last_seen_at, expires_at
			FROM sessions WHERE token_hash = $1 AND expires_at > $2`, tokenHash, db.clock()).
			Scan(&s.TokenHash, &user, &s.Data, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
		if errors.Is(err, sql.ErrNoRows) {
			return rapport.Errorf(rapport.ENOTFOUND, "session not found or expired")
		}
		if err != nil {
			return err
		}
		s.UserID = user.Int64
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// TouchSession records activity on an unexpired session (for the idle
// timeout), or reports ENOTFOUND.
func (db *DB) TouchSession(ctx context.Context, tokenHash []byte) error {
	return db.update(ctx, "touch session", func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2 AND expires_at > $1", now, tokenHash)
		if err != nil {
			return err
		}
		return mustAffect(res, rapport.Errorf(rapport.ENOTFOUND, "session not found or expired"))
	})
}

// DeleteSession ends a session. Ending one that does not exist is not an
// error: signing out twice is harmless.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return db.update(ctx, "delete session", func(tx *sql.Tx, _ time.Time) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash)
		return err
	})
}

// DeleteUserSessions ends every session of a user ("sign out everywhere") and
// returns how many there were.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := db.update(ctx, "delete user sessions", func(tx *sql.Tx, _ time.Time) error {
		var err error
		n, err = deleteUserSessions(ctx, tx, userID)
		return err
	})
	return n, err
}

func deleteUserSessions(ctx context.Context, tx *sql.Tx, userID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes sessions past their expiry and returns how
// many; run it now and then.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	var n int64
	err := db.update(ctx, "delete expired sessions", func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= $1", now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
