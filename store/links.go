package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// One-time links (the first-run setup link, admin-issued reset links) are
// keyed by the SHA-256 of their token, like sessions: the token itself never
// reaches the database. Package auth makes the token and decides what a link
// may do; this file keeps them and marks them used atomically.

// CreateLink stores a one-time link under tokenHash. Its UsedAt is ignored: a
// new link is unused.
func (db *DB) CreateLink(ctx context.Context, tokenHash []byte, l auth.OneTimeLink) error {
	if err := checkLink(tokenHash, l); err != nil {
		return wrap("create link", err)
	}
	return db.update(ctx, "create link", func(tx *sql.Tx, now time.Time) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, tokenHash, string(l.Purpose), nullID(l.UserID), now, dbTime(l.ExpiresAt))
		return err
	})
}

func checkLink(tokenHash []byte, l auth.OneTimeLink) error {
	switch {
	case len(tokenHash) != 32:
		return rapport.Errorf(rapport.EINVALID, "link token hash must be 32 bytes (SHA-256)")
	case l.Purpose != auth.LinkSetup && l.Purpose != auth.LinkReset:
		return rapport.Errorf(rapport.EINVALID, "link purpose must be setup or reset")
	case l.Purpose == auth.LinkSetup && l.UserID != 0:
		return rapport.Errorf(rapport.EINVALID, "a setup link has no user")
	case l.Purpose == auth.LinkReset && l.UserID <= 0:
		return rapport.Errorf(rapport.EINVALID, "a reset link needs a user")
	case l.ExpiresAt.IsZero():
		return rapport.Errorf(rapport.EINVALID, "link expiry is required")
	}
	return nil
}

// FindLink returns the link stored under tokenHash, used or not, expired or
// not (auth.OneTimeLink.Usable says which), or ENOTFOUND.
func (db *DB) FindLink(ctx context.Context, tokenHash []byte) (auth.OneTimeLink, error) {
	var l auth.OneTimeLink
	err := db.view(ctx, "find link", func(tx *sql.Tx) error {
		var err error
		l, err = findLink(ctx, tx, tokenHash)
		return err
	})
	return l, err
}

func findLink(ctx context.Context, tx *sql.Tx, tokenHash []byte) (auth.OneTimeLink, error) {
	var l auth.OneTimeLink
	var purpose string
	var user sql.NullInt64
	var used sql.NullTime
	err := tx.QueryRowContext(ctx, "SELECT purpose, user_id, expires_at, used_at FROM one_time_links WHERE token_hash = $1", tokenHash).
		Scan(&purpose, &user, &l.ExpiresAt, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return l, rapport.Errorf(rapport.ENOTFOUND, "this link is not known: check that it was copied completely")
	}
	if err != nil {
		return l, err
	}
	l.Purpose, l.UserID, l.ExpiresAt = auth.LinkPurpose(purpose), user.Int64, l.ExpiresAt.UTC()
	if used.Valid {
		l.UsedAt = used.Time.UTC()
	}
	return l, nil
}

// useLink marks the link used in the statement that checks it is unused, of
// the right purpose and unexpired, so two requests racing with one link
// cannot both succeed. A link that cannot be used reports why, with auth's
// errors (ErrLinkUsed, ErrLinkExpired) or ENOTFOUND.
func useLink(ctx context.Context, tx *sql.Tx, tokenHash []byte, purpose auth.LinkPurpose, now time.Time) (auth.OneTimeLink, error) {
	res, err := tx.ExecContext(ctx, `UPDATE one_time_links SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1`, now, tokenHash, string(purpose))
	if err != nil {
		return auth.OneTimeLink{}, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return auth.OneTimeLink{}, err
	}
	l, err := findLink(ctx, tx, tokenHash)
	if err != nil {
		return l, err
	}
	if n == 1 {
		return l, nil
	}
	if l.Purpose != purpose {
		return l, rapport.Errorf(rapport.ENOTFOUND, "this link is not known: check that it was copied completely")
	}
	if err := l.Usable(now); err != nil {
		return l, err
	}
	return l, auth.ErrLinkUsed // lost a race between the UPDATE and the read
}

// HasUsers reports whether any user exists; with none, the server offers a
// setup link.
func (db *DB) HasUsers(ctx context.Context) (bool, error) {
	var found bool
	err := db.view(ctx, "has users", func(tx *sql.Tx) error {
		var err error
		found, err = hasUsers(ctx, tx)
		return err
	})
	return found, err
}

// lockUsersForSetup makes setups run one at a time. Each start of an empty Rapport prints a new
// setup link, so two links can be used at the same instant; on PostgreSQL each transaction
// would then see no users and create an admin. The table lock conflicts with itself and with
// inserts, so the second setup waits and then sees the first one's admin. SQLite's write
// transactions already run one at a time.
func (db *DB) lockUsersForSetup(ctx context.Context, tx *sql.Tx) error {
	if db.engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE")
	return err
}

func hasUsers(ctx context.Context, tx *sql.Tx) (bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM users LIMIT 1").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// CreateFirstAdmin follows the setup link under tokenHash: it marks the link
// used and creates u, who must be an admin, in one transaction, so a link
// creates at most one account and a failed creation leaves the link usable.
// Once any user exists, setup is over (ECONFLICT), whatever the link.
func (db *DB) CreateFirstAdmin(ctx context.Context, tokenHash []byte, u *rapport.User) error {
	u.Email = rapport.NormalizeEmail(u.Email)
	if u.Role != rapport.RoleAdmin {
		return wrap("create first admin", rapport.Errorf(rapport.EINVALID, "the first user must be an admin"))
	}
	if err := u.Validate(); err != nil {
		return wrap("create first admin", err)
	}
	return db.update(ctx, "create first admin", func(tx *sql.Tx, now time.Time) error {
		if _, err := useLink(ctx, tx, tokenHash, auth.LinkSetup, now); err != nil {
			return err
		}
		if err := db.lockUsersForSetup(ctx, tx); err != nil {
			return err
		}
		found, err := hasUsers(ctx, tx)
		if err != nil {
			return err
		}
		if found {
			return rapport.Errorf(rapport.ECONFLICT, "Rapport is already set up: sign in, or ask an administrator for an account")
		}
		return insertUser(ctx, tx, u, now)
	})
}
