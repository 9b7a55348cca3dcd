package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// The audit log's hash chain is appended after commit, not inside the
// request's transaction. Linking an event needs the hash of the event before
// it, so appending inside every transaction made each audited request wait
// for the one before it to commit: on PostgreSQL that is one log flush at a
// time, about 350 requests a second on this project's machines. Requests now
// write their events and a queue row (audit_pending) with no shared lock;
// ChainAudit links queued events in batches, holding the chain head's lock
// for one short transaction per batch.
//
// The chain's order is the order the chainer saw events commit, which can
// differ from event IDs: IDs are handed out before commit. Verification
// walks the chain by its own sequence (audit_chain.seq).

// chainBatch bounds one chaining transaction, so a backlog after a restart
// is linked in steps that never hold the head's lock for long.
const chainBatch = 500

// chainLink is one row of audit_chain.
type chainLink struct {
	Seq      int64
	PrevHash []byte
	Hash     []byte
}

// ChainAudit links every committed, queued event into the hash chain, oldest
// first, and returns how many it linked. Several processes may run it at once
// on one database: the head's lock makes them take turns.
func (db *DB) ChainAudit(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := db.chainOnce(ctx)
		total += n
		if err != nil || n < chainBatch {
			return total, err
		}
	}
}

func (db *DB) chainOnce(ctx context.Context) (int, error) {
	var linked int
	err := db.update(ctx, "chain audit log", func(tx *sql.Tx, _ time.Time) error {
		var err error
		linked, err = chainPending(ctx, tx)
		return err
	})
	return linked, err
}

// chainPending links up to chainBatch queued events. Taking the head's lock
// first (an update that changes nothing) serialises chainers across
// processes; on SQLite the immediate transaction already does.
func chainPending(ctx context.Context, tx *sql.Tx) (int, error) {
	var head chainLink
	err := tx.QueryRowContext(ctx, "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash").Scan(&head.Seq, &head.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		err = errors.New("the chain head row is missing") // not the caller's ENOTFOUND
	}
	if err != nil {
		return 0, fmt.Errorf("lock audit chain head: %w", err)
	}
	events, err := queryAll(ctx, tx, scanAuditEvent, "SELECT "+prefixed("e", auditColumns)+
		" FROM audit_pending p JOIN audit_events e ON e.id = p.event_id ORDER BY p.event_id LIMIT $1", chainBatch)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	for _, e := range events {
		link := chainLink{Seq: head.Seq + 1, PrevHash: head.Hash, Hash: chainHash(head.Hash, e)}
		if err := linkEvent(ctx, tx, e.ID, link); err != nil {
			return 0, err
		}
		head = link
	}
	if _, err := tx.ExecContext(ctx, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", head.Seq, head.Hash); err != nil {
		return 0, fmt.Errorf("advance audit chain head: %w", err)
	}
	return len(events), nil
}

// linkEvent appends one link and takes its event off the queue. The delete
// names the event, never a range: an event with a lower ID may commit while
// this batch runs, and must stay queued for the next.
func linkEvent(ctx context.Context, tx *sql.Tx, eventID int64, l chainLink) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO audit_chain (seq, event_id, prev_hash, hash) VALUES ($1, $2, $3, $4)",
		l.Seq, eventID, l.PrevHash, l.Hash); err != nil {
		return fmt.Errorf("link audit event %d: %w", eventID, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM audit_pending WHERE event_id = $1", eventID); err != nil {
		return fmt.Errorf("dequeue audit event %d: %w", eventID, err)
	}
	return nil
}

// RunAuditChainer links queued events until ctx ends: soon after an audited
// write commits (audited nudges it), and every interval in case a nudge was
// missed or another process queued events. Errors are logged and retried on
// the next round; the events stay queued, so none is lost.
func (db *DB) RunAuditChainer(ctx context.Context, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-db.chainNudge:
		case <-tick.C:
		}
		if _, err := db.ChainAudit(ctx); err != nil && ctx.Err() == nil {
			log.Error("linking audit events into the hash chain", "err", err)
		}
	}
}

// nudgeChainer wakes RunAuditChainer without waiting: a nudge already waiting
// covers this one too.
func (db *DB) nudgeChainer() {
	select {
	case db.chainNudge <- struct{}{}:
	default:
	}
}

// auditEventsPending counts events committed but not yet linked.
func auditEventsPending(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_pending").Scan(&n)
	return n, err
}

// prefixed qualifies a column list with a table alias, for joins.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}
