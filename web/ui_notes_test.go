package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
)

// noteEnv is a client on North's care team (Casey) and a case manager on South (Robin).
func noteEnv(t *testing.T) (e *uiEnv, casey *rapport.User, clientPath string, clientID int64) {
	e = newUIEnv(t, false)
	north, south := e.team("North"), e.team("South")
	casey = e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, south)
	c := &rapport.Client{TeamID: north, PreferredName: "Jordan", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(context.Background(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}
	return e, casey, "/clients/" + itoa(int(c.ID)), c.ID
}

var hx = http.Header{"Hx-Request": {"true"}}

func TestNoteEditorPageAccess(t *testing.T) {
	e, _, path, _ := noteEnv(t)
	b := e.browser()
	b.login("casey@example.org")
	resp, body := b.get(path)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `href="`+path+`/notes/new"`)
	resp, body = b.get(path + "/notes/new")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<label for="note-text">`, `<label for="note-context">What the client said</label>`,
		`action="`+path+`/notes"`, `formaction="`+path+`/notes/check"`, `hx-trigger="keyup changed delay:300ms"`,
		`<script src="/static/htmx.min.js" defer></script>`, `<meta name="htmx-config" content='{"includeIndicatorStyles":false,`)
	if strings.Index(body, "htmx-config") > strings.Index(body, "</head>") {
		t.Error("the htmx settings must be in <head>")
	}

	r := e.browser()
	r.login("robin@example.org")
	resp, body = r.get(path + "/notes/new")
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = r.post(path+"/notes/check", url.Values{"text": {"The client is noncompliant."}})
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = r.post(path+"/notes", url.Values{"text": {"The client is noncompliant."}})
	wantStatus(t, resp, body, http.StatusForbidden)

	resp, body = b.get("/clients/999999/notes/new")
	wantStatus(t, resp, body, http.StatusNotFound)

	// htmx is served from this site, with its licence, not from a CDN.
	resp, body = b.get("/static/htmx.min.js")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "htmx.org 2.0", "Zero-Clause BSD")
}

