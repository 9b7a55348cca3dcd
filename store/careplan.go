package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/rapporthq/rapport"
)

// The care plan: goals with steps, decisions, concerns and the feedback log.
// Every read and write is audited against the client it belongs to.

func careEvent(action rapport.AuditAction, clientID int64, rt rapport.RecordType, id int64, fields []string) rapport.AuditEvent {
	return rapport.AuditEvent{Action: action, ClientID: clientID, RecordType: rt, RecordID: id, Fields: fields}
}

// careList is one kind of care-plan list. Every kind shares the same steps:
// check the client exists (so a missing client is ENOTFOUND, not an empty
// list), count and fetch a page of the client's rows, load any children, and
// record one view event, all in one transaction.
type careList[T any] struct {
	op      string
	record  rapport.RecordType
	table   string
	columns string
	order   string
	scan    func(scanner) (T, error)
	filter  func(*where)                              // optional conditions besides the client
	attach  func(context.Context, *sql.Tx, []T) error // optional: load children
}

func (l careList[T]) run(ctx context.Context, db *DB, actor rapport.Actor, clientID int64, p rapport.Page) ([]T, int, error) {
	if err := p.Validate(); err != nil {
		return nil, 0, wrap(l.op, err)
	}
	var items []T
	var total int
	err := db.audited(ctx, l.op, actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		items, total, err = l.query(ctx, tx, clientID, p)
		return []rapport.AuditEvent{careEvent(rapport.ActionView, clientID, l.record, 0, nil)}, err
	})
	return items, total, err
}

func (l careList[T]) query(ctx context.Context, tx *sql.Tx, clientID int64, p rapport.Page) ([]T, int, error) {
	if err := requireRow(ctx, tx, "clients", "client", clientID); err != nil {
		return nil, 0, err
	}
	return l.rows(ctx, tx, clientID, p)
}

// rows is query for a client already known to exist.
func (l careList[T]) rows(ctx context.Context, tx *sql.Tx, clientID int64, p rapport.Page) ([]T, int, error) {
	var w where
	w.add("client_id = ?", clientID)
	if l.filter != nil {
		l.filter(&w)
	}
	total, err := count(ctx, tx, l.table, &w)
	if err != nil {
		return nil, 0, err
	}
	limit := w.page(p)
	items, err := queryAll(ctx, tx, l.scan, "SELECT "+l.columns+" FROM "+l.table+w.String()+" ORDER BY "+l.order+limit, w.args...)
	if err == nil && l.attach != nil {
		err = l.attach(ctx, tx, items)
	}
	return items, total, err
}

// Goals.

const goalColumns = `id, client_id, words, target_date, status, created_by, created_at, updated_at`

// CreateGoal stores a goal with its steps; a goal with no status is active.
func (db *DB) CreateGoal(ctx context.Context, actor rapport.Actor, g *rapport.Goal) error {
	if g.Status == "" {
		g.Status = rapport.GoalActive
	}
	if err := g.Validate(); err != nil {
		return wrap("create goal", err)
	}
	return db.audited(ctx, "create goal", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		g.CreatedBy = actor.UserID
		err := insertGoal(ctx, tx, g, now)
		return []rapport.AuditEvent{careEvent(rapport.ActionCreate, g.ClientID, rapport.RecordGoal, g.ID, nil)}, err
	})
}

func insertGoal(ctx context.Context, tx *sql.Tx, g *rapport.Goal, now time.Time) error {
	if err := requireRow(ctx, tx, "clients", "client", g.ClientID); err != nil {
		return err
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO goals (client_id, words, target_date, status, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		g.ClientID, g.Words, nullTime(g.TargetDate), g.Status, g.CreatedBy, now).Scan(&g.ID)
	if err != nil {
		return err
	}
	g.CreatedAt, g.UpdatedAt = now, now
	return replaceSteps(ctx, tx, g.ID, g.Steps)
}

// replaceSteps makes steps the goal's whole list, in order.
func replaceSteps(ctx context.Context, tx *sql.Tx, goalID int64, steps []rapport.Step) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM goal_steps WHERE goal_id = $1", goalID); err != nil {
		return err
	}
	for i, s := range steps {
		_, err := tx.ExecContext(ctx, "INSERT INTO goal_steps (goal_id, position, text, who_helps, done) VALUES ($1, $2, $3, $4, $5)",
			goalID, i, s.Text, s.WhoHelps, s.Done)
		if err != nil {
			return fmt.Errorf("add step: %w", err)
		}
	}
	return nil
}

