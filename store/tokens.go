package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Personal access tokens for the API. Only the SHA-256 of a token is stored
// (auth.HashToken); the plaintext is returned once, by CreateAPIToken. Tokens
// hold no client data, so these methods are not audited.

// Limits on API tokens.
const (
	MaxTokenNameLen  = 200
	MaxTokenLifetime = 366 * 24 * time.Hour // every token expires, within about a year
)

// tokenTouchEvery spares the database a write on every API request: the last
// use is recorded at most once a minute (docs/security.md).
const tokenTouchEvery = time.Minute

const apiTokenColumns = `id, user_id, name, scopes, expires_at, revoked_at, last_used_at`

// CreateAPIToken makes a new personal access token for t.UserID with t's
// name, scopes and expiry, stores its hash, sets t.ID (and clears the
// revocation and last use), and returns the plaintext token, which is never
// stored and cannot be shown again.
func (db *DB) CreateAPIToken(ctx context.Context, t *auth.APIToken) (string, error) {
	now := db.clock()
	if err := validateAPIToken(t, now); err != nil {
		return "", wrap("create api token", err)
	}
	plaintext, hash, err := auth.NewToken(auth.PrefixAPI)
	if err != nil {
		return "", wrap("create api token", err)
	}
	t.ExpiresAt, t.RevokedAt, t.LastUsedAt = dbTime(t.ExpiresAt), time.Time{}, time.Time{}
	err = db.update(ctx, "create api token", func(tx *sql.Tx, now time.Time) error {
		if err := requireRef(ctx, tx, "users", "user", t.UserID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			t.UserID, t.Name, hash, encodeScopes(t.Scopes), now, t.ExpiresAt).Scan(&t.ID)
	})
	if err != nil {
		return "", err
	}
	return plaintext, nil
}

// validateAPIToken checks a token before it is made: a named owner, a name,
// known scopes without repeats, and an expiry in the future within
// MaxTokenLifetime.
func validateAPIToken(t *auth.APIToken, now time.Time) error {
	t.Name = strings.TrimSpace(t.Name)
	switch {
	case t.UserID <= 0:
		return rapport.Errorf(rapport.EINVALID, "a token needs an owner")
	case t.Name == "":
		return rapport.Errorf(rapport.EINVALID, "token name is required: say what the token is for")
	case !utf8.ValidString(t.Name) || strings.ContainsRune(t.Name, 0):
		return rapport.Errorf(rapport.EINVALID, "token name contains characters that cannot be read")
	case utf8.RuneCountInString(t.Name) > MaxTokenNameLen:
		return rapport.Errorf(rapport.EINVALID, "token name must be at most %d characters", MaxTokenNameLen)
	case len(t.Scopes) == 0:
		return rapport.Errorf(rapport.EINVALID, "a token needs at least one scope")
	case !t.ExpiresAt.After(now):
		return rapport.Errorf(rapport.EINVALID, "a token must expire in the future")
	case t.ExpiresAt.Sub(now) > MaxTokenLifetime:
		return rapport.Errorf(rapport.EINVALID, "a token can last at most %d days", int(MaxTokenLifetime/(24*time.Hour)))
	}
	for i, s := range t.Scopes {
		if _, err := auth.ParseScope(string(s)); err != nil {
			return err
		}
		if slices.Contains(t.Scopes[:i], s) {
			return rapport.Errorf(rapport.EINVALID, "scope %s is listed twice", s)
		}
	}
	return nil
}

func encodeScopes(scopes []auth.Scope) string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ",")
}

// decodeScopes reads the stored list; an unknown name (from a newer build) is
// dropped, so it grants nothing.
func decodeScopes(s string) []auth.Scope {
	var scopes []auth.Scope
	for name := range strings.SplitSeq(s, ",") {
		if sc, err := auth.ParseScope(name); err == nil {
			scopes = append(scopes, sc)
		}
	}
	return scopes
}

func scanAPIToken(s scanner) (*auth.APIToken, error) {
	var t auth.APIToken
	var scopes string
	var revoked, used sql.NullTime
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &scopes, &t.ExpiresAt, &revoked, &used); err != nil {
		return nil, err
	}
	t.Scopes = decodeScopes(scopes)
	t.ExpiresAt = t.ExpiresAt.UTC()
	if revoked.Valid {
		t.RevokedAt = revoked.Time.UTC()
	}
	if used.Valid {
		t.LastUsedAt = used.Time.UTC()
	}
	return &t, nil
}

// FindAPITokenByHash returns the token whose SHA-256 is hash, revoked and
// expired ones included (auth.APIToken.Allows says which applies), or
// ENOTFOUND.
func (db *DB) FindAPITokenByHash(ctx context.Context, hash []byte) (*auth.APIToken, error) {
	var t *auth.APIToken
	err := db.view(ctx, "find api token", func(tx *sql.Tx) error {
		var err error
		t, err = scanAPIToken(tx.QueryRowContext(ctx, "SELECT "+apiTokenColumns+" FROM api_tokens WHERE token_hash = $1", hash))
		if errors.Is(err, sql.ErrNoRows) {
			return rapport.Errorf(rapport.ENOTFOUND, "api token not found")
		}
		return err
	})
	return t, err
}

// ListAPITokens returns a page of a user's tokens, newest first, and how many
// the user has (revoked and expired ones included, so the owner sees them).
func (db *DB) ListAPITokens(ctx context.Context, userID int64, p rapport.Page) ([]*auth.APIToken, int, error) {
	if err := p.Validate(); err != nil {
		return nil, 0, wrap("list api tokens", err)
	}
	var tokens []*auth.APIToken
	var total int
	err := db.view(ctx, "list api tokens", func(tx *sql.Tx) error {
		var w where
		w.add("user_id = ?", userID)
		var err error
		if total, err = count(ctx, tx, "api_tokens", &w); err != nil {
			return err
		}
		limit := w.page(p)
		tokens, err = queryAll(ctx, tx, scanAPIToken, "SELECT "+apiTokenColumns+" FROM api_tokens"+w.String()+" ORDER BY id DESC"+limit, w.args...)
		return err
	})
	return tokens, total, err
}

// RevokeAPIToken revokes the user's token with id, which stops working at
// once. Revoking it again keeps the first time; a token that is not the
// user's is ENOTFOUND, so no one learns of other people's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, id int64) error {
	return db.update(ctx, "revoke api token", func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND user_id = $3", now, id, userID)
		if err != nil {
			return err
		}
		return mustAffect(res, rapport.Errorf(rapport.ENOTFOUND, "api token %d not found", id))
	})
}

// TouchAPIToken records that the token was used now, at most once a minute:
// a use within a minute of the recorded one changes nothing. A missing token
// is not an error (it may have just been deleted with its owner).
func (db *DB) TouchAPIToken(ctx context.Context, id int64) error {
	return db.update(ctx, "touch api token", func(tx *sql.Tx, now time.Time) error {
		_, err := tx.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
			now, id, now.Add(-tokenTouchEvery))
		return err
	})
}
