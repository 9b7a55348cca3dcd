package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
		if err := readRecordNames(ctx, tx, rec); err != nil {
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
	items, total, err := l.rows(ctx, tx, clientID, rapport.Page{Limit: limit})
	*into = rapport.Listed[T]{Items: items, Total: total}
	return err
}

// readRecordNames reads the client's team name and the name of everyone the record mentions,
// in two queries, so the page needs no lookup per person.
func readRecordNames(ctx context.Context, tx *sql.Tx, rec *rapport.ClientRecord) error {
	if err := tx.QueryRowContext(ctx, "SELECT name FROM teams WHERE id = $1", rec.Client.TeamID).Scan(&rec.TeamName); err != nil {
		return fmt.Errorf("reading the client's team: %w", err)
	}
	ids := slices.Clone(rec.Client.CareTeam)
	for _, g := range rec.Goals.Items {
		ids = append(ids, g.CreatedBy)
	}
	for _, d := range rec.Decisions.Items {
		ids = append(ids, d.RecordedBy)
	}
	for _, c := range rec.Concerns.Items {
		ids = append(ids, c.RecordedBy)
	}
	for _, f := range rec.Feedback.Items {
		ids = append(ids, f.RecordedBy)
	}
	for _, n := range rec.Notes.Items {
		ids = append(ids, n.AuthorID)
	}
	slices.Sort(ids)
	var w where
	w.in("id", slices.Compact(ids))
	type idName struct {
		id   int64
		name string
	}
	rows, err := queryAll(ctx, tx, func(s scanner) (idName, error) {
		var r idName
		return r, s.Scan(&r.id, &r.name)
	}, "SELECT id, name FROM users"+w.String(), w.args...)
	if err != nil {
		return fmt.Errorf("reading the names on the record: %w", err)
	}
	rec.UserNames = make(map[int64]string, len(rows))
	for _, r := range rows {
		rec.UserNames[r.id] = r.name
	}
	return nil
}
