package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
)

// VerifyResult is the outcome of walking the audit chain.
type VerifyResult struct {
	OK      bool
	Checked int64 // events whose hash and link were checked
	// HeadID and HeadHash are the chain head. Keeping a copy outside the
	// database (a log line, a ticket) lets a later check detect even a
	// chain rewritten from scratch by someone with full write access.
	HeadID   int64
	HeadHash []byte
	BrokenID int64  // the first event that fails, when !OK
	Problem  string // what is wrong with it, when !OK
}

// VerifyAudit walks the audit chain from the first event and reports the
// first one that was edited, deleted or inserted. It reads one snapshot and
// does not block writers. A broken chain is a result, not an error; the error
// is for a database that cannot be read.
func (db *DB) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	err := db.view(ctx, "verify audit log", func(tx *sql.Tx) error {
		var err error
		res, err = verifyChain(ctx, tx)
		return err
	})
	return res, err
}

func verifyChain(ctx context.Context, tx *sql.Tx) (VerifyResult, error) {
	var res VerifyResult
	if err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&res.HeadID, &res.HeadHash); err != nil {
		return res, fmt.Errorf("read chain head: %w", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+auditColumns+" FROM audit_events ORDER BY id")
	if err != nil {
		return res, err
	}
	defer rows.Close()
	prev := make([]byte, len(res.HeadHash)) // the chain starts from zeros
	for rows.Next() {
		e, err := scanAuditEvent(rows)
		if err != nil {
			return res, err
		}
		want := res.Checked + 1
		switch {
		case e.ID < want:
			return res.broken(e.ID, "the event is out of sequence (inserted)"), nil
		case e.ID > want:
			return res.broken(want, fmt.Sprintf("event %d is missing: the next event is %d (deleted)", want, e.ID)), nil
		case !bytes.Equal(e.PrevHash, prev):
			return res.broken(e.ID, "its link to the event before it does not match (inserted, or the event before was rewritten)"), nil
		case !bytes.Equal(e.Hash, chainHash(prev, e)):
			return res.broken(e.ID, "its contents do not match its hash (edited)"), nil
		}
		prev = e.Hash
		res.Checked++
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	return res.checkTail(prev), nil
}

// checkTail compares the last event with the chain head, which catches the
// newest events being deleted, or events appended outside the store.
func (res VerifyResult) checkTail(last []byte) VerifyResult {
	switch {
	case res.Checked < res.HeadID:
		return res.broken(res.Checked+1, fmt.Sprintf("events %d to %d are missing (deleted from the end)", res.Checked+1, res.HeadID))
	case res.Checked > res.HeadID:
		return res.broken(res.HeadID+1, "the event is beyond the chain head (inserted)")
	case !bytes.Equal(last, res.HeadHash):
		return res.broken(res.Checked, "the last event does not match the chain head (edited)")
	}
	res.OK = true
	return res
}

func (res VerifyResult) broken(id int64, problem string) VerifyResult {
	res.OK, res.BrokenID, res.Problem = false, id, problem
	return res
}
