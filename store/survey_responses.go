package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rapporthq/rapport"
)

// Survey responses. A client answers through a private link with no sign-in, so what the link
// does is recorded with the respondent role (rapport.RoleRespondent, user 0) rather than a
// user's. Answers are saved as the client goes (one in-progress row per invitation) and
// completed once.
//
// Anonymous answers are never linked to the client: a completed anonymous response has no
// client_id and no invitation_id, the invitation does not point to it, the draft it replaces
// is deleted (so its ID, which the log names with the client, is not the response's), and its
// audit event names no client. What remains is that the log records the link's use and the
// response's creation in one transaction, at one time: someone who can read the raw audit log
// could pair them. The application never does, and shows anonymous answers only in aggregates.

const responseColumns = `id, invitation_id, instrument_id, client_id, case_manager_id, team_id, anonymous, status,
	answers, score, band, scores, comment, flagged, started_at, updated_at, completed_at`

// respondentAudited runs fn in a read-write transaction and appends its audit events as the
// respondent, like audited does for a signed-in actor. Only the record types a survey link may
// touch are accepted (rapport.RespondentMay): the respondent role cannot be used for anything
// else, and Actor.Validate refuses it everywhere else.
func (db *DB) respondentAudited(ctx context.Context, op string, fn func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error)) error {
	err := db.update(ctx, op, func(tx *sql.Tx, now time.Time) error {
		events, err := fn(tx, now)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return errors.New("no audit event for an audited operation") // a bug here, not the caller's
		}
		for i := range events {
			if !rapport.RespondentMay(events[i].RecordType) {
				return fmt.Errorf("a survey respondent cannot be recorded touching %s", events[i].RecordType) // a bug here
			}
			events[i].Time, events[i].UserID, events[i].Role = now, 0, rapport.RoleRespondent
		}
		return appendAudit(ctx, tx, events)
	})
	if err == nil {
		db.nudgeChainer()
	}
	return err
}

// responseEvent is an audit event for a response; an anonymous one names no client.
func responseEvent(action rapport.AuditAction, r *rapport.SurveyResponse) rapport.AuditEvent {
	return careEvent(action, r.ClientID, rapport.RecordSurveyResponse, r.ID, nil)
}

func scanResponse(s scanner) (*rapport.SurveyResponse, error) {
	var r rapport.SurveyResponse
	var invitation, client sql.NullInt64
	var score sql.NullFloat64
	var completed sql.NullTime
	err := s.Scan(&r.ID, &invitation, &r.InstrumentID, &client, &r.CaseManagerID, &r.TeamID, &r.Anonymous, &r.Status,
		&r.Answers, &score, &r.Band, &r.Scores, &r.Comment, &r.Flagged, &r.StartedAt, &r.UpdatedAt, &completed)
	if err != nil {
		return nil, err
	}
	r.InvitationID, r.ClientID = invitation.Int64, client.Int64
	if score.Valid {
		r.Score = &score.Float64
	}
	if len(r.Scores) == 0 {
		r.Scores = nil
	}
	r.StartedAt, r.UpdatedAt = r.StartedAt.UTC(), r.UpdatedAt.UTC()
	if completed.Valid {
		r.CompletedAt = completed.Time.UTC()
	}
	return &r, nil
}

