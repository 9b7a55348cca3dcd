package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rapporthq/rapport"
)

// Survey invitations: private, single-use, expiring links, keyed by the SHA-256 of their
// token like sessions and one-time links (auth.NewToken with auth.PrefixSurvey makes it). The
// token itself never reaches the database.

const invitationColumns = `id, client_id, case_manager_id, team_id, instrument_id, language, trigger_kind,
	created_by, created_at, expires_at, used_at, response_id, anonymous`

// CreateInvitation stores an invitation for a client under tokenHash, made by actor. The team
// is the client's; an invitation with no expiry lasts rapport.DefaultInvitationTTL. The caller
// checks that actor may survey the client. Audited as a creation of the client's data.
func (db *DB) CreateInvitation(ctx context.Context, actor rapport.Actor, inv *rapport.Invitation, tokenHash []byte) error {
	if len(tokenHash) != 32 {
		return wrap("create invitation", rapport.Errorf(rapport.EINVALID, "invitation token hash must be 32 bytes (SHA-256)"))
	}
	if err := inv.Validate(); err != nil {
		return wrap("create invitation", err)
	}
	return db.audited(ctx, "create invitation", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		inv.CreatedBy = actor.UserID
		err := insertInvitation(ctx, tx, inv, tokenHash, now)
		return []rapport.AuditEvent{careEvent(rapport.ActionCreate, inv.ClientID, rapport.RecordSurveyInvitation, inv.ID, nil)}, err
	})
}

func insertInvitation(ctx context.Context, tx *sql.Tx, inv *rapport.Invitation, tokenHash []byte, now time.Time) error {
	if inv.ExpiresAt.IsZero() {
		inv.ExpiresAt = now.Add(rapport.DefaultInvitationTTL)
	}
	inv.ExpiresAt = dbTime(inv.ExpiresAt)
	if !inv.ExpiresAt.After(now) || inv.ExpiresAt.Sub(now) > rapport.MaxInvitationTTL {
		return rapport.Errorf(rapport.EINVALID, "a survey link must expire in the future and within 90 days")
	}
	err := tx.QueryRowContext(ctx, "SELECT team_id FROM clients WHERE id = $1", inv.ClientID).Scan(&inv.TeamID)
	if err != nil {
		return notFound(err, "client", inv.ClientID)
	}
	if err := requireRef(ctx, tx, "users", "case manager", inv.CaseManagerID); err != nil {
		return err
	}
	if err := requireRef(ctx, tx, "survey_instruments", "instrument", inv.InstrumentID); err != nil {
		return err
	}
	inv.CreatedAt, inv.UsedAt, inv.ResponseID, inv.Anonymous = now, time.Time{}, 0, false
	return tx.QueryRowContext(ctx, `INSERT INTO survey_invitations (token_hash, client_id, case_manager_id, team_id, instrument_id,
		language, trigger_kind, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		tokenHash, inv.ClientID, inv.CaseManagerID, inv.TeamID, inv.InstrumentID, inv.Language, string(inv.Trigger),
		inv.CreatedBy, now, inv.ExpiresAt).Scan(&inv.ID)
}

func scanInvitation(s scanner) (*rapport.Invitation, error) {
	var inv rapport.Invitation
	var trigger string
	var used sql.NullTime
	var response sql.NullInt64
	err := s.Scan(&inv.ID, &inv.ClientID, &inv.CaseManagerID, &inv.TeamID, &inv.InstrumentID, &inv.Language, &trigger,
		&inv.CreatedBy, &inv.CreatedAt, &inv.ExpiresAt, &used, &response, &inv.Anonymous)
	if err != nil {
		return nil, err
	}
	inv.Trigger, inv.ResponseID = rapport.InvitationTrigger(trigger), response.Int64
	inv.CreatedAt, inv.ExpiresAt = inv.CreatedAt.UTC(), inv.ExpiresAt.UTC()
	if used.Valid {
		inv.UsedAt = used.Time.UTC()
	}
	return &inv, nil
}

// errUnknownLink is what an unknown survey token gets: the same words whatever the cause, so
// a guesser learns nothing.
var errUnknownLink = rapport.Errorf(rapport.ENOTFOUND, "this survey link is not known: check that it was copied completely")

func findInvitationByToken(ctx context.Context, tx *sql.Tx, tokenHash []byte) (*rapport.Invitation, error) {
	inv, err := scanInvitation(tx.QueryRowContext(ctx, "SELECT "+invitationColumns+" FROM survey_invitations WHERE token_hash = $1", tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errUnknownLink
	}
	return inv, err
}

// FindInvitationByToken returns the invitation stored under tokenHash, used or not, expired or
// not (Invitation.Usable says which), or ENOTFOUND. It reads IDs and dates, no answers, for the
// public survey page, so like FindClientScope it is not audited; what the page then reads or
// writes is.
func (db *DB) FindInvitationByToken(ctx context.Context, tokenHash []byte) (*rapport.Invitation, error) {
	var inv *rapport.Invitation
	err := db.view(ctx, "find invitation", func(tx *sql.Tx) error {
		var err error
		inv, err = findInvitationByToken(ctx, tx, tokenHash)
		return err
	})
	return inv, err
}

// ListInvitations returns a page of a client's invitations, newest first, and how many there
// are: when each was sent, by which rule, and whether it was answered.
func (db *DB) ListInvitations(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.Invitation, int, error) {
	return careList[*rapport.Invitation]{op: "list invitations", record: rapport.RecordSurveyInvitation, table: "survey_invitations",
		columns: invitationColumns, order: "created_at DESC, id DESC", scan: scanInvitation}.run(ctx, db, actor, clientID, p)
}

// lockInvitation takes the invitation's row lock on PostgreSQL before a read-modify-write, so
// two submissions through one link run one after the other and the second sees the first's
// result (SQLite's immediate transactions already do). It reports an unknown token.
func lockInvitation(ctx context.Context, tx *sql.Tx, tokenHash []byte) (*rapport.Invitation, error) {
	res, err := tx.ExecContext(ctx, "UPDATE survey_invitations SET anonymous = anonymous WHERE token_hash = $1", tokenHash)
	if err != nil {
		return nil, err
	}
	if err := mustAffect(res, errUnknownLink); err != nil {
		return nil, err
	}
	return findInvitationByToken(ctx, tx, tokenHash)
}
