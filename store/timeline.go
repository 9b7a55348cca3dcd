package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
)

// The timeline merges everything recorded on one client, newest first, in
// one query: notes and messages, goals set and changed, decisions, concerns
// raised and resolved, feedback, and changes to the record and care team.
// Changes that leave no row of their own (a goal's new status, an edited
// profile) come from the audit log, which records who changed which fields.

// timelineUnion selects (at, kind, record_id, user_id, summary, long, fields)
// for client $1. Each summary is prefixed with "." so that SQLite, which
// parses any undeclared text column that looks like a time into a time
// (_texttotime), never turns a note reading "2025-03-14" into a time; the
// prefix is removed when scanning.
var timelineUnion = func() string {
	summary := func(col string) string {
		return fmt.Sprintf("'.' || substr(%[1]s, 1, %[2]d), CASE WHEN length(%[1]s) > %[2]d THEN 1 ELSE 0 END",
			col, rapport.MaxTimelineSummary)
	}
	// The first branch names the columns for the whole union.
	named := fmt.Sprintf("'.' || substr(body, 1, %[1]d) AS summary, CASE WHEN length(body) > %[1]d THEN 1 ELSE 0 END AS long",
		rapport.MaxTimelineSummary)
	return strings.Join([]string{
		"SELECT created_at AS at, kind, id AS record_id, author_id AS user_id, " + named + ", '' AS fields FROM notes WHERE client_id = $1",
		"SELECT created_at, 'goal', id, created_by, " + summary("words") + ", '' FROM goals WHERE client_id = $1",
		"SELECT a.occurred_at, 'goal_updated', a.record_id, a.user_id, " + summary("COALESCE(g.words, '')") + ", a.fields" +
			" FROM audit_events a LEFT JOIN goals g ON g.id = a.record_id" +
			" WHERE a.client_id = $1 AND a.record_type = 'goal' AND a.action = 'update'",
		"SELECT decided_at, 'decision', id, recorded_by, " + summary("summary") + ", '' FROM decisions WHERE client_id = $1",
		"SELECT raised_at, 'concern_raised', id, recorded_by, " + summary("words") + ", '' FROM concerns WHERE client_id = $1",
		// Who resolved it is whoever wrote the event in the same transaction,
		// which shares the resolution's time; the recorder when the log has none.
		"SELECT c.resolved_at, 'concern_resolved', c.id, COALESCE((SELECT a.user_id FROM audit_events a" +
			" WHERE a.client_id = c.client_id AND a.record_type = 'concern' AND a.record_id = c.id AND a.occurred_at = c.resolved_at" +
			" ORDER BY a.id DESC LIMIT 1), c.recorded_by), " + summary("c.response") + ", ''" +
			" FROM concerns c WHERE c.client_id = $1 AND c.resolved_at IS NOT NULL",
		"SELECT created_at, 'feedback', id, recorded_by, " + summary("body") + ", '' FROM feedback WHERE client_id = $1",
		"SELECT occurred_at, CASE WHEN record_type = 'care_team' THEN 'care_team' WHEN action = 'create' THEN 'client_created' ELSE 'profile' END," +
			" COALESCE(record_id, client_id), user_id, '.', 0, fields FROM audit_events" +
			" WHERE client_id = $1 AND action IN ('create', 'update') AND record_type IN ('client', 'care_team')",
	}, " UNION ALL ")
}()

// timelineRead names every kind of record the timeline shows, for its audit
// events: one view event per kind, so the "who has seen my record" report
// lists each.
var timelineRead = []rapport.RecordType{
	rapport.RecordClient, rapport.RecordCareTeam, rapport.RecordGoal, rapport.RecordDecision,
	rapport.RecordConcern, rapport.RecordFeedback, rapport.RecordNote,
}

// ListTimeline returns a page of everything recorded on a client, newest
// first, and how many entries there are in all.
func (db *DB) ListTimeline(ctx context.Context, actor rapport.Actor, f rapport.TimelineFilter) ([]rapport.TimelineEntry, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list timeline", err)
	}
	var entries []rapport.TimelineEntry
	var total int
	err := db.audited(ctx, "list timeline", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if entries, total, err = listTimeline(ctx, tx, f); err != nil {
			return nil, err
		}
		events := make([]rapport.AuditEvent, len(timelineRead))
		for i, rt := range timelineRead {
			events[i] = careEvent(rapport.ActionView, f.ClientID, rt, 0, nil)
		}
		events[0].Fields = []string{"timeline"}
		return events, nil
	})
	return entries, total, err
}

func listTimeline(ctx context.Context, tx *sql.Tx, f rapport.TimelineFilter) ([]rapport.TimelineEntry, int, error) {
	if err := requireRow(ctx, tx, "clients", "client", f.ClientID); err != nil {
		return nil, 0, err
	}
	var total int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+timelineUnion+") t", f.ClientID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count timeline: %w", err)
	}
	entries, err := queryAll(ctx, tx, scanTimelineEntry,
		"SELECT at, kind, record_id, user_id, summary, long, fields FROM ("+timelineUnion+") t"+
			" ORDER BY at DESC, kind, record_id DESC LIMIT $2 OFFSET $3",
		f.ClientID, f.Size(), f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("read timeline: %w", err)
	}
	return entries, total, nil
}

func scanTimelineEntry(s scanner) (rapport.TimelineEntry, error) {
	var e rapport.TimelineEntry
	var long int
	var fields string
	if err := s.Scan(&e.Time, &e.Kind, &e.RecordID, &e.UserID, &e.Summary, &long, &fields); err != nil {
		return e, err
	}
	e.Time = e.Time.UTC()
	e.Summary = strings.TrimPrefix(e.Summary, ".")
	e.Truncated = long == 1
	if fields != "" {
		e.Fields = strings.Split(fields, ",")
	}
	return e, nil
}

// FindRecordClientID returns the ID of the client a care-plan record or note
// belongs to, so a page can check that a record named in its address is the
// client's before it reads or changes it (and before the read is audited).
// Like FindClientScope it reads IDs only and is not audited; a missing record
// is ENOTFOUND.
func (db *DB) FindRecordClientID(ctx context.Context, rt rapport.RecordType, id int64) (int64, error) {
	table, ok := recordTables[rt]
	if !ok {
		return 0, wrap("find record client", rapport.Errorf(rapport.EINVALID, "record type %q has no client", rt))
	}
	var clientID int64
	err := db.view(ctx, "find record client", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT client_id FROM "+table+" WHERE id = $1", id).Scan(&clientID)
		return notFound(err, string(rt), id)
	})
	return clientID, err
}

// recordTables maps the record types that belong to one client to their tables.
var recordTables = map[rapport.RecordType]string{
	rapport.RecordGoal:     "goals",
	rapport.RecordDecision: "decisions",
	rapport.RecordConcern:  "concerns",
	rapport.RecordFeedback: "feedback",
	rapport.RecordNote:     "notes",
}
