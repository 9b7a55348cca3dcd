package store

import (
	"context"
	"database/sql"

	"github.com/rapporthq/rapport"
)

// FindConcernScope returns the scope (team and care team, no details) of the
// client a concern belongs to, so the API can check access to that client
// before it changes the concern. Like FindClientScope it reads IDs only and
// is not audited; a missing concern is ENOTFOUND.
func (db *DB) FindConcernScope(ctx context.Context, concernID int64) (*rapport.ClientScope, error) {
	var clientID int64
	err := db.view(ctx, "find concern scope", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT client_id FROM concerns WHERE id = $1", concernID).Scan(&clientID)
		return notFound(err, "concern", concernID)
	})
	if err != nil {
		return nil, err
	}
	return db.FindClientScope(ctx, clientID)
}
