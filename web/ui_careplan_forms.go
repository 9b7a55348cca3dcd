package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The care plan's forms: goals with their steps, decisions, concerns and the feedback log. The
// short forms sit on the client page; when one fails validation it comes back on a page of its
// own (careplan_form), with the words typed kept, so nothing is lost and the error is beside its
// field.

// Goals.

// goalBlankRows is how many empty step rows a goal form offers beyond the steps it has; "Add
// more steps" offers this many more, so steps can be added without JavaScript.
const goalBlankRows = 3

var careGoalStatuses = []rapport.GoalStatus{rapport.GoalActive, rapport.GoalOnHold, rapport.GoalCompleted, rapport.GoalCancelled}

type goalForm struct {
	Words      string
	TargetDate string // YYYY-MM-DD, as the date input sends it
	Status     string
	Steps      []goalStepField
}

type goalStepField struct {
	Text     string
	WhoHelps string
	Done     bool
}

type goalFormPage struct {
	page
	ClientID   int64
	ClientName string
	GoalID     int64 // 0 for a new goal
	Form       goalForm
	Statuses   []careOption
	Errors     careErrors
}

func goalFormOf(g *rapport.Goal) goalForm {
	f := goalForm{Words: g.Words, Status: string(g.Status)}
	if !g.TargetDate.IsZero() {
		f.TargetDate = g.TargetDate.Format(time.DateOnly)
	}
	for _, s := range g.Steps {
		f.Steps = append(f.Steps, goalStepField(s))
	}
	return f
}

// goalStepRow is a step row as the form shows it: its index in the field names and its number.
type goalStepRow struct {
	Index, Number int
	Text          string
	WhoHelps      string
	Done          bool
}

// Rows numbers the step rows for the form.
func (f goalForm) Rows() []goalStepRow {
	rows := make([]goalStepRow, len(f.Steps))
	for i, s := range f.Steps {
		rows[i] = goalStepRow{Index: i, Number: i + 1, Text: s.Text, WhoHelps: s.WhoHelps, Done: s.Done}
	}
	return rows
}

// readGoalForm reads the goal and its step rows (step-N-text, step-N-who, step-N-done).
func readGoalForm(r *http.Request) goalForm {
	f := goalForm{Words: careFormText(r, "words"), TargetDate: careFormText(r, "target_date"), Status: careFormText(r, "status")}
	rows, _ := strconv.Atoi(r.PostFormValue("step_rows"))
	for i := range min(max(rows, 0), rapport.MaxSteps+goalBlankRows) {
		n := strconv.Itoa(i)
		f.Steps = append(f.Steps, goalStepField{
			Text: careFormText(r, "step_"+n+"_text"), WhoHelps: careFormText(r, "step_"+n+"_who"),
			Done: r.PostFormValue("step_"+n+"_done") == "yes",
		})
	}
	return f
}

// steps are the rows that say something; empty rows are the form's spare ones.
func (f goalForm) steps() []rapport.Step {
	var out []rapport.Step
	for _, s := range f.Steps {
		if s.Text != "" || s.WhoHelps != "" {
			out = append(out, rapport.Step(s))
		}
	}
	return out
}

func (f goalForm) validate() (time.Time, careErrors) {
	var errs careErrors
	errs.text("goal-words", "the goal, in the client's words", f.Words, rapport.MaxGoalLen, true)
	var target time.Time
	if f.TargetDate != "" {
		t, err := time.Parse(time.DateOnly, f.TargetDate)
		if err != nil {
			errs.add("goal-target", "Enter the target date as a date, such as 2025-06-30.")
		}
		target = t
	}
	if !rapport.GoalStatus(f.Status).Valid() {
		errs.add("goal-status", "Choose the goal's status from the list.")
	}
	if n := len(f.steps()); n > rapport.MaxSteps {
		errs.add("step-0-text", "A goal can have at most %d steps; it has %d.", rapport.MaxSteps, n)
	}
	for i, s := range f.Steps {
		n := strconv.Itoa(i)
		if s.Text == "" && s.WhoHelps != "" {
			errs.add("step-"+n+"-text", "Step %d says who helps but not what the step is: describe the step.", i+1)
		}
		errs.text("step-"+n+"-text", "step "+strconv.Itoa(i+1), s.Text, rapport.MaxStepLen, false)
		errs.text("step-"+n+"-who", "who helps with step "+strconv.Itoa(i+1), s.WhoHelps, rapport.MaxNameLen, false)
	}
	return target, errs
}

