package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
)

// chainVersion starts every hashed encoding, so a future change to the
// encoding can be told apart from tampering.
const chainVersion = "rapport-audit-v1"

// auditColumns are an event's own columns. Its place in the hash chain lives
// in audit_chain (see chain.go), written after the event commits.
const auditColumns = `id, occurred_at, user_id, role, client_id, action, record_type, record_id, fields, reason`

// appendAudit writes events and queues each for the chainer, which links them
// into the hash chain soon after commit. Nothing here touches a row another
// transaction writes, so audited requests do not wait on one another. It is
// two statements however many events there are: on PostgreSQL each statement
// is a round trip, and a client page records six events.
func appendAudit(ctx context.Context, tx *sql.Tx, events []rapport.AuditEvent) error {
	for len(events) > maxEventsPerInsert {
		if err := appendAudit(ctx, tx, events[:maxEventsPerInsert]); err != nil {
			return err
		}
		events = events[maxEventsPerInsert:]
	}
	const cols = 9
	var q strings.Builder
	q.WriteString("INSERT INTO audit_events (occurred_at, user_id, role, client_id, action, record_type, record_id, fields, reason) VALUES ")
	args := make([]any, 0, cols*len(events))
	for i, e := range events {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(placeholders(i*cols+1, cols))
		args = append(args, e.Time, e.UserID, e.Role, nullID(e.ClientID), e.Action,
			e.RecordType, nullID(e.RecordID), strings.Join(e.Fields, ","), e.Reason)
	}
	q.WriteString(" RETURNING id")
	ids, err := queryAll(ctx, tx, scanID, q.String(), args...)
	if err != nil {
		return fmt.Errorf("append audit events: %w", err)
	}
	return queueForChain(ctx, tx, ids)
}

// maxEventsPerInsert keeps one statement's parameters well under both
// engines' limits (SQLite 32,766; PostgreSQL 65,535).
const maxEventsPerInsert = 1000

// queueForChain puts events on the chainer's queue.
func queueForChain(ctx context.Context, tx *sql.Tx, ids []int64) error {
	var q strings.Builder
	q.WriteString("INSERT INTO audit_pending (event_id) VALUES ")
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(placeholders(i+1, 1))
		args[i] = id
	}
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("queue audit events for the chain: %w", err)
	}
	return nil
}

// placeholders writes "($first, …, $first+n-1)".
func placeholders(first, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(first + i))
	}
	b.WriteByte(')')
	return b.String()
}

func scanID(s scanner) (int64, error) {
	var id int64
	return id, s.Scan(&id)
}

// chainHash is SHA-256(prev || canonical encoding of e). The encoding
// length-prefixes every string and fixes the width of every number, so no two
// different events encode alike. Times are in microseconds, the precision
// both engines keep.
func chainHash(prev []byte, e *rapport.AuditEvent) []byte {
	var b []byte
	b = appendString(b, chainVersion)
	for _, n := range []int64{e.ID, e.Time.UnixMicro(), e.UserID, e.ClientID, e.RecordID} {
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	for _, s := range []string{string(e.Role), string(e.Action), string(e.RecordType), strings.Join(e.Fields, ","), e.Reason} {
		b = appendString(b, s)
	}
	h := sha256.New()
	h.Write(prev)
	h.Write(b)
	return h.Sum(nil)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func scanAuditEvent(s scanner) (*rapport.AuditEvent, error) {
	var e rapport.AuditEvent
	var client, record sql.NullInt64
	var fields string
	err := s.Scan(&e.ID, &e.Time, &e.UserID, &e.Role, &client, &e.Action, &e.RecordType, &record, &fields, &e.Reason)
	if err != nil {
		return nil, err
	}
	return normaliseEvent(&e, client, record, fields), nil
}

// normaliseEvent fills in what the columns store differently: times in UTC,
// absent IDs as zero, fields as a list.
func normaliseEvent(e *rapport.AuditEvent, client, record sql.NullInt64, fields string) *rapport.AuditEvent {
	e.Time = e.Time.UTC()
	e.ClientID, e.RecordID = client.Int64, record.Int64
	if fields != "" {
		e.Fields = strings.Split(fields, ",")
	}
	return e
}

// RecordAudit appends an event that happened outside the store: an export,
// or a break-glass access, which must give a client and a reason.
func (db *DB) RecordAudit(ctx context.Context, actor rapport.Actor, e rapport.AuditEvent) error {
	if err := e.Validate(); err != nil {
		return wrap("record audit event", err)
	}
	return db.audited(ctx, "record audit event", actor, func(*sql.Tx, time.Time) ([]rapport.AuditEvent, error) {
		return []rapport.AuditEvent{e}, nil
	})
}

// SearchAudit returns the events that match f, newest first. The search is
// itself recorded: the log says who looked at whom.
func (db *DB) SearchAudit(ctx context.Context, actor rapport.Actor, f rapport.AuditFilter) ([]*rapport.AuditEvent, error) {
	if err := f.Validate(); err != nil {
		return nil, wrap("search audit log", err)
	}
	var events []*rapport.AuditEvent
	err := db.audited(ctx, "search audit log", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		events, err = searchAudit(ctx, tx, f)
		return []rapport.AuditEvent{{Action: rapport.ActionSearch, RecordType: rapport.RecordAuditLog, ClientID: f.ClientID}}, err
	})
	return events, err
}

func searchAudit(ctx context.Context, tx *sql.Tx, f rapport.AuditFilter) ([]*rapport.AuditEvent, error) {
	w := auditWhere(f, "")
	limit := w.page(rapport.Page{Limit: f.Limit})
	return queryAll(ctx, tx, scanAuditEvent, "SELECT "+auditColumns+" FROM audit_events"+w.String()+" ORDER BY id DESC"+limit, w.args...)
}

// ClientAccessReport answers "who has seen my record": for each user, action
// and part of the record, how often and when first and last, most recent
// first. Running the report is recorded too (and shows in the next one).
func (db *DB) ClientAccessReport(ctx context.Context, actor rapport.Actor, clientID int64) ([]rapport.ClientAccess, error) {
	if clientID <= 0 {
		return nil, wrap("client access report", rapport.Errorf(rapport.EINVALID, "client is required"))
	}
	var out []rapport.ClientAccess
	err := db.audited(ctx, "client access report", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		out, err = queryAll(ctx, tx, scanClientAccess, `SELECT user_id, action, record_type, COUNT(*), MIN(occurred_at), MAX(occurred_at)
			FROM audit_events WHERE client_id = $1
			GROUP BY user_id, action, record_type ORDER BY MAX(occurred_at) DESC, user_id, action, record_type`, clientID)
		return []rapport.AuditEvent{{Action: rapport.ActionView, RecordType: rapport.RecordAuditLog, ClientID: clientID}}, err
	})
	return out, err
}

func scanClientAccess(s scanner) (rapport.ClientAccess, error) {
	var a rapport.ClientAccess
	err := s.Scan(&a.UserID, &a.Action, &a.RecordType, &a.Count, &a.FirstAt, &a.LastAt)
	a.FirstAt, a.LastAt = a.FirstAt.UTC(), a.LastAt.UTC()
	return a, err
}
