package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapporthq/rapport"
)

// FindClientRecord reads the client page in one audited transaction: the client and the first
// page of their goals, decisions, concerns, feedback and notes. It records the same view events
// as the separate reads would, but the page costs one transaction instead of six, which matters
// because every audited read is a write (one at a time on SQLite).
func (db *DB) FindClientRecord(ctx context.Context, actor rapport.Actor, id int64, lim rapport.RecordLimits) (*rapport.ClientRecord, error) {
	for _, n := range []int{lim.Goals, lim.Decisions, lim.Concerns, lim.Feedback, lim.Notes} {
		if err := (rapport.Page{Limit: n}).Validate(); err != nil {
			return nil, wrap("find client record", err)
		}
	}
	rec := &rapport.ClientRecord{}
	err := db.audited(ctx, "find client record", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if rec.Client, err = findClient(ctx, tx, id); err != nil {
			return nil, err
		}
		if err := readRecordLists(ctx, tx, id, lim, rec); err != nil {
			return nil, err
		}
		events := []rapport.AuditEvent{clientEvent(rapport.ActionView, id, nil)}
		for _, rt := range []rapport.RecordType{rapport.RecordGoal, rapport.RecordDecision, rapport.RecordConcern, rapport.RecordFeedback, rapport.RecordNote} {
			events = append(events, careEvent(rapport.ActionView, id, rt, 0, nil))
		}
		return events, nil
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

func readRecordLists(ctx context.Context, tx *sql.Tx, id int64, lim rapport.RecordLimits, rec *rapport.ClientRecord) error {
	if err := listInto(ctx, tx, goalList, id, lim.Goals, &rec.Goals); err != nil {
		return err
	}
	if err := listInto(ctx, tx, decisionList, id, lim.Decisions, &rec.Decisions); err != nil {
		return err
	}
	if err := listInto(ctx, tx, concernList(rapport.ConcernFilter{}), id, lim.Concerns, &rec.Concerns); err != nil {
		return err
	}
	if err := listInto(ctx, tx, feedbackList, id, lim.Feedback, &rec.Feedback); err != nil {
		return err
	}
	return listInto(ctx, tx, noteList(rapport.NoteFilter{}), id, lim.Notes, &rec.Notes)
}

func listInto[T any](ctx context.Context, tx *sql.Tx, l careList[T], clientID int64, limit int, into *rapport.Listed[T]) error {
	items, total, err := l.query(ctx, tx, clientID, rapport.Page{Limit: limit})
	*into = rapport.Listed[T]{Items: items, Total: total}
	return err
}
