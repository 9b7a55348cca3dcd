package auth

import (
	"time"

	"github.com/rapporthq/rapport"
)

// Session errors (code EUNAUTHORIZED), distinct so a page can say why the
// person must sign in again, and keep what they typed.
var (
	ErrSessionIdle    error = rapport.Errorf(rapport.EUNAUTHORIZED, "you were signed out after a period without activity: sign in again to continue")
	ErrSessionExpired error = rapport.Errorf(rapport.EUNAUTHORIZED, "your session has ended: sign in again to continue")
)

// SessionPolicy bounds how long a session lives. The idle timeout limits the
// harm of an unattended screen; the absolute one ends even an active session,
// so a stolen session ID stops working by the next shift.
type SessionPolicy struct {
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
}

// DefaultSessionPolicy fits a working day with breaks.
var DefaultSessionPolicy = SessionPolicy{IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour}

// Check reports whether a session created at createdAt and last used at
// lastSeen is still valid at now. A zero policy fails closed: every session
// has expired.
func (p SessionPolicy) Check(createdAt, lastSeen, now time.Time) error {
	switch {
	case !now.Before(createdAt.Add(p.AbsoluteTimeout)):
		return ErrSessionExpired
	case !now.Before(lastSeen.Add(p.IdleTimeout)):
		return ErrSessionIdle
	}
	return nil
}
