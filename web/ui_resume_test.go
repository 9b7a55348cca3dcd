package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func init() {
	form := &resumeForm{Action: "/clients/7/notes", Fields: []resumeField{
		{Name: "kind", Value: "note"},
		{Name: "text", Value: "Met Jordan <my dog> at the library to talk about the lease and the rent arrears."},
	}}
	samplePages["resume"] = &resumePage{page: page{Title: "Send your form", User: sampleUser}, Form: form}
	samplePages["login"].(*loginPage).Resume = form
}

func TestCarriedFieldsNeverCarryPasswords(t *testing.T) {
	got := carriedFields(url.Values{
		"text": {"a note"}, "password": {"secret"}, "new_password": {"secret"}, "resume.action": {"/x"}, "kind": {"note"},
	})
	want := []resumeField{{Name: "kind", Value: "note"}, {Name: "text", Value: "a note"}}
	if !slices.Equal(want, got) {
		t.Errorf("carried %+v, want %+v", got, want)
	}
}

func TestResumedFormRefusesOtherSites(t *testing.T) {
	for _, action := range []string{"", "//evil.example/x", "https://evil.example/", "/login", "notes"} {
		if rf := resumedForm(url.Values{"resume.action": {action}, "resume.f.text": {"x"}}); rf != nil {
			t.Errorf("action %q was accepted: %+v", action, rf)
		}
	}
}

// TestExpiredSessionKeepsTheForm saves a note after the session has timed out: the answer is a
// 401 sign-in page that shows the text; signing in shows it again with one button, and pressing
// it saves the note.
func TestExpiredSessionKeepsTheForm(t *testing.T) {
	e := newUIEnv(t, false)
	casey := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, e.team("North"))
	c := &rapport.Client{TeamID: casey.TeamIDs[0], PreferredName: "Jordan", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}
	clientPath := "/clients/" + itoa(int(c.ID))
	b := e.browser()
	b.login("casey@example.org")
	later := time.Now().Add(auth.DefaultSessionPolicy.IdleTimeout + time.Second)
	uiNow = func() time.Time { return later }
	t.Cleanup(func() { uiNow = time.Now })

	text := "Met Jordan at the library to talk about the lease; they want to stay near their sister."
	resp, body := b.do("POST", clientPath+"/notes", url.Values{"kind": {"note"}, "text": {text}, "context": {""}}, nil)
	wantStatus(t, resp, body, http.StatusUnauthorized)
	wantContains(t, body, "Sign in", "what you typed is kept", `name="resume.action" value="`+clientPath+`/notes"`, text)
	uiNow = time.Now // the new session starts now

	form := url.Values{"email": {"casey@example.org"}, "password": {testPassword}, "next": {"/"},
		"resume.action": {clientPath + "/notes"}, "resume.f.kind": {"note"}, "resume.f.text": {text}, "resume.f.context": {""}}
	resp, body = b.do("POST", "/login", form, nil)
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Send it now", `action="`+clientPath+`/notes"`, text)
	if strings.Contains(body, testPassword) {
		t.Error("the resume page shows the password")
	}

	resp, body = b.do("POST", clientPath+"/notes", url.Values{"kind": {"note"}, "text": {text}, "context": {""}}, nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
}

// TestCrossOriginRefusalShowsTheText sends a note with a cross-site header: it is refused with
// 403 and not saved, the long text is shown read-only to copy, and nothing offers to send it.
func TestCrossOriginRefusalShowsTheText(t *testing.T) {
	e := newUIEnv(t, false)
	casey := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, e.team("North"))
	c := &rapport.Client{TeamID: casey.TeamIDs[0], PreferredName: "Jordan", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.login("casey@example.org")
	text := "Called Jordan about the lease <b>renewal</b>; they asked for help with the forms."
	resp, body := b.do("POST", "/clients/"+itoa(int(c.ID))+"/notes", url.Values{"kind": {"note"}, "text": {text}},
		http.Header{"Sec-Fetch-Site": {"cross-site"}})
	wantStatus(t, resp, body, http.StatusForbidden)
	wantContains(t, body, "another site", "<textarea", "readonly", "lease &lt;b&gt;renewal&lt;/b&gt;")
	if strings.Contains(body, "<form method=\"post\" action=\"/clients/") {
		t.Error("the refusal offers to send the forged form")
	}
	if notes, _, err := e.db.ListNotes(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, rapport.NoteFilter{ClientID: c.ID}); err != nil || len(notes) != 0 {
		t.Errorf("a refused note was saved: %d notes, %v", len(notes), err)
	}
}
