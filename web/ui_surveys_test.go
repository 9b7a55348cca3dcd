package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/survey"
)

func init() {
	en := surveyText[rapport.SurveyEnglish]
	expires := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	samplePages["survey_invitations"] = &surveysPage{page: page{Title: "Ask Jordan for feedback", User: sampleUser}, ClientID: 7, ClientName: "Jordan <my dog>",
		Form:         invitationForm{Instrument: "1", Language: "es", CaseManager: "1", Days: "14", Trigger: "manual"},
		Instruments:  []careOption{{Value: "1", Label: "Trust pulse", Selected: true}, {Value: "2", Label: "Felt <Manager> heard"}},
		Languages:    []careOption{{Value: "en", Label: "English"}, {Value: "es", Label: "Spanish (español)", Selected: true}},
		CaseManagers: []careOption{{Value: "1", Label: "Casey <Manager>", Selected: true}},
		Lifetimes:    []careOption{{Value: "14", Label: "14 days", Selected: true}},
		Errors:       careErrors{{Field: "survey-language", Message: "Felt heard has no Spanish wording."}},
		Invitations: []invitationRow{
			{Instrument: "Trust pulse", Trigger: "Sent by hand", CreatedBy: "Casey <Manager>", CreatedAt: expires.Add(-14 * 24 * time.Hour), ExpiresAt: expires, UsedAt: expires.Add(-time.Hour), Anonymous: true},
			{Instrument: "Trust pulse", Trigger: "Automatic: 30 days into the care plan", CreatedBy: "Sam", CreatedAt: expires, ExpiresAt: expires, Expired: true},
		},
		Total: 3,
	}
	samplePages["invitation_created"] = &invitationCreatedPage{page: page{Title: "Survey link for Jordan", User: sampleUser}, ClientID: 7,
		ClientName: "Jordan <my dog>", Instrument: "Trust pulse", Link: "https://rapport.example/s/svy_abc", ExpiresAt: expires,
		QR: template.HTML(`<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" viewBox="0 0 29 29"><title>QR code</title></svg>`), Handout: surveyText[rapport.SurveySpanish]}
	samplePages["survey_form"] = &surveyFormPage{page: page{Title: "Trust pulse"}, T: en, Token: "svy_abc", Anonymous: true,
		Errors: careErrors{{Field: "q1", Message: en.ErrRequired}}, Notice: en.SavedLater, ExpiresOn: en.Date(expires), SwitchHref: "/s/svy_abc?lang=es",
		Questions: []surveyQuestion{
			{Kind: "display", Text: "Tell us <my dog> how it is going."},
			{Kind: "group", Text: "About your visits"},
			{Kind: "radio", ID: "q1", Name: "a:heard", Text: "I feel listened to.", Required: true, RequiredWord: en.Required, Error: en.ErrRequired,
				Options: []surveyChoice{{ID: "q1", Value: "0", Label: "Not at all"}, {ID: "q1-1", Value: "1", Label: "Completely", Checked: true}}},
			{Kind: "checkbox", ID: "q2", Name: "a:help", Prefix: "2.", Text: "What helped?",
				Options: []surveyChoice{{ID: "q2", Value: "0", Label: "Calls"}, {ID: "q2-1", Value: "1", Label: "Visits"}}},
			{Kind: "number", ID: "q3", Name: "a:visits", Text: "How many visits?", Value: "3", Error: en.ErrWhole},
			{Kind: "number", ID: "q4", Name: "a:hours", Text: "How many hours?", Decimal: true},
			{Kind: "text", ID: "q5", Name: "a:name", Text: "A word for it", MaxLength: 50},
			{Kind: "textarea", ID: "q6", Name: "a:comment", Text: "Anything else?", MaxLength: 2000, Value: "Thanks <Manager>", Error: en.TooLong(2000)},
		}}
	samplePages["home"].(*homePage).Due = []dueSurvey{{ClientID: 7, ClientName: "Jordan <my dog>", Reason: "Automatic: five contacts since the last survey",
		Instrument: 1, Language: "es", Trigger: rapport.TriggerEveryFifthContact, Surveyed: 1}}
	samplePages["survey_thanks"] = &surveyDonePage{page: page{Title: "Thank you"}, T: en, Anonymous: true, Flagged: true}
	samplePages["survey_closed"] = &surveyClosedPage{page: page{Title: en.UsedTitle}, T: en, Heading: en.UsedTitle, Body: en.UsedBody, SwitchHref: "/s/svy_abc?lang=es"}
}