func scanGoal(s scanner) (*rapport.Goal, error) {
	var g rapport.Goal
	var target sql.NullTime
	if err := s.Scan(&g.ID, &g.ClientID, &g.Words, &target, &g.Status, &g.CreatedBy, &g.CreatedAt, &g.UpdatedAt); err != nil {
		return nil, err
	}
	if target.Valid {
		t := target.Time
		g.TargetDate = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	g.CreatedAt, g.UpdatedAt = g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	return &g, nil
}

// attachSteps loads the steps of several goals in one query.
func attachSteps(ctx context.Context, tx *sql.Tx, goals []*rapport.Goal) error {
	if len(goals) == 0 {
		return nil
	}
	byID := make(map[int64]*rapport.Goal, len(goals))
	for _, g := range goals {
		byID[g.ID] = g
	}
	var w where
	w.in("goal_id", ids(goals, func(g *rapport.Goal) int64 { return g.ID }))
	steps, err := queryAll(ctx, tx, scanStep, "SELECT goal_id, text, who_helps, done FROM goal_steps"+w.String()+" ORDER BY goal_id, position", w.args...)
	if err != nil {
		return fmt.Errorf("load steps: %w", err)
	}
	for _, s := range steps {
		g := byID[s.goalID]
		g.Steps = append(g.Steps, s.Step)
	}
	return nil
}

type goalStep struct {
	goalID int64
	rapport.Step
}

func scanStep(s scanner) (goalStep, error) {
	var st goalStep
	err := s.Scan(&st.goalID, &st.Text, &st.WhoHelps, &st.Done)
	return st, err
}

func findGoal(ctx context.Context, tx *sql.Tx, id int64) (*rapport.Goal, error) {
	g, err := scanGoal(tx.QueryRowContext(ctx, "SELECT "+goalColumns+" FROM goals WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "goal", id)
	}
	return g, attachSteps(ctx, tx, []*rapport.Goal{g})
}

// FindGoalByID returns a goal with its steps, or ENOTFOUND.
func (db *DB) FindGoalByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Goal, error) {
	var g *rapport.Goal
	err := db.audited(ctx, "find goal", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if g, err = findGoal(ctx, tx, id); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{careEvent(rapport.ActionView, g.ClientID, rapport.RecordGoal, id, nil)}, nil
	})
	return g, err
}

// ListGoals returns a page of a client's goals, oldest first, with their
// steps, and how many there are.
func (db *DB) ListGoals(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.Goal, int, error) {
	return goalList.run(ctx, db, actor, clientID, p)
}

var goalList = careList[*rapport.Goal]{op: "list goals", record: rapport.RecordGoal, table: "goals", columns: goalColumns,
	order: "id", scan: scanGoal, attach: attachSteps}

// UpdateGoal changes the fields upd sets and returns the updated goal.
func (db *DB) UpdateGoal(ctx context.Context, actor rapport.Actor, id int64, upd rapport.GoalUpdate) (*rapport.Goal, error) {
	var g *rapport.Goal
	err := db.audited(ctx, "update goal", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if g, err = updateGoal(ctx, tx, id, upd, now); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{careEvent(rapport.ActionUpdate, g.ClientID, rapport.RecordGoal, id, upd.Fields())}, nil
	})
	return g, err
}

func updateGoal(ctx context.Context, tx *sql.Tx, id int64, upd rapport.GoalUpdate, now time.Time) (*rapport.Goal, error) {
	if err := lockRow(ctx, tx, "goals", "goal", id, now); err != nil {
		return nil, err
	}
	g, err := findGoal(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	upd.Apply(g)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, "UPDATE goals SET words = $1, target_date = $2, status = $3 WHERE id = $4",
		g.Words, nullTime(g.TargetDate), g.Status, id)
	if err == nil && upd.Steps != nil {
		err = replaceSteps(ctx, tx, id, g.Steps)
	}
	return g, err
}

