package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/store"
)

const testPassword = "correct horse battery staple"

// testPasswordHash is hashed once: each argon2id hash costs about 100 ms.
var testPasswordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// uiEnv is a real server over HTTPS (so Secure cookies flow) on a fresh SQLite database.
type uiEnv struct {
	t  *testing.T
	ts *httptest.Server
	db *store.DB
}

func newUIEnv(t *testing.T, insecure bool) *uiEnv {
	t.Helper()
	return newUIEnvWith(t, insecure, nil)
}

// newUIEnvWith is newUIEnv with the server's configuration adjusted by configure (if not nil).
func newUIEnvWith(t *testing.T, insecure bool, configure func(*Config)) *uiEnv {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Analyzer: a, DB: db, SignIn: db.Logins(), Insecure: insecure, Logger: slog.New(slog.DiscardHandler)}
	if configure != nil {
		configure(&cfg)
	}
	h := testHandler(cfg)
	ts := httptest.NewUnstartedServer(h)
	if insecure {
		ts.Start()
	} else {
		ts.StartTLS()
	}
	t.Cleanup(ts.Close)
	return &uiEnv{t: t, ts: ts, db: db}
}

// browser is a client with its own cookie jar that does not follow redirects, so tests see them.
type browser struct {
	env *uiEnv
	c   *http.Client
}

func (e *uiEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	c := *e.ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{env: e, c: &c}
}

func (b *browser) do(method, path string, form url.Values, header http.Header) (*http.Response, string) {
	b.env.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.env.ts.URL+path, body)
	if err != nil {
		b.env.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.env.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

func (b *browser) get(path string) (*http.Response, string) { return b.do("GET", path, nil, nil) }
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	return b.do("POST", path, form, nil)
}

// sessionToken returns the session cookie the browser holds, or "".
func (b *browser) sessionToken() string {
	u, _ := url.Parse(b.env.ts.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == sessionCookie || c.Name == insecureSessionCookie {
			return c.Value
		}
	}
	return ""
}

func (b *browser) login(email string) {
	b.env.t.Helper()
	resp, body := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		b.env.t.Fatalf("sign in as %s: %d %s", email, resp.StatusCode, body)
	}
}

func wantStatus(t *testing.T, resp *http.Response, body string, code int) {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d\n%s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, code, body)
	}
}

func wantContains(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("page does not contain %q:\n%s", s, body)
		}
	}
}

func (e *uiEnv) user(email, name string, role rapport.Role, teams ...int64) *rapport.User {
	e.t.Helper()
	u := &rapport.User{Email: email, Name: name, Role: role, PasswordHash: testPasswordHash()}
	if err := e.db.CreateUser(e.t.Context(), u); err != nil {
		e.t.Fatal(err)
	}
	for _, id := range teams {
		if err := e.db.AddTeamMember(e.t.Context(), id, u.ID); err != nil {
			e.t.Fatal(err)
		}
		u.TeamIDs = append(u.TeamIDs, id)
	}
	return u
}

func (e *uiEnv) team(name string) int64 {
	e.t.Helper()
	tm := &rapport.Team{Name: name}
	if err := e.db.CreateTeam(e.t.Context(), tm); err != nil {
		e.t.Fatal(err)
	}
	return tm.ID
}

