package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/rapporthq/rapport"
)

func TestChangeOwnPassword(t *testing.T) {
	e := newAdminEnv(t)
	here, elsewhere := e.signedIn("casey@example.org"), e.signedIn("casey@example.org")
	const next = "a walk along the river at dusk"
	change := func(current, password, confirm string) (*http.Response, string) {
		return here.post("/account/password", url.Values{"current": {current}, "password": {password}, "confirm": {confirm}})
	}

	resp, body := here.get("/account/password")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, `<label for="current">Current password</label>`, `autocomplete="current-password"`, `href="/account/password" aria-current="page"`)

	// Each mistake is named at its field, and nothing changes.
	for _, tc := range []struct{ name, current, password, confirm, want string }{
		{"nothing typed", "", "", "", "Enter your current password."},
		{"too short", testPassword, "short", "short", "at least 12"},
		{"same as now", testPassword, testPassword, testPassword, "different from your current one"},
		{"not confirmed", testPassword, next, next + "!", "The two new passwords are not the same."},
		{"wrong current", "not my password at all", next, next, "That is not your current password."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := change(tc.current, tc.password, tc.confirm)
			wantStatus(t, resp, body, http.StatusUnprocessableEntity)
			wantContains(t, body, tc.want, `role="alert"`)
		})
	}
	if u, _ := e.db.FindUserByID(t.Context(), e.casey.ID); u.PasswordHash != testPasswordHash() {
		t.Fatal("a refused change changed the password")
	}

	resp, body = change(testPassword, next, next)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/account/password?done=changed" {
		t.Fatalf("redirected to %q", loc)
	}
	// The page that made the change stays signed in with a fresh session; the other is signed out.
	resp, body = here.get("/account/password?done=changed")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, passwordNotices["changed"])
	resp, _ = elsewhere.get("/account/tokens")
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another session still works after the change: %d", resp.StatusCode)
	}
	// Only the new password signs in.
	resp, body = e.browser().post("/login", url.Values{"email": {"casey@example.org"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusUnauthorized)
	resp, body = e.browser().post("/login", url.Values{"email": {"casey@example.org"}, "password": {next}})
	wantStatus(t, resp, body, http.StatusSeeOther)

	events, err := e.db.SearchAudit(t.Context(), rapport.Actor{UserID: e.ada.ID, Role: rapport.RoleAdmin},
		rapport.AuditFilter{UserID: e.casey.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || events[0].RecordID != e.casey.ID || events[0].Action != rapport.ActionUpdate {
		t.Errorf("the change is not the latest audit event: %+v", events)
	}
}

// Guessing the current password from an open session meets the sign-in limits.
func TestChangePasswordGuessesAreLimited(t *testing.T) {
	awaitFreshLimitWindow(t)
	e := newAdminEnv(t)
	sam := e.signedIn("sam@example.org")
	guess := url.Values{"current": {"a guess at the password"}, "password": {"a walk along the river"}, "confirm": {"a walk along the river"}}
	var resp *http.Response
	var body string
	for range 6 {
		resp, body = sam.post("/account/password", guess)
	}
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	wantContains(t, body, "Too many sign-in attempts")
	// The right password is refused too while the pause lasts.
	guess.Set("current", testPassword)
	resp, body = sam.post("/account/password", guess)
	wantStatus(t, resp, body, http.StatusTooManyRequests)
}
