package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapporthq/rapport"
)

// Queries behind the audit-log pages: a search that also filters by record
// type, a streamed export, and the chain check in plain values. Each search
// and export is itself recorded, so the log says who looked at it.

// SearchAuditLog is SearchAudit with one more filter, the kind of record
// touched (none when recordType is empty). It returns at most f.Limit events
// (DefaultPageSize when zero), newest first, and records the search.
func (db *DB) SearchAuditLog(ctx context.Context, actor rapport.Actor, f rapport.AuditFilter, recordType rapport.RecordType) ([]*rapport.AuditEvent, error) {
	if err := checkAuditQuery(f, recordType); err != nil {
		return nil, wrap("search audit log", err)
	}
	var events []*rapport.AuditEvent
	err := db.audited(ctx, "search audit log", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		w := auditWhere(f, recordType)
		limit := w.page(rapport.Page{Limit: f.Limit})
		var err error
		events, err = queryAll(ctx, tx, scanAuditEvent, "SELECT "+auditColumns+" FROM audit_events"+w.String()+" ORDER BY id DESC"+limit, w.args...)
		return []rapport.AuditEvent{{Action: rapport.ActionSearch, RecordType: rapport.RecordAuditLog, ClientID: f.ClientID}}, err
	})
	return events, err
}

// ExportAuditLog calls each for every event that matches f and recordType,
// newest first, ignoring f's page (BeforeID and Limit): an export is the
// whole result. The export is recorded before the first row is read, so no
// copy of the log leaves without a trace even if the download is cut short.
// The rows come from one read-only snapshot, streamed rather than loaded, so
// a large log costs no memory and does not hold up writers.
func (db *DB) ExportAuditLog(ctx context.Context, actor rapport.Actor, f rapport.AuditFilter, recordType rapport.RecordType, each func(*rapport.AuditEvent) error) error {
	f.BeforeID, f.Limit = 0, 0
	if err := checkAuditQuery(f, recordType); err != nil {
		return wrap("export audit log", err)
	}
	err := db.audited(ctx, "export audit log", actor, func(*sql.Tx, time.Time) ([]rapport.AuditEvent, error) {
		return []rapport.AuditEvent{{Action: rapport.ActionExport, RecordType: rapport.RecordAuditLog, ClientID: f.ClientID}}, nil
	})
	if err != nil {
		return err
	}
	return db.view(ctx, "export audit log", func(tx *sql.Tx) error {
		w := auditWhere(f, recordType)
		rows, err := tx.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_events"+w.String()+" ORDER BY id DESC", w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAuditEvent(rows)
			if err != nil {
				return err
			}
			if err := each(e); err != nil {
				return fmt.Errorf("write event %d: %w", e.ID, err)
			}
		}
		return rows.Err()
	})
}

func checkAuditQuery(f rapport.AuditFilter, recordType rapport.RecordType) error {
	if recordType != "" && !recordType.Valid() {
		return rapport.Errorf(rapport.EINVALID, "audit record type %q is not known", recordType)
	}
	return f.Validate()
}

// auditWhere turns a filter into conditions on audit_events, each served by
// one of its indexes (client, user, time) or the primary key.
func auditWhere(f rapport.AuditFilter, recordType rapport.RecordType) *where {
	w := &where{}
	if f.UserID != 0 {
		w.add("user_id = ?", f.UserID)
	}
	if f.ClientID != 0 {
		w.add("client_id = ?", f.ClientID)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if recordType != "" {
		w.add("record_type = ?", recordType)
	}
	if !f.Since.IsZero() {
		w.add("occurred_at >= ?", dbTime(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("occurred_at < ?", dbTime(f.Until))
	}
	if f.BeforeID != 0 {
		w.add("id < ?", f.BeforeID)
	}
	return w
}

// AuditChainReport is VerifyAudit in plain values, for callers that do not
// import this package (the web pages declare what they need of the store):
// whether the chain is intact, how many events were checked, and, when it is
// not intact, where it breaks and how, in words.
func (db *DB) AuditChainReport(ctx context.Context) (ok bool, checked int64, problem string, err error) {
	res, err := db.VerifyAudit(ctx)
	if err != nil {
		return false, 0, "", err
	}
	switch {
	case res.OK:
	case res.BrokenEvent != 0:
		problem = fmt.Sprintf("event %d: %s", res.BrokenEvent, res.Problem)
	default: // the event is gone, or lies outside the chain
		problem = res.Problem
	}
	return res.OK, res.Checked, problem, nil
}