func (e *uiEnv) setupLink(expires time.Time) string {
	e.t.Helper()
	link, token, hash, err := auth.NewOneTimeLink(auth.LinkSetup, 0, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	link.ExpiresAt = expires
	if err := e.db.CreateLink(e.t.Context(), hash, link); err != nil {
		e.t.Fatal(err)
	}
	return token
}

func TestSetupLinkFlow(t *testing.T) {
	e := newUIEnv(t, false)
	token := e.setupLink(time.Now().Add(auth.SetupLinkTTL))
	b := e.browser()

	resp, body := b.get("/setup/" + token)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<label for="password">Password</label>`, `action="/setup/`+token+`"`)

	// A weak password is refused, and the form keeps the name and email.
	resp, body = b.post("/setup/"+token, url.Values{"name": {"Ada Lovelace"}, "email": {"ada@example.org"}, "password": {"short"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `value="Ada Lovelace"`, `value="ada@example.org"`, "at least 12 characters")
	if strings.Contains(body, `value="short"`) {
		t.Error("the password was echoed back into the form")
	}

	resp, body = b.post("/setup/"+token, url.Values{"name": {"Ada Lovelace"}, "email": {"ada@example.org"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("redirect to %q, want /", loc)
	}
	u, err := e.db.FindUserByEmail(t.Context(), "ada@example.org")
	if err != nil || u.Role != rapport.RoleAdmin {
		t.Fatalf("first admin: %+v, %v", u, err)
	}
	resp, body = b.get("/")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Signed in as Ada Lovelace")

	// The link works once: reusing it, by GET or POST, gets a kind 410 page.
	other := e.browser()
	resp, body = other.get("/setup/" + token)
	wantStatus(t, resp, body, http.StatusGone)
	wantContains(t, body, "already been used", `href="/login"`)
	resp, body = other.post("/setup/"+token, url.Values{"name": {"Mallory"}, "email": {"m@example.org"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusGone)
	if _, err := e.db.FindUserByEmail(t.Context(), "m@example.org"); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Errorf("a used link created a second account: %v", err)
	}

	// With an admin in place, a fresh setup link no longer works either.
	late := e.setupLink(time.Now().Add(time.Hour))
	resp, body = other.get("/setup/" + late)
	wantStatus(t, resp, body, http.StatusGone)
	wantContains(t, body, "already set up")
}

func TestSetupLinkErrors(t *testing.T) {
	e := newUIEnv(t, false)
	expired := e.setupLink(time.Now().Add(-time.Minute))
	unknown, _, _ := auth.NewToken(auth.PrefixSetup)
	for _, tc := range []struct {
		name, path string
		code       int
		text       string
	}{
		{"expired", "/setup/" + expired, http.StatusGone, "expired"},
		{"unknown", "/setup/" + unknown, http.StatusNotFound, "copied completely"},
		{"malformed", "/setup/setup_nonsense", http.StatusNotFound, "copied completely"},
		{"wrong kind", "/setup/" + strings.Replace(unknown, "setup_", "reset_", 1), http.StatusNotFound, "copied completely"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			for _, method := range []string{"GET", "POST"} {
				resp, body := b.do(method, tc.path, url.Values{"name": {"A"}, "email": {"a@example.org"}, "password": {testPassword}}, nil)
				wantStatus(t, resp, body, tc.code)
				wantContains(t, body, tc.text)
			}
		})
	}
}

func TestLoginAndSessionCookie(t *testing.T) {
	e := newUIEnv(t, false)
	u := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)
	b := e.browser()

	// Not signed in: sent to sign in, and back afterwards.
	resp, body := b.get("/")
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/login?next=%2F" {
		t.Errorf("redirect to %q", loc)
	}
	resp, body = b.get("/login?next=/clients/7")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `name="next" value="/clients/7"`)

	resp, body = b.post("/login", url.Values{"email": {"Casey@Example.org"}, "password": {testPassword}, "next": {"/clients/7"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/clients/7" {
		t.Errorf("redirect to %q", loc)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies: %v", cookies)
	}
	c := cookies[0]
	if c.Name != "__Host-rapport_session" || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("cookie attributes: %s", c.String())
	}
	if auth.CheckToken(c.Value, auth.PrefixSession) != nil {
		t.Errorf("session ID %q is not a sess_ token", c.Value)
	}
	// Only the hash is stored.
	s, err := e.db.FindSession(t.Context(), auth.HashToken(c.Value))
	if err != nil || s.UserID != u.ID {
		t.Fatalf("stored session: %+v, %v", s, err)
	}

	// Signing in again rotates the session ID and ends the old session.
	first := b.sessionToken()
	b.login("casey@example.org")
	if second := b.sessionToken(); second == first || second == "" {
		t.Errorf("session ID not rotated at sign-in: %q then %q", first, second)
	}
	if _, err := e.db.FindSession(t.Context(), auth.HashToken(first)); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Errorf("old session still stored after sign-in: %v", err)
	}

	// A doctored cookie is no session.
	other := e.browser()
	req, _ := http.NewRequest("GET", e.ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: "sess_forged"})
	resp, err = other.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("forged cookie: status %d", resp.StatusCode)
	}
}

func TestInsecureCookie(t *testing.T) {
	e := newUIEnv(t, true)
	e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)
	resp, body := e.browser().post("/login", url.Values{"email": {"casey@example.org"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	c := resp.Cookies()[0]
	// Browsers refuse __Host- cookies without Secure, so plain HTTP uses a plain name.
	if c.Name != "rapport_session" || c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Errorf("cookie over plain HTTP: %s", c.String())
	}
}

var errorParagraph = regexp.MustCompile(`(?s)<div class="error-summary"[^>]*><p>(.*?)</p>`)

func formError(body string) string {
	m := errorParagraph.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestLoginFailures(t *testing.T) {
	e := newUIEnv(t, false)
	e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)

	for _, tc := range []struct {
		name, email, password string
		code                  int
		msg                   string
	}{
		{"wrong password", "casey@example.org", "not the password at all", 401, "the email or password is incorrect"},
		{"unknown account", "nobody@example.org", testPassword, 401, "the email or password is incorrect"},
		{"empty", "casey@example.org", "", 422, "Enter your email address and your password."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.browser().post("/login", url.Values{"email": {tc.email}, "password": {tc.password}})
			wantStatus(t, resp, body, tc.code)
			if got := formError(body); got != tc.msg {
				t.Errorf("message %q, want %q", got, tc.msg)
			}
			wantContains(t, body, `value="`+tc.email+`"`) // the form keeps the email
			if len(resp.Cookies()) != 0 {
				t.Errorf("a failed sign-in set cookies: %v", resp.Cookies())
			}
		})
	}
}

func TestOversizedForm(t *testing.T) {
	e := newUIEnv(t, false)
	resp, body := e.browser().post("/login", url.Values{"email": {"a@example.org"}, "password": {strings.Repeat("x", maxFormBytes)}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantContains(t, body, "too large")
}

// TestLoginLockout: after 5 failures an account is locked with 429 and Retry-After, and the
// message is the same for an account that exists and one that does not.
func TestLoginLockout(t *testing.T) {
	awaitFreshLimitWindow(t)
	e := newUIEnv(t, false)
	e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)
	messages := map[string]string{}
	for _, email := range []string{"casey@example.org", "nobody@example.org"} {
		b := e.browser()
		// Windows are aligned to the clock, so one may end during the test: allow a second.
		for attempt := 1; ; attempt++ {
			if attempt > 11 {
				t.Fatalf("%s: never locked out", email)
			}
			resp, body := b.post("/login", url.Values{"email": {email}, "password": {"wrong password, wrong"}})
			if resp.StatusCode == http.StatusUnauthorized {
				continue
			}
			wantStatus(t, resp, body, http.StatusTooManyRequests)
			if attempt < 6 {
				t.Errorf("%s: locked out at attempt %d, before 5 failures", email, attempt)
			}
			if ra := resp.Header.Get("Retry-After"); ra == "" || ra == "0" {
				t.Errorf("%s: Retry-After %q", email, ra)
			}
			messages[email] = regexp.MustCompile(`\d+ minutes?`).ReplaceAllString(formError(body), "N minutes")
			break
		}
	}
	if messages["casey@example.org"] != messages["nobody@example.org"] || !strings.HasPrefix(messages["nobody@example.org"], "too many sign-in attempts") {
		t.Errorf("lockout messages differ or are wrong: %q", messages)
	}
	// A locked account stays locked even with the right password.
	resp, body := e.browser().post("/login", url.Values{"email": {"casey@example.org"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
}

// awaitFreshLimitWindow waits, when the sign-in limits' clock-aligned window ends within the
// next 30 seconds, until it has ended. Counts restart at the boundary, so a test that counts
// attempts and takes a few seconds on a busy machine must not straddle one (CI once did, at
// 22:30).
func awaitFreshLimitWindow(t *testing.T) {
	t.Helper()
	w := auth.NewLimiter(nil).PerAccount.Window
	if left := time.Until(time.Now().Truncate(w).Add(w)); left < 30*time.Second {
		t.Logf("waiting %v for a fresh sign-in limit window", left.Round(time.Second))
		time.Sleep(left + 100*time.Millisecond)
	}
}

func TestSessionTimeouts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration
		why   string
	}{
		{"idle", auth.DefaultSessionPolicy.IdleTimeout + time.Second, "idle"},
		{"absolute", auth.DefaultSessionPolicy.AbsoluteTimeout + time.Second, "expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newUIEnv(t, false)
			e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)
			b := e.browser()
			b.login("casey@example.org")
			token := b.sessionToken()
			resp, body := b.get("/")
			wantStatus(t, resp, body, 200)

			now := time.Now().Add(tc.after)
			uiNow = func() time.Time { return now }
			t.Cleanup(func() { uiNow = time.Now })
			resp, body = b.get("/")
			wantStatus(t, resp, body, http.StatusSeeOther)
			if loc := resp.Header.Get("Location"); !strings.Contains(loc, "why="+tc.why) {
				t.Errorf("redirect to %q, want why=%s", loc, tc.why)
			}
			if _, err := e.db.FindSession(t.Context(), auth.HashToken(token)); rapport.ErrorCode(err) != rapport.ENOTFOUND {
				t.Errorf("timed-out session still stored: %v", err)
			}
			resp, body = b.get(resp.Header.Get("Location"))
			wantStatus(t, resp, body, 200)
			wantContains(t, body, "sign in again")
		})
	}
}

func TestLogout(t *testing.T) {
	e := newUIEnv(t, false)
	e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)
	b := e.browser()
	b.login("casey@example.org")
	token := b.sessionToken()
	resp, body := b.post("/logout", url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if _, err := e.db.FindSession(t.Context(), auth.HashToken(token)); rapport.ErrorCode(err) != rapport.ENOTFOUND {
		t.Errorf("session still stored after sign-out: %v", err)
	}
	if b.sessionToken() != "" {
		t.Error("cookie not cleared at sign-out")
	}
	// The old cookie, replayed, is no longer a session.
	req, _ := http.NewRequest("GET", e.ts.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	resp, err := e.browser().c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("replayed cookie after sign-out: %d", resp.StatusCode)
	}
}

func TestCrossOriginRefused(t *testing.T) {
	e := newUIEnv(t, false)
	e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager)
	b := e.browser()
	b.login("casey@example.org")
	token := b.sessionToken()
	for _, tc := range []struct {
		name   string
		path   string
		header http.Header
	}{
		{"login, cross-site fetch", "/login", http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"login, foreign origin", "/login", http.Header{"Origin": {"https://evil.example"}}},
		{"logout, cross-site fetch", "/logout", http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"setup, foreign origin", "/setup/" + e.setupLink(time.Now().Add(time.Hour)), http.Header{"Origin": {"https://evil.example"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.do("POST", tc.path, url.Values{"email": {"casey@example.org"}, "password": {testPassword}}, tc.header)
			wantStatus(t, resp, body, http.StatusForbidden)
			wantContains(t, body, "sent from another site")
		})
	}
	if _, err := e.db.FindSession(t.Context(), auth.HashToken(token)); err != nil {
		t.Errorf("a refused cross-site sign-out ended the session: %v", err)
	}
	// The same requests from the site itself pass.
	resp, body := b.do("POST", "/logout", url.Values{}, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
}

func TestClientPagesAndAccess(t *testing.T) {
	e := newUIEnv(t, false)
	north, south := e.team("North"), e.team("South")
	casey := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, south)
	e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, north)
	e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	c := &rapport.Client{
		TeamID: north, PreferredName: "Jordan", Pronouns: "they/them", Language: "English",
		ContactMethod: rapport.ContactText, ContactTimes: "weekday mornings",
		WhatMatters: "Getting my kids back every weekend.",
		Strengths:   []string{"Keeps every appointment", "Close to their sister"},
		Needs:       []rapport.Need{{Domain: rapport.NeedHousing, Level: rapport.NeedHigh, Note: "Couch-surfing since March"}},
		Diagnosis:   "Type 2 diabetes",
		CareTeam:    []int64{casey.ID},
	}
	if err := e.db.CreateClient(context.Background(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}
	path := "/clients/" + itoa(int(c.ID))

	for _, tc := range []struct {
		who      string
		homeHas  bool
		clientIs int
	}{
		{"casey@example.org", true, 200},
		{"sam@example.org", true, 200},
		{"robin@example.org", false, 403},
		{"ada@example.org", false, 403},
	} {
		t.Run(tc.who, func(t *testing.T) {
			b := e.browser()
			b.login(tc.who)
			resp, body := b.get("/")
			wantStatus(t, resp, body, 200)
			if got := strings.Contains(body, `href="`+path+`"`); got != tc.homeHas {
				t.Errorf("home lists Jordan: %v, want %v", got, tc.homeHas)
			}
			resp, body = b.get(path)
			wantStatus(t, resp, body, tc.clientIs)
			if tc.clientIs == 403 {
				wantContains(t, body, "care team")
				if strings.Contains(body, "Jordan") || strings.Contains(body, "diabetes") {
					t.Error("the 403 page shows client details")
				}
				return
			}
			wantContains(t, body, "<h1 id=\"person-name\">Jordan</h1>", "they/them", "Getting my kids back every weekend.",
				"Keeps every appointment", "Housing", "Couch-surfing since March", "Casey Manager", "North", "Type 2 diabetes")
			// The page leads with the person; the diagnosis comes last, among other details.
			if strings.Index(body, "What matters to me") > strings.Index(body, "Type 2 diabetes") {
				t.Error("the diagnosis comes before what matters to the person")
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("client page Cache-Control %q", resp.Header.Get("Cache-Control"))
			}
		})
	}

	b := e.browser()
	b.login("casey@example.org")
	for _, p := range []string{"/clients/999999", "/clients/abc", "/clients/-1"} {
		resp, body := b.get(p)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	// Not signed in: sent to sign in, and back to the client afterwards.
	resp, body := e.browser().get(path)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/login?next="+url.QueryEscape(path) {
		t.Errorf("redirect to %q", loc)
	}
}

func TestStaticAndSecurityHeaders(t *testing.T) {
	e := newUIEnv(t, false)
	b := e.browser()
	resp, body := b.get("/static/rapport.css")
	wantStatus(t, resp, body, 200)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("CSS Content-Type %q", ct)
	}
	resp, body = b.get("/static/")
	wantStatus(t, resp, body, 404)
	resp, body = b.get("/login")
	wantStatus(t, resp, body, 200)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
}

// TestTemplates renders every page with realistic data, and checks that the HTML fits the CSP
// (no inline scripts, styles or handlers) and the accessibility basics of the layout.
func TestTemplates(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	data := samplePages
	if len(data) != len(pageNames()) {
		t.Fatalf("the test covers %d pages; there are %d", len(data), len(pageNames()))
	}
	inline := regexp.MustCompile(`(?i)<script|<style|\sstyle=|\son[a-z]+=|javascript:`)
	// Scripts served from /static/ fit the CSP; they are the only ones allowed.
	staticScript := regexp.MustCompile(`<script src="/static/[a-z.]+\.js" defer></script>`)
	for _, name := range pageNames() {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			if err := executePage(pages, &b, name, data[name]); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			if m := inline.FindString(staticScript.ReplaceAllString(html, "")); m != "" {
				t.Errorf("inline script or style %q breaks the CSP", m)
			}
			wantContains(t, html, `<html lang="en">`, `class="skip-link" href="#main"`, `<main id="main"`, "<h1", `href="/static/rapport.css"`)
			if strings.Contains(html, "<Manager>") || strings.Contains(html, "<my dog>") {
				t.Error("text was not escaped")
			}
			// Every input that a person fills in has a label.
			for _, id := range regexp.MustCompile(`<input id="([^"]+)"`).FindAllStringSubmatch(html, -1) {
				if !strings.Contains(html, `<label for="`+id[1]+`">`) {
					t.Errorf("input %s has no label", id[1])
				}
			}
		})
	}
	if err := executePage(pages, io.Discard, "nonexistent", nil); err == nil {
		t.Error("executing an unknown page succeeded")
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "/",
		"/":                      "/",
		"/clients/7":             "/clients/7",
		"/clients/7?tab=notes":   "/clients/7?tab=notes",
		"//evil.example/":        "/",
		"/\\evil.example":        "/",
		"https://evil.example/":  "/",
		"clients/7":              "/",
		"javascript:alert(1)":    "/",
		"/%2F%2Fevil.example":    "/%2F%2Fevil.example",
		"/ok#frag":               "/ok#frag",
		"\t/clients":             "/",
		"http:/\\/evil.example/": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
