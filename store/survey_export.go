package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapporthq/rapport"
)

// ExportResponses calls each for every completed response to f's instrument in f's group
// (organisation, team or case manager) and range, scored or not, oldest first, with answers,
// scores and comments: the caller leaves out what the viewer may not see. The caller checks
// that actor may export the group.
//
// The export is recorded before the first row is read, so no copy leaves without a trace even
// if the download is cut short: one export event for the whole (naming no client, so an export
// of anonymous answers alone is recorded too) and one per client whose identified responses it
// holds, so "who has seen this record" lists it. Rows then stream from one read-only snapshot;
// a response from a client who was not recorded (one completed between the two transactions)
// is left out, so the log names every client whose answers left.
func (db *DB) ExportResponses(ctx context.Context, actor rapport.Actor, f rapport.TrustFilter, each func(*rapport.SurveyResponse) error) error {
	if err := f.Validate(); err != nil {
		return wrap("export survey responses", err)
	}
	recorded := map[int64]bool{}
	err := db.audited(ctx, "export survey responses", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		w := exportWhere(f)
		w.add("client_id IS NOT NULL")
		clients, err := queryAll(ctx, tx, func(s scanner) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		}, "SELECT DISTINCT client_id FROM survey_responses"+w.String()+" ORDER BY client_id", w.args...)
		events := []rapport.AuditEvent{{Action: rapport.ActionExport, RecordType: rapport.RecordSurveyResponse}}
		for _, id := range clients {
			recorded[id] = true
			events = append(events, careEvent(rapport.ActionExport, id, rapport.RecordSurveyResponse, 0, nil))
		}
		return events, err
	})
	if err != nil {
		return err
	}
	return db.view(ctx, "export survey responses", func(tx *sql.Tx) error {
		w := exportWhere(f)
		rows, err := tx.QueryContext(ctx, "SELECT "+responseColumns+" FROM survey_responses"+w.String()+" ORDER BY completed_at, id", w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanResponse(rows)
			if err != nil {
				return err
			}
			if r.ClientID != 0 && !recorded[r.ClientID] {
				continue
			}
			if err := each(r); err != nil {
				return fmt.Errorf("write response %d: %w", r.ID, err)
			}
		}
		return rows.Err()
	})
}

// exportWhere selects the completed responses a filter covers, scored or not.
func exportWhere(f rapport.TrustFilter) *where {
	return responsesWhere("status = 'completed'", f)
}