// renderGoalForm shows the goal form with goalBlankRows empty step rows after the last step
// written, or, when the person asked for more rows, that many more than they had.
func (u *ui) renderGoalForm(w http.ResponseWriter, r *http.Request, status int, p *goalFormPage, more bool) error {
	name, err := u.careClientName(r, p.ClientID)
	if err != nil {
		return err
	}
	p.ClientName = name
	title := "Add a goal for " + name
	if p.GoalID > 0 {
		title = "Edit " + name + "'s goal"
	}
	p.page = u.newPage(r, title)
	p.Statuses = careOptions(careGoalStatuses, p.Form.Status)
	if !more {
		for n := len(p.Form.Steps); n > 0 && p.Form.Steps[n-1] == (goalStepField{}); n-- {
			p.Form.Steps = p.Form.Steps[:n-1]
		}
	}
	for range goalBlankRows {
		p.Form.Steps = append(p.Form.Steps, goalStepField{})
	}
	u.render(w, r, status, "goal_form", p)
	return nil
}

func (u *ui) newGoalForm(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	return u.renderGoalForm(w, r, http.StatusOK, &goalFormPage{ClientID: scope.ClientID, Form: goalForm{Status: string(rapport.GoalActive)}}, false)
}

func (u *ui) createGoal(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	p := &goalFormPage{ClientID: scope.ClientID, Form: readGoalForm(r)}
	actor, _ := actorFrom(r.Context())
	return u.submitGoalForm(w, r, p, func(target time.Time) error {
		g := &rapport.Goal{ClientID: scope.ClientID, Words: p.Form.Words, Steps: p.Form.steps(), TargetDate: target, Status: rapport.GoalStatus(p.Form.Status)}
		if err := u.st.CreateGoal(r.Context(), actor, g); err != nil {
			return fmt.Errorf("adding a goal: %w", err)
		}
		return nil
	})
}

// submitGoalForm is what adding and editing a goal share: "more step rows" shows the form again
// with blank rows; otherwise the form is checked, then saved; a form that fails the checks, or
// that the store refuses, comes back with everything typed kept.
func (u *ui) submitGoalForm(w http.ResponseWriter, r *http.Request, p *goalFormPage, save func(target time.Time) error) error {
	if r.PostFormValue("more_steps") != "" {
		return u.renderGoalForm(w, r, http.StatusOK, p, true)
	}
	target, errs := p.Form.validate()
	if p.Errors = errs; len(errs) > 0 {
		return u.renderGoalForm(w, r, http.StatusUnprocessableEntity, p, false)
	}
	if err := save(target); err != nil {
		if err := careStoreProblem(err, &p.Errors, "goal-words"); err != nil {
			return err
		}
		return u.renderGoalForm(w, r, http.StatusUnprocessableEntity, p, false)
	}
	redirect(w, r, careClientPath(p.ClientID)+"#goals")
	return nil
}

func (u *ui) editGoalForm(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	id, err := u.careRecord(r, "goal", rapport.RecordGoal, scope.ClientID)
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	g, err := u.st.FindGoalByID(r.Context(), actor, id)
	if err != nil {
		return fmt.Errorf("reading goal %d: %w", id, err)
	}
	return u.renderGoalForm(w, r, http.StatusOK, &goalFormPage{ClientID: scope.ClientID, GoalID: id, Form: goalFormOf(g)}, false)
}

func (u *ui) updateGoal(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	id, err := u.careRecord(r, "goal", rapport.RecordGoal, scope.ClientID)
	if err != nil {
		return err
	}
	p := &goalFormPage{ClientID: scope.ClientID, GoalID: id, Form: readGoalForm(r)}
	actor, _ := actorFrom(r.Context())
	return u.submitGoalForm(w, r, p, func(target time.Time) error {
		steps, status := p.Form.steps(), rapport.GoalStatus(p.Form.Status)
		upd := rapport.GoalUpdate{Words: &p.Form.Words, Steps: &steps, TargetDate: &target, Status: &status}
		if _, err := u.st.UpdateGoal(r.Context(), actor, id, upd); err != nil {
			return fmt.Errorf("updating goal %d: %w", id, err)
		}
		return nil
	})
}

