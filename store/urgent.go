package store

import (
	"context"
	"database/sql"
	"time"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
)

// maxUrgent bounds the home page's list of comments needing a prompt response.
const maxUrgent = 50

// UrgentSurveyConcerns returns the open concerns that flagged survey comments raised for the
// given clients, newest first: the home page shows them to the care team at once. It records a
// view of each client's concerns it returns, or one search when there are none.
func (db *DB) UrgentSurveyConcerns(ctx context.Context, actor rapport.Actor, clientIDs []int64) ([]*rapport.Concern, error) {
	if len(clientIDs) == 0 {
		return nil, nil
	}
	var out []*rapport.Concern
	err := db.audited(ctx, "urgent survey concerns", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var w where
		w.in("client_id", clientIDs)
		w.add("status <> ?", rapport.ConcernResolved)
		prefix := rapport.FlaggedConcernPrefix
		w.add("substr(words, 1, ?) = ?", utf8.RuneCountInString(prefix), prefix)
		limit := w.page(rapport.Page{Limit: maxUrgent})
		var err error
		out, err = queryAll(ctx, tx, scanConcern, "SELECT "+concernColumns+" FROM concerns"+w.String()+
			" ORDER BY raised_at DESC, id DESC"+limit, w.args...)
		return urgentEvents(out), err
	})
	return out, err
}

// urgentEvents records which clients' concerns were shown.
func urgentEvents(concerns []*rapport.Concern) []rapport.AuditEvent {
	seen := map[int64]bool{}
	var events []rapport.AuditEvent
	for _, c := range concerns {
		if !seen[c.ClientID] {
			seen[c.ClientID] = true
			events = append(events, careEvent(rapport.ActionView, c.ClientID, rapport.RecordConcern, 0, nil))
		}
	}
	if len(events) == 0 {
		events = append(events, rapport.AuditEvent{Action: rapport.ActionSearch, RecordType: rapport.RecordConcern})
	}
	return events
}
