package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The whole-person record and the shared care plan: creating and editing a client, the care
// plan on the client page (goals, decisions, concerns, feedback, recent notes), a note's page and
// the timeline. Every handler checks access with auth.Can on the client's scope before any
// client data is read, and every store call names the signed-in actor, so it is audited.
// Each form follows one flow: parse → validate → store → redirect (303); a form that fails
// validation comes back with 422, everything typed kept and each error linked to its field.

// careStore is what care plans, client create/edit, notes list and timeline need of the store.
type careStore interface {
	CreateClient(ctx context.Context, actor rapport.Actor, c *rapport.Client) error
	UpdateClient(ctx context.Context, actor rapport.Actor, id int64, upd rapport.ClientUpdate) (*rapport.Client, error)
	SetCareTeam(ctx context.Context, actor rapport.Actor, clientID int64, userIDs []int64) error
	ListUsers(ctx context.Context, f rapport.UserFilter) ([]*rapport.User, int, error)

	FindRecordClientID(ctx context.Context, rt rapport.RecordType, id int64) (int64, error)
	CreateGoal(ctx context.Context, actor rapport.Actor, g *rapport.Goal) error
	FindGoalByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Goal, error)
	ListGoals(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.Goal, int, error)
	UpdateGoal(ctx context.Context, actor rapport.Actor, id int64, upd rapport.GoalUpdate) (*rapport.Goal, error)
	CreateDecision(ctx context.Context, actor rapport.Actor, d *rapport.Decision) error
	CreateConcern(ctx context.Context, actor rapport.Actor, c *rapport.Concern) error
	ListConcerns(ctx context.Context, actor rapport.Actor, f rapport.ConcernFilter) ([]*rapport.Concern, int, error)
	UpdateConcern(ctx context.Context, actor rapport.Actor, id int64, upd rapport.ConcernUpdate) (*rapport.Concern, error)
	CreateFeedback(ctx context.Context, actor rapport.Actor, f *rapport.FeedbackEntry) error
	ListNotes(ctx context.Context, actor rapport.Actor, f rapport.NoteFilter) ([]*rapport.Note, int, error)
	FindNoteByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Note, error)
	ListTimeline(ctx context.Context, actor rapport.Actor, f rapport.TimelineFilter) ([]rapport.TimelineEntry, int, error)
}

// registerCarePlan mounts care plans, client create/edit, notes list and timeline.
func (u *ui) registerCarePlan(mux *http.ServeMux) {
	get := func(pattern string, h handlerE) { u.srv.route(mux, "GET "+pattern, u.handle(u.requireUser(h))) }
	post := func(pattern string, h handlerE) { u.srv.route(mux, "POST "+pattern, u.protect(u.requireUser(h))) }
	get("/clients/new", u.newClientForm)
	post("/clients/new", u.createClient)
	get("/clients/{id}/edit", u.editClientForm)
	post("/clients/{id}/edit", u.updateClient)

	get("/clients/{id}/goals/new", u.newGoalForm)
	post("/clients/{id}/goals", u.createGoal)
	get("/clients/{id}/goals/{goal}/edit", u.editGoalForm)
	post("/clients/{id}/goals/{goal}", u.updateGoal)
	post("/clients/{id}/goals/{goal}/status", u.updateGoalStatus)
	post("/clients/{id}/decisions", u.createDecision)
	post("/clients/{id}/concerns", u.createConcern)
	post("/clients/{id}/concerns/{concern}", u.updateConcern)
	post("/clients/{id}/feedback", u.createFeedback)

	get("/clients/{id}/notes/{note}", u.noteView)
	get("/clients/{id}/timeline", u.timeline)
}

// Access.

var (
	careErrNoClient  = rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	careErrForbidden = rapport.Errorf(rapport.EFORBIDDEN, "This client's record is open to their care team and their team's supervisors. If you need to see or change it, ask to join the care team.")
)

