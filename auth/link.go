package auth

import (
	"fmt"
	"time"

	"github.com/rapporthq/rapport"
)

// LinkPurpose says what a one-time link does.
type LinkPurpose string

// The one-time link purposes.
const (
	LinkSetup LinkPurpose = "setup" // creates the first admin; printed on the console at first run
	LinkReset LinkPurpose = "reset" // sets a new password; issued by an admin
)

// How long a link stays usable. Setup links wait for someone to read the
// console; reset links are passed on by an admin, so a day covers a shift.
const (
	SetupLinkTTL = 24 * time.Hour
	ResetLinkTTL = 24 * time.Hour
)

// One-time link errors (code EUNAUTHORIZED: the link is a credential that no
// longer works), written for the person who followed it.
var (
	ErrLinkExpired error = rapport.Errorf(rapport.EUNAUTHORIZED, "this link has expired: ask an administrator for a new one")
	ErrLinkUsed    error = rapport.Errorf(rapport.EUNAUTHORIZED, "this link has already been used: ask an administrator for a new one")
)

// OneTimeLink is a setup or reset link as stored, next to its token hash.
// Storage must mark it used in the same statement that checks it is unused
// (UPDATE … SET used_at = $now WHERE hash = $1 AND used_at IS NULL), so two
// requests racing with the same link cannot both succeed.
type OneTimeLink struct {
	Purpose   LinkPurpose
	UserID    int64 // zero for a setup link: the admin does not exist yet
	ExpiresAt time.Time
	UsedAt    time.Time // zero until used
}

// NewOneTimeLink makes a link for purpose and returns it with the token to
// put in the URL (shown once) and the hash to store.
func NewOneTimeLink(purpose LinkPurpose, userID int64, now time.Time) (OneTimeLink, string, []byte, error) {
	var prefix string
	var ttl time.Duration
	switch purpose {
	case LinkSetup:
		prefix, ttl = PrefixSetup, SetupLinkTTL
	case LinkReset:
		prefix, ttl = PrefixReset, ResetLinkTTL
	default:
		return OneTimeLink{}, "", nil, fmt.Errorf("new one-time link: unknown purpose %q", purpose)
	}
	plaintext, hash, err := NewToken(prefix)
	if err != nil {
		return OneTimeLink{}, "", nil, fmt.Errorf("new one-time link: %w", err)
	}
	link := OneTimeLink{Purpose: purpose, UserID: userID, ExpiresAt: now.Add(ttl)}
	return link, plaintext, hash, nil
}

// Usable reports whether the link may be followed at now.
func (l OneTimeLink) Usable(now time.Time) error {
	switch {
	case !l.UsedAt.IsZero():
		return ErrLinkUsed
	case !now.Before(l.ExpiresAt):
		return ErrLinkExpired
	}
	return nil
}
