package web

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// TestBrowserSurvey walks a survey link from end to end in headless Chromium: a case manager
// creates a link on the client page; the link is opened in a fresh browser context, with no
// session, on a phone-sized screen; the survey is answered with the keyboard alone (Tab, Space,
// arrow keys, typing), htmx saving each answer as it goes; the thank-you page appears; and the
// link, opened again, says it was already used; and the score appears on the case manager's
// dashboard. Screenshots of the survey on the phone, the thank-you, the used page and the
// dashboard are kept.
func TestBrowserSurvey(t *testing.T) {
	e := newUIEnv(t, true)
	ctx := newChrome(t)
	base := e.ts.URL
	if err := e.db.EnsureBuiltinInstruments(t.Context()); err != nil {
		t.Fatal(err)
	}
	north := e.team("North")
	casey := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	c := &rapport.Client{TeamID: north, PreferredName: "Rosa", Language: "English", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}

	pulse, err := e.db.FindInstrumentByURL(t.Context(), survey.URLTrustPulse)
	if err != nil {
		t.Fatal(err)
	}

	signIn(t, ctx, base, "casey@example.org")
	link := createSurveyLink(t, ctx, base, c.ID, pulse.ID)

	phone := phoneContext(t, ctx)
	answerSurveyByKeyboard(t, phone, link)

	resp, err := chromedp.RunResponse(phone, chromedp.Navigate(link))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 410 {
		t.Errorf("opening a used link: status %d, want 410", resp.Status)
	}
	if h := text(t, phone, "main h1"); h != "You already answered this survey" {
		t.Errorf("opening a used link shows %q", h)
	}
	screenshot(t, phone, "survey-04-used-link")

	// The score appears on the case manager's dashboard, with the comment.
	run(t, ctx, "the case manager's dashboard",
		chromedp.Navigate(base+"/surveys"),
		chromedp.WaitVisible(chromedp.CSS("table.trust-answers")),
	)
	if answers := text(t, ctx, "table.trust-answers"); !strings.Contains(answers, "4.20") || !strings.Contains(answers, "Rosa's worker always calls back") {
		t.Errorf("the dashboard's answers do not show the score 4.20 and the comment:\n%s", answers)
	}
	screenshot(t, ctx, "survey-05-dashboard")

	got, _, err := e.db.ListResponses(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, rapport.ResponseFilter{CaseManagerID: casey.ID})
	if err != nil || len(got) != 1 {
		t.Fatalf("responses: %d, %v", len(got), err)
	}
	// Answers 5, 4, 4, 4, 4: the trust pulse's score is their mean.
	if r := got[0]; r.Score == nil || *r.Score != 4.2 || r.Comment != "Rosa's worker always calls back" || r.Flagged {
		t.Errorf("stored response: score %v, comment %q, flagged %v", r.Score, r.Comment, r.Flagged)
	}
}

// createSurveyLink asks for feedback from the client page and returns the link, read from the
// page that shows it once.
func createSurveyLink(t *testing.T, ctx context.Context, base string, clientID, pulse int64) string {
	t.Helper()
	run(t, ctx, "open the client's surveys",
		chromedp.Navigate(base+"/clients/"+itoa(int(clientID))),
		chromedp.Click(chromedp.CSS(`main a[href="/clients/`+itoa(int(clientID))+`/surveys"]`)),
		chromedp.WaitVisible(chromedp.CSS("#survey-instrument")),
		chromedp.SetValue(chromedp.CSS("#survey-instrument"), itoa(int(pulse))),
	)
	waitFor(t, ctx, "the trust pulse to be chosen", `document.querySelector("#survey-instrument option:checked").textContent === "Trust pulse"`)
	run(t, ctx, "create the link",
		chromedp.Click(chromedp.CSS(`form[action$="/surveys"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#survey-link")),
	)
	waitFor(t, ctx, "the QR code", `document.querySelector("svg.qr path") !== null`)
	screenshot(t, ctx, "survey-01-link-created")
	// What prints is the handout alone (print CSS): kept as a PDF for a person to look at.
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("printing the handout: %v", err)
	}
	keepArtifact(t, "survey-01-handout.pdf", pdf)
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#survey-link")))
	if err != nil || !strings.Contains(link, "/s/svy_") {
		t.Fatalf("survey link %q: %v", link, err)
	}
	return link
}

// keepArtifact writes a file where screenshot keeps its pictures.
func keepArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv("RAPPORT_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// phoneContext is a new browser context (no cookies, so no session) showing a 390 × 844 phone
// screen.
func phoneContext(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run opens the tab and ties it to its context: not a step's, which times out.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a fresh browser context: %v", err)
	}
	run(t, ctx, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	return ctx
}

// answerSurveyByKeyboard answers the trust pulse with keys only: Tab to each question, Space to
// choose the first answer and the down arrow to move to another, then the comment typed, Tab to
// the send button and Enter.
func answerSurveyByKeyboard(t *testing.T, ctx context.Context, link string) {
	t.Helper()
	run(t, ctx, "open the survey link", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if body := text(t, ctx, "body"); strings.Contains(body, "Signed in as") || strings.Contains(body, "Rosa") {
		t.Fatalf("the survey page shows a session or the client:\n%s", body)
	}
	waitFor(t, ctx, "no sideways scrolling on a phone", `document.documentElement.scrollWidth <= window.innerWidth`)
	focused := func(cond string) string { return `document.activeElement && (` + cond + `)` }
	tabTo(t, ctx, "the first question", focused(`document.activeElement.name === "a:heard"`))
	// Positions in the list of answers: the first question "Completely" (5), the rest "Mostly" (4).
	for i, name := range []string{"heard", "whole-person", "decisions", "follow-up", "trust"} {
		if i > 0 {
			tabTo(t, ctx, "question "+name, focused(`document.activeElement.name === "a:`+name+`"`))
		}
		downs := 3
		if name == "heard" {
			downs = 4
		}
		run(t, ctx, "answer "+name, chromedp.KeyEvent(" "), chromedp.KeyEvent(strings.Repeat(kb.ArrowDown, downs)))
		waitFor(t, ctx, name+" answered", `document.querySelector('input[name="a:`+name+`"]:checked')?.value === "`+itoa(downs)+`"`)
	}
	// htmx has saved the answers in the background and says so, quietly.
	waitFor(t, ctx, "the saved status", `document.querySelector("#save-status").textContent.includes("saved")`)
	tabTo(t, ctx, "the comment", focused(`document.activeElement.id === "q6"`))
	run(t, ctx, "type a comment", chromedp.KeyEvent("Rosa's worker always calls back"))
	tabTo(t, ctx, "the send button", focused(`document.activeElement.type === "submit" && !document.activeElement.hasAttribute("formaction")`))
	screenshot(t, ctx, "survey-02-phone-answered")
	run(t, ctx, "send", chromedp.KeyEvent(kb.Enter))
	waitFor(t, ctx, "the thank-you page", `document.querySelector("main h1")?.textContent === "Thank you"`)
	screenshot(t, ctx, "survey-03-thank-you")
}

// tabTo presses Tab until cond holds, at most 12 times.
func tabTo(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	for range 12 {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		if err != nil {
			t.Fatalf("tabbing to %s: %v", what, err)
		}
		if ok {
			return
		}
		run(t, ctx, "Tab towards "+what, chromedp.KeyEvent(kb.Tab))
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("Tab did not reach %s\n%s", what, whereNow(ctx))
}
