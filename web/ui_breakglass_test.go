package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func init() {
	samplePages["break_glass"] = &breakGlassPage{page: page{Title: "You are not on this client's care team", User: sampleUser},
		ClientID: 7, Reason: "crisis <my dog>", Minutes: 60, Choices: breakGlassChoices, Error: "Say in a few words why.", Field: "reason"}
}

// careEnv is a team with a client on Casey's care team, a case manager and a supervisor of
// another team, the client team's supervisor and an admin.
type careEnv struct {
	*uiEnv
	casey, sam, robin, rowan, ada *rapport.User
	client                        *rapport.Client
	path                          string // the client's page
}

func newCareEnv(t *testing.T) *careEnv {
	t.Helper()
	e := newUIEnv(t, false)
	north, south := e.team("North"), e.team("South")
	c := &careEnv{uiEnv: e}
	c.casey = e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	c.sam = e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, north)
	c.robin = e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, south)
	c.rowan = e.user("rowan@example.org", "Rowan South", rapport.RoleSupervisor, south)
	c.ada = e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	c.client = &rapport.Client{TeamID: north, PreferredName: "Jordan", CareTeam: []int64{c.casey.ID}}
	if err := e.db.CreateClient(t.Context(), rapport.Actor{UserID: c.casey.ID, Role: c.casey.Role}, c.client); err != nil {
		t.Fatal(err)
	}
	c.path = "/clients/" + itoa(int(c.client.ID))
	return c
}

func (c *careEnv) signedIn(email string) *browser {
	b := c.browser()
	b.login(email)
	return b
}

// setUINow moves the pages' clock by d for the rest of the test.
func setUINow(t *testing.T, d time.Duration) {
	t.Helper()
	old := uiNow
	uiNow = func() time.Time { return time.Now().Add(d) }
	t.Cleanup(func() { uiNow = old })
}

func breakGlassForm(reason, minutes string) url.Values {
	return url.Values{"reason": {reason}, "minutes": {minutes}}
}

func TestBreakGlassOffered(t *testing.T) {
	c := newCareEnv(t)
	for _, tt := range []struct {
		who   string
		offer bool
	}{
		{"robin@example.org", true}, // a case manager of another team
		{"rowan@example.org", true}, // a supervisor of another team
		{"ada@example.org", false},  // admins get no break-glass
	} {
		t.Run(tt.who, func(t *testing.T) {
			resp, body := c.signedIn(tt.who).get(c.path)
			wantStatus(t, resp, body, http.StatusForbidden)
			form := `action="/clients/` + itoa(int(c.client.ID)) + `/break-glass"`
			if got := strings.Contains(body, form); got != tt.offer {
				t.Errorf("break-glass form offered: %v, want %v", got, tt.offer)
			}
			if tt.offer {
				wantContains(t, body, `<label for="reason">`, `<label for="minutes">`, `<option value="60" selected>1 hour</option>`)
			}
			if strings.Contains(body, "Jordan") {
				t.Error("the refusal shows the client's name")
			}
		})
	}
}

func TestBreakGlassRefusesBadForms(t *testing.T) {
	c := newCareEnv(t)
	b := c.signedIn("robin@example.org")
	post := c.path + "/break-glass"
	for _, tt := range []struct {
		name         string
		form         url.Values
		field, text  string
		keepsTheText string
	}{
		{"no reason", breakGlassForm("", "60"), "reason", "Say in a few words why", ""},
		{"one word", breakGlassForm("urgent", "60"), "reason", "Say in a few words why", ">\nurgent</textarea>"},
		{"too long", breakGlassForm(strings.Repeat("crisis ", 200), "60"), "reason", "at most 1,000 characters", ""},
		{"over four hours", breakGlassForm("crisis at the ER", "241"), "minutes", "at most 4 hours", ">\ncrisis at the ER</textarea>"},
		{"no duration", breakGlassForm("crisis at the ER", ""), "minutes", "at most 4 hours", ""},
		{"negative duration", breakGlassForm("crisis at the ER", "-5"), "minutes", "at most 4 hours", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := b.post(post, tt.form)
			wantStatus(t, resp, body, http.StatusUnprocessableEntity)
			wantContains(t, body, `role="alert"`, `href="#`+tt.field+`"`, tt.text, `aria-describedby="`+tt.field+`-hint form-error" aria-invalid="true"`, tt.keepsTheText)
		})
	}
	// Nothing was granted: the record stays closed and the log has no break-glass event.
	resp, body := b.get(c.path)
	wantStatus(t, resp, body, http.StatusForbidden)
	events, err := c.db.SearchAudit(t.Context(), rapport.Actor{UserID: c.ada.ID, Role: rapport.RoleAdmin}, rapport.AuditFilter{Action: rapport.ActionBreakGlass})
	if err != nil || len(events) != 0 {
		t.Errorf("break-glass events after refusals: %v, %v", events, err)
	}
}

