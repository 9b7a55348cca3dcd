package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/rapporthq/rapport"
)

// A form sent after its session ended is not lost. The sign-in page that answers it carries the
// form's fields through sign-in as hidden inputs, and after sign-in Rapport shows them again with
// one button to send them, now signed in. Nothing is stored on the server meanwhile, and nothing
// is sent without the person pressing that button.

// Field names on the sign-in form that carry the interrupted form.
const (
	resumeActionField = "resume.action"
	resumeFieldPrefix = "resume.f."
)

// longField is the length from which a carried value is shown to the person, not just kept:
// they see that their note survived.
const longField = 40

// resumeForm is an interrupted form: where it was going and what it held.
type resumeForm struct {
	Action string
	Fields []resumeField
}

type resumeField struct {
	Name, Value string
}

// carriedView is the fields as a form shows them: on the sign-in form, each name carries a
// prefix so it cannot clash with the sign-in fields; on the resume page, none.
type carriedView struct {
	Prefix string
	Fields []resumeField
}

// View returns the fields with their names prefixed for a form.
func (rf *resumeForm) View(prefix string) carriedView {
	return carriedView{Prefix: prefix, Fields: rf.Fields}
}

// Long reports whether the value is worth showing back (a note, not a menu choice).
func (f resumeField) Long() bool { return len(f.Value) >= longField }

// InputName is the field's name on the sign-in form.
func (f resumeField) InputName() string { return resumeFieldPrefix + f.Name }

// carriedFields returns the fields of a form worth carrying: everything the person filled in
// except passwords, which are never echoed into a page.
func carriedFields(form url.Values) []resumeField {
	var out []resumeField
	for _, name := range slices.Sorted(maps.Keys(form)) {
		if strings.Contains(strings.ToLower(name), "password") || strings.HasPrefix(name, "resume.") {
			continue
		}
		for _, v := range form[name] {
			out = append(out, resumeField{Name: name, Value: v})
		}
	}
	return out
}

// interruptedForm describes the POST r as a form to resume, or nil when there is nothing to
// carry or it was going somewhere other than a page of this site.
func interruptedForm(r *http.Request) *resumeForm {
	if r.Method != http.MethodPost || r.URL.Path == "/login" {
		return nil
	}
	fields := carriedFields(r.PostForm)
	if len(fields) == 0 {
		return nil
	}
	return &resumeForm{Action: safeNext(r.URL.Path), Fields: fields}
}

// resumedForm reads the interrupted form back from the sign-in form's hidden inputs.
func resumedForm(form url.Values) *resumeForm {
	action := form.Get(resumeActionField)
	if action == "" || safeNext(action) != action || action == "/login" {
		return nil
	}
	rf := &resumeForm{Action: action}
	for _, name := range slices.Sorted(maps.Keys(form)) {
		field, ok := strings.CutPrefix(name, resumeFieldPrefix)
		if !ok || strings.Contains(strings.ToLower(field), "password") {
			continue
		}
		for _, v := range form[name] {
			rf.Fields = append(rf.Fields, resumeField{Name: field, Value: v})
		}
	}
	return rf
}

// signInToResume answers a form sent without a live session: 401, with the sign-in page
// carrying the form.
func (u *ui) signInToResume(w http.ResponseWriter, r *http.Request, why string) {
	if r.Header.Get("HX-Request") != "" {
		// A live check while typing: the panel is left as it is (htmx does not swap a 401), and
		// the person's next Save brings them here without htmx.
		http.Error(w, "Your session has ended. Sign in again; what you typed is kept.", http.StatusUnauthorized)
		return
	}
	rf := interruptedForm(r)
	notice := signInNotices[why]
	if notice == "" {
		notice = "You are not signed in."
	}
	if rf != nil {
		notice += " Nothing was saved yet, and what you typed is kept: sign in and you can send it."
	}
	u.render(w, r, http.StatusUnauthorized, "login", &loginPage{
		page:   u.newPage(r, "Sign in"),
		Next:   "/",
		Notice: notice,
		Resume: rf,
	})
}

// resumePage is shown after sign-in when a form was interrupted.
type resumePage struct {
	page
	Form *resumeForm
}

// refuseCrossOrigin answers a form that failed the cross-origin check with 403. It shows the
// longer texts the form carried, read-only and under a warning, so a person whose own form was
// refused (a proxy or extension that rewrote its headers) can copy what they wrote; it offers no
// button to send them, which would complete a forged request.
func (u *ui) refuseCrossOrigin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	var carried *resumeForm
	if r.ParseForm() == nil {
		carried = &resumeForm{}
		for _, f := range carriedFields(r.PostForm) {
			if f.Long() {
				carried.Fields = append(carried.Fields, f)
			}
		}
	}
	u.render(w, r, http.StatusForbidden, "error", &errorPage{
		page:    u.newPage(r, statusTitles[http.StatusForbidden]),
		Status:  http.StatusForbidden,
		Message: rapport.ErrorMessage(errCrossOrigin),
		Carried: carried,
	})
}
