package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
)

// Fuzz tests for the page decoders: whatever a browser (or an attacker) sends, they return an
// error or a well-formed value, and never panic.

// FuzzNoteForm decodes a raw form body as the note editor does.
func FuzzNoteForm(f *testing.F) {
	f.Add("kind=message&text=Hello%0D%0Athere&context=&checked=")
	f.Add("kind=%00&text=%FF%FE")
	f.Add("text=a&text=b&kind=note&kind=message")
	f.Add("text=%0D%0D%0A%0A") // a CR before a CRLF once left a CRLF behind
	f.Add(strings.Repeat("a=", 1000))
	f.Fuzz(func(t *testing.T, body string) {
		r := postForm(body)
		if r == nil {
			return
		}
		nf := readNoteForm(r)
		if !rapport.NoteKind(nf.Kind).Valid() {
			t.Errorf("kind %q is not a note kind", nf.Kind)
		}
		for _, s := range []string{nf.Text, nf.Context, nf.Checked} {
			if strings.Contains(s, "\r") {
				t.Errorf("CR survived in %q", s)
			}
		}
	})
}

// FuzzApplySuggestion applies a "start,end,text" spec to a text: it either refuses, or replaces
// exactly the runes between start and end.
func FuzzApplySuggestion(f *testing.F) {
	f.Add("You're noncompliant with meds", "7,19,not taking")
	f.Add("héllo wörld", "0,5,hi")
	f.Add("short", "3,2,x")
	f.Add("short", "-1,2,x")
	f.Add("short", "0,99,x")
	f.Add("a\r\nb", "1,1,\r\n")
	f.Fuzz(func(t *testing.T, text, spec string) {
		got, err := applySuggestion(text, spec)
		if err != nil {
			if rapport.ErrorCode(err) != rapport.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		parts := strings.SplitN(spec, ",", 3)
		repl := normalizeNewlines(parts[2])
		runes := []rune(text)
		if n := utf8.RuneCountInString(got); n > len(runes)+utf8.RuneCountInString(repl) {
			t.Errorf("result has %d runes, more than text and replacement together", n)
		}
		if !strings.Contains(got, repl) {
			t.Errorf("result %q lacks the replacement %q", got, repl)
		}
	})
}

// FuzzMarkSpans marks findings with arbitrary offsets: the parts always join back into the text.
func FuzzMarkSpans(f *testing.F) {
	f.Add("You are lazy and noncompliant", 8, 12, 17, 29)
	f.Add("héllo", -3, 99, 2, 1)
	f.Add("", 0, 0, 0, 0)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		fs := []engine.Finding{{Start: s1, End: e1}, {Start: s2, End: e2}}
		var b strings.Builder
		for _, p := range markSpans(text, fs) {
			b.WriteString(p.Text)
		}
		if want := string([]rune(text)); b.String() != want {
			t.Errorf("parts join to %q, want %q", b.String(), want)
		}
	})
}

// FuzzResumedForm reads an interrupted form back from a sign-in form: it never sends a form
// anywhere but a path on this site, and never carries a password.
func FuzzResumedForm(f *testing.F) {
	f.Add("resume.action=%2Fclients%2F7%2Fnotes&resume.f.text=hello&resume.f.password=x")
	f.Add("resume.action=%2F%2Fevil.example&resume.f.text=x")
	f.Add("resume.action=%2Flogin&resume.f.email=a")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		rf := resumedForm(form)
		if rf == nil {
			return
		}
		if safeNext(rf.Action) != rf.Action || rf.Action == "/login" {
			t.Errorf("resumes to %q", rf.Action)
		}
		for _, field := range rf.Fields {
			if strings.Contains(strings.ToLower(field.Name), "password") {
				t.Errorf("carries %q", field.Name)
			}
		}
	})
}

// postForm is a POST request whose body is a raw form, parsed as the pages parse it; nil when
// the body is not a form at all.
func postForm(body string) *http.Request {
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if r.ParseForm() != nil {
		return nil
	}
	return r
}

// FuzzClientForm decodes a raw client form: whatever the form's own checks accept, the domain
// accepts too, so a person never sees "saved" fail with an error the form did not explain.
func FuzzClientForm(f *testing.F) {
	f.Add("preferred_name=Jordan&contact_method=phone&strengths=Kind%0AFunny&need_housing_level=high&need_housing_note=Eviction")
	f.Add("preferred_name=%00&demographics_consent=yes&age_band=30-39&care_team=1&care_team=1&care_team=x")
	f.Add("preferred_name=A&need_food_level=urgent&need_bogus_level=high&team_id=-5")
	f.Fuzz(func(t *testing.T, body string) {
		r := postForm(body)
		if r == nil {
			return
		}
		form := readClientForm(r, nil)
		form.TeamID = 1
		if len(form.validate()) > 0 {
			return
		}
		if err := form.client().Validate(); err != nil {
			t.Errorf("the form accepted what the domain refuses: %v\n%+v", err, form)
		}
	})
}

// FuzzGoalForm does the same for the goal form and its step rows.
func FuzzGoalForm(f *testing.F) {
	f.Add("words=Stay+in+my+flat&status=active&target_date=2026-06-30&step_rows=2&step_0_text=Call&step_0_who=Casey&step_1_done=yes")
	f.Add("words=x&status=active&step_rows=99999999999&step_3_who=Sam")
	f.Add("words=x&status=bogus&target_date=2026-02-31")
	f.Fuzz(func(t *testing.T, body string) {
		r := postForm(body)
		if r == nil {
			return
		}
		form := readGoalForm(r)
		target, errs := form.validate()
		if len(errs) > 0 {
			return
		}
		g := &rapport.Goal{ClientID: 1, Words: form.Words, Steps: form.steps(), TargetDate: target, Status: rapport.GoalStatus(form.Status)}
		if err := g.Validate(); err != nil {
			t.Errorf("the form accepted what the domain refuses: %v\n%+v", err, form)
		}
	})
}
