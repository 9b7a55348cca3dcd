package rapport

import (
	"crypto/sha256"
	"time"
)

// MaxSessionData is the most session data kept per session, in bytes.
const MaxSessionData = 64 << 10

// Session is a signed-in (or anonymous) browser session. Only the SHA-256 of
// the session token is stored, so a copy of the database does not let anyone
// take over a session. Data is opaque to the store (a session manager's
// encoded values).
type Session struct {
	TokenHash  []byte
	UserID     int64 // zero for a session before sign-in
	Data       []byte
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Validate checks a session before it is stored.
func (s *Session) Validate() error {
	switch {
	case len(s.TokenHash) != sha256.Size:
		return Errorf(EINVALID, "session token hash must be %d bytes (SHA-256)", sha256.Size)
	case s.UserID < 0:
		return Errorf(EINVALID, "session user ID must not be negative")
	case s.ExpiresAt.IsZero():
		return Errorf(EINVALID, "session expiry is required")
	case len(s.Data) > MaxSessionData:
		return Errorf(EINVALID, "session data must be at most %d bytes", MaxSessionData)
	}
	return nil
}
