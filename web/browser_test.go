package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// chromium finds a headless browser for the browser tests. Without one they skip, unless
// RAPPORT_REQUIRE_ALL=1 (as in .ci/run, which installs Debian's chromium), where they fail.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("RAPPORT_REQUIRE_ALL") == "1" {
		t.Fatal("no Chromium found, and RAPPORT_REQUIRE_ALL=1: install Debian's chromium package")
	}
	t.Skip("no Chromium found: install Debian's chromium package to run the browser tests")
	return ""
}

func newChrome(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 1000),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(alloc)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel3)
	// Start the browser on this context: the first run on a chromedp context starts it and ties
	// its life to that run's context, so a step's shorter timeout must not be the first.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// screenshot keeps a full-page picture where a person would look. They go to
// $RAPPORT_ARTIFACTS when set (CI keeps them), else to the test's temporary directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := os.Getenv("RAPPORT_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserWorkflow drives the real pages in headless Chromium through a team's first day:
// the setup link creates an admin, who creates a team and a case manager; the case manager sets
// a password with the one-time link, adds a client and a care-plan goal, types a judgemental
// note, sees the live findings appear without a page load, applies a suggestion with one click
// and saves the note; the audit log shows each step; and a case manager of another team is
// refused the client. Screenshots of the key pages are kept.
func TestBrowserWorkflow(t *testing.T) {
	e := newUIEnv(t, true) // plain HTTP on loopback, so the test browser needs no certificate
	ctx := newChrome(t)
	base := e.ts.URL
	west := e.team("Westside")

	setUpAdmin(t, ctx, base, e.setupLink(time.Now().Add(auth.SetupLinkTTL)))
	e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, west) // after setup: a user ends it
	link := createTeamAndCaseManager(t, ctx, e, base)
	signOut(t, ctx)
	run(t, ctx, "set password with the link",
		chromedp.Navigate(link),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#email")),
	)
	signIn(t, ctx, base, "casey@example.org")
	clientID := createClientAndGoal(t, ctx, base)
	note := writeNoteWithFeedback(t, ctx, base, clientID)

	signOut(t, ctx)
	signIn(t, ctx, base, "ada@example.org")
	checkAuditLog(t, ctx, base, clientID)

	signOut(t, ctx)
	signIn(t, ctx, base, "robin@example.org")
	run(t, ctx, "other team's client",
		chromedp.Navigate(base+"/clients/"+itoa(int(clientID))),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	refusal := text(t, ctx, "main")
	// The status (403) is checked for every route and role in the route tables; here, what a
	// person sees: a refusal that offers break-the-glass and shows nothing of the client.
	if !strings.Contains(refusal, "not on this client's care team") || strings.Contains(refusal, "Rosa") ||
		strings.Contains(refusal, "grandchildren") || strings.Contains(refusal, note) {
		t.Errorf("another team's case manager saw:\n%s", refusal)
	}
	screenshot(t, ctx, "07-other-team-refused")
	changeOwnPassword(t, ctx, base)
}

// changeOwnPassword follows the Password link in the account navigation, changes the password
// with the keyboard alone, and signs in with the new one.
func changeOwnPassword(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	const next = "a quiet walk along the river"
	run(t, ctx, "open the password page",
		chromedp.Click(chromedp.CSS(`nav[aria-label="Account"] a[href="/account/password"]`)),
		chromedp.WaitVisible(chromedp.CSS("#current")),
		chromedp.SendKeys(chromedp.CSS("#current"), testPassword),
		chromedp.SendKeys(chromedp.CSS("#password"), next),
		chromedp.SendKeys(chromedp.CSS("#confirm"), next+"\r"), // Enter sends the form
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)),
	)
	if msg := text(t, ctx, `p.notice[role="status"]`); !strings.Contains(msg, "Your password is changed") {
		t.Errorf("after the change the page says %q", msg)
	}
	screenshot(t, ctx, "08-password-changed")
	signOut(t, ctx)
	run(t, ctx, "sign in with the new password",
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), "robin@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), next),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Account"]`)),
	)
}

// run performs browser actions, failing the test with what was being done and where the
// browser was.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	stepCtx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(stepCtx, actions...); err != nil {
		t.Fatalf("%s: %v\n%s", step, err, whereNow(ctx))
	}
}

// stepTimeout bounds one step, so a failing wait leaves time to say where the browser was.
const stepTimeout = 20 * time.Second

// whereNow describes the page the browser shows, for a failure message.
func whereNow(parent context.Context) string {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	return "at " + loc + ":\n" + body
}

// waitFor checks a JavaScript condition every 100 ms until it holds. It tries again when the
// page navigates in the middle of a check, which is what a submitted form does.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v\n%s", what, err, whereNow(ctx))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("reading %s: %v", selector, err)
	}
	return s
}

func signIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	run(t, ctx, "sign in as "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Account"]`)),
	)
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	run(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#email")),
	)
}

