package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
)

// Token prefixes say what a token is for, so a person or a secret scanner
// can tell a leaked API token from a session, and a handler can refuse a
// token of the wrong kind before looking it up.
const (
	PrefixAPI     = "rpt_"
	PrefixSetup   = "setup_"
	PrefixReset   = "reset_"
	PrefixSession = "sess_"
	PrefixSurvey  = "svy_" // a client's private survey link
)

// tokenBytes of randomness (256 bits) make guessing hopeless, which is why a
// fast hash (SHA-256) is enough at rest, unlike passwords.
const tokenBytes = 32

// Lower-case base32 without padding: no characters that need escaping in URLs
// or that break double-click selection.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

var tokenBodyLen = tokenEncoding.EncodedLen(tokenBytes)

// ErrTokenMalformed means a presented token is not one this package made.
var ErrTokenMalformed error = rapport.Errorf(rapport.EUNAUTHORIZED, "the token is not valid: check that it was copied completely")

// NewToken returns a random token with the given prefix and the SHA-256 hash
// to store. Only the hash is kept; the plaintext is shown once.
func NewToken(prefix string) (plaintext string, hash []byte, err error) {
	if !validPrefix(prefix) {
		return "", nil, fmt.Errorf("new token: prefix %q must be lower-case letters ending in _", prefix)
	}
	b := make([]byte, tokenBytes)
	rand.Read(b) // never fails: crypto/rand aborts the program instead
	plaintext = prefix + tokenEncoding.EncodeToString(b)
	return plaintext, HashToken(plaintext), nil
}

// HashToken returns the SHA-256 of a token, the form that is stored and
// looked up.
func HashToken(plaintext string) []byte {
	h := sha256.Sum256([]byte(plaintext))
	return h[:]
}

// EqualHash compares two token hashes in constant time.
func EqualHash(a, b []byte) bool {
	return subtle.ConstantTimeCompare(a, b) == 1
}

// CheckToken reports whether plaintext has the shape of a token with the
// given prefix, so malformed input is refused before any lookup.
func CheckToken(plaintext, prefix string) error {
	body, ok := strings.CutPrefix(plaintext, prefix)
	if !ok || len(body) != tokenBodyLen {
		return ErrTokenMalformed
	}
	if _, err := tokenEncoding.DecodeString(body); err != nil {
		return ErrTokenMalformed
	}
	return nil
}

func validPrefix(p string) bool {
	name, ok := strings.CutSuffix(p, "_")
	if !ok || name == "" {
		return false
	}
	for _, r := range name {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// Scope is one permission an API token can carry. Scopes do not imply each
// other: a token that writes clients cannot read them unless it has both.
type Scope string

// The scopes an API token can carry.
const (
	ScopeClientsRead  Scope = "clients:read"
	ScopeClientsWrite Scope = "clients:write"
	ScopeNotesWrite   Scope = "notes:write"
	ScopeAnalyze      Scope = "analyze"
	// ScopeInstrumentsWrite imports survey instruments (an administrator's). Reading
	// instruments needs no scope: they hold no client data, so any live token may.
	ScopeInstrumentsWrite Scope = "instruments:write"
)

// ParseScope reads a scope name, as submitted when a token is created.
func ParseScope(s string) (Scope, error) {
	switch sc := Scope(s); sc {
	case ScopeClientsRead, ScopeClientsWrite, ScopeNotesWrite, ScopeAnalyze, ScopeInstrumentsWrite:
		return sc, nil
	}
	return "", rapport.Errorf(rapport.EINVALID, "unknown scope %q: use clients:read, clients:write, notes:write, analyze or instruments:write", s)
}

// API token errors, distinct so the API can say which applies.
var (
	ErrTokenExpired error = rapport.Errorf(rapport.EUNAUTHORIZED, "this API token has expired: create a new one")
	ErrTokenRevoked error = rapport.Errorf(rapport.EUNAUTHORIZED, "this API token has been revoked")
	ErrScopeMissing error = rapport.Errorf(rapport.EFORBIDDEN, "this API token does not have the scope this action needs")
)

// APIToken is a personal access token as stored (its hash lives with it in
// storage, not here). Every token expires: a zero ExpiresAt counts as
// expired, so a token created without one fails closed.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Scopes     []Scope
	ExpiresAt  time.Time
	RevokedAt  time.Time // zero while not revoked
	LastUsedAt time.Time // zero until first use
}

// Allows reports whether t may be used at now for an action needing scope;
// an empty scope asks only that the token is live (for data that is not
// about clients, such as survey instruments). The owner's role is checked
// separately, with Can: a token never grants more than its owner has.
func (t APIToken) Allows(scope Scope, now time.Time) error {
	switch {
	case !t.RevokedAt.IsZero():
		return ErrTokenRevoked
	case !now.Before(t.ExpiresAt):
		return ErrTokenExpired
	}
	if scope != "" && !slices.Contains(t.Scopes, scope) {
		return ErrScopeMissing
	}
	return nil
}