func TestBreakGlassRefusedToAdminsAndUnknownClients(t *testing.T) {
	c := newCareEnv(t)
	resp, body := c.signedIn("ada@example.org").post(c.path+"/break-glass", breakGlassForm("I need to check something", "60"))
	wantStatus(t, resp, body, http.StatusForbidden)
	wantContains(t, body, "case managers and supervisors")
	resp, body = c.signedIn("robin@example.org").post("/clients/99999/break-glass", breakGlassForm("crisis at the ER", "60"))
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestBreakGlassNotNeededByTheCareTeam(t *testing.T) {
	c := newCareEnv(t)
	for _, who := range []string{"casey@example.org", "sam@example.org"} {
		resp, body := c.signedIn(who).post(c.path+"/break-glass", breakGlassForm("crisis at the ER", "60"))
		wantStatus(t, resp, body, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != c.path {
			t.Errorf("%s: redirect to %q, want the client", who, loc)
		}
	}
	if n := countBreakGlass(t, c); n != 0 {
		t.Errorf("%d grants for people who already had access", n)
	}
}

func countBreakGlass(t *testing.T, c *careEnv) int {
	t.Helper()
	events, err := c.db.SearchAudit(t.Context(), rapport.Actor{UserID: c.ada.ID, Role: rapport.RoleAdmin}, rapport.AuditFilter{Action: rapport.ActionBreakGlass})
	if err != nil {
		t.Fatal(err)
	}
	return len(events)
}

func TestBreakGlassGrantsTimeLimitedAccess(t *testing.T) {
	c := newCareEnv(t)
	b := c.signedIn("robin@example.org")
	resp, body := b.post(c.path+"/break-glass", breakGlassForm("  Client in crisis at the ER, <Casey> is away  ", "15"))
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != c.path {
		t.Fatalf("redirect to %q, want the client", loc)
	}

	// The record opens, with the banner, and the note editor too (every check sees the grant).
	resp, body = b.get(c.path)
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Jordan", `class="emergency-banner"`, "Emergency access.",
		"Reason: “Client in crisis at the ER, &lt;Casey&gt; is away”", "Ends at <time datetime=")
	resp, body = b.get(c.path + "/notes/new")
	wantStatus(t, resp, body, http.StatusOK)

	// The care team sees no banner: their access is their own.
	_, body = c.signedIn("casey@example.org").get(c.path)
	if strings.Contains(body, "emergency-banner") {
		t.Error("the care team's page shows the emergency banner")
	}

	// The admin sees it in the audit log, marked, with the reason.
	_, body = c.signedIn("ada@example.org").get("/admin/audit?action=break_glass")
	wantContains(t, body, `<tr class="audit-break-glass">`, "Break-glass", "Robin Other", "Client in crisis at the ER, &lt;Casey&gt; is away")

	// Fifteen minutes later the grant has expired and the record is closed again.
	setUINow(t, 16*time.Minute)
	resp, body = b.get(c.path)
	wantStatus(t, resp, body, http.StatusForbidden)
	if strings.Contains(body, "Jordan") {
		t.Error("an expired grant still shows the client")
	}
}

// TestBreakGlassOpensTheAPI: a live grant counts for the owner's API tokens too (its expiry is
// checked by the store's query and by auth.Can, tested in their packages and on the pages).
func TestBreakGlassOpensTheAPI(t *testing.T) {
	c := newCareEnv(t)
	token := newToken(t, c.db, c.robin.ID, time.Hour, auth.ScopeClientsRead)
	get := func() int {
		t.Helper()
		req, err := http.NewRequest("GET", c.ts.URL+"/api/v1"+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := c.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(); code != http.StatusForbidden {
		t.Fatalf("before the grant: %d, want 403", code)
	}
	if _, err := c.db.CreateBreakGlass(t.Context(), rapport.Actor{UserID: c.robin.ID, Role: c.robin.Role}, c.client.ID, "crisis at the ER", 15*time.Minute); err != nil {
		t.Fatal(err)
	}
	if code := get(); code != http.StatusOK {
		t.Fatalf("with the grant: %d, want 200", code)
	}
}
