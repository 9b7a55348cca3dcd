package store

import (
	"context"
	"time"

	"github.com/rapporthq/rapport"
)

// Logins is the part of the store that signing in uses, in the shape package
// auth consumes: it satisfies auth.Counter (shared login-attempt counts) and
// auth.Credentials (password hashes), so every server process shares them.
type Logins struct{ db *DB }

// Logins returns the sign-in view of the store.
func (db *DB) Logins() Logins { return Logins{db} }

// Incr counts one attempt on key (HitRateLimit). The window is placed by the
// store's clock rather than now, so that one process's clock cannot open a
// fresh window for everyone; auth.Counter allows this.
func (l Logins) Incr(ctx context.Context, key string, window time.Duration, _ time.Time) (int, error) {
	n, _, err := l.db.HitRateLimit(ctx, key, window)
	return int(n), err
}

// Reset forgets every count for key.
func (l Logins) Reset(ctx context.Context, key string) error {
	return l.db.ResetRateLimit(ctx, key)
}

// PasswordHash returns the user ID and password hash for email. found is
// false when no user has that email, the user is disabled, or no password has
// been set yet: none of them may sign in, and callers treat them alike.
func (l Logins) PasswordHash(ctx context.Context, email string) (userID int64, encoded string, found bool, err error) {
	u, err := l.db.FindUserByEmail(ctx, email)
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		return 0, "", false, nil
	case err != nil:
		return 0, "", false, err
	case u.Disabled || u.PasswordHash == "":
		return 0, "", false, nil
	}
	return u.ID, u.PasswordHash, true, nil
}

// SetPasswordHash replaces a user's password hash.
func (l Logins) SetPasswordHash(ctx context.Context, userID int64, encoded string) error {
	_, err := l.db.UpdateUser(ctx, userID, rapport.UserUpdate{PasswordHash: &encoded})
	return err
}
