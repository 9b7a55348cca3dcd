package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func init() {
	admin := &rapport.User{ID: 2, Name: "Ada <Admin>", Role: rapport.RoleAdmin}
	target := &rapport.User{ID: 3, Name: "Casey <Manager>", Email: "casey@example.org", Role: rapport.RoleCaseManager, TeamIDs: []int64{4}}
	teams := []*rapport.Team{{ID: 4, Name: "North <East>"}, {ID: 5, Name: "South"}}
	errs := formErrors{{"email", "Email must be an address such as name@example.org."}, {"teams", "Administrators do not belong to teams."}}
	samplePages["admin_users"] = &adminUsersPage{page: page{Title: "Users", User: admin},
		Users: []userRow{{User: target, TeamNames: []string{"North <East>"}}, {User: &rapport.User{ID: 6, Name: "Robin", Disabled: true}}},
		Pager: pager{Page: 2, Total: 120, Size: 50, Query: "<Manager>"}, Teams: teams,
		Form: userForm{Name: "Noor <New>", Email: "noor@", Role: rapport.RoleAdmin, TeamIDs: []int64{5}}, Errors: errs}
	samplePages["admin_user"] = &adminUserPage{page: page{Title: "Casey", User: admin}, Target: target, TeamNames: []string{"North <East>"},
		Teams: teams, Form: userForm{Role: rapport.RoleSupervisor, TeamIDs: []int64{4}}, Errors: formErrors{{"", "You cannot deactivate your own account."}},
		Notice: "Role and teams saved.", Link: "https://rapport.example/reset/reset_abc", LinkUntil: time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC), NewUser: true}
	samplePages["admin_teams"] = &adminTeamsPage{page: page{Title: "Teams", User: admin},
		Teams: []teamRow{{Team: teams[0], Members: 3}}, Name: "<Night>", Errors: formErrors{{"team-name", "There is already a team with this name."}}}
	samplePages["admin_team"] = &adminTeamPage{page: page{Title: "North", User: admin}, Team: teams[0], Members: []*rapport.User{target},
		Candidates: []*rapport.User{{ID: 7, Name: "Sam <Supervisor>", Role: rapport.RoleSupervisor}}, Chosen: 7,
		Notice: "Added to the team.", Errors: formErrors{{"member", "Choose the person to add."}}}
	samplePages["password"] = &passwordPage{page: page{Title: "Change your password", User: target}, Notice: passwordNotices["changed"],
		Errors: formErrors{{"current", "That is not your current password."}, {"confirm", "The two new passwords are not the same."}}}
	samplePages["reset"] = &resetPage{page: page{Title: "Set your password"}, Token: "reset_abc", Errors: formErrors{{"password", "Too short."}}}
	used := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	samplePages["tokens"] = &tokensPage{page: page{Title: "API tokens", User: sampleUser},
		Tokens: []tokenRow{
			{APIToken: &auth.APIToken{ID: 1, Name: "EHR <connector>", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: used.AddDate(0, 1, 0), LastUsedAt: used}, CreatedAt: used},
			{APIToken: &auth.APIToken{ID: 2, Name: "Old", Scopes: []auth.Scope{auth.ScopeClientsRead}, RevokedAt: used}, Expired: true},
		},
		Total: 3, Scopes: []scopeChoice{{auth.ScopeAnalyze, scopeAbout[auth.ScopeAnalyze]}}, Expiries: tokenLifetimes,
		Form: tokenForm{Name: "<my dog>", Scopes: []auth.Scope{auth.ScopeAnalyze}, Days: 30}, Errors: formErrors{{"token-name", "Name it."}},
		Created: "rpt_abc", Notice: "The token is revoked."}
}

// adminEnv is a workspace with an admin, a team with a case manager and a supervisor, a case
// manager of another team, each signed in in their own browser.
type adminEnv struct {
	*uiEnv
	north, south           int64
	ada, casey, sam, robin *rapport.User
}

func newAdminEnv(t *testing.T) *adminEnv {
	e := &adminEnv{uiEnv: newUIEnv(t, false)}
	e.north, e.south = e.team("North"), e.team("South")
	e.ada = e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	e.casey = e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, e.north)
	e.sam = e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, e.north)
	e.robin = e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, e.south)
	return e
}

func (e *uiEnv) signedIn(email string) *browser {
	b := e.browser()
	b.login(email)
	return b
}

var linkField = regexp.MustCompile(`id="one-time-link" type="text" readonly value="https://[^/"]+(/reset/reset_[a-z2-7]+)"`)