// updateGoalStatus is the client page's quick status change. Its only field is a select, so a
// bad value is a tampered form (400), not something a person typed.
func (u *ui) updateGoalStatus(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	id, err := u.careRecord(r, "goal", rapport.RecordGoal, scope.ClientID)
	if err != nil {
		return err
	}
	status := rapport.GoalStatus(r.PostFormValue("status"))
	if !status.Valid() {
		return rapport.Errorf(rapport.EINVALID, "Choose the goal's status from the list.")
	}
	actor, _ := actorFrom(r.Context())
	if _, err := u.st.UpdateGoal(r.Context(), actor, id, rapport.GoalUpdate{Status: &status}); err != nil {
		return fmt.Errorf("changing the status of goal %d: %w", id, err)
	}
	redirect(w, r, careClientPath(scope.ClientID)+"#goal-"+strconv.FormatInt(id, 10))
	return nil
}

// The short forms: decisions, concerns, responses to concerns, feedback.

type careDecisionForm struct {
	ClientID  int64
	Summary   string
	TookPart  bool
	Agreed    bool
	DecidedOn string // YYYY-MM-DD; empty means today
	Errors    careErrors
}

type careConcernForm struct {
	ClientID int64
	Words    string
	Errors   careErrors
}

type careConcernUpdateForm struct {
	ClientID  int64
	ConcernID int64
	Response  string
	Status    string
	Statuses  []careOption
	Errors    careErrors
}

type careFeedbackForm struct {
	ClientID int64
	Body     string
	Errors   careErrors
}

// carePlanFormPage shows one short form that failed validation; exactly one form is set.
type carePlanFormPage struct {
	page
	ClientID      int64
	ClientName    string
	Decision      *careDecisionForm
	Concern       *careConcernForm
	ConcernUpdate *careConcernUpdateForm
	Feedback      *careFeedbackForm
}

var careConcernStatuses = []rapport.ConcernStatus{rapport.ConcernOpen, rapport.ConcernInProgress, rapport.ConcernResolved}

func (u *ui) renderCarePlanForm(w http.ResponseWriter, r *http.Request, title string, p *carePlanFormPage) error {
	name, err := u.careClientName(r, p.ClientID)
	if err != nil {
		return err
	}
	p.page, p.ClientName = u.newPage(r, title+" for "+name), name
	u.render(w, r, http.StatusUnprocessableEntity, "careplan_form", p)
	return nil
}

// careRefused shows the form again when the store refused what was typed (its message becomes
// the field's error); any other failure is returned.
func (u *ui) careRefused(w http.ResponseWriter, r *http.Request, err error, errs *careErrors, field, title string, p *carePlanFormPage) error {
	if err := careStoreProblem(err, errs, field); err != nil {
		return err
	}
	return u.renderCarePlanForm(w, r, title, p)
}

// submitShortForm is what the care plan's short forms share once read and checked: a form
// with errors comes back; otherwise save, and a refusal from the store comes back on the form
// too, on field; after saving, the client's page at anchor.
func (u *ui) submitShortForm(w http.ResponseWriter, r *http.Request, p *carePlanFormPage, errs *careErrors, title, field, anchor string, save func() error) error {
	if len(*errs) > 0 {
		return u.renderCarePlanForm(w, r, title, p)
	}
	if err := save(); err != nil {
		return u.careRefused(w, r, err, errs, field, title, p)
	}
	redirect(w, r, careClientPath(p.ClientID)+anchor)
	return nil
}