// Decisions.

const decisionColumns = `id, client_id, summary, client_took_part, client_agreed, decided_at, recorded_by, created_at`

// CreateDecision records a decision; one with no time was made now.
func (db *DB) CreateDecision(ctx context.Context, actor rapport.Actor, d *rapport.Decision) error {
	if err := d.Validate(); err != nil {
		return wrap("create decision", err)
	}
	return db.audited(ctx, "create decision", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		d.RecordedBy = actor.UserID
		err := insertDecision(ctx, tx, d, now)
		return []rapport.AuditEvent{careEvent(rapport.ActionCreate, d.ClientID, rapport.RecordDecision, d.ID, nil)}, err
	})
}

func insertDecision(ctx context.Context, tx *sql.Tx, d *rapport.Decision, now time.Time) error {
	if err := requireRow(ctx, tx, "clients", "client", d.ClientID); err != nil {
		return err
	}
	if d.DecidedAt.IsZero() {
		d.DecidedAt = now
	}
	d.DecidedAt, d.CreatedAt = dbTime(d.DecidedAt), now
	return tx.QueryRowContext(ctx, `INSERT INTO decisions (client_id, summary, client_took_part, client_agreed, decided_at, recorded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		d.ClientID, d.Summary, d.ClientTookPart, d.ClientAgreed, d.DecidedAt, d.RecordedBy, now).Scan(&d.ID)
}

func scanDecision(s scanner) (*rapport.Decision, error) {
	var d rapport.Decision
	if err := s.Scan(&d.ID, &d.ClientID, &d.Summary, &d.ClientTookPart, &d.ClientAgreed, &d.DecidedAt, &d.RecordedBy, &d.CreatedAt); err != nil {
		return nil, err
	}
	d.DecidedAt, d.CreatedAt = d.DecidedAt.UTC(), d.CreatedAt.UTC()
	return &d, nil
}

// ListDecisions returns a page of a client's decisions, newest first, and how
// many there are.
func (db *DB) ListDecisions(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.Decision, int, error) {
	return decisionList.run(ctx, db, actor, clientID, p)
}

var decisionList = careList[*rapport.Decision]{op: "list decisions", record: rapport.RecordDecision, table: "decisions",
	columns: decisionColumns, order: "decided_at DESC, id DESC", scan: scanDecision}

// Concerns.

const concernColumns = `id, client_id, words, response, status, raised_at, resolved_at, recorded_by, created_at, updated_at`

// CreateConcern records a concern the client raised; one with no status is
// open, and one with no time was raised now.
func (db *DB) CreateConcern(ctx context.Context, actor rapport.Actor, c *rapport.Concern) error {
	if c.Status == "" {
		c.Status = rapport.ConcernOpen
	}
	if err := c.Validate(); err != nil {
		return wrap("create concern", err)
	}
	return db.audited(ctx, "create concern", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		c.RecordedBy = actor.UserID
		err := insertConcern(ctx, tx, c, now)
		return []rapport.AuditEvent{careEvent(rapport.ActionCreate, c.ClientID, rapport.RecordConcern, c.ID, nil)}, err
	})
}

func insertConcern(ctx context.Context, tx *sql.Tx, c *rapport.Concern, now time.Time) error {
	if err := requireRow(ctx, tx, "clients", "client", c.ClientID); err != nil {
		return err
	}
	if c.RaisedAt.IsZero() {
		c.RaisedAt = now
	}
	c.RaisedAt, c.CreatedAt, c.UpdatedAt = dbTime(c.RaisedAt), now, now
	c.SyncResolvedAt(now)
	return tx.QueryRowContext(ctx, `INSERT INTO concerns (client_id, words, response, status, raised_at, resolved_at, recorded_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		c.ClientID, c.Words, c.Response, c.Status, c.RaisedAt, nullTime(c.ResolvedAt), c.RecordedBy, now).Scan(&c.ID)
}

func scanConcern(s scanner) (*rapport.Concern, error) {
	var c rapport.Concern
	var resolved sql.NullTime
	if err := s.Scan(&c.ID, &c.ClientID, &c.Words, &c.Response, &c.Status, &c.RaisedAt, &resolved, &c.RecordedBy, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	if resolved.Valid {
		c.ResolvedAt = resolved.Time.UTC()
	}
	c.RaisedAt, c.CreatedAt, c.UpdatedAt = c.RaisedAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// ListConcerns returns a page of a client's concerns, newest first, and how
// many match.
func (db *DB) ListConcerns(ctx context.Context, actor rapport.Actor, f rapport.ConcernFilter) ([]*rapport.Concern, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list concerns", err)
	}
	return concernList(f).run(ctx, db, actor, f.ClientID, f.Page)
}

func concernList(f rapport.ConcernFilter) careList[*rapport.Concern] {
	byStatus := func(w *where) {
		if f.Status != "" {
			w.add("status = ?", f.Status)
		}
	}
	return careList[*rapport.Concern]{op: "list concerns", record: rapport.RecordConcern, table: "concerns",
		columns: concernColumns, order: "raised_at DESC, id DESC", scan: scanConcern, filter: byStatus}
}

// UpdateConcern records the response given or moves the concern along; a
// concern is resolved only with a response.
func (db *DB) UpdateConcern(ctx context.Context, actor rapport.Actor, id int64, upd rapport.ConcernUpdate) (*rapport.Concern, error) {
	var c *rapport.Concern
	err := db.audited(ctx, "update concern", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if c, err = updateConcern(ctx, tx, id, upd, now); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{careEvent(rapport.ActionUpdate, c.ClientID, rapport.RecordConcern, id, upd.Fields())}, nil
	})
	return c, err
}

func updateConcern(ctx context.Context, tx *sql.Tx, id int64, upd rapport.ConcernUpdate, now time.Time) (*rapport.Concern, error) {
	if err := lockRow(ctx, tx, "concerns", "concern", id, now); err != nil {
		return nil, err
	}
	c, err := scanConcern(tx.QueryRowContext(ctx, "SELECT "+concernColumns+" FROM concerns WHERE id = $1", id))
	if err != nil {
		return nil, err
	}
	upd.Apply(c, now)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, "UPDATE concerns SET response = $1, status = $2, resolved_at = $3 WHERE id = $4",
		c.Response, c.Status, nullTime(c.ResolvedAt), id)
	return c, err
}

