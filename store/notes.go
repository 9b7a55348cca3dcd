package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rapporthq/rapport"
)

const noteColumns = `id, client_id, author_id, kind, body, analysis, created_at`

// CreateNote stores a note or message with the engine's analysis of it, as
// written by actor, and sets its ID and time.
func (db *DB) CreateNote(ctx context.Context, actor rapport.Actor, n *rapport.Note) error {
	if err := n.Validate(); err != nil {
		return wrap("create note", err)
	}
	return db.audited(ctx, "create note", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		n.AuthorID = actor.UserID
		err := insertNote(ctx, tx, n, now)
		return []rapport.AuditEvent{careEvent(rapport.ActionCreate, n.ClientID, rapport.RecordNote, n.ID, nil)}, err
	})
}

func insertNote(ctx context.Context, tx *sql.Tx, n *rapport.Note, now time.Time) error {
	if err := requireRow(ctx, tx, "clients", "client", n.ClientID); err != nil {
		return err
	}
	if err := refuseResubmission(ctx, tx, n); err != nil {
		return err
	}
	n.CreatedAt = now
	err := tx.QueryRowContext(ctx, `INSERT INTO notes (client_id, author_id, kind, body, analysis, created_at, submission_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		n.ClientID, n.AuthorID, n.Kind, n.Body, nullBytes(n.Analysis), now, nullString(n.SubmissionKey)).Scan(&n.ID)
	if isUnique(err) {
		return rapport.ErrAlreadySaved // the same submission, committed a moment ago by a concurrent request
	}
	return err
}

// refuseResubmission refuses a note whose submission key its author has used before, and sets
// n.ID to the note that was saved then, so the caller can point to it.
func refuseResubmission(ctx context.Context, tx *sql.Tx, n *rapport.Note) error {
	if n.SubmissionKey == "" {
		return nil
	}
	err := tx.QueryRowContext(ctx, "SELECT id FROM notes WHERE author_id = $1 AND submission_key = $2",
		n.AuthorID, n.SubmissionKey).Scan(&n.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return rapport.ErrAlreadySaved
}

// nullString stores an absent string as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullBytes stores an absent analysis as NULL.
func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func scanNote(s scanner) (*rapport.Note, error) {
	var n rapport.Note
	var analysis []byte // scanned as []byte so database/sql copies it out of the driver's buffer
	if err := s.Scan(&n.ID, &n.ClientID, &n.AuthorID, &n.Kind, &n.Body, &analysis, &n.CreatedAt); err != nil {
		return nil, err
	}
	if len(analysis) > 0 {
		n.Analysis = analysis
	}
	n.CreatedAt = n.CreatedAt.UTC()
	return &n, nil
}

// FindNoteByID returns a note, or ENOTFOUND.
func (db *DB) FindNoteByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Note, error) {
	var n *rapport.Note
	err := db.audited(ctx, "find note", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if n, err = findNote(ctx, tx, id); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{careEvent(rapport.ActionView, n.ClientID, rapport.RecordNote, id, nil)}, nil
	})
	return n, err
}

func findNote(ctx context.Context, tx *sql.Tx, id int64) (*rapport.Note, error) {
	n, err := scanNote(tx.QueryRowContext(ctx, "SELECT "+noteColumns+" FROM notes WHERE id = $1", id))
	return n, notFound(err, "note", id)
}

// ListNotes returns a page of a client's notes and messages, newest first,
// with their stored analyses, and how many match.
func (db *DB) ListNotes(ctx context.Context, actor rapport.Actor, f rapport.NoteFilter) ([]*rapport.Note, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list notes", err)
	}
	return noteList(f).run(ctx, db, actor, f.ClientID, f.Page)
}

func noteList(f rapport.NoteFilter) careList[*rapport.Note] {
	filter := func(w *where) {
		if f.Kind != "" {
			w.add("kind = ?", f.Kind)
		}
		if f.AuthorID != 0 {
			w.add("author_id = ?", f.AuthorID)
		}
	}
	return careList[*rapport.Note]{op: "list notes", record: rapport.RecordNote, table: "notes", columns: noteColumns,
		order: "id DESC", scan: scanNote, filter: filter}
}