// surveyWorld is a team with a client, the five callers of the route tables, and the shipped
// instruments.
type surveyWorld struct {
	*uiEnv
	casey, sam, robin, ada *rapport.User
	client                 *rapport.Client
	pulse, feltHeard       int64
}

func newSurveyWorld(t *testing.T, language string) *surveyWorld {
	t.Helper()
	e := newUIEnv(t, false)
	if err := e.db.EnsureBuiltinInstruments(t.Context()); err != nil {
		t.Fatal(err)
	}
	north, south := e.team("North"), e.team("South")
	w := &surveyWorld{uiEnv: e}
	w.casey = e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	w.robin = e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, south)
	w.sam = e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, north)
	w.ada = e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	w.client = &rapport.Client{TeamID: north, PreferredName: "Jordan", Language: language, CareTeam: []int64{w.casey.ID}}
	if err := e.db.CreateClient(t.Context(), w.actor(w.casey), w.client); err != nil {
		t.Fatal(err)
	}
	for url, id := range map[string]*int64{survey.URLTrustPulse: &w.pulse, survey.URLFeltHeard: &w.feltHeard} {
		in, err := e.db.FindInstrumentByURL(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		*id = in.ID
	}
	return w
}

func (w *surveyWorld) actor(u *rapport.User) rapport.Actor {
	return rapport.Actor{UserID: u.ID, Role: u.Role}
}

func (w *surveyWorld) clientPath() string { return "/clients/" + itoa(int(w.client.ID)) }

// invite stores an invitation made by Casey and returns its link's token. A past clock makes
// links that have already expired.
func (w *surveyWorld) invite(instrument int64, lang string, clock time.Time) string {
	w.t.Helper()
	token, hash, err := auth.NewToken(auth.PrefixSurvey)
	if err != nil {
		w.t.Fatal(err)
	}
	inv := &rapport.Invitation{ClientID: w.client.ID, CaseManagerID: w.casey.ID, InstrumentID: instrument, Language: lang,
		Trigger: rapport.TriggerManual, ExpiresAt: clock.Add(rapport.DefaultInvitationTTL)}
	db := w.db.WithClock(func() time.Time { return clock })
	if err := db.CreateInvitation(w.t.Context(), w.actor(w.casey), inv, hash); err != nil {
		w.t.Fatal(err)
	}
	return token
}

// pulseAnswers answers the trust pulse's five questions with the options at these positions
// (0 is "Not at all", 4 "Completely").
func pulseAnswers(positions [5]string, comment string) url.Values {
	f := url.Values{"lang": {"en"}, "anonymous": {"no"}}
	for i, id := range []string{"heard", "whole-person", "decisions", "follow-up", "trust"} {
		f.Set("a:"+id, positions[i])
	}
	if comment != "" {
		f.Set("a:comment", comment)
	}
	return f
}

