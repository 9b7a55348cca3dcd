package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapporthq/rapport"
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
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
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

// TestBrowserNoteWithLiveFeedback drives the real pages in headless Chromium: a case manager
// signs in, opens a client, types a judgemental note, sees the live findings appear without a
// page load, applies a suggestion with one click, and saves the note, whose analysis is stored.
func TestBrowserNoteWithLiveFeedback(t *testing.T) {
	e := newUIEnv(t, true) // plain HTTP on loopback, so the test browser needs no certificate
	ctx := newChrome(t)
	team := e.team("Eastside")
	casey := e.user("casey@example.org", "Casey Moreno", rapport.RoleCaseManager, team)
	client := &rapport.Client{TeamID: team, PreferredName: "Rosa", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(context.Background(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, client); err != nil {
		t.Fatal(err)
	}
	base := e.ts.URL
	note := base + "/clients/" + itoa(int(client.ID)) + "/notes/new"

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), casey.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/clients/`+itoa(int(client.ID))+`"]`)),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	screenshot(t, ctx, "clients")

	err = chromedp.Do(ctx,
		chromedp.Navigate(note),
		chromedp.WaitVisible(chromedp.CSS("#note-text")),
		chromedp.SendKeys(chromedp.CSS("#note-text"), "Client is noncompliant with meds and lazy."),
		// htmx sends the text 300 ms after typing stops and swaps in the findings.
		chromedp.WaitVisible(chromedp.CSS(`#feedback button[formaction$="/notes/apply"]`)),
	)
	if err != nil {
		t.Fatalf("live feedback: %v", err)
	}
	feedback, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#feedback")))
	if err != nil {
		t.Fatalf("live feedback: %v", err)
	}
	if !strings.Contains(strings.ToLower(feedback), "stigmatising") && !strings.Contains(strings.ToLower(feedback), "stigmatizing") {
		t.Errorf("feedback does not name the stigmatising term:\n%s", feedback)
	}
	screenshot(t, ctx, "live-feedback")

	before, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#note-text")))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#feedback button[formaction$="/notes/apply"]`))); err != nil {
		t.Fatalf("apply: %v", err)
	}
	changed := `document.querySelector("#note-text").value !== ` + jsString(before)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](changed, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("apply did not change the text: %v", err)
	}
	after, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#note-text")))
	if err != nil {
		t.Fatal(err)
	}
	if after == before || after == "" {
		t.Fatalf("apply changed nothing: %q", after)
	}
	screenshot(t, ctx, "applied")

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#note-form button[type="submit"]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/notes/new"]`)),
	)
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	notes, _, err := e.db.ListNotes(context.Background(), rapport.Actor{UserID: casey.ID, Role: casey.Role},
		rapport.NoteFilter{ClientID: client.ID})
	if err != nil || len(notes) != 1 {
		t.Fatalf("notes after save: %v, %v", notes, err)
	}
	if notes[0].Body != after || len(notes[0].Analysis) == 0 {
		t.Errorf("saved %q with %d bytes of analysis; want the applied text %q with its analysis", notes[0].Body, len(notes[0].Analysis), after)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}
