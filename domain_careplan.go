package rapport

import (
	"time"
)

// Field limits for the care plan, in characters.
const (
	MaxGoalLen     = 2000
	MaxStepLen     = 1000
	MaxSteps       = 50
	MaxDecisionLen = 2000
)

// GoalStatus is where a goal stands. The values match FHIR Goal's
// lifecycleStatus (with "_" for "-"), so export needs no table.
type GoalStatus string

// Goal statuses.
const (
	GoalActive    GoalStatus = "active"
	GoalOnHold    GoalStatus = "on_hold"
	GoalCompleted GoalStatus = "completed"
	GoalCancelled GoalStatus = "cancelled"
)

// Valid reports whether s is a known status.
func (s GoalStatus) Valid() bool {
	switch s {
	case GoalActive, GoalOnHold, GoalCompleted, GoalCancelled:
		return true
	}
	return false
}

// Goal is something the client wants, in their own words, with the steps
// towards it and who helps with each.
type Goal struct {
	ID         int64
	ClientID   int64
	Words      string // the goal as the client put it
	Steps      []Step // in order
	TargetDate time.Time
	Status     GoalStatus
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Step is one step towards a goal.
type Step struct {
	Text     string
	WhoHelps string // "Sam (case manager)", "my sister", "me"
	Done     bool
}

// Validate checks a goal before it is stored.
func (g *Goal) Validate() error {
	errs := []error{
		checkID("client", g.ClientID),
		checkText("goal", g.Words, MaxGoalLen, true),
		checkDate("target date", g.TargetDate),
	}
	if !g.Status.Valid() {
		errs = append(errs, Errorf(EINVALID, "goal status must be active, on_hold, completed or cancelled"))
	}
	if len(g.Steps) > MaxSteps {
		errs = append(errs, Errorf(EINVALID, "a goal can have at most %d steps", MaxSteps))
	}
	for _, s := range g.Steps {
		errs = append(errs,
			checkText("step", s.Text, MaxStepLen, true),
			checkText("who helps", s.WhoHelps, MaxNameLen, false))
	}
	return firstError(errs...)
}

// checkDate requires a calendar date: midnight UTC, or zero for none. A time
// of day or zone would shift the date between engines and exports.
func checkDate(field string, t time.Time) error {
	if !t.IsZero() && !t.Equal(t.UTC().Truncate(24*time.Hour)) {
		return Errorf(EINVALID, "%s must be a date without a time of day", field)
	}
	return nil
}

// GoalUpdate changes the fields that are set. Steps, when set, replace the
// whole list; a zero TargetDate clears it.
type GoalUpdate struct {
	Words      *string
	Steps      *[]Step
	TargetDate *time.Time
	Status     *GoalStatus
}

// Apply sets u's fields on g; validate g afterwards.
func (u GoalUpdate) Apply(g *Goal) {
	set(&g.Words, u.Words)
	set(&g.Steps, u.Steps)
	set(&g.TargetDate, u.TargetDate)
	set(&g.Status, u.Status)
}

// Fields names the fields the update sets, as the audit log records them.
func (u GoalUpdate) Fields() []string {
	return setFields(
		field{u.Words != nil, "words"},
		field{u.Steps != nil, "steps"},
		field{u.TargetDate != nil, "target_date"},
		field{u.Status != nil, "status"},
	)
}

// Decision is a choice about the client's care, recording whether the client
// took part in making it and whether they agreed: shared decisions build trust.
type Decision struct {
	ID             int64
	ClientID       int64
	Summary        string
	ClientTookPart bool
	ClientAgreed   bool
	DecidedAt      time.Time // when it was made; the store uses the time of recording when zero
	RecordedBy     int64
	CreatedAt      time.Time
}

// Validate checks a decision before it is stored.
func (d *Decision) Validate() error {
	return firstError(
		checkID("client", d.ClientID),
		checkText("decision", d.Summary, MaxDecisionLen, true),
	)
}

// ConcernStatus is where a concern the client raised stands.
type ConcernStatus string

// Concern statuses: a concern stays on the list until it is resolved.
const (
	ConcernOpen       ConcernStatus = "open"
	ConcernInProgress ConcernStatus = "in_progress"
	ConcernResolved   ConcernStatus = "resolved"
)

// Valid reports whether s is a known status.
func (s ConcernStatus) Valid() bool {
	return s == ConcernOpen || s == ConcernInProgress || s == ConcernResolved
}

// Concern is something the client raised, tracked until it is resolved, with
// the response they were given.
type Concern struct {
	ID         int64
	ClientID   int64
	Words      string // the concern as the client put it
	Response   string
	Status     ConcernStatus
	RaisedAt   time.Time // the store uses the time of recording when zero
	ResolvedAt time.Time // zero until resolved
	RecordedBy int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Validate checks a concern before it is stored. A resolved concern must say
// how it was answered: closing a concern in silence is what loses trust.
func (c *Concern) Validate() error {
	errs := []error{
		checkID("client", c.ClientID),
		checkText("concern", c.Words, MaxLongTextLen, true),
		checkText("response", c.Response, MaxLongTextLen, false),
	}
	switch {
	case !c.Status.Valid():
		errs = append(errs, Errorf(EINVALID, "concern status must be open, in_progress or resolved"))
	case c.Status == ConcernResolved && c.Response == "":
		errs = append(errs, Errorf(EINVALID, "a concern is resolved with the response given to the client"))
	}
	return firstError(errs...)
}

// ConcernUpdate changes the response or the status.
type ConcernUpdate struct {
	Response *string
	Status   *ConcernStatus
}

// Apply sets u's fields on c; validate c afterwards.
func (u ConcernUpdate) Apply(c *Concern, now time.Time) {
	set(&c.Response, u.Response)
	set(&c.Status, u.Status)
	c.SyncResolvedAt(now)
}

// SyncResolvedAt keeps ResolvedAt in step with the status: set to now when the
// concern becomes resolved, cleared when it is reopened.
func (c *Concern) SyncResolvedAt(now time.Time) {
	switch {
	case c.Status != ConcernResolved:
		c.ResolvedAt = time.Time{}
	case c.ResolvedAt.IsZero():
		c.ResolvedAt = now
	}
}

// Fields names the fields the update sets, as the audit log records them.
func (u ConcernUpdate) Fields() []string {
	return setFields(field{u.Response != nil, "response"}, field{u.Status != nil, "status"})
}

// ConcernFilter selects a client's concerns; a zero Status does not filter.
type ConcernFilter struct {
	ClientID int64
	Status   ConcernStatus
	Page
}

// Validate checks the filter.
func (f ConcernFilter) Validate() error {
	if f.Status != "" && !f.Status.Valid() {
		return Errorf(EINVALID, "concern status must be open, in_progress or resolved")
	}
	return firstError(checkID("client", f.ClientID), f.Page.Validate())
}

// FeedbackEntry is one entry in the client's feedback log: what they said
// about their care, in their words.
type FeedbackEntry struct {
	ID         int64
	ClientID   int64
	Body       string
	RecordedBy int64
	CreatedAt  time.Time
}

// Validate checks an entry before it is stored.
func (f *FeedbackEntry) Validate() error {
	return firstError(
		checkID("client", f.ClientID),
		checkText("feedback", f.Body, MaxLongTextLen, true),
	)
}