// Feedback.

const feedbackColumns = `id, client_id, body, recorded_by, created_at`

// CreateFeedback adds an entry to the client's feedback log.
func (db *DB) CreateFeedback(ctx context.Context, actor rapport.Actor, f *rapport.FeedbackEntry) error {
	if err := f.Validate(); err != nil {
		return wrap("create feedback", err)
	}
	return db.audited(ctx, "create feedback", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		f.RecordedBy = actor.UserID
		err := insertFeedback(ctx, tx, f, now)
		return []rapport.AuditEvent{careEvent(rapport.ActionCreate, f.ClientID, rapport.RecordFeedback, f.ID, nil)}, err
	})
}

func insertFeedback(ctx context.Context, tx *sql.Tx, f *rapport.FeedbackEntry, now time.Time) error {
	if err := requireRow(ctx, tx, "clients", "client", f.ClientID); err != nil {
		return err
	}
	f.CreatedAt = now
	return tx.QueryRowContext(ctx, "INSERT INTO feedback (client_id, body, recorded_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		f.ClientID, f.Body, f.RecordedBy, now).Scan(&f.ID)
}

func scanFeedback(s scanner) (*rapport.FeedbackEntry, error) {
	var f rapport.FeedbackEntry
	if err := s.Scan(&f.ID, &f.ClientID, &f.Body, &f.RecordedBy, &f.CreatedAt); err != nil {
		return nil, err
	}
	f.CreatedAt = f.CreatedAt.UTC()
	return &f, nil
}

// ListFeedback returns a page of a client's feedback log, newest first, and
// how many entries there are.
func (db *DB) ListFeedback(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.FeedbackEntry, int, error) {
	return feedbackList.run(ctx, db, actor, clientID, p)
}

var feedbackList = careList[*rapport.FeedbackEntry]{op: "list feedback", record: rapport.RecordFeedback, table: "feedback",
	columns: feedbackColumns, order: "created_at DESC, id DESC", scan: scanFeedback}
