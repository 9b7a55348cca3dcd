package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rapporthq/rapport"
)

// TestPageRoutesByRole checks every signed-in page route for every role and for a visitor who
// is not signed in: the status says who may see or change what. (The API has its own table in
// api_test.go; sign-in, sign-out and setup are covered in ui_test.go.)
func TestPageRoutesByRole(t *testing.T) {
	coverRoutes(t)
	e := newUIEnv(t, false)
	north, south := e.team("North"), e.team("South")
	casey := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, south)
	e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, north)
	e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	c := &rapport.Client{TeamID: north, PreferredName: "Jordan", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(context.Background(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}
	client := "/clients/" + itoa(int(c.ID))
	note := url.Values{"kind": {"note"}, "text": {"Called Jordan about the lease."}, "context": {""}}
	apply := url.Values{"kind": {"note"}, "text": {"You are lazy."}, "suggestion": {"8,12,tired"}}

	routes := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/", nil},
		{"GET", client, nil},
		{"GET", client + "/notes/new", nil},
		{"POST", client + "/notes/check", note},
		{"POST", client + "/notes/apply", apply},
		{"POST", client + "/notes", note},
		{"GET", "/login", nil},
		{"GET", "/setup/setup_unknown", nil},
		{"POST", "/setup/setup_unknown", url.Values{"name": {"Eve"}}},
		{"POST", "/reset/reset_unknown", url.Values{"password": {"x"}}},
		{"POST", "/logout", url.Values{}}, // last: it ends each caller's session
	}
	// want[route][caller]: the care-team case manager and the team's supervisor may write; a
	// case manager of another team and an admin not on the care team see no client details;
	// a visitor is sent to sign in, or, sending a form, answered 401 with the sign-in page
	// carrying what they typed (ui_resume.go).
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	want := [][]int{
		{200, 200, 200, 200, http.StatusSeeOther},
		{200, 200, 403, 403, http.StatusSeeOther},
		{200, 200, 403, 403, http.StatusSeeOther},
		{200, 200, 403, 403, http.StatusUnauthorized},
		{200, 200, 403, 403, http.StatusUnauthorized},
		{http.StatusSeeOther, http.StatusSeeOther, 403, 403, http.StatusUnauthorized},
		// Sign-in, one-time links and sign-out are the same for everyone: the sign-in page
		// shows; a link that is not known is 404; signing out ends whatever session there is.
		{200, 200, 200, 200, 200},
		{404, 404, 404, 404, 404},
		{404, 404, 404, 404, 404},
		{404, 404, 404, 404, 404},
		{303, 303, 303, 303, 303},
	}
	// One browser per caller, signed in once: signing in for every request would meet the
	// sign-in limits.
	browsers := make([]*browser, len(callers))
	for j, who := range callers {
		browsers[j] = e.browser()
		if who != "" {
			browsers[j].login(who)
		}
	}
	for i, r := range routes {
		for j, who := range callers {
			name := who
			if name == "" {
				name = "visitor"
			}
			t.Run(r.method+" "+r.path+" as "+name, func(t *testing.T) {
				resp, body := browsers[j].do(r.method, r.path, r.form, nil)
				if resp.StatusCode != want[i][j] {
					t.Errorf("status %d, want %d\n%.400s", resp.StatusCode, want[i][j], body)
				}
				if resp.StatusCode == 403 && strings.Contains(body, "Jordan") {
					t.Error("a refusal shows client details")
				}
			})
		}
	}
}
