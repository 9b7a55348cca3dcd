package auth

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/rapporthq/rapport"
)

// Credentials is what signing in needs from storage.
type Credentials interface {
	// PasswordHash returns the user ID and encoded password hash of the
	// account that signs in with email. found is false when there is no such
	// account or it may not sign in (disabled); callers treat both alike.
	PasswordHash(ctx context.Context, email string) (userID int64, encoded string, found bool, err error)
	// SetPasswordHash replaces a user's password hash.
	SetPasswordHash(ctx context.Context, userID int64, encoded string) error
}

// ErrBadCredentials is the one answer to a wrong email or a wrong password,
// so the response does not reveal which accounts exist.
var ErrBadCredentials error = rapport.Errorf(rapport.EUNAUTHORIZED, "the email or password is incorrect")

// Authenticator checks passwords in the order that keeps timing and messages
// from revealing whether an account exists: limit first, then a full-cost
// verification whether or not the account was found.
type Authenticator struct {
	Credentials Credentials
	Limiter     *Limiter
}

// Authenticate returns the user ID for email and password from client address
// ip. It returns ErrBadCredentials, a *LockoutError, or a wrapped storage error.
// The caller then starts a new session (a fresh ID, never the one presented
// before sign-in).
func (a Authenticator) Authenticate(ctx context.Context, email, password, ip string, now time.Time) (int64, error) {
	d, err := a.Limiter.Allow(ctx, email, ip, now)
	if err != nil {
		return 0, fmt.Errorf("authenticate: %w", err)
	}
	if err := d.Err(now); err != nil {
		return 0, err
	}
	id, encoded, found, err := a.Credentials.PasswordHash(ctx, email)
	if err != nil {
		return 0, fmt.Errorf("authenticate: look up account: %w", err)
	}
	if !found {
		DummyVerify()
		return 0, ErrBadCredentials
	}
	ok, rehash, err := VerifyPassword(encoded, password)
	if err != nil {
		return 0, fmt.Errorf("authenticate user %d: %w", id, err)
	}
	if !ok {
		return 0, ErrBadCredentials
	}
	if err := a.Limiter.Succeeded(ctx, email); err != nil {
		return 0, fmt.Errorf("authenticate user %d: %w", id, err)
	}
	if rehash {
		a.upgrade(ctx, id, password)
	}
	return id, nil
}

// upgrade rehashes with the current parameters. A failure is logged, not
// returned: the person proved who they are, and the next sign-in retries.
func (a Authenticator) upgrade(ctx context.Context, id int64, password string) {
	encoded, err := HashPassword(password)
	if err == nil {
		err = a.Credentials.SetPasswordHash(ctx, id, encoded)
	}
	if err != nil {
		slog.WarnContext(ctx, "auth: could not upgrade password hash", "user_id", id, "err", err)
	}
}