func (w *surveyWorld) responses() []*rapport.SurveyResponse {
	w.t.Helper()
	out, _, err := w.db.ListResponses(w.t.Context(), w.actor(w.casey), rapport.ResponseFilter{CaseManagerID: w.casey.ID})
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

func (w *surveyWorld) invitation(token string) *rapport.Invitation {
	w.t.Helper()
	inv, err := w.db.FindInvitationByToken(w.t.Context(), auth.HashToken(token))
	if err != nil {
		w.t.Fatal(err)
	}
	return inv
}

var surveyLinkRE = regexp.MustCompile(`value="(https://[^"]+/s/(svy_[^"]+))"`)

func TestCreateInvitation(t *testing.T) {
	w := newSurveyWorld(t, "Spanish")
	b := w.browser()
	b.login("casey@example.org")
	resp, body := b.get(w.clientPath())
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `href="`+w.clientPath()+`/surveys"`)

	resp, body = b.get(w.clientPath() + "/surveys")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Trust pulse", "Felt heard check", `<option value="es" selected>`, "No survey links have been sent")
	if strings.Contains(body, "ProQOL") {
		t.Error("a clinician's self-check is offered as a client survey")
	}

	form := url.Values{"instrument": {itoa(int(w.pulse))}, "language": {"es"}, "case_manager": {itoa(int(w.casey.ID))}, "days": {"30"}, "trigger": {"manual"}}
	resp, body = b.post(w.clientPath()+"/surveys", form)
	wantStatus(t, resp, body, 200)
	m := surveyLinkRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no survey link on the page:\n%s", body)
	}
	link, token := m[1], m[2]
	wantContains(t, body, `<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img"`, `lang="es"`, "Queremos saber su opinión", link,
		"shown only this once")
	inv := w.invitation(token)
	if inv.ClientID != w.client.ID || inv.Language != "es" || inv.InstrumentID != w.pulse || inv.Trigger != rapport.TriggerManual {
		t.Errorf("stored invitation %+v", inv)
	}
	if d := time.Until(inv.ExpiresAt); d < 29*24*time.Hour || d > 30*24*time.Hour {
		t.Errorf("the link expires in %v, want 30 days", d)
	}

	// The link is shown once: the list says it was sent, and never shows it again.
	resp, body = b.get(w.clientPath() + "/surveys")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Waiting for an answer", "Sent by hand", "Casey Manager")
	if strings.Contains(body, token) {
		t.Error("the survey link is shown again")
	}
	// Only its hash is stored: the token appears in no file of the database.
	if f := fileContaining(t, filepath.Dir(t.TempDir()), token); f != "" {
		t.Errorf("the token is stored in plain text in %s", f)
	}
}

