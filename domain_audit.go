package rapport

import (
	"time"
)

// MaxReasonLen is the longest reason an audit event keeps, in characters.
const MaxReasonLen = 1000

// AuditAction is what was done to client data, in the terms certified EHR
// audit logs use.
type AuditAction string

// Audit actions.
const (
	ActionView       AuditAction = "view"
	ActionCreate     AuditAction = "create"
	ActionUpdate     AuditAction = "update"
	ActionDelete     AuditAction = "delete"
	ActionExport     AuditAction = "export"
	ActionSearch     AuditAction = "search"
	ActionBreakGlass AuditAction = "break_glass"
)

// Valid reports whether a is a known action.
func (a AuditAction) Valid() bool {
	switch a {
	case ActionView, ActionCreate, ActionUpdate, ActionDelete, ActionExport, ActionSearch, ActionBreakGlass:
		return true
	}
	return false
}

// RecordType is the kind of data an audit event touched.
type RecordType string

// Record types.
const (
	RecordClient   RecordType = "client"
	RecordCareTeam RecordType = "care_team"
	RecordGoal     RecordType = "goal"
	RecordDecision RecordType = "decision"
	RecordConcern  RecordType = "concern"
	RecordFeedback RecordType = "feedback"
	RecordNote     RecordType = "note"
	RecordAuditLog RecordType = "audit_log" // reading the log is itself logged
)

// Valid reports whether t is a known record type.
func (t RecordType) Valid() bool {
	switch t {
	case RecordClient, RecordCareTeam, RecordGoal, RecordDecision, RecordConcern, RecordFeedback, RecordNote, RecordAuditLog,
		RecordUser, RecordTeam,
		RecordSurveyInstrument, RecordSurveyInvitation, RecordSurveyResponse:
		return true
	}
	return false
}

// AuditEvent is one row of the append-only audit log: who did what to which
// client's data, and when. The store links each event into a hash chain soon
// after it commits (see docs/storage.md), so an edited or deleted row is
// detected.
type AuditEvent struct {
	ID         int64 // increasing; never reused
	Time       time.Time
	UserID     int64
	Role       Role
	ClientID   int64 // zero when no single client is concerned
	Action     AuditAction
	RecordType RecordType
	RecordID   int64    // zero when the event concerns a whole list or record type
	Fields     []string // the fields read or changed, when narrower than the record
	Reason     string   // required for break-glass access
}

// Validate checks an event that a caller records itself (an export, a
// break-glass access); events for reads and writes are made by the store.
func (e *AuditEvent) Validate() error {
	errs := []error{
		checkText("reason", e.Reason, MaxReasonLen, false),
	}
	switch {
	case !e.Action.Valid():
		errs = append(errs, Errorf(EINVALID, "audit action %q is not known", e.Action))
	case !e.RecordType.Valid():
		errs = append(errs, Errorf(EINVALID, "audit record type %q is not known", e.RecordType))
	case e.ClientID < 0 || e.RecordID < 0:
		errs = append(errs, Errorf(EINVALID, "audit client and record IDs must not be negative"))
	case e.Action == ActionBreakGlass && (e.ClientID == 0 || e.Reason == ""):
		errs = append(errs, Errorf(EINVALID, "break-glass access needs a client and a stated reason"))
	}
	for _, f := range e.Fields {
		if !isFieldName(f) {
			errs = append(errs, Errorf(EINVALID, "audit field %q must be lower-case letters, digits and _", f))
		}
	}
	return firstError(errs...)
}

// isFieldName keeps field names to the characters the store's own names use,
// so the stored list (comma-separated) is unambiguous.
func isFieldName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// AuditFilter selects audit events, newest first. Zero fields do not filter.
// For the next page, set BeforeID to the last ID of this one: IDs are a
// stable cursor, unlike offsets into a log that keeps growing.
type AuditFilter struct {
	UserID   int64
	ClientID int64
	Action   AuditAction
	Since    time.Time // inclusive
	Until    time.Time // exclusive
	BeforeID int64
	Limit    int // zero means DefaultPageSize
}

// Validate checks the filter.
func (f AuditFilter) Validate() error {
	switch {
	case f.Action != "" && !f.Action.Valid():
		return Errorf(EINVALID, "audit action %q is not known", f.Action)
	case !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until):
		return Errorf(EINVALID, "the start of the time range must be before its end")
	case f.BeforeID < 0:
		return Errorf(EINVALID, "before ID must not be negative")
	}
	return Page{Limit: f.Limit}.Validate()
}

// ClientAccess summarises one user's accesses of one kind to one part of a
// client's record: a row of the "who has seen my record" report.
type ClientAccess struct {
	UserID     int64
	Action     AuditAction
	RecordType RecordType
	Count      int64
	FirstAt    time.Time
	LastAt     time.Time
}