// findDraft returns the in-progress response of an invitation, or nil.
func findDraft(ctx context.Context, tx *sql.Tx, invitationID int64) (*rapport.SurveyResponse, error) {
	r, err := scanResponse(tx.QueryRowContext(ctx, "SELECT "+responseColumns+" FROM survey_responses WHERE invitation_id = $1 AND status = 'in-progress'", invitationID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// FindDraftByToken returns the answers saved so far through the link, so a client who comes
// back continues where they stopped; ENOTFOUND when nothing is saved, and the link's error
// (rapport.ErrInvitationUsed, ErrInvitationExpired) when it can no longer be used. Audited as
// the respondent reading their own answers.
func (db *DB) FindDraftByToken(ctx context.Context, tokenHash []byte) (*rapport.SurveyResponse, error) {
	var draft *rapport.SurveyResponse
	err := db.respondentAudited(ctx, "find survey draft", func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		inv, err := findInvitationByToken(ctx, tx, tokenHash)
		if err != nil {
			return nil, err
		}
		if err := inv.Usable(now); err != nil {
			return nil, err
		}
		if draft, err = findDraft(ctx, tx, inv.ID); err != nil {
			return nil, err
		}
		if draft == nil {
			return nil, rapport.Errorf(rapport.ENOTFOUND, "no answers have been saved yet")
		}
		return []rapport.AuditEvent{responseEvent(rapport.ActionView, draft)}, nil
	})
	return draft, err
}

// SaveAnswers keeps the answers given so far through the link: it creates the invitation's
// in-progress response or replaces its answers. A used or expired link is refused with
// rapport.ErrInvitationUsed or rapport.ErrInvitationExpired. An anonymous draft names no
// client. Audited as the respondent.
func (db *DB) SaveAnswers(ctx context.Context, tokenHash []byte, answers []byte, anonymous bool) error {
	if err := rapport.CheckSurveyAnswers(answers); err != nil {
		return wrap("save survey answers", err)
	}
	return db.respondentAudited(ctx, "save survey answers", func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		inv, err := lockInvitation(ctx, tx, tokenHash)
		if err != nil {
			return nil, err
		}
		if err := inv.Usable(now); err != nil {
			return nil, err
		}
		draft, err := findDraft(ctx, tx, inv.ID)
		if err != nil {
			return nil, err
		}
		client := nullID(inv.ClientID)
		if anonymous {
			client = nil
		}
		if draft != nil {
			_, err = tx.ExecContext(ctx, "UPDATE survey_responses SET answers = $1, anonymous = $2, client_id = $3, updated_at = $4 WHERE id = $5",
				answers, anonymous, client, now, draft.ID)
			draft.ClientID = 0
			if !anonymous {
				draft.ClientID = inv.ClientID
			}
			return []rapport.AuditEvent{responseEvent(rapport.ActionUpdate, draft)}, err
		}
		draft = &rapport.SurveyResponse{InvitationID: inv.ID, ClientID: inv.ClientID, Anonymous: anonymous}
		if anonymous {
			draft.ClientID = 0
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO survey_responses (invitation_id, instrument_id, client_id, case_manager_id, team_id,
			anonymous, status, answers, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'in-progress', $7, $8, $8) RETURNING id`,
			inv.ID, inv.InstrumentID, client, inv.CaseManagerID, inv.TeamID, anonymous, answers, now).Scan(&draft.ID)
		return []rapport.AuditEvent{responseEvent(rapport.ActionCreate, draft)}, err
	})
}

// CompleteResponse stores the final answers and scores submitted through the link (resp gives
// Answers, Anonymous, Score, Band, Scores, Comment and Flagged; the rest comes from the
// invitation) and marks the link used, in one transaction. Submitting again returns what was
// stored and already = true, never a second response; for an anonymous response, which the
// link no longer points to, that is a response with no ID that says only that it was answered
// anonymously and when. A flagged comment also raises an open concern on the client's care
// plan, anonymous or not, so the care team sees it at once. Audited as the respondent.
func (db *DB) CompleteResponse(ctx context.Context, tokenHash []byte, resp *rapport.SurveyResponse) (stored *rapport.SurveyResponse, already bool, err error) {
	if err := resp.ValidateCompletion(); err != nil {
		return nil, false, wrap("complete survey response", err)
	}
	err = db.respondentAudited(ctx, "complete survey response", func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		inv, err := lockInvitation(ctx, tx, tokenHash)
		if err != nil {
			return nil, err
		}
		if !inv.UsedAt.IsZero() {
			already = true
			if stored, err = answeredResponse(ctx, tx, inv); err != nil {
				return nil, err
			}
			if stored.ID == 0 { // anonymous: only the link's state was read
				return []rapport.AuditEvent{careEvent(rapport.ActionView, inv.ClientID, rapport.RecordSurveyInvitation, inv.ID, nil)}, nil
			}
			return []rapport.AuditEvent{responseEvent(rapport.ActionView, stored)}, nil
		}
		if err := inv.Usable(now); err != nil {
			return nil, err
		}
		var events []rapport.AuditEvent
		stored, events, err = completeResponse(ctx, tx, inv, resp, now)
		return events, err
	})
	if err != nil {
		return nil, false, err
	}
	return stored, already, nil
}

// answeredResponse is what a second submission through a used link gets back.
func answeredResponse(ctx context.Context, tx *sql.Tx, inv *rapport.Invitation) (*rapport.SurveyResponse, error) {
	if inv.ResponseID == 0 { // anonymous: the link does not know its response
		return &rapport.SurveyResponse{InstrumentID: inv.InstrumentID, CaseManagerID: inv.CaseManagerID, TeamID: inv.TeamID,
			Anonymous: true, Status: rapport.ResponseCompleted, CompletedAt: inv.UsedAt}, nil
	}
	r, err := scanResponse(tx.QueryRowContext(ctx, "SELECT "+responseColumns+" FROM survey_responses WHERE id = $1", inv.ResponseID))
	return r, notFound(err, "survey response", inv.ResponseID)
}

// completeResponse writes the completed response, marks the invitation used and raises the
// concern of a flagged comment, and returns the events to record.
func completeResponse(ctx context.Context, tx *sql.Tx, inv *rapport.Invitation, resp *rapport.SurveyResponse, now time.Time) (*rapport.SurveyResponse, []rapport.AuditEvent, error) {
	draft, err := findDraft(ctx, tx, inv.ID)
	if err != nil {
		return nil, nil, err
	}
	r := *resp
	r.InvitationID, r.InstrumentID, r.ClientID = inv.ID, inv.InstrumentID, inv.ClientID
	r.CaseManagerID, r.TeamID, r.Status = inv.CaseManagerID, inv.TeamID, rapport.ResponseCompleted
	r.StartedAt, r.UpdatedAt, r.CompletedAt = now, now, now
	var events []rapport.AuditEvent
	if r.Anonymous {
		r.InvitationID, r.ClientID = 0, 0
		if draft != nil { // a fresh row, so the draft's ID never names the anonymous response
			if _, err := tx.ExecContext(ctx, "DELETE FROM survey_responses WHERE id = $1", draft.ID); err != nil {
				return nil, nil, err
			}
			events = append(events, responseEvent(rapport.ActionDelete, draft))
			draft = nil
		}
	}
	if draft != nil {
		r.ID, r.StartedAt = draft.ID, draft.StartedAt
		err = updateCompleted(ctx, tx, &r)
		events = append(events, responseEvent(rapport.ActionUpdate, &r))
	} else {
		err = insertCompleted(ctx, tx, &r)
		events = append(events, responseEvent(rapport.ActionCreate, &r))
	}
	if err != nil {
		return nil, nil, err
	}
	linked := r.ID
	if r.Anonymous {
		linked = 0
	}
	_, err = tx.ExecContext(ctx, "UPDATE survey_invitations SET used_at = $1, response_id = $2, anonymous = $3 WHERE id = $4",
		now, nullID(linked), r.Anonymous, inv.ID)
	if err != nil {
		return nil, nil, err
	}
	events = append(events, careEvent(rapport.ActionUpdate, inv.ClientID, rapport.RecordSurveyInvitation, inv.ID, []string{"used_at"}))
	if r.Flagged {
		c, err := raiseFlaggedConcern(ctx, tx, inv, r.Comment, now)
		if err != nil {
			return nil, nil, err
		}
		events = append(events, careEvent(rapport.ActionCreate, c.ClientID, rapport.RecordConcern, c.ID, nil))
	}
	return &r, events, nil
}

// insertCompleted stores a completed response as a new row and sets its ID.
func insertCompleted(ctx context.Context, tx *sql.Tx, r *rapport.SurveyResponse) error {
	return tx.QueryRowContext(ctx, `INSERT INTO survey_responses (invitation_id, instrument_id, client_id, case_manager_id, team_id,
		anonymous, status, answers, score, band, scores, comment, flagged, started_at, updated_at, completed_at, completed_month)
		VALUES ($1, $2, $3, $4, $5, $6, 'completed', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		nullID(r.InvitationID), r.InstrumentID, nullID(r.ClientID), r.CaseManagerID, r.TeamID, r.Anonymous, r.Answers,
		nullScore(r.Score), r.Band, nullBytes(r.Scores), r.Comment, r.Flagged, dbTime(r.StartedAt), dbTime(r.UpdatedAt),
		dbTime(r.CompletedAt), monthKey(r.CompletedAt)).Scan(&r.ID)
}

// updateCompleted completes an identified draft in place.
func updateCompleted(ctx context.Context, tx *sql.Tx, r *rapport.SurveyResponse) error {
	_, err := tx.ExecContext(ctx, `UPDATE survey_responses SET client_id = $1, anonymous = FALSE, status = 'completed', answers = $2,
		score = $3, band = $4, scores = $5, comment = $6, flagged = $7, updated_at = $8, completed_at = $8, completed_month = $9
		WHERE id = $10`,
		nullID(r.ClientID), r.Answers, nullScore(r.Score), r.Band, nullBytes(r.Scores), r.Comment, r.Flagged,
		r.CompletedAt, monthKey(r.CompletedAt), r.ID)
	return err
}

// raiseFlaggedConcern opens a concern on the client's care plan with the comment, recorded
// under the case manager the survey is about, whose care plan it is.
func raiseFlaggedConcern(ctx context.Context, tx *sql.Tx, inv *rapport.Invitation, comment string, now time.Time) (*rapport.Concern, error) {
	c := &rapport.Concern{ClientID: inv.ClientID, Words: rapport.FlaggedConcernWords(comment), Status: rapport.ConcernOpen, RecordedBy: inv.CaseManagerID}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, insertConcern(ctx, tx, c, now)
}

// nullScore stores a missing score as NULL.
func nullScore(s *float64) any {
	if s == nil {
		return nil
	}
	return *s
}

// monthKey is the calendar month (UTC) of t as year*100 + month: 202503 for March 2025.
func monthKey(t time.Time) int {
	t = t.UTC()
	return t.Year()*100 + int(t.Month())
}

// monthStart is the first instant of the month a monthKey names.
func monthStart(key int) time.Time {
	return time.Date(key/100, time.Month(key%100), 1, 0, 0, 0, 0, time.UTC)
}