// oneTimeLink returns the path of the set-password link a page shows.
func oneTimeLink(t *testing.T, body string) string {
	t.Helper()
	m := linkField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no set-password link on the page:\n%s", body)
	}
	return m[1]
}

func signInWith(b *browser, email, password string) int {
	resp, _ := b.post("/login", url.Values{"email": {email}, "password": {password}})
	return resp.StatusCode
}

func userURL(u *rapport.User, action string) string {
	return "/admin/users/" + itoa(int(u.ID)) + action
}

func TestAdminCreatesUserWhoSetsPassword(t *testing.T) {
	e := newAdminEnv(t)
	admin := e.signedIn("ada@example.org")

	resp, body := admin.get("/admin/users")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Casey Manager", "North", `<label for="name">Name</label>`, `<label for="team-`+itoa(int(e.north))+`">North</label>`)

	// Invalid input: 422, every message linked to its field, what was typed kept.
	resp, body = admin.post("/admin/users", url.Values{"name": {"Noor New"}, "email": {"noor@"}, "role": {"admin"}, "team": {itoa(int(e.south))}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `value="Noor New"`, `value="noor@"`, `<option value="admin" selected>`, `value="`+itoa(int(e.south))+`" checked`,
		`<a href="#email">Email must be an address`, `aria-describedby="email-error"`, `<a href="#teams">Administrators do not belong to teams`)
	resp, body = admin.post("/admin/users", url.Values{"name": {"Dup"}, "email": {"CASEY@example.org"}, "role": {"case_manager"}})
	wantStatus(t, resp, body, http.StatusConflict)
	wantContains(t, body, "already has an account", `value="CASEY@example.org"`)

	// A valid account: the page shows the link once.
	resp, body = admin.post("/admin/users", url.Values{"name": {"Noor New"}, "email": {"Noor@Example.org"}, "role": {"case_manager"}, "team": {itoa(int(e.south))}})
	wantStatus(t, resp, body, http.StatusCreated)
	wantContains(t, body, "Account created", "shown only this once", "South")
	link := oneTimeLink(t, body)
	noor, err := e.db.FindUserByEmail(t.Context(), "noor@example.org")
	if err != nil || noor.PasswordHash != "" || noor.Role != rapport.RoleCaseManager {
		t.Fatalf("created user %+v, %v", noor, err)
	}
	if signInWith(e.browser(), "noor@example.org", "") == http.StatusSeeOther {
		t.Fatal("signed in without a password")
	}

	// The person follows the link; the page names no account.
	b := e.browser()
	resp, body = b.get(link)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `action="`+link+`"`, `autocomplete="new-password"`)
	if strings.Contains(body, "noor") || strings.Contains(body, "Noor") {
		t.Error("the reset page reveals whose account it is")
	}
	resp, body = b.post(link, url.Values{"password": {"noor@example.org"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `<a href="#password">`, `aria-invalid="true"`)
	const pw = "lantern meadow copper violin"
	resp, body = b.post(link, url.Values{"password": {pw}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/login?why=reset" {
		t.Errorf("after reset, redirect to %q", loc)
	}
	resp, body = b.get("/login?why=reset")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Your password is set")
	if got := signInWith(b, "noor@example.org", pw); got != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", got)
	}

	// The link worked once.
	resp, body = e.browser().post(link, url.Values{"password": {"another long password here"}})
	wantStatus(t, resp, body, http.StatusGone)
	wantContains(t, body, "already been used", "ask your administrator")
}

func TestResetLinkErrors(t *testing.T) {
	e := newAdminEnv(t)
	_, expired, hash, err := auth.NewOneTimeLink(auth.LinkReset, e.casey.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateLink(t.Context(), hash, auth.OneTimeLink{Purpose: auth.LinkReset, UserID: e.casey.ID, ExpiresAt: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	unknown, _, _ := auth.NewToken(auth.PrefixReset)
	setup := e.setupLink(time.Now().Add(time.Hour))
	for _, tc := range []struct {
		name, path string
		code       int
		text       string
	}{
		{"expired", "/reset/" + expired, http.StatusGone, "expired"},
		{"unknown", "/reset/" + unknown, http.StatusNotFound, "copied completely"},
		{"malformed", "/reset/reset_nonsense", http.StatusNotFound, "copied completely"},
		{"a setup link", "/reset/" + strings.Replace(setup, "setup_", "reset_", 1), http.StatusNotFound, "copied completely"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, method := range []string{"GET", "POST"} {
				resp, body := e.browser().do(method, tc.path, url.Values{"password": {testPassword}}, nil)
				wantStatus(t, resp, body, tc.code)
				wantContains(t, body, tc.text, "administrator")
			}
		})
	}
	if signInWith(e.browser(), "casey@example.org", testPassword) != http.StatusSeeOther {
		t.Error("a refused link changed the password")
	}
}

func TestAdminResetLinkEndsSessions(t *testing.T) {
	e := newAdminEnv(t)
	admin, casey := e.signedIn("ada@example.org"), e.signedIn("casey@example.org")
	resp, body := admin.post(userURL(e.casey, "/reset-link"), url.Values{})
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Reset link for Casey Manager")
	link := oneTimeLink(t, body)

	resp, body = casey.get("/")
	wantStatus(t, resp, body, http.StatusSeeOther) // signed out at once
	if signInWith(e.browser(), "casey@example.org", testPassword) != http.StatusUnauthorized {
		t.Error("the old password still works after a reset link was issued")
	}
	// A second link replaces the first.
	resp, body = admin.post(userURL(e.casey, "/reset-link"), url.Values{})
	wantStatus(t, resp, body, 200)
	second := oneTimeLink(t, body)
	resp, body = e.browser().get(link)
	wantStatus(t, resp, body, http.StatusGone)
	resp, body = e.browser().post(second, url.Values{"password": {"a brand new passphrase"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if signInWith(e.browser(), "casey@example.org", "a brand new passphrase") != http.StatusSeeOther {
		t.Error("the new password does not work")
	}
}

func TestAdminDeactivatesUser(t *testing.T) {
	e := newAdminEnv(t)
	admin, casey := e.signedIn("ada@example.org"), e.signedIn("casey@example.org")
	token, err := e.db.CreateAPIToken(t.Context(), &auth.APIToken{UserID: e.casey.ID, Name: "EHR", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	resp, body := admin.post(userURL(e.casey, "/deactivate"), url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.get(resp.Header.Get("Location"))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "The account is deactivated", "Reactivate account")

	resp, body = casey.get("/")
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := signInWith(e.browser(), "casey@example.org", testPassword); got != http.StatusUnauthorized {
		t.Errorf("a deactivated user signed in: %d", got)
	}
	if got := analyzeWith(t, e.uiEnv, token); got != http.StatusUnauthorized {
		t.Errorf("a deactivated user's API token: %d, want 401", got)
	}
	resp, body = admin.post(userURL(e.casey, "/reset-link"), url.Values{})
	wantStatus(t, resp, body, http.StatusConflict)
	wantContains(t, body, "reactivate it")

	resp, body = admin.post(userURL(e.casey, "/reactivate"), url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := signInWith(e.browser(), "casey@example.org", testPassword); got != http.StatusSeeOther {
		t.Errorf("a reactivated user cannot sign in: %d", got)
	}
}

// analyzeWith calls the analyze API with a bearer token and returns the status.
func analyzeWith(t *testing.T, e *uiEnv, token string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/analyze", strings.NewReader(`{"text":"I hear you."}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestAdminCannotLockThemselvesOut(t *testing.T) {
	e := newAdminEnv(t)
	admin := e.signedIn("ada@example.org")
	for _, tc := range []struct {
		name, path string
		form       url.Values
		text       string
	}{
		{"deactivate self", "/deactivate", url.Values{}, "cannot deactivate your own account"},
		{"demote self", "/access", url.Values{"role": {"supervisor"}}, "cannot change your own role"},
		{"reset own password", "/reset-link", url.Values{}, "cannot issue a reset link for your own account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := admin.post(userURL(e.ada, tc.path), tc.form)
			wantStatus(t, resp, body, http.StatusConflict)
			wantContains(t, body, tc.text, `role="alert"`)
		})
	}
	u, err := e.db.FindUserByID(t.Context(), e.ada.ID)
	if err != nil || u.Role != rapport.RoleAdmin || u.Disabled || u.PasswordHash == "" {
		t.Fatalf("the admin changed: %+v, %v", u, err)
	}
	resp, body := admin.get("/admin/users")
	wantStatus(t, resp, body, 200) // still signed in
}

func TestAdminChangesAccess(t *testing.T) {
	e := newAdminEnv(t)
	admin, casey := e.signedIn("ada@example.org"), e.signedIn("casey@example.org")
	path := userURL(e.casey, "")
	resp, body := admin.get(path)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<option value="case_manager" selected>`, `value="`+itoa(int(e.north))+`" checked`)

	// A form that fails keeps the choices made.
	resp, body = admin.post(path+"/access", url.Values{"role": {"admin"}, "team": {itoa(int(e.south))}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `<option value="admin" selected>`, `value="`+itoa(int(e.south))+`" checked`, `<a href="#teams">`)
	resp, body = admin.post(path+"/access", url.Values{"role": {"root"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	resp, body = admin.post(path+"/access", url.Values{"role": {"supervisor"}, "team": {"999999"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "One of the chosen teams no longer exists")

	resp, body = admin.post(path+"/access", url.Values{"role": {"supervisor"}, "team": {itoa(int(e.north)), itoa(int(e.south))}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.get(resp.Header.Get("Location"))
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Role and teams saved", "<dd>Supervisor</dd>", "<dd>North, South</dd>")
	resp, body = casey.get("/") // a role change ends sessions
	wantStatus(t, resp, body, http.StatusSeeOther)

	for _, p := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/users/-1"} {
		resp, body = admin.get(p)
		wantStatus(t, resp, body, http.StatusNotFound)
	}

	// With a second admin, the first may be demoted by them.
	resp, body = admin.post(path+"/access", url.Values{"role": {"admin"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	other := e.signedIn("casey@example.org")
	resp, body = other.post(userURL(e.ada, "/access"), url.Values{"role": {"case_manager"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
}

func TestAdminTeams(t *testing.T) {
	e := newAdminEnv(t)
	admin := e.signedIn("ada@example.org")
	resp, body := admin.get("/admin/teams")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, ">North</a></th><td>2</td>", ">South</a></th><td>1</td>")

	resp, body = admin.post("/admin/teams", url.Values{"name": {"  "}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `<a href="#team-name">`, `aria-describedby="team-name-error"`)
	resp, body = admin.post("/admin/teams", url.Values{"name": {"North"}})
	wantStatus(t, resp, body, http.StatusConflict)
	wantContains(t, body, `value="North"`, "already a team")
	resp, body = admin.post("/admin/teams", url.Values{"name": {"East"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	team := resp.Header.Get("Location")
	team = team[:strings.Index(team, "?")]
	resp, body = admin.get(team)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "has no members yet", "Casey Manager (Case manager)", "Sam Supervisor (Supervisor)")
	if strings.Contains(body, "Ada Admin (") {
		t.Error("an administrator is offered as a team member")
	}

	resp, body = admin.post(team+"/members", url.Values{"user": {itoa(int(e.ada.ID))}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "administrators do not belong to teams"[1:], `<a href="#member">`)
	resp, body = admin.post(team+"/members", url.Values{"user": {"abc"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	resp, body = admin.post(team+"/members", url.Values{"user": {itoa(int(e.sam.ID))}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.get(team)
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, `href="/admin/users/`+itoa(int(e.sam.ID))+`">Sam Supervisor</a>`, "Remove<span")
	remove := fmt.Sprintf("%s/members/%d/remove", team, e.sam.ID)
	resp, body = admin.post(remove, url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.post(remove, url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = admin.get("/admin/teams/999999")
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestAdminUserSearchAndPages(t *testing.T) {
	e := newAdminEnv(t)
	for i := range adminPageSize + 5 {
		u := &rapport.User{Email: fmt.Sprintf("staff%02d@example.org", i), Name: fmt.Sprintf("Staff %02d", i), Role: rapport.RoleCaseManager}
		if err := e.db.CreateUser(t.Context(), u); err != nil {
			t.Fatal(err)
		}
	}
	admin := e.signedIn("ada@example.org")
	resp, body := admin.get("/admin/users")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Page 1: 50 of 59 users", `href="/admin/users?q=&amp;page=2"`)
	resp, body = admin.get("/admin/users?page=2")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Page 2: 9 of 59 users", "Staff 54", `rel="prev"`)
	if strings.Contains(body, "Sam Supervisor") {
		t.Error("page 2 repeats someone from page 1")
	}
	resp, body = admin.get("/admin/users?q=ROBIN")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Robin Other", `value="ROBIN"`)
	if strings.Contains(body, "Casey Manager") {
		t.Error("the search shows someone who does not match")
	}
	resp, body = admin.get("/admin/users?q=staff0&page=1")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "of 10 users")
	resp, body = admin.get("/admin/users?q=%25")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "No one's name or email contains")
}

func TestAccountTokens(t *testing.T) {
	e := newAdminEnv(t)
	casey := e.signedIn("casey@example.org")
	resp, body := casey.get("/account/tokens")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "You have no API tokens", "<code>clients:read</code>", "<code>notes:write</code>")

	resp, body = casey.post("/account/tokens", url.Values{"name": {""}, "days": {"9999"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `<a href="#token-name">`, `<a href="#scopes">`, `<a href="#days">`)
	resp, body = casey.post("/account/tokens", url.Values{"name": {"EHR <bridge>"}, "scope": {"analyze", "root"}, "days": {"30"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `value="EHR &lt;bridge&gt;"`, "cannot give a token the “root” scope")

	resp, body = casey.post("/account/tokens", url.Values{"name": {"EHR bridge"}, "scope": {"analyze"}, "days": {"30"}})
	wantStatus(t, resp, body, http.StatusCreated)
	wantContains(t, body, "shown only this once", "<th scope=\"row\">EHR bridge</th>", "Never", "Active")
	token := regexp.MustCompile(`id="new-token" type="text" readonly value="(rpt_[a-z2-7]+)"`).FindStringSubmatch(body)
	if token == nil {
		t.Fatalf("no token on the page:\n%s", body)
	}
	if got := analyzeWith(t, e.uiEnv, token[1]); got != 200 {
		t.Fatalf("the new token: %d", got)
	}
	tokens, _, err := e.db.ListAPITokens(t.Context(), e.casey.ID, rapport.Page{})
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens %v, %v", tokens, err)
	}
	if d := time.Until(tokens[0].ExpiresAt); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Errorf("expires in %v, want 30 days", d)
	}

	// Someone else cannot revoke a token; its owner can, and it stops working at once, although
	// the API has just checked it and would otherwise trust it for ten seconds
	// (web/api_tokencache.go).
	resp, body = casey.post("/account/tokens", url.Values{"name": {"Spare"}, "scope": {"analyze"}, "days": {"7"}})
	wantStatus(t, resp, body, http.StatusCreated)
	spare := regexp.MustCompile(`id="new-token" type="text" readonly value="(rpt_[a-z2-7]+)"`).FindStringSubmatch(body)[1]
	if got := analyzeWith(t, e.uiEnv, spare); got != 200 {
		t.Fatalf("the spare token before revocation: %d", got)
	}
	tokens, _, err = e.db.ListAPITokens(t.Context(), e.casey.ID, rapport.Page{})
	if err != nil || len(tokens) != 2 || tokens[0].Name != "Spare" {
		t.Fatalf("tokens %v, %v", tokens, err)
	}
	revoke := "/account/tokens/" + itoa(int(tokens[0].ID)) + "/revoke"
	resp, body = e.signedIn("robin@example.org").post(revoke, url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = casey.post(revoke, url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = casey.get(resp.Header.Get("Location"))
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "The token is revoked", "Revoked ")
	if got := analyzeWith(t, e.uiEnv, spare); got != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d", got)
	}

	// Deactivating the owner stops their tokens at once too, and reactivating brings them back.
	admin := e.signedIn("ada@example.org")
	resp, body = admin.post(userURL(e.casey, "/deactivate"), url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := analyzeWith(t, e.uiEnv, token[1]); got != http.StatusUnauthorized {
		t.Errorf("a deactivated user's token, just used: %d", got)
	}
	resp, body = admin.post(userURL(e.casey, "/reactivate"), url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := analyzeWith(t, e.uiEnv, token[1]); got != 200 {
		t.Errorf("a reactivated user's token: %d", got)
	}

	// An administrator's tokens only analyse text.
	resp, body = admin.get("/account/tokens")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "<code>analyze</code>")
	if strings.Contains(body, "clients:read") {
		t.Error("an administrator is offered client scopes")
	}
	resp, body = admin.post("/account/tokens", url.Values{"name": {"x"}, "scope": {"clients:read"}, "days": {"7"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
}

// TestAdminRoutesByRole checks every route of this feature for every role and for a visitor
// who is not signed in. Admin routes refuse everyone but administrators with 403; the token
// page is everyone's own; the reset page is public. A visitor is sent to sign in (303), or,
// for a form they sent, asked to sign in to resume it (401).
func TestAdminRoutesByRole(t *testing.T) {
	coverRoutes(t)
	e := newAdminEnv(t)
	// The changes are made to someone who is not one of the callers, so every caller stays
	// signed in throughout.
	terry := e.user("terry@example.org", "Terry Target", rapport.RoleCaseManager, e.south)
	east := e.team("East")
	user, team := userURL(terry, ""), "/admin/teams/"+itoa(int(east))
	_, resetToken, resetHash, err := auth.NewOneTimeLink(auth.LinkReset, terry.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateLink(t.Context(), resetHash, auth.OneTimeLink{Purpose: auth.LinkReset, UserID: terry.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	routes := []struct {
		method, path string
		form         url.Values
		want         [5]int // casey (care-team case manager), sam (same-team supervisor), robin (other team), ada (admin), visitor
	}{
		{"GET", "/reset/" + resetToken, nil, [5]int{200, 200, 200, 200, 200}},
		{"GET", "/admin/users", nil, [5]int{403, 403, 403, 200, 303}},
		{"POST", "/admin/users", url.Values{"name": {"N"}, "email": {"n@example.org"}, "role": {"case_manager"}}, [5]int{403, 403, 403, 201, 401}},
		{"GET", user, nil, [5]int{403, 403, 403, 200, 303}},
		{"POST", user + "/access", url.Values{"role": {"case_manager"}, "team": {itoa(int(e.south))}}, [5]int{403, 403, 403, 303, 401}},
		{"POST", user + "/reset-link", nil, [5]int{403, 403, 403, 200, 401}},
		{"POST", user + "/deactivate", nil, [5]int{403, 403, 403, 303, 401}},
		{"POST", user + "/reactivate", nil, [5]int{403, 403, 403, 303, 401}},
		{"GET", "/admin/teams", nil, [5]int{403, 403, 403, 200, 303}},
		{"POST", "/admin/teams", url.Values{"name": {"West"}}, [5]int{403, 403, 403, 303, 401}},
		{"GET", team, nil, [5]int{403, 403, 403, 200, 303}},
		{"POST", team + "/members", url.Values{"user": {itoa(int(e.sam.ID))}}, [5]int{403, 403, 403, 303, 401}},
		{"POST", team + "/members/" + itoa(int(e.sam.ID)) + "/remove", nil, [5]int{403, 403, 403, 303, 401}},
		{"GET", "/account/tokens", nil, [5]int{200, 200, 200, 200, 303}},
		{"POST", "/account/tokens", url.Values{"name": {"T"}, "scope": {"analyze"}, "days": {"7"}}, [5]int{201, 201, 201, 201, 401}},
		{"POST", "/account/tokens/999999/revoke", nil, [5]int{404, 404, 404, 404, 401}},
		{"GET", "/account/password", nil, [5]int{200, 200, 200, 200, 303}},
		{"POST", "/account/password", url.Values{"current": {testPassword}}, [5]int{422, 422, 422, 422, 401}},
	}
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	browsers := make([]*browser, len(callers))
	for i, who := range callers {
		browsers[i] = e.browser()
		if who != "" {
			browsers[i].login(who)
		}
	}
	for _, r := range routes {
		for j, who := range callers {
			t.Run(r.method+" "+r.path+" as "+cmp.Or(who, "visitor"), func(t *testing.T) {
				resp, body := browsers[j].do(r.method, r.path, r.form, nil)
				if resp.StatusCode != r.want[j] {
					t.Errorf("status %d, want %d\n%.400s", resp.StatusCode, r.want[j], body)
				}
				if resp.StatusCode == 403 && strings.Contains(body, "Terry") {
					t.Error("a refusal shows account details")
				}
			})
		}
	}
}

func TestAccountFormsRefuseCrossOrigin(t *testing.T) {
	e := newAdminEnv(t)
	admin := e.signedIn("ada@example.org")
	_, token, hash, err := auth.NewOneTimeLink(auth.LinkReset, e.casey.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateLink(t.Context(), hash, auth.OneTimeLink{Purpose: auth.LinkReset, UserID: e.casey.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/admin/users", userURL(e.casey, "/deactivate"), "/admin/teams", "/account/tokens", "/account/password", "/reset/" + token} {
		resp, body := admin.do("POST", path, url.Values{"name": {"X"}, "email": {"x@example.org"}, "role": {"case_manager"}, "password": {"a long enough password"}},
			http.Header{"Sec-Fetch-Site": {"cross-site"}})
		wantStatus(t, resp, body, http.StatusForbidden)
	}
	if u, err := e.db.FindUserByID(t.Context(), e.casey.ID); err != nil || u.Disabled || u.PasswordHash != testPasswordHash() {
		t.Errorf("a cross-site form changed the account: %+v, %v", u, err)
	}
}