func TestNoteCheck(t *testing.T) {
	e, _, path, _ := noteEnv(t)
	b := e.browser()
	b.login("casey@example.org")
	text := "The client is noncompliant & <late>."
	form := url.Values{"kind": {"note"}, "text": {text}, "context": {"I keep missing the bus"}}

	// Without JavaScript: the whole page, with the text kept and the findings beside it.
	resp, body := b.post(path+"/notes/check", form)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<html", "The client is noncompliant &amp; &lt;late&gt;.</textarea>", "I keep missing the bus</textarea>",
		"Stigmatising language <span class=\"visually-hidden\">(a pitfall)</span>", "<mark>noncompliant</mark>", "Empathy score", `name="suggestion" value="14,26,not following the care plan"`)

	// With htmx: only the findings panel.
	resp, body = b.do("POST", path+"/notes/check", form, hx)
	wantStatus(t, resp, body, 200)
	if strings.Contains(body, "<html") || strings.Contains(body, "<textarea") {
		t.Errorf("the htmx answer is a whole page:\n%s", body)
	}
	wantContains(t, body, `data-code="stigmatizing_language"`, "Stigmatising language", "<mark>noncompliant</mark>",
		"not following the care plan", `hx-post="`+path+`/notes/apply"`, "out of 100", "Exploration",
		`name="checked" form="note-form" value="The client is noncompliant &amp; &lt;late&gt;."`)
	if strings.Contains(body, "does not look like English") {
		t.Error("an English note is marked as not English")
	}

	// A note in another language says that no findings there means nothing.
	form.Set("text", "Eres un adicto y no te importa nada de tu familia.")
	resp, body = b.do("POST", path+"/notes/check", form, hx)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<p class="notice" role="status">This text does not look like English.`)
}

func TestNoteApply(t *testing.T) {
	e, _, path, _ := noteEnv(t)
	b := e.browser()
	b.login("casey@example.org")
	// Accents and an emoji before the span: the offsets are runes, not bytes.
	text := "Café 😀 — he is an addict and noncompliant with meds."
	fb := analyseForTest(t, text)
	var spec string
	for _, f := range fb.Findings {
		if f.Evidence == "an addict" {
			spec = f.Spec
		}
	}
	if spec != "15,24,a person who uses drugs" {
		t.Fatalf("suggestion %q", spec)
	}
	want := "Café 😀 — he is a person who uses drugs and noncompliant with meds."
	form := url.Values{"kind": {"note"}, "text": {text}, "checked": {text}, "suggestion": {spec}}

	resp, body := b.do("POST", path+"/notes/apply", form, hx)
	wantStatus(t, resp, body, 200)
	if strings.Contains(body, "<html") {
		t.Error("the htmx answer is a whole page")
	}
	wantContains(t, body, `id="note-editor"`, ">\n"+want+"</textarea>", "<mark>noncompliant with</mark>")
	if strings.Contains(body, "<mark>an addict</mark>") {
		t.Error("the findings are stale")
	}

	// Without JavaScript: the whole page with the new text.
	resp, body = b.post(path+"/notes/apply", form)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<html", want+"</textarea>")

	// Browsers send CRLF; offsets count one rune per line break.
	crlf := "Line one.\r\nHe is an addict."
	resp, body = b.post(path+"/notes/apply", url.Values{"text": {crlf}, "checked": {crlf}, "suggestion": {"16,25,a person who uses drugs"}})
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Line one.\nHe is a person who uses drugs.</textarea>")

	// Malformed or out of range: 422, and the text is kept.
	for _, bad := range []string{"", "x,2,y", "3,1,y", "-1,2,y", "0,999,y", "15"} {
		f := url.Values{"kind": {"note"}, "text": {text}, "checked": {text}, "suggestion": {bad}}
		resp, body = b.post(path+"/notes/apply", f)
		wantStatus(t, resp, body, http.StatusUnprocessableEntity)
		wantContains(t, body, text+"</textarea>", "could not be applied")
		resp, body = b.do("POST", path+"/notes/apply", f, hx)
		wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	}

	// The person typed after the check: their words win and nothing is applied.
	edited := text + " Seen today."
	resp, body = b.post(path+"/notes/apply", url.Values{"text": {edited}, "checked": {text}, "suggestion": {spec}})
	wantStatus(t, resp, body, 200)
	wantContains(t, body, edited+"</textarea>", "nothing was applied")
}

// TestFeedbackShowsLevelWords: each level carries the words behind its rating, so warmth that is
// not listed as a finding ("Aw, pet") still shows on the page.
func TestFeedbackShowsLevelWords(t *testing.T) {
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Aw, pet. How are you holding up tonight?"
	an, err := a.Analyze(engine.Input{Text: text, Context: "My dog died this morning.", Kind: engine.KindMessage})
	if err != nil {
		t.Fatal(err)
	}
	fb := newFeedback(noteForm{Text: text}, an)
	if got := fb.Levels[0]; got.Rating != 1 || !slices.Contains(got.Words, "Aw, pet") {
		t.Errorf("emotional level %+v, want weak from \"Aw, pet\"", got)
	}
}

// TestFeedbackShowsDeletions: a suggestion that removes words is offered as "Delete" with the
// words it removes, and applying it removes exactly them.
func TestFeedbackShowsDeletions(t *testing.T) {
	text := "Callum says he can cook for himself but I have my doubts."
	fb := analyseForTest(t, text)
	for _, f := range fb.Findings {
		if f.Action != "Delete" {
			continue
		}
		if f.Text != " but I have my doubts" {
			t.Errorf("Delete shows %q, want the words it removes", f.Text)
		}
		got, err := applySuggestion(text, f.Spec)
		if err != nil || got != "Callum says he can cook for himself." {
			t.Errorf("applying %q gives %q, %v", f.Spec, got, err)
		}
		return
	}
	t.Errorf("no Delete suggestion in %+v", fb.Findings)
}

func analyseForTest(t *testing.T, text string) *noteFeedback {
	t.Helper()
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	an, err := a.Analyze(engine.Input{Text: text, Kind: engine.KindNote})
	if err != nil {
		t.Fatal(err)
	}
	return newFeedback(noteForm{Text: text}, an)
}

func TestNoteSave(t *testing.T) {
	e, casey, path, clientID := noteEnv(t)
	b := e.browser()
	b.login("casey@example.org")

	// An empty note is refused, and the context typed is kept.
	resp, body := b.post(path+"/notes", url.Values{"kind": {"message"}, "text": {"  \r\n "}, "context": {"I lost my keys"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "The note is empty", "I lost my keys</textarea>", `value="message" checked`)

	text := "Jordan said they are tired. What would help most this week?"
	resp, body = b.post(path+"/notes", url.Values{"kind": {"message"}, "text": {text}, "context": {"I'm so tired"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != path {
		t.Errorf("redirect to %q, want %q", loc, path)
	}
	actor := rapport.Actor{UserID: casey.ID, Role: casey.Role}
	notes, total, err := e.db.ListNotes(t.Context(), actor, rapport.NoteFilter{ClientID: clientID, Page: rapport.Page{Limit: 10}})
	if err != nil || total != 1 {
		t.Fatalf("notes: %d, %v", total, err)
	}
	n := notes[0]
	if n.Body != text || n.Kind != rapport.KindMessage || n.AuthorID != casey.ID {
		t.Errorf("stored note %+v", n)
	}
	var a engine.Analysis
	if err := json.Unmarshal(n.Analysis, &a); err != nil || a.Kind != engine.KindMessage || len(a.Findings) == 0 {
		t.Errorf("stored analysis %s: %v", n.Analysis, err)
	}
	events, err := e.db.SearchAudit(t.Context(), rapport.Actor{UserID: casey.ID, Role: rapport.RoleAdmin}, rapport.AuditFilter{ClientID: clientID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	created := false
	for _, ev := range events {
		if ev.Action == rapport.ActionCreate && ev.RecordType == rapport.RecordNote && ev.UserID == casey.ID {
			created = true
		}
	}
	if !created {
		t.Errorf("no audit event for the note among %d", len(events))
	}
}

func TestNoteCrossOrigin(t *testing.T) {
	e, casey, path, clientID := noteEnv(t)
	b := e.browser()
	b.login("casey@example.org")
	form := url.Values{"kind": {"note"}, "text": {"The client is noncompliant."}, "checked": {"The client is noncompliant."}, "suggestion": {"14,26,x"}}
	for _, p := range []string{"/notes", "/notes/check", "/notes/apply"} {
		for _, h := range []http.Header{{"Sec-Fetch-Site": {"cross-site"}}, {"Origin": {"https://evil.example"}, "Hx-Request": {"true"}}} {
			resp, body := b.do("POST", path+p, form, h)
			wantStatus(t, resp, body, http.StatusForbidden)
			wantContains(t, body, "sent from another site")
		}
	}
	// htmx's requests are same-origin fetches: they pass.
	resp, body := b.do("POST", path+"/notes/check", form, http.Header{"Sec-Fetch-Site": {"same-origin"}, "Hx-Request": {"true"}})
	wantStatus(t, resp, body, 200)
	resp, body = b.do("POST", path+"/notes", form, http.Header{"Sec-Fetch-Site": {"same-origin"}, "Origin": {e.ts.URL}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, total, err := e.db.ListNotes(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, rapport.NoteFilter{ClientID: clientID, Page: rapport.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	} else if total != 1 {
		t.Errorf("%d notes stored; want only the same-origin one", total)
	}
}
