// Package rapport holds Rapport's domain: the people who use it (users, teams,
// roles), the whole-person client record, the shared care plan, notes and
// messages, sessions, and the audit log, with the rules that keep each one
// valid. It has no I/O. Each technology lives in its own subpackage (store for
// the database), and cmd/rapport wires them together.
//
// Every failure the domain or an adapter reports to a person carries an
// *Error with one of the codes below, so the HTTP layer can choose a status
// from a single table.
package rapport

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Error codes. They are stable: the API, the CLI and tests use them.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
)

// Error is a failure with a code and a message fit to show a person. Messages
// never contain client data (names, notes), only record kinds and IDs, because
// errors end up in logs.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain: "" for a nil
// error, EINTERNAL for an error that carries no code (a bug or an outage).
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic one, so internal details never reach a person.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "Internal error."
}

// Role is what a user may do.
type Role string

// Roles. An admin manages users, teams and settings but sees no client details
// unless also on a care team; a supervisor sees their teams' clients and
// staff; a case manager sees the clients whose care team they are on.
const (
	RoleAdmin       Role = "admin"
	RoleSupervisor  Role = "supervisor"
	RoleCaseManager Role = "case_manager"
)

// Roles lists every role, in order of decreasing privilege.
var Roles = []Role{RoleAdmin, RoleSupervisor, RoleCaseManager}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Actor is who performs an operation on client data. Audited store methods
// take one as a parameter, so no caller can forget to say who acted.
type Actor struct {
	UserID int64
	Role   Role
}

// Validate reports an EUNAUTHORIZED error unless the actor names a user and a
// role: an anonymous operation on client data is never allowed.
func (a Actor) Validate() error {
	if a.UserID <= 0 || !a.Role.Valid() {
		return Errorf(EUNAUTHORIZED, "who is acting must be known: a user ID and a valid role are required")
	}
	return nil
}

// Page sizes for lists.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// Page selects one page of a list. A zero Limit means DefaultPageSize.
type Page struct {
	Limit  int
	Offset int
}

// Validate rejects negative values and pages larger than MaxPageSize.
func (p Page) Validate() error {
	switch {
	case p.Limit < 0 || p.Offset < 0:
		return Errorf(EINVALID, "limit and offset must not be negative")
	case p.Limit > MaxPageSize:
		return Errorf(EINVALID, "limit must be at most %d", MaxPageSize)
	}
	return nil
}

// Size is the number of items to return: Limit, or DefaultPageSize when zero.
func (p Page) Size() int {
	if p.Limit == 0 {
		return DefaultPageSize
	}
	return p.Limit
}

// checkText validates a free-text field: readable (valid UTF-8, no NUL, which
// PostgreSQL cannot store), at most max characters, and present if required.
// The field name is written as a person reads it ("preferred name").
func checkText(field, s string, max int, required bool) error {
	switch {
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return Errorf(EINVALID, "%s contains characters that cannot be read", field)
	case required && strings.TrimSpace(s) == "":
		return Errorf(EINVALID, "%s is required", field)
	case utf8.RuneCountInString(s) > max:
		return Errorf(EINVALID, "%s must be at most %d characters", field, max)
	}
	return nil
}

// firstError returns the first non-nil error, so Validate methods read as a
// list of rules.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkID requires a positive ID for a record the value refers to.
func checkID(field string, id int64) error {
	if id <= 0 {
		return Errorf(EINVALID, "%s is required", field)
	}
	return nil
}

// set copies *src into *dst when src is set, for applying partial updates.
func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// field is one field of a partial update: its audit name and whether it is set.
type field struct {
	set  bool
	name string
}

// setFields returns the names of the fields that are set, in order.
func setFields(fields ...field) []string {
	var names []string
	for _, f := range fields {
		if f.set {
			names = append(names, f.name)
		}
	}
	return names
}
