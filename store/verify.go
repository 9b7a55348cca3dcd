package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rapporthq/rapport"
)

// VerifyResult is the outcome of walking the audit chain.
type VerifyResult struct {
	OK      bool
	Checked int64 // links whose event, hash and order were checked
	Pending int64 // events committed and queued, not yet linked (ChainAudit links them)
	// HeadID and HeadHash are the chain head: the last link's number and
	// hash. Keeping a copy outside the database (a log line, a ticket) lets a
	// later check detect even a chain rewritten from scratch by someone with
	// full write access.
	HeadID   int64
	HeadHash []byte
	// When !OK: the first link that fails (0 when the fault is an event
	// outside the chain), the event concerned (0 when it is gone), and what is
	// wrong, in words.
	BrokenID    int64
	BrokenEvent int64
	Problem     string
}

// VerifyAudit walks the audit chain from the first link and reports the
// first event that was edited, deleted or inserted. It reads one snapshot and
// does not block writers. A broken chain is a result, not an error; the error
// is for a database that cannot be read. Events still queued for the chainer
// are counted, not checked: run ChainAudit first to check everything.
func (db *DB) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	err := db.view(ctx, "verify audit log", func(tx *sql.Tx) error {
		var err error
		if res, err = verifyChain(ctx, tx); err != nil || !res.OK {
			return err
		}
		if res, err = checkUnlinked(ctx, tx, res); err != nil || !res.OK {
			return err
		}
		res.Pending, err = auditEventsPending(ctx, tx)
		return err
	})
	return res, err
}

func verifyChain(ctx context.Context, tx *sql.Tx) (VerifyResult, error) {
	var res VerifyResult
	if err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&res.HeadID, &res.HeadHash); err != nil {
		return res, fmt.Errorf("read chain head: %w", err)
	}
	w, err := walkChain(ctx, tx, &res)
	switch {
	case err != nil || w.broken:
		return res, err
	case w.skipped || res.Checked < res.HeadID:
		return brokenGap(ctx, tx, res)
	}
	return res.checkTail(w.last), nil
}

// walk is how far walkChain got: the last good hash, and whether it stopped
// at a bad link or at a skipped link number.
type walk struct {
	last            []byte
	broken, skipped bool
}

// walkChain checks links in order into res until one fails or a link number
// is skipped. A skip is explained by brokenGap once the rows are closed
// (PostgreSQL runs one query at a time per connection).
func walkChain(ctx context.Context, tx *sql.Tx, res *VerifyResult) (walk, error) {
	rows, err := tx.QueryContext(ctx, "SELECT c.seq, c.prev_hash, c.hash, "+prefixed("e", auditColumns)+
		" FROM audit_chain c JOIN audit_events e ON e.id = c.event_id ORDER BY c.seq")
	if err != nil {
		return walk{}, err
	}
	defer rows.Close()
	w := walk{last: make([]byte, len(res.HeadHash))} // the chain starts from zeros
	for rows.Next() {
		link, e, err := scanLinkedEvent(rows)
		if err != nil {
			return w, err
		}
		switch {
		case link.Seq != res.Checked+1:
			w.skipped = true
			return w, nil
		case !bytes.Equal(link.PrevHash, w.last):
			*res = res.broken(link.Seq, e.ID, "its link to the event before it does not match (inserted, or the event before was rewritten)")
			w.broken = true
			return w, nil
		case !bytes.Equal(link.Hash, chainHash(w.last, e)):
			*res = res.broken(link.Seq, e.ID, "its contents do not match its hash (edited)")
			w.broken = true
			return w, nil
		}
		w.last = link.Hash
		res.Checked++
	}
	return w, rows.Err()
}

func scanLinkedEvent(rows *sql.Rows) (chainLink, *rapport.AuditEvent, error) {
	var l chainLink
	var e rapport.AuditEvent
	var client, record sql.NullInt64
	var fields string
	err := rows.Scan(&l.Seq, &l.PrevHash, &l.Hash, &e.ID, &e.Time, &e.UserID, &e.Role, &client, &e.Action, &e.RecordType, &record, &fields, &e.Reason)
	if err != nil {
		return l, nil, err
	}
	return l, normaliseEvent(&e, client, record, fields), nil
}

// brokenGap explains a missing link number: either its event row was deleted
// (the link remains) or the link itself was.
func brokenGap(ctx context.Context, tx *sql.Tx, res VerifyResult) (VerifyResult, error) {
	want := res.Checked + 1
	var eventID int64
	err := tx.QueryRowContext(ctx, "SELECT event_id FROM audit_chain WHERE seq = $1", want).Scan(&eventID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return res.broken(want, 0, fmt.Sprintf("link %d is missing (deleted)", want)), nil
	case err != nil:
		return res, err
	}
	return res.broken(want, eventID, fmt.Sprintf("event %d, linked at %d, is missing (deleted)", eventID, want)), nil
}

// checkTail compares the last link with the chain head, which catches links
// appended outside the store or the head being edited.
func (res VerifyResult) checkTail(last []byte) VerifyResult {
	switch {
	case res.Checked > res.HeadID:
		return res.broken(res.HeadID+1, 0, fmt.Sprintf("link %d is beyond the chain head (inserted)", res.HeadID+1))
	case !bytes.Equal(last, res.HeadHash):
		return res.broken(res.Checked, 0, "the last link does not match the chain head (edited)")
	}
	res.OK = true
	return res
}

// checkUnlinked finds events that are neither linked nor queued: rows
// inserted around the store, or taken off the queue so they would never be
// linked.
func checkUnlinked(ctx context.Context, tx *sql.Tx, res VerifyResult) (VerifyResult, error) {
	var first sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MIN(e.id) FROM audit_events e
		WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
		AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.event_id = e.id)`).Scan(&first)
	if err != nil || !first.Valid {
		return res, err
	}
	return res.broken(0, first.Int64, fmt.Sprintf("event %d is neither linked nor queued (inserted outside Rapport, or taken off the queue)", first.Int64)), nil
}

func (res VerifyResult) broken(link, event int64, problem string) VerifyResult {
	res.OK, res.BrokenID, res.BrokenEvent, res.Problem = false, link, event, problem
	return res
}