// fileContaining returns the first file under dir that contains s, or "".
func fileContaining(t *testing.T, dir, s string) string {
	t.Helper()
	found := ""
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || found != "" {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, []byte(s)) {
			found = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestCreateInvitationValidation(t *testing.T) {
	w := newSurveyWorld(t, "English")
	english := importSurvey(t, w, requiredSurveyJSON)
	b := w.browser()
	b.login("sam@example.org") // a supervisor, not on the care team: the survey is about Casey
	resp, body := b.get(w.clientPath() + "/surveys")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<option value="`+itoa(int(w.casey.ID))+`" selected>Casey Manager</option>`, "Check-in (test)")

	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"unknown instrument", url.Values{"instrument": {"99999"}, "language": {"en"}, "case_manager": {itoa(int(w.casey.ID))}, "days": {"14"}},
			"survey-instrument", "Choose one of the surveys"},
		{"no Spanish wording", url.Values{"instrument": {itoa(int(english))}, "language": {"es"}, "case_manager": {itoa(int(w.casey.ID))}, "days": {"14"}},
			"survey-language", "has no Spanish (español) wording"},
		{"not on the care team", url.Values{"instrument": {itoa(int(w.pulse))}, "language": {"en"}, "case_manager": {itoa(int(w.robin.ID))}, "days": {"14"}},
			"survey-case-manager", "Choose a member of Jordan&#39;s care team"},
		{"lifetime not offered", url.Values{"instrument": {itoa(int(w.pulse))}, "language": {"en"}, "case_manager": {itoa(int(w.casey.ID))}, "days": {"365"}},
			"survey-days", "Choose how long the link works"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.post(w.clientPath()+"/surveys", tc.form)
			wantStatus(t, resp, body, http.StatusUnprocessableEntity)
			wantContains(t, body, `role="alert"`, `href="#`+tc.field+`"`, tc.want, `id="`+tc.field+`-error"`, `aria-invalid="true"`)
			if surveyLinkRE.MatchString(body) {
				t.Error("a refused form made a link")
			}
		})
	}
	if _, total, err := w.db.ListInvitations(t.Context(), w.actor(w.casey), w.client.ID, rapport.Page{}); err != nil || total != 0 {
		t.Errorf("invitations after refused forms: %d, %v", total, err)
	}
}

// requiredSurveyJSON is an instrument with a required question, in English only and unscored.
const requiredSurveyJSON = `{"resourceType": "Questionnaire", "language": "en", "url": "https://example.org/fhir/Questionnaire/check-in",
  "version": "1", "title": "Check-in (test)", "status": "active", "item": [
  {"linkId": "mood", "text": "How was the visit?", "type": "choice", "required": true, "answerOption": [
    {"valueString": "Good"}, {"valueString": "Not good"}]},
  {"linkId": "visits", "text": "How many visits this month?", "type": "integer"},
  {"linkId": "why", "text": "Why?", "type": "text", "maxLength": 50}]}`

func importSurvey(t *testing.T, w *surveyWorld, doc string) int64 {
	t.Helper()
	q, err := survey.DecodeQuestionnaire(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	in, err := w.db.ImportInstrument(t.Context(), w.actor(w.ada), q)
	if err != nil {
		t.Fatal(err)
	}
	return in.ID
}

// TestSurveyRoutesByRole checks every survey route: the signed-in pages for the five callers of
// the page route table, and the client's public pages for a visitor with a valid, a used, an
// expired and an unknown link.
func TestSurveyRoutesByRole(t *testing.T) {
	coverRoutes(t)
	w := newSurveyWorld(t, "English")
	client := w.clientPath()
	create := url.Values{"instrument": {itoa(int(w.pulse))}, "language": {"en"}, "case_manager": {itoa(int(w.casey.ID))}, "days": {"14"}}
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	for _, r := range []struct {
		method, path string
		form         url.Values
		want         []int
	}{
		{"GET", client + "/surveys", nil, []int{200, 200, 403, 403, http.StatusSeeOther}},
		{"POST", client + "/surveys", create, []int{200, 200, 403, 403, http.StatusUnauthorized}},
	} {
		for j, who := range callers {
			name := who
			if name == "" {
				name = "visitor"
			}
			t.Run(r.method+" "+r.path+" as "+name, func(t *testing.T) {
				b := w.browser()
				if who != "" {
					b.login(who)
				}
				resp, body := b.do(r.method, r.path, r.form, nil)
				if resp.StatusCode != r.want[j] {
					t.Errorf("status %d, want %d\n%.400s", resp.StatusCode, r.want[j], body)
				}
				if resp.StatusCode >= 400 && strings.Contains(body, "Jordan") {
					t.Error("a refusal shows client details")
				}
			})
		}
	}

	answers := pulseAnswers([5]string{"3", "3", "4", "4", "2"}, "")
	links := map[string]func() string{
		"valid": func() string { return w.invite(w.pulse, "en", time.Now()) },
		"used": func() string {
			tok := w.invite(w.pulse, "en", time.Now())
			w.browser().post("/s/"+tok, answers)
			return tok
		},
		"expired": func() string { return w.invite(w.pulse, "en", time.Now().Add(-30*24*time.Hour)) },
		"unknown": func() string { tok, _, _ := auth.NewToken(auth.PrefixSurvey); return tok },
		"garbled": func() string { return "svy_not-a-token" },
	}
	kinds := []string{"valid", "used", "expired", "unknown", "garbled"}
	for _, r := range []struct {
		method, suffix string
		form           url.Values
		want           []int
	}{
		{"GET", "", nil, []int{200, 410, 410, 404, 404}},
		{"POST", "/answers", answers, []int{http.StatusSeeOther, 410, 410, 404, 404}},
		{"POST", "", answers, []int{200, 200, 410, 404, 404}}, // a used link's thank-you again: idempotent
	} {
		for j, kind := range kinds {
			t.Run(r.method+" /s/{token}"+r.suffix+" with a "+kind+" link", func(t *testing.T) {
				token := links[kind]()
				resp, body := w.browser().do(r.method, "/s/"+token+r.suffix, r.form, nil)
				if resp.StatusCode != r.want[j] {
					t.Errorf("status %d, want %d\n%.600s", resp.StatusCode, r.want[j], body)
				}
				if strings.Contains(body, "Jordan") || strings.Contains(body, "Casey") || strings.Contains(body, "Signed in as") {
					t.Error("a survey page shows who the client or their case manager is")
				}
			})
		}
	}
}

func TestSurveyPageAndSubmit(t *testing.T) {
	w := newSurveyWorld(t, "English")
	token := w.invite(w.pulse, "en", time.Now())
	b := w.browser()
	resp, body := b.get("/s/" + token)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<html lang="en">`, "<h1>Trust pulse</h1>", "I feel that my case manager listens to me.",
		`<fieldset class="survey-question">`, `<legend>I feel that my case manager listens to me.</legend>`,
		`<input id="q1" type="radio" name="a:heard" value="0"><label for="q1">Not at all</label>`,
		`<label for="q6">Is there anything else you want to tell us?`, `<textarea id="q6" name="a:comment" rows="5" maxlength="2000">`,
		"Who sees your answers", "answer without your name", "even when you answer without your name",
		`hx-post="/s/`+token+`/answers"`, `role="status"`, `href="/s/`+token+`?lang=es"`, `noindex`)
	if strings.Contains(body, `nav aria-label="Main"`) {
		t.Error("the survey page shows the site navigation")
	}

	// Nothing answered: 422, and the summary links to the first question.
	resp, body = b.post("/s/"+token, url.Values{"lang": {"en"}, "anonymous": {"no"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `role="alert"`, `href="#q1"`, "answer at least one question")

	resp, body = b.post("/s/"+token, pulseAnswers([5]string{"3", "3", "4", "4", "2"}, "Casey always calls back."))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Thank you</h1>")
	if strings.Contains(body, surveyText["en"].ThanksFlagged) {
		t.Error("a comment with no safety words was said to be passed on")
	}
	got := w.responses()
	if len(got) != 1 {
		t.Fatalf("%d responses stored, want 1", len(got))
	}
	r := got[0]
	// Answers 4, 4, 5, 5, 3: the trust pulse's score is their mean.
	if r.Score == nil || *r.Score != 4.2 || r.ClientID != w.client.ID || r.Anonymous || r.Flagged || r.Comment != "Casey always calls back." {
		t.Errorf("stored response: score %v, %+v", r.Score, r)
	}
	resp2, err := survey.DecodeResponse(bytes.NewReader(r.Answers))
	if err != nil || resp2.Status != "completed" || resp2.Questionnaire != survey.URLTrustPulse+"|1" {
		t.Errorf("stored answers are not a completed QuestionnaireResponse: %v %+v", err, resp2)
	}
	if !strings.Contains(string(r.Scores), `"Code":"trust"`) {
		t.Errorf("stored scores %s", r.Scores)
	}

	// Submitting again is idempotent: the same thank-you, no second response.
	resp, body = b.post("/s/"+token, pulseAnswers([5]string{"0", "0", "0", "0", "0"}, ""))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Thank you</h1>")
	if got := w.responses(); len(got) != 1 || *got[0].Score != 4.2 {
		t.Errorf("a second submission changed the responses: %d", len(got))
	}
	// Opening the link again: a kind "already answered" page.
	resp, body = b.get("/s/" + token)
	wantStatus(t, resp, body, http.StatusGone)
	wantContains(t, body, "You already answered this survey", "works only once")
}

func TestSurveyClosedPages(t *testing.T) {
	w := newSurveyWorld(t, "Spanish")
	expired := w.invite(w.pulse, "es", time.Now().Add(-20*24*time.Hour))
	for _, tc := range []struct {
		name, path string
		status     int
		want       []string
	}{
		{"expired, in the invitation's language", "/s/" + expired, 410, []string{`<html lang="es">`, "Este enlace ya no funciona", "pida uno nuevo"}},
		{"expired, in English", "/s/" + expired + "?lang=en", 410, []string{`<html lang="en">`, "This link has expired", "ask your case manager for a new one"}},
		{"unknown", "/s/svy_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 404, []string{"We could not find this survey", `lang="es"`}},
		{"garbled", "/s/%3Cscript%3E", 404, []string{"We could not find this survey"}},
		{"unknown, in Spanish", "/s/svy_x?lang=es", 404, []string{`<html lang="es">`, "No encontramos esta encuesta"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := w.browser().get(tc.path)
			wantStatus(t, resp, body, tc.status)
			wantContains(t, body, tc.want...)
			if strings.Contains(body, "<script>") {
				t.Error("the token is echoed unescaped")
			}
		})
	}
	// A save or a submission through an expired link is refused with the same page.
	resp, body := w.browser().post("/s/"+expired+"/answers", url.Values{"lang": {"en"}, "a:heard": {"2"}})
	wantStatus(t, resp, body, http.StatusGone)
	wantContains(t, body, "This link has expired")
	resp, body = w.browser().do("POST", "/s/"+expired+"/answers", url.Values{"a:heard": {"2"}}, http.Header{"HX-Request": {"true"}})
	wantStatus(t, resp, body, http.StatusGone)
	if strings.Contains(body, "<html") {
		t.Error("htmx got a whole page for a refused save")
	}
}

func TestSurveyPartialSave(t *testing.T) {
	w := newSurveyWorld(t, "English")
	token := w.invite(w.pulse, "en", time.Now())
	b := w.browser()

	// Without JavaScript: "Save and finish later" keeps the answers and says so.
	resp, body := b.post("/s/"+token+"/answers", url.Values{"lang": {"en"}, "anonymous": {"no"}, "a:heard": {"4"}, "a:comment": {"Half done"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = b.get(resp.Header.Get("Location"))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Your answers are saved. You can close this page",
		`<input id="q1-4" type="radio" name="a:heard" value="4" checked>`, "Half done</textarea>")

	// With htmx: each change is saved and answered with a quiet status line.
	resp, body = b.do("POST", "/s/"+token+"/answers", url.Values{"lang": {"en"}, "anonymous": {"no"}, "a:heard": {"4"}, "a:trust": {"1"}},
		http.Header{"HX-Request": {"true"}})
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<p>Your answers are saved.</p>")
	if strings.Contains(body, "<html") {
		t.Error("htmx got a whole page")
	}
	draft, err := w.db.FindDraftByToken(t.Context(), auth.HashToken(token))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := survey.DecodeResponse(bytes.NewReader(draft.Answers))
	if err != nil || saved.Status != "in-progress" || len(saved.Item) != 2 || draft.ClientID != w.client.ID {
		t.Errorf("draft: %v %+v", err, saved)
	}
	if len(w.responses()) != 0 {
		t.Error("a partial save completed the response")
	}

	// A bad answer in a save is reported; the rest is kept.
	other := importSurvey(t, w, requiredSurveyJSON)
	tok2 := w.invite(other, "en", time.Now())
	resp, body = b.post("/s/"+tok2+"/answers", url.Values{"lang": {"en"}, "a:mood": {"1"}, "a:visits": {"three"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "Your answers are saved.", "Please enter a whole number", `value="three"`, `href="#q2"`)
	resp, body = b.get("/s/" + tok2)
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, `<input id="q1-1" type="radio" name="a:mood" value="1" checked>`)
}

func TestSurveyRequiredKeepsAnswers(t *testing.T) {
	w := newSurveyWorld(t, "English")
	token := w.invite(importSurvey(t, w, requiredSurveyJSON), "en", time.Now())
	b := w.browser()
	resp, body := b.get("/s/" + token)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `How was the visit? <span class="survey-required">(required)</span>`, `inputmode="numeric"`)
	if strings.Contains(body, "?lang=es") {
		t.Error("a switch to Spanish is offered for an English-only survey")
	}

	resp, body = b.post("/s/"+token, url.Values{"lang": {"en"}, "anonymous": {"yes"}, "a:visits": {"2"}, "a:why": {"Because <it> helps"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `role="alert"`, `<a href="#q1">How was the visit? Please answer this question.</a>`,
		`<fieldset class="survey-question" aria-describedby="q1-error">`, `<p class="field-error" id="q1-error">Please answer this question.</p>`,
		`value="2"`, "Because &lt;it&gt; helps</textarea>", `id="anonymous-yes" type="radio" name="anonymous" value="yes" aria-describedby="anonymous-hint" checked`)

	// Text over the item's maxLength is refused, and kept for the client to shorten.
	long := strings.Repeat("a", 51)
	resp, body = b.post("/s/"+token, url.Values{"lang": {"en"}, "a:mood": {"0"}, "a:why": {long}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "It can have up to 50 characters", long+"</textarea>")

	// An unscored instrument is stored with no score.
	resp, body = b.post("/s/"+token, url.Values{"lang": {"en"}, "a:mood": {"0"}, "a:visits": {"2"}})
	wantStatus(t, resp, body, 200)
	got := w.responses()
	if len(got) != 1 || got[0].Score != nil || got[0].Scores != nil {
		t.Errorf("unscored response stored as %+v", got)
	}
}

func TestSurveyAnonymous(t *testing.T) {
	w := newSurveyWorld(t, "English")
	token := w.invite(w.pulse, "en", time.Now())
	b := w.browser()
	form := pulseAnswers([5]string{"4", "4", "4", "4", "4"}, "")
	form.Set("anonymous", "yes")
	resp, body := b.post("/s/"+token+"/answers", form) // a draft first: it must not stay linked
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = b.post("/s/"+token, form)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "You answered without your name")

	if got := w.responses(); len(got) != 0 {
		t.Errorf("an anonymous response is listed with the client: %+v", got[0])
	}
	inv := w.invitation(token)
	if !inv.Anonymous || inv.ResponseID != 0 || inv.UsedAt.IsZero() {
		t.Errorf("invitation after an anonymous answer: %+v", inv)
	}
	// It still counts in the aggregates.
	d, err := w.db.TrustDistribution(t.Context(), rapport.TrustFilter{InstrumentID: w.pulse, CaseManagerID: w.casey.ID,
		Since: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)})
	if err != nil || d.N() != 1 {
		t.Errorf("aggregate n = %d, %v; want 1", d.N(), err)
	}
	// Submitting again says the same, and the case manager's list of links says only that it
	// was answered without a name.
	resp, body = b.post("/s/"+token, form)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "You answered without your name")
	cm := w.browser()
	cm.login("casey@example.org")
	resp, body = cm.get(w.clientPath() + "/surveys")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "without their name: the answers count only in totals")
}

func TestSurveyFlaggedComment(t *testing.T) {
	for _, anonymous := range []string{"no", "yes"} {
		t.Run("anonymous="+anonymous, func(t *testing.T) {
			w := newSurveyWorld(t, "English")
			token := w.invite(w.pulse, "en", time.Now())
			form := pulseAnswers([5]string{"2", "2", "2", "2", "2"}, "Some days I don't want to live anymore.")
			form.Set("anonymous", anonymous)
			resp, body := w.browser().post("/s/"+token, form)
			wantStatus(t, resp, body, 200)
			wantContains(t, body, "We passed what you wrote to your care team")
			concerns, _, err := w.db.ListConcerns(t.Context(), w.actor(w.casey), rapport.ConcernFilter{ClientID: w.client.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(concerns) != 1 || !strings.Contains(concerns[0].Words, "Survey comment needs a prompt response: Some days I don't want to live") {
				t.Fatalf("concerns: %+v", concerns)
			}

			// The care team sees it first thing on their home page, until it has a response;
			// a case manager of another team does not.
			casey, robin := w.browser(), w.browser()
			casey.login("casey@example.org")
			robin.login("robin@example.org")
			resp, body = casey.get("/")
			wantStatus(t, resp, body, 200)
			wantContains(t, body, "Needs a prompt response", `href="/clients/`+itoa(int(w.client.ID))+`#concerns">Jordan</a>`,
				"<q>Some days I don&#39;t want to live anymore.</q>")
			if _, body := robin.get("/"); strings.Contains(body, "Needs a prompt response") {
				t.Error("another team's case manager is shown the flagged comment")
			}
			response, resolved := "Called Jordan the same hour; safety plan agreed.", rapport.ConcernResolved
			if _, err := w.db.UpdateConcern(t.Context(), w.actor(w.casey), concerns[0].ID, rapport.ConcernUpdate{Response: &response, Status: &resolved}); err != nil {
				t.Fatal(err)
			}
			if _, body := casey.get("/"); strings.Contains(body, "Needs a prompt response") {
				t.Error("a resolved comment is still on the home page")
			}
		})
	}
}

func TestSurveySpanish(t *testing.T) {
	w := newSurveyWorld(t, "español")
	token := w.invite(w.pulse, "es", time.Now())
	b := w.browser()
	resp, body := b.get("/s/" + token)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<html lang="es">`, "<h1>Pulso de confianza</h1>", "Siento que la persona que lleva mi caso me escucha.",
		`<label for="q1">Nada</label>`, "Bastante", "Quién ve sus respuestas", "Enviar mis respuestas", "Guardar y terminar después",
		`<a href="/s/`+token+`?lang=en" lang="en" hreflang="en">Read in English</a>`, `<input type="hidden" name="lang" value="es">`)

	resp, body = b.get("/s/" + token + "?lang=en")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<html lang="en">`, `<label for="q1">Not at all</label>`, "Leer en español")

	// Errors and the thank-you come in the language the client chose.
	resp, body = b.post("/s/"+token, url.Values{"lang": {"es"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "Por favor, revise estas respuestas", "responda al menos una pregunta")
	form := pulseAnswers([5]string{"4", "4", "4", "4", "4"}, "")
	form.Set("lang", "es")
	resp, body = b.post("/s/"+token, form)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<html lang="es">`, "<h1>Gracias</h1>")
	resp, body = b.get("/s/" + token)
	wantStatus(t, resp, body, http.StatusGone)
	wantContains(t, body, "Ya respondió esta encuesta")
}

func TestSurveyCrossOriginRefused(t *testing.T) {
	w := newSurveyWorld(t, "English")
	token := w.invite(w.pulse, "en", time.Now())
	for _, path := range []string{"/s/" + token, "/s/" + token + "/answers"} {
		resp, body := w.browser().do("POST", path, pulseAnswers([5]string{"1", "1", "1", "1", "1"}, ""), http.Header{"Sec-Fetch-Site": {"cross-site"}})
		wantStatus(t, resp, body, http.StatusForbidden)
	}
	if inv := w.invitation(token); !inv.UsedAt.IsZero() {
		t.Error("a cross-site submission used the link")
	}
}

func TestSurveysDueOnHome(t *testing.T) {
	w := newSurveyWorld(t, "Spanish")
	for i := range 5 { // store.ContactsPerSurvey
		n := &rapport.Note{ClientID: w.client.ID, AuthorID: w.casey.ID, Kind: rapport.KindNote, Body: "Called about the lease, part " + itoa(i)}
		if err := w.db.CreateNote(t.Context(), w.actor(w.casey), n); err != nil {
			t.Fatal(err)
		}
	}
	b := w.browser()
	b.login("casey@example.org")
	resp, body := b.get("/")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Feedback due", "Automatic: five contacts since the last survey", `action="`+w.clientPath()+`/surveys"`,
		`name="trigger" value="every_fifth_contact"`, `name="language" value="es"`, `name="instrument" value="`+itoa(int(w.pulse))+`"`,
		`Create the link<span class="visually-hidden"> for Jordan</span>`)
	// The supervisor sees Jordan on the home page, but the survey is about Casey's work.
	sam := w.browser()
	sam.login("sam@example.org")
	if _, body := sam.get("/"); strings.Contains(body, "Feedback due") {
		t.Error("surveys due about Casey's work are offered to the supervisor")
	}

	// One click makes the link, shown once, and the rule is satisfied.
	form := url.Values{"instrument": {itoa(int(w.pulse))}, "language": {"es"}, "case_manager": {itoa(int(w.casey.ID))}, "days": {"14"}, "trigger": {"every_fifth_contact"}}
	resp, body = b.post(w.clientPath()+"/surveys", form)
	wantStatus(t, resp, body, 200)
	m := surveyLinkRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link shown:\n%s", body)
	}
	if inv := w.invitation(m[2]); inv.Trigger != rapport.TriggerEveryFifthContact || inv.CaseManagerID != w.casey.ID {
		t.Errorf("invitation %+v", inv)
	}
	if _, body := b.get("/"); strings.Contains(body, "Feedback due") {
		t.Error("the survey is still offered after its link was made")
	}
}
