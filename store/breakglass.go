package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Break-the-glass grants: time-limited access to one client outside the
// user's care teams. Whether a user may ask is auth's decision (auth.Can with
// auth.BreakTheGlass); the store keeps the grant and its audit event together.

// CreateBreakGlass grants actor access to clientID for d from now, for the
// stated reason, and records a break-glass event carrying that reason in the
// same transaction: there is never a grant without its audit trail. The
// reason and duration are checked by auth.NewBreakGlass; a missing client is
// ENOTFOUND.
func (db *DB) CreateBreakGlass(ctx context.Context, actor rapport.Actor, clientID int64, reason string, d time.Duration) (auth.BreakGlass, error) {
	var g auth.BreakGlass
	err := db.audited(ctx, "break the glass", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if g, err = auth.NewBreakGlass(clientID, reason, now, d); err != nil {
			return nil, err
		}
		g.ExpiresAt = dbTime(g.ExpiresAt)
		if err := requireRow(ctx, tx, "clients", "client", clientID); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO break_glass (user_id, client_id, reason, granted_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, actor.UserID, clientID, g.Reason, g.GrantedAt, g.ExpiresAt)
		event := rapport.AuditEvent{Action: rapport.ActionBreakGlass, RecordType: rapport.RecordClient, ClientID: clientID, Reason: g.Reason}
		return []rapport.AuditEvent{event}, err
	})
	if err != nil {
		return auth.BreakGlass{}, err
	}
	return g, nil
}

// LiveBreakGlass returns userID's grants that are in force at now, the one
// ending last first. It reads grants only (no client details), so, like
// FindClientScope, it is not audited: each use of a grant is, by the read or
// write it allows.
func (db *DB) LiveBreakGlass(ctx context.Context, userID int64, now time.Time) ([]auth.BreakGlass, error) {
	var grants []auth.BreakGlass
	err := db.view(ctx, "live break-glass grants", func(tx *sql.Tx) error {
		var err error
		grants, err = queryAll(ctx, tx, scanBreakGlass, `SELECT client_id, reason, granted_at, expires_at FROM break_glass
			WHERE user_id = $1 AND granted_at <= $2 AND expires_at > $2 ORDER BY expires_at DESC, id DESC`, userID, dbTime(now))
		return err
	})
	return grants, err
}

func scanBreakGlass(s scanner) (auth.BreakGlass, error) {
	var g auth.BreakGlass
	err := s.Scan(&g.ClientID, &g.Reason, &g.GrantedAt, &g.ExpiresAt)
	g.GrantedAt, g.ExpiresAt = g.GrantedAt.UTC(), g.ExpiresAt.UTC()
	return g, err
}