func (u *ui) createDecision(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	f := &careDecisionForm{ClientID: scope.ClientID, Summary: careFormText(r, "summary"), TookPart: r.PostFormValue("took_part") == "yes",
		Agreed: r.PostFormValue("agreed") == "yes", DecidedOn: careFormText(r, "decided_on")}
	f.Errors.text("decision-summary", "the decision", f.Summary, rapport.MaxDecisionLen, true)
	var decided time.Time
	if f.DecidedOn != "" {
		// A date is midnight UTC; allowing 14 hours (the largest zone offset) accepts "today"
		// wherever the person is.
		if decided, err = time.Parse(time.DateOnly, f.DecidedOn); err != nil || decided.After(uiNow().Add(14*time.Hour)) {
			f.Errors.add("decision-date", "Enter the date the decision was made, such as 2025-03-14; it cannot be in the future.")
		}
	}
	p := &carePlanFormPage{ClientID: scope.ClientID, Decision: f}
	actor, _ := actorFrom(r.Context())
	return u.submitShortForm(w, r, p, &f.Errors, "Record a decision", "decision-summary", "#decisions", func() error {
		d := &rapport.Decision{ClientID: scope.ClientID, Summary: f.Summary, ClientTookPart: f.TookPart, ClientAgreed: f.Agreed, DecidedAt: decided}
		if err := u.st.CreateDecision(r.Context(), actor, d); err != nil {
			return fmt.Errorf("recording a decision: %w", err)
		}
		return nil
	})
}

func (u *ui) createConcern(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	f := &careConcernForm{ClientID: scope.ClientID, Words: careFormText(r, "words")}
	f.Errors.text("concern-words", "the concern, in the client's words", f.Words, rapport.MaxLongTextLen, true)
	p := &carePlanFormPage{ClientID: scope.ClientID, Concern: f}
	actor, _ := actorFrom(r.Context())
	return u.submitShortForm(w, r, p, &f.Errors, "Record a concern", "concern-words", "#concerns", func() error {
		if err := u.st.CreateConcern(r.Context(), actor, &rapport.Concern{ClientID: scope.ClientID, Words: f.Words}); err != nil {
			return fmt.Errorf("recording a concern: %w", err)
		}
		return nil
	})
}

func (u *ui) updateConcern(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	id, err := u.careRecord(r, "concern", rapport.RecordConcern, scope.ClientID)
	if err != nil {
		return err
	}
	f := &careConcernUpdateForm{ClientID: scope.ClientID, ConcernID: id, Response: careFormText(r, "response"), Status: careFormText(r, "status")}
	prefix := "concern-" + strconv.FormatInt(id, 10)
	f.Errors.text(prefix+"-response", "the response given", f.Response, rapport.MaxLongTextLen, false)
	status := rapport.ConcernStatus(f.Status)
	switch {
	case !status.Valid():
		f.Errors.add(prefix+"-status", "Choose where the concern stands from the list.")
	case status == rapport.ConcernResolved && f.Response == "":
		f.Errors.add(prefix+"-response", "Say how the concern was answered before marking it resolved: closing a concern in silence loses trust.")
	}
	f.Statuses = careOptions(careConcernStatuses, f.Status)
	p := &carePlanFormPage{ClientID: scope.ClientID, ConcernUpdate: f}
	actor, _ := actorFrom(r.Context())
	return u.submitShortForm(w, r, p, &f.Errors, "Respond to a concern", prefix+"-response", "#"+prefix, func() error {
		if _, err := u.st.UpdateConcern(r.Context(), actor, id, rapport.ConcernUpdate{Response: &f.Response, Status: &status}); err != nil {
			return fmt.Errorf("updating concern %d: %w", id, err)
		}
		return nil
	})
}

func (u *ui) createFeedback(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	f := &careFeedbackForm{ClientID: scope.ClientID, Body: careFormText(r, "body")}
	f.Errors.text("feedback-body", "what the client said about their care", f.Body, rapport.MaxLongTextLen, true)
	p := &carePlanFormPage{ClientID: scope.ClientID, Feedback: f}
	actor, _ := actorFrom(r.Context())
	return u.submitShortForm(w, r, p, &f.Errors, "Add feedback", "feedback-body", "#feedback", func() error {
		if err := u.st.CreateFeedback(r.Context(), actor, &rapport.FeedbackEntry{ClientID: scope.ClientID, Body: f.Body}); err != nil {
			return fmt.Errorf("adding feedback: %w", err)
		}
		return nil
	})
}