func setUpAdmin(t *testing.T, ctx context.Context, base, token string) {
	t.Helper()
	run(t, ctx, "setup link",
		chromedp.Navigate(base+"/setup/"+token),
		chromedp.SendKeys(chromedp.CSS("#name"), "Ada Admin"),
		chromedp.SendKeys(chromedp.CSS("#email"), "ada@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/users"]`)),
	)
	screenshot(t, ctx, "01-admin-home")
}

// createTeamAndCaseManager creates Eastside and Casey as the admin, and returns Casey's
// one-time link, which the page shows once.
func createTeamAndCaseManager(t *testing.T, ctx context.Context, e *uiEnv, base string) string {
	t.Helper()
	run(t, ctx, "create team",
		chromedp.Navigate(base+"/admin/teams"),
		chromedp.SendKeys(chromedp.CSS("#team-name"), "Eastside"),
		chromedp.Submit(chromedp.CSS("#team-name")),
	)
	waitFor(t, ctx, "the new team's page", `document.querySelector("main h1")?.textContent.includes("Eastside")`)
	teams, _, err := e.db.ListTeams(t.Context(), rapport.TeamFilter{})
	i := slices.IndexFunc(teams, func(tm *rapport.Team) bool { return tm.Name == "Eastside" })
	if err != nil || i < 0 {
		t.Fatalf("no Eastside after creating it: %v", err)
	}
	run(t, ctx, "create case manager",
		chromedp.Navigate(base+"/admin/users"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Casey Moreno"),
		chromedp.SendKeys(chromedp.CSS("#email"), "casey@example.org"),
		chromedp.SetValue(chromedp.CSS("#role"), "case_manager"),
		chromedp.Click(chromedp.CSS("#team-"+itoa(int(teams[i].ID)))),
		chromedp.Submit(chromedp.CSS("#email")),
		chromedp.WaitVisible(chromedp.CSS("#one-time-link")),
	)
	screenshot(t, ctx, "02-user-created")
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#one-time-link")))
	if err != nil || !strings.Contains(link, "/reset/") {
		t.Fatalf("one-time link %q: %v", link, err)
	}
	return link
}

// createClientAndGoal adds Rosa and a goal in her words as the case manager, and returns her ID.
func createClientAndGoal(t *testing.T, ctx context.Context, base string) int64 {
	t.Helper()
	run(t, ctx, "add client",
		chromedp.Click(chromedp.CSS(`a[href="/clients/new"]`)),
		chromedp.WaitVisible(chromedp.CSS("#preferred-name")),
		chromedp.SendKeys(chromedp.CSS("#preferred-name"), "Rosa"),
		chromedp.SendKeys(chromedp.CSS("#what-matters"), "Keeping my flat and seeing my grandchildren."),
		chromedp.Submit(chromedp.CSS("#preferred-name")),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/goals/new"]`)),
	)
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id, err := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
	if err != nil {
		t.Fatalf("client page address %q: %v", loc, err)
	}
	run(t, ctx, "add goal",
		chromedp.Click(chromedp.CSS(`a[href$="/goals/new"]`)),
		chromedp.WaitVisible(chromedp.CSS("#goal-words")),
		chromedp.SendKeys(chromedp.CSS("#goal-words"), "I want to stay in my flat"),
		chromedp.Submit(chromedp.CSS("#goal-words")),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/goals/new"]`)),
	)
	if page := text(t, ctx, "main"); !strings.Contains(page, "I want to stay in my flat") {
		t.Errorf("the client page does not show the goal:\n%s", page)
	}
	screenshot(t, ctx, "03-client-with-goal")
	return id
}

// writeNoteWithFeedback types a judgemental note, waits for the live findings, applies one
// with a click and saves; it returns the saved text.
func writeNoteWithFeedback(t *testing.T, ctx context.Context, base string, clientID int64) string {
	t.Helper()
	run(t, ctx, "live feedback",
		chromedp.Navigate(base+"/clients/"+itoa(int(clientID))+"/notes/new"),
		chromedp.WaitVisible(chromedp.CSS("#note-text")),
		chromedp.SendKeys(chromedp.CSS("#note-text"), "Client is noncompliant with meds and lazy."),
		// htmx sends the text 300 ms after typing stops and swaps in the findings.
		chromedp.WaitVisible(chromedp.CSS(`#feedback button[formaction$="/notes/apply"]`)),
	)
	if feedback := strings.ToLower(text(t, ctx, "#feedback")); !strings.Contains(feedback, "stigmatising") {
		t.Errorf("feedback does not name the stigmatising term:\n%s", feedback)
	}
	screenshot(t, ctx, "04-live-feedback")
	before, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#note-text")))
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "apply", chromedp.Click(chromedp.CSS(`#feedback button[formaction$="/notes/apply"]`)))
	waitFor(t, ctx, "the suggestion to change the text", `document.querySelector("#note-text").value !== `+jsString(before))
	after, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#note-text")))
	if err != nil || after != "Client has not been taking meds as prescribed and is lazy." {
		t.Fatalf("text after apply %q (%v), want the person-first rewrite that still reads as a sentence", after, err)
	}
	screenshot(t, ctx, "05-applied")
	run(t, ctx, "save",
		chromedp.Click(chromedp.CSS(`#note-form button[type="submit"]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/notes/new"]`)),
	)
	if page := text(t, ctx, "main"); !strings.Contains(page, "Notes and messages") && !strings.Contains(page, "note") {
		t.Errorf("the client page does not list the note:\n%s", page)
	}
	return after
}

// checkAuditLog opens the audit log for the client as the admin: the client's creation, the
// goal, the note and the views are there, with who did them.
func checkAuditLog(t *testing.T, ctx context.Context, base string, clientID int64) {
	t.Helper()
	run(t, ctx, "audit log",
		chromedp.Navigate(base+"/admin/audit?client="+itoa(int(clientID))),
		chromedp.WaitVisible(chromedp.CSS("table")),
	)
	log := text(t, ctx, "table")
	for _, want := range []string{`Casey Moreno\s+Case manager\s+\d+\s+Create\s+Client`, `Create\s+Goal`, `Create\s+Note`, `View\s+Client`} {
		if !regexp.MustCompile(want).MatchString(log) {
			t.Errorf("the audit log for the client lacks %s:\n%s", want, log)
		}
	}
	screenshot(t, ctx, "06-audit-log")
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}