// careAccess checks that the signed-in user may do action on the client named by {id}, from the
// client's scope alone (no details are read, so nothing is audited before access is granted).
func (u *ui) careAccess(r *http.Request, action auth.Action) (*rapport.ClientScope, error) {
	id, ok := carePathID(r, "id")
	if !ok {
		return nil, careErrNoClient
	}
	scope, err := u.st.FindClientScope(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, careErrNoClient
	}
	if err != nil {
		return nil, fmt.Errorf("checking access to client %d: %w", id, err)
	}
	if err := auth.Can(authActor(r.Context()), action, auth.Target{Client: *scope}, uiNow()); err != nil {
		return nil, careErrForbidden
	}
	return scope, nil
}

// careRecord returns the ID in the path parameter name after checking that it is a record of
// type rt that belongs to clientID: a record of another client is not found here, so a
// care-team member of one client cannot reach another client's goal by changing the address.
func (u *ui) careRecord(r *http.Request, name string, rt rapport.RecordType, clientID int64) (int64, error) {
	notFound := rapport.Errorf(rapport.ENOTFOUND, "This client has no %s at this address.", strings.ReplaceAll(string(rt), "_", " "))
	id, ok := carePathID(r, name)
	if !ok {
		return 0, notFound
	}
	owner, err := u.st.FindRecordClientID(r.Context(), rt, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND || err == nil && owner != clientID {
		return 0, notFound
	}
	if err != nil {
		return 0, fmt.Errorf("finding the client of %s %d: %w", rt, id, err)
	}
	return id, nil
}

// carePathID parses a positive ID from a path parameter.
func carePathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

func careClientPath(id int64) string { return "/clients/" + strconv.FormatInt(id, 10) }

// careClientName reads the client's preferred name for a form page's heading (an audited read).
func (u *ui) careClientName(r *http.Request, id int64) (string, error) {
	actor, _ := actorFrom(r.Context())
	c, err := u.st.FindClientByID(r.Context(), actor, id)
	if err != nil {
		return "", fmt.Errorf("reading client %d: %w", id, err)
	}
	return c.PreferredName, nil
}

// Form errors.

// careFieldError is one validation error, tied to the input it is about (its id), so the
// summary links to the field and the field names its error with aria-describedby.
type careFieldError struct {
	Field   string
	Message string
}

// careErrors are a form's validation errors, in the order the fields appear.
type careErrors []careFieldError

func (e *careErrors) add(field, format string, args ...any) {
	*e = append(*e, careFieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// For returns the error about field, or "".
func (e careErrors) For(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// text checks a free-text field as the domain will: readable, present if required, not too long.
func (e *careErrors) text(field, label, value string, max int, required bool) {
	switch n := utf8.RuneCountInString(value); {
	case !utf8.ValidString(value) || strings.ContainsRune(value, 0):
		e.add(field, "%s contains characters that cannot be saved. Remove them and try again.", careUpperFirst(label))
	case required && strings.TrimSpace(value) == "":
		e.add(field, "Enter %s.", label)
	case n > max:
		e.add(field, "%s can be at most %d characters; it has %d.", careUpperFirst(label), max, n)
	}
}

func careUpperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// careStoreProblem turns a store refusal of the request (EINVALID) into a form error, so the form
// comes back with what was typed; any other error is returned as it is.
func careStoreProblem(err error, errs *careErrors, field string) error {
	if rapport.ErrorCode(err) != rapport.EINVALID {
		return err
	}
	errs.add(field, "%s", careUpperFirst(rapport.ErrorMessage(err))+".")
	return nil
}

// careOption is one choice of a select or a group of radio buttons.
type careOption struct {
	Value, Label string
	Selected     bool
}

func careOptions[T ~string](values []T, selected string) []careOption {
	opts := make([]careOption, len(values))
	for i, v := range values {
		opts[i] = careOption{Value: string(v), Label: templateFuncs["label"].(func(any) string)(v), Selected: string(v) == selected}
	}
	return opts
}

// careFormText reads a text field, with CRLF as LF so lengths match what the domain counts.
func careFormText(r *http.Request, name string) string {
	return strings.TrimSpace(normalizeNewlines(r.PostFormValue(name)))
}
