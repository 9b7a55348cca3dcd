package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/store"
)

var allScopes = []auth.Scope{auth.ScopeClientsRead, auth.ScopeClientsWrite, auth.ScopeNotesWrite, auth.ScopeAnalyze, auth.ScopeInstrumentsWrite}

// doAuth sends a request with a bearer token ("" for none).
func doAuth(t *testing.T, ts *httptest.Server, method, path, token, contentType, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newUser(t *testing.T, db *store.DB, email string, role rapport.Role, teams ...int64) *rapport.User {
	t.Helper()
	u := &rapport.User{Email: email, Name: email, Role: role}
	mustDo(t, db.CreateUser(t.Context(), u))
	for _, team := range teams {
		mustDo(t, db.AddTeamMember(t.Context(), team, u.ID))
	}
	return u
}

func newToken(t *testing.T, db *store.DB, userID int64, expires time.Duration, scopes ...auth.Scope) string {
	t.Helper()
	plain, err := db.CreateAPIToken(t.Context(), &auth.APIToken{UserID: userID, Name: "test", Scopes: scopes, ExpiresAt: time.Now().Add(expires)})
	mustDo(t, err)
	return plain
}

// apiFixture: team A with a supervisor and a case manager on the client's
// care team; team B with another case manager; an admin on no care team.
type apiFixture struct {
	ts                    *httptest.Server
	db                    *store.DB
	teamA, teamB          *rapport.Team
	admin, sup, cm, cmB   *rapport.User
	client, otherClient   *rapport.Client
	concern, otherConcern *rapport.Concern
	tokens                map[string]string // by role column
	withoutScope          map[auth.Scope]string
	cmActor, adminActor   rapport.Actor
	clientPath, notePath  string
}

func newAPIFixture(t *testing.T) *apiFixture {
	t.Helper()
	db := sqliteDB(t)
	f := &apiFixture{db: db, ts: newTestServer(t, db)}
	ctx := t.Context()
	f.teamA, f.teamB = &rapport.Team{Name: "A"}, &rapport.Team{Name: "B"}
	mustDo(t, db.CreateTeam(ctx, f.teamA))
	mustDo(t, db.CreateTeam(ctx, f.teamB))
	f.admin = newUser(t, db, "admin@example.org", rapport.RoleAdmin)
	f.sup = newUser(t, db, "sup@example.org", rapport.RoleSupervisor, f.teamA.ID)
	f.cm = newUser(t, db, "cm@example.org", rapport.RoleCaseManager, f.teamA.ID)
	f.cmB = newUser(t, db, "cmb@example.org", rapport.RoleCaseManager, f.teamB.ID)
	f.cmActor = rapport.Actor{UserID: f.cm.ID, Role: f.cm.Role}
	f.adminActor = rapport.Actor{UserID: f.admin.ID, Role: f.admin.Role}
	f.client = &rapport.Client{TeamID: f.teamA.ID, PreferredName: "Jo", CareTeam: []int64{f.cm.ID}}
	mustDo(t, db.CreateClient(ctx, f.cmActor, f.client))
	bActor := rapport.Actor{UserID: f.cmB.ID, Role: f.cmB.Role}
	f.otherClient = &rapport.Client{TeamID: f.teamB.ID, PreferredName: "Kim", CareTeam: []int64{f.cmB.ID}}
	mustDo(t, db.CreateClient(ctx, bActor, f.otherClient))
	f.concern = &rapport.Concern{ClientID: f.client.ID, Words: "The bus is too far."}
	mustDo(t, db.CreateConcern(ctx, f.cmActor, f.concern))
	f.otherConcern = &rapport.Concern{ClientID: f.otherClient.ID, Words: "Nobody listens."}
	mustDo(t, db.CreateConcern(ctx, bActor, f.otherConcern))
	f.tokens = map[string]string{
		"admin":      newToken(t, db, f.admin.ID, time.Hour, allScopes...),
		"supervisor": newToken(t, db, f.sup.ID, time.Hour, allScopes...),
		"care team":  newToken(t, db, f.cm.ID, time.Hour, allScopes...),
		"other team": newToken(t, db, f.cmB.ID, time.Hour, allScopes...),
	}
	f.withoutScope = map[auth.Scope]string{}
	for _, s := range allScopes {
		others := slices.DeleteFunc(slices.Clone(allScopes), func(x auth.Scope) bool { return x == s })
		f.withoutScope[s] = newToken(t, db, f.cm.ID, time.Hour, others...)
	}
	f.clientPath = fmt.Sprintf("/api/v1/clients/%d", f.client.ID)
	f.notePath = f.clientPath + "/notes"
	return f
}

// TestAPIRoutesByRole covers every API route × role: admin (on no care
// team), the supervisor of the client's team, the case manager on the care
// team, a case manager of another team, no token, and a token without the
// route's scope.
func TestAPIRoutesByRole(t *testing.T) {
	coverRoutes(t)
	f := newAPIFixture(t)
	teamA := f.teamA.ID
	cp := f.clientPath
	pulse := storedPulse(t, f.db) // api_instruments_test.go
	const json = "application/json"
	type want struct{ admin, sup, cm, other int }
	seeClient := want{403, 200, 200, 403}
	addToClient := want{403, 201, 201, 403}
	for _, r := range []struct {
		method, path, body string
		scope              auth.Scope
		want               want
	}{
		{"POST", "/api/v1/analyze", `{"text":"How are you?"}`, auth.ScopeAnalyze, want{200, 200, 200, 200}},
		{"GET", "/api/v1/clients", "", auth.ScopeClientsRead, want{200, 200, 200, 200}},
		{"POST", "/api/v1/clients", fmt.Sprintf(`{"team_id":%d,"preferred_name":"New"}`, teamA), auth.ScopeClientsWrite, want{403, 201, 201, 403}},
		{"GET", cp, "", auth.ScopeClientsRead, seeClient},
		{"PATCH", cp, `{"pronouns":"they/them"}`, auth.ScopeClientsWrite, seeClient},
		{"GET", cp + "/goals", "", auth.ScopeClientsRead, seeClient},
		{"POST", cp + "/goals", `{"words":"Find a flat near my sister."}`, auth.ScopeClientsWrite, addToClient},
		{"GET", cp + "/concerns", "", auth.ScopeClientsRead, seeClient},
		{"POST", cp + "/concerns", `{"words":"Nobody calls back."}`, auth.ScopeClientsWrite, addToClient},
		{"PATCH", fmt.Sprintf("%s/concerns/%d", cp, f.concern.ID), `{"status":"in_progress"}`, auth.ScopeClientsWrite, seeClient},
		{"GET", cp + "/notes", "", auth.ScopeClientsRead, seeClient},
		{"POST", cp + "/notes", `{"body":"Jo said the new flat feels safer."}`, auth.ScopeNotesWrite, addToClient},
		{"GET", "/api/v1/instruments", "", "", want{200, 200, 200, 200}},
		{"GET", pulse, "", "", want{200, 200, 200, 200}},
		{"POST", "/api/v1/instruments", careJSON("1.0", ""), auth.ScopeInstrumentsWrite, want{201, 403, 403, 403}},
	} {
		for _, c := range []struct {
			role, token string
			code        int
		}{
			{"admin", f.tokens["admin"], r.want.admin},
			{"supervisor", f.tokens["supervisor"], r.want.sup},
			{"care team", f.tokens["care team"], r.want.cm},
			{"other team", f.tokens["other team"], r.want.other},
			{"no token", "", 401},
			{"wrong scope", f.withoutScope[r.scope], 403},
		} {
			if r.scope == "" && c.role == "wrong scope" {
				continue // any live token reads instruments: no scope is wrong
			}
			t.Run(r.method+" "+r.path+" as "+c.role, func(t *testing.T) {
				ct := ""
				if r.body != "" {
					ct = json
				}
				resp, body := doAuth(t, f.ts, r.method, r.path, c.token, ct, r.body)
				if resp.StatusCode != c.code {
					t.Errorf("status %d, want %d: %.300s", resp.StatusCode, c.code, body)
				}
				if c.code >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("error content type %q, want problem+json", resp.Header.Get("Content-Type"))
				}
				if c.code == 401 && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without a Bearer challenge: %q", resp.Header.Get("WWW-Authenticate"))
				}
			})
		}
	}
}

func TestAPITokenChecks(t *testing.T) {
	f := newAPIFixture(t)
	db := f.db
	revoked := newToken(t, db, f.cm.ID, time.Hour, allScopes...)
	tok, err := db.FindAPITokenByHash(t.Context(), auth.HashToken(revoked))
	mustDo(t, err)
	mustDo(t, db.RevokeAPIToken(t.Context(), f.cm.ID, tok.ID))
	expiring := newToken(t, db, f.cm.ID, 1200*time.Millisecond, allScopes...)
	disabledUser := newUser(t, db, "gone@example.org", rapport.RoleCaseManager, f.teamA.ID)
	disabled := newToken(t, db, disabledUser.ID, time.Hour, allScopes...)
	yes := true
	_, err = db.UpdateUser(t.Context(), disabledUser.ID, rapport.UserUpdate{Disabled: &yes})
	mustDo(t, err)
	unknown, _, _ := auth.NewToken(auth.PrefixAPI)
	session, _, _ := auth.NewToken(auth.PrefixSession)
	time.Sleep(1300 * time.Millisecond) // let the expiring token expire

	for _, tc := range []struct {
		name, header string
		code         int
		challenge    string // a fragment of WWW-Authenticate
		want         string // a fragment of the body
	}{
		{"no header", "", 401, `Bearer realm="rapport"`, "personal access token"},
		{"basic auth", "Basic dXNlcjpwYXNz", 401, `error="invalid_token"`, "personal access token"},
		{"malformed", "Bearer rpt_short", 401, `error="invalid_token"`, "not valid"},
		{"session token", "Bearer " + session, 401, `error="invalid_token"`, "not valid"},
		{"unknown", "Bearer " + unknown, 401, `error="invalid_token"`, "not valid"},
		{"revoked", "Bearer " + revoked, 401, `error="invalid_token"`, "revoked"},
		{"expired", "Bearer " + expiring, 401, `error="invalid_token"`, "expired"},
		{"disabled owner", "Bearer " + disabled, 401, `error="invalid_token"`, "not valid"},
		{"missing scope", "Bearer " + f.withoutScope[auth.ScopeClientsRead], 403, `error="insufficient_scope"`, "scope"},
		{"good", "Bearer " + f.tokens["care team"], 200, "", `"items"`},
		{"lower-case scheme", "bearer " + f.tokens["care team"], 200, "", `"items"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", f.ts.URL+"/api/v1/clients", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := f.ts.Client().Do(req)
			mustDo(t, err)
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.code || !strings.Contains(string(b), tc.want) {
				t.Errorf("status %d body %.300s; want %d containing %q", resp.StatusCode, b, tc.code, tc.want)
			}
			if got := resp.Header.Get("WWW-Authenticate"); !strings.Contains(got, tc.challenge) {
				t.Errorf("WWW-Authenticate %q, want %q", got, tc.challenge)
			}
		})
	}

	// Using a token records its last use.
	tok, err = db.FindAPITokenByHash(t.Context(), auth.HashToken(f.tokens["care team"]))
	mustDo(t, err)
	if tok.LastUsedAt.IsZero() {
		t.Error("last use not recorded")
	}
}

func TestAPINoDatabase(t *testing.T) {
	ts := newTestServer(t, nil)
	tok, _, _ := auth.NewToken(auth.PrefixAPI)
	resp, _ := doAuth(t, ts, "GET", "/api/v1/clients", "", "", "")
	if resp.StatusCode != 401 {
		t.Errorf("no token, no database: %d", resp.StatusCode)
	}
	resp, _ = doAuth(t, ts, "GET", "/api/v1/clients", tok, "", "")
	if resp.StatusCode != 503 {
		t.Errorf("token, no database: %d, want 503", resp.StatusCode)
	}
}

func TestAPIHappyPaths(t *testing.T) {
	f := newAPIFixture(t)
	tok := f.tokens["care team"]
	ts := f.ts
	decode := func(t *testing.T, body string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
	}

	// Create a client: the case manager who creates it joins its care team.
	resp, body := doAuth(t, ts, "POST", "/api/v1/clients", tok, "application/json", fmt.Sprintf(`{"team_id":%d,"preferred_name":"Ari",
		"pronouns":"she/her","contact_method":"text","what_matters":"Seeing my kids on Sundays.","strengths":["funny","persistent"],
		"needs":[{"domain":"housing","level":"high","note":"sofa surfing"}],"demographics":{"consent":true,"age_band":"25-34"}}`, f.teamA.ID))
	if resp.StatusCode != 201 {
		t.Fatalf("create client: %d %s", resp.StatusCode, body)
	}
	var c ClientJSON
	decode(t, body, &c)
	if c.ID == 0 || c.PreferredName != "Ari" || !slices.Contains(c.CareTeam, f.cm.ID) || len(c.Needs) != 1 || c.Demographics.AgeBand != "25-34" {
		t.Errorf("created client %+v", c)
	}
	path := fmt.Sprintf("/api/v1/clients/%d", c.ID)

	resp, body = doAuth(t, ts, "GET", path, tok, "", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"what_matters":"Seeing my kids on Sundays."`) {
		t.Errorf("get client: %d %s", resp.StatusCode, body)
	}
	resp, body = doAuth(t, ts, "PATCH", path, tok, "application/json", `{"language":"Polish","needs":[{"domain":"food","level":"low"}]}`)
	decode(t, body, &c)
	if resp.StatusCode != 200 || c.Language != "Polish" || len(c.Needs) != 2 || c.Pronouns != "she/her" {
		t.Errorf("patch client: %d %s", resp.StatusCode, body)
	}

	// Pagination: the case manager sees Jo and Ari.
	var page ClientList
	_, body = doAuth(t, ts, "GET", "/api/v1/clients?limit=1", tok, "", "")
	decode(t, body, &page)
	if page.Total != 2 || len(page.Items) != 1 || page.Items[0].PreferredName != "Ari" || page.Limit != 1 {
		t.Errorf("page 1: %s", body)
	}
	_, body = doAuth(t, ts, "GET", "/api/v1/clients?limit=1&offset=1", tok, "", "")
	decode(t, body, &page)
	if page.Total != 2 || len(page.Items) != 1 || page.Items[0].PreferredName != "Jo" || page.Offset != 1 {
		t.Errorf("page 2: %s", body)
	}
	_, body = doAuth(t, ts, "GET", "/api/v1/clients?name=ar", tok, "", "")
	decode(t, body, &page)
	if page.Total != 1 || page.Items[0].PreferredName != "Ari" {
		t.Errorf("by name: %s", body)
	}
	// The supervisor sees the team's clients; the admin, on no care team, sees none.
	_, body = doAuth(t, ts, "GET", "/api/v1/clients", f.tokens["supervisor"], "", "")
	decode(t, body, &page)
	if page.Total != 2 {
		t.Errorf("supervisor's list: %s", body)
	}
	_, body = doAuth(t, ts, "GET", "/api/v1/clients", f.tokens["admin"], "", "")
	decode(t, body, &page)
	if page.Total != 0 || page.Items == nil {
		t.Errorf("admin's list: %s", body)
	}

	// Goals.
	resp, body = doAuth(t, ts, "POST", path+"/goals", tok, "application/json",
		`{"words":"Get my own place","target_date":"2026-09-30","steps":[{"text":"Call the housing office","who_helps":"me"}]}`)
	var g GoalJSON
	decode(t, body, &g)
	if resp.StatusCode != 201 || g.Status != "active" || g.TargetDate != "2026-09-30" || len(g.Steps) != 1 {
		t.Errorf("create goal: %d %s", resp.StatusCode, body)
	}
	var goals GoalList
	_, body = doAuth(t, ts, "GET", path+"/goals", tok, "", "")
	decode(t, body, &goals)
	if goals.Total != 1 || goals.Items[0].ID != g.ID {
		t.Errorf("list goals: %s", body)
	}

	// Concerns: resolving needs a response.
	resp, body = doAuth(t, ts, "POST", path+"/concerns", tok, "application/json", `{"words":"I can't get to appointments."}`)
	var con ConcernJSON
	decode(t, body, &con)
	if resp.StatusCode != 201 || con.Status != "open" {
		t.Fatalf("create concern: %d %s", resp.StatusCode, body)
	}
	cpath := fmt.Sprintf("%s/concerns/%d", path, con.ID)
	resp, body = doAuth(t, ts, "PATCH", cpath, tok, "application/json", `{"status":"resolved"}`)
	if resp.StatusCode != 422 || !strings.Contains(body, "response") {
		t.Errorf("resolve without response: %d %s", resp.StatusCode, body)
	}
	resp, body = doAuth(t, ts, "PATCH", cpath, tok, "application/json", `{"status":"resolved","response":"Bus pass arranged."}`)
	decode(t, body, &con)
	if resp.StatusCode != 200 || con.Status != "resolved" || con.ResolvedAt == nil {
		t.Errorf("resolve: %d %s", resp.StatusCode, body)
	}
	var concerns ConcernList
	_, body = doAuth(t, ts, "GET", path+"/concerns?status=resolved", tok, "", "")
	decode(t, body, &concerns)
	if concerns.Total != 1 {
		t.Errorf("list resolved concerns: %s", body)
	}

	// Notes: the analysis is stored with the note and returned by the list.
	resp, body = doAuth(t, ts, "POST", path+"/notes", tok, "application/json", `{"body":"Client is noncompliant with meds."}`)
	var n NoteJSON
	decode(t, body, &n)
	if resp.StatusCode != 201 || n.Kind != "note" || n.Analysis == nil || !strings.Contains(body, `"code":"stigmatizing_language"`) {
		t.Errorf("create note: %d %s", resp.StatusCode, body)
	}
	var notes NoteList
	_, body = doAuth(t, ts, "GET", path+"/notes?kind=note", tok, "", "")
	decode(t, body, &notes)
	if notes.Total != 1 || notes.Items[0].Analysis == nil || !strings.Contains(body, "stigmatizing_language") {
		t.Errorf("list notes: %s", body)
	}
}

func TestAPIBadInput(t *testing.T) {
	f := newAPIFixture(t)
	tok := f.tokens["care team"]
	cp := f.clientPath
	const js = "application/json"
	for _, tc := range []struct {
		name, method, path, contentType, body string
		code                                  int
		want                                  string
	}{
		{"malformed json", "POST", cp + "/notes", js, `{"body":`, 400, `"status":400`},
		{"wrong content type", "POST", cp + "/notes", "text/plain", `hello`, 415, `"status":415`},
		{"unknown client", "GET", "/api/v1/clients/99999", "", "", 404, "client 99999 not found"},
		{"unknown client's notes", "POST", "/api/v1/clients/99999/notes", js, `{"body":"hi"}`, 404, "not found"},
		{"bad client id", "GET", "/api/v1/clients/abc", "", "", 422, "id"},
		{"unknown concern", "PATCH", cp + "/concerns/99999", js, `{"status":"open"}`, 404, "concern 99999 not found"},
		{"another client's concern", "PATCH", fmt.Sprintf("/api/v1/clients/%d/concerns/%d", f.otherClient.ID, f.concern.ID), js, `{"status":"open"}`, 403, "care team"},
		{"another client's concern under this client", "PATCH", fmt.Sprintf("%s/concerns/%d", cp, f.otherConcern.ID), js, `{"status":"open"}`, 404, "not found for this client"},
		{"over-long name", "PATCH", cp, js, `{"preferred_name":"` + strings.Repeat("x", 201) + `"}`, 422, "preferred_name"},
		{"over-long note", "POST", cp + "/notes", js, `{"body":"` + strings.Repeat("x", rapport.MaxNoteLen+1) + `"}`, 422, "body"},
		{"over-long strength", "PATCH", cp, js, `{"strengths":["` + strings.Repeat("x", 501) + `"]}`, 422, "strength"},
		{"over-long goal", "POST", cp + "/goals", js, `{"words":"` + strings.Repeat("x", 2001) + `"}`, 422, "words"},
		{"unknown field", "PATCH", cp, js, `{"nickname":"J"}`, 422, "nickname"},
		{"empty patch", "PATCH", cp, js, `{}`, 422, "no field"},
		{"empty note", "POST", cp + "/notes", js, `{"body":""}`, 422, "body"},
		{"blank note", "POST", cp + "/notes", js, `{"body":"   "}`, 422, "note is required"},
		{"bad kind", "POST", cp + "/notes", js, `{"body":"hi","kind":"poem"}`, 422, "kind"},
		{"bad date", "POST", cp + "/goals", js, `{"words":"x","target_date":"next week"}`, 422, "target_date"},
		{"consent", "PATCH", cp, js, `{"demographics":{"gender":"woman"}}`, 422, "consent"},
		{"unknown team", "POST", "/api/v1/clients", js, `{"team_id":99999,"preferred_name":"X"}`, 403, "team you belong to"},
		{"limit too big", "GET", "/api/v1/clients?limit=501", "", "", 422, "limit"},
		{"negative offset", "GET", "/api/v1/clients?offset=-1", "", "", 422, "offset"},
		{"body too large", "POST", cp + "/notes", js, `{"body":"` + strings.Repeat("x", maxRecordBody) + `"}`, 413, `"status":413`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := doAuth(t, f.ts, tc.method, tc.path, tok, tc.contentType, tc.body)
			if resp.StatusCode != tc.code || !strings.Contains(body, tc.want) {
				t.Errorf("status %d body %.400s; want %d containing %q", resp.StatusCode, body, tc.code, tc.want)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("content type %q, want problem+json", resp.Header.Get("Content-Type"))
			}
		})
	}
	// The token is checked before the body is read.
	if resp, _ := doAuth(t, f.ts, "POST", cp+"/notes", "", js, `{"body":`); resp.StatusCode != 401 {
		t.Errorf("no token and malformed JSON: %d, want 401", resp.StatusCode)
	}

	// Nothing was changed by the refused requests.
	c, err := f.db.FindClientByID(t.Context(), f.cmActor, f.client.ID)
	mustDo(t, err)
	if c.PreferredName != "Jo" || len(c.Strengths) != 0 || c.Demographics.Gender != "" {
		t.Errorf("client changed by a refused request: %+v", c)
	}
}

// A repeated submission is not merged: each POST stores a new note, and
// each is audited.
func TestAPIDuplicateSubmission(t *testing.T) {
	f := newAPIFixture(t)
	tok := f.tokens["care team"]
	var ids []int64
	for range 2 {
		resp, body := doAuth(t, f.ts, "POST", f.notePath, tok, "application/json", `{"body":"Jo found a flat."}`)
		var n NoteJSON
		if err := json.Unmarshal([]byte(body), &n); err != nil || resp.StatusCode != 201 {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		ids = append(ids, n.ID)
	}
	if ids[0] == ids[1] {
		t.Errorf("both submissions got note %d", ids[0])
	}
	_, body := doAuth(t, f.ts, "GET", f.notePath, tok, "", "")
	if !strings.Contains(body, `"total":2`) {
		t.Errorf("list after two submissions: %s", body)
	}

	// With an Idempotency-Key, a retry is refused with 409 and names the note saved first.
	var statuses []int
	for range 2 {
		req, _ := http.NewRequest("POST", f.ts.URL+f.notePath, strings.NewReader(`{"body":"Jo signed the lease."}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "retry-7")
		resp, err := f.ts.Client().Do(req)
		mustDo(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		body = string(b)
	}
	if !slices.Equal(statuses, []int{201, 409}) || !strings.Contains(body, "already saved") || !strings.Contains(body, "(note 3)") {
		t.Errorf("statuses %v, last answer %s: want 201 then 409 naming note 3", statuses, body)
	}
	if _, body := doAuth(t, f.ts, "GET", f.notePath, tok, "", ""); !strings.Contains(body, `"total":3`) {
		t.Errorf("list after a retried submission: %s", body)
	}
}

// The store records each read and write made through the API, as the caller.
func TestAPIAudit(t *testing.T) {
	f := newAPIFixture(t)
	tok := f.tokens["care team"]
	for _, r := range []struct{ method, path, body string }{
		{"GET", f.clientPath, ""},
		{"PATCH", f.clientPath, `{"language":"Welsh"}`},
		{"GET", f.clientPath + "/goals", ""},
		{"POST", f.clientPath + "/goals", `{"words":"Learn to drive"}`},
		{"GET", f.clientPath + "/concerns", ""},
		{"PATCH", fmt.Sprintf("%s/concerns/%d", f.clientPath, f.concern.ID), `{"response":"Asked the bus company."}`},
		{"POST", f.notePath, `{"body":"Jo is learning to drive.","kind":"note"}`},
		{"GET", f.notePath, ""},
		{"GET", "/api/v1/clients", ""},
	} {
		ct := ""
		if r.body != "" {
			ct = "application/json"
		}
		if resp, body := doAuth(t, f.ts, r.method, r.path, tok, ct, r.body); resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", r.method, r.path, resp.StatusCode, body)
		}
	}
	// A refused request reads nothing, so it records nothing for the client.
	doAuth(t, f.ts, "GET", f.clientPath, f.tokens["other team"], "", "")

	events, err := f.db.SearchAudit(t.Context(), f.adminActor, rapport.AuditFilter{ClientID: f.client.ID, Limit: 100})
	mustDo(t, err)
	type key struct {
		user   int64
		action rapport.AuditAction
		record rapport.RecordType
	}
	got := map[key]int{}
	for _, e := range events {
		got[key{e.UserID, e.Action, e.RecordType}]++
		if e.UserID == f.cmB.ID {
			t.Errorf("refused request audited as a read: %+v", e)
		}
	}
	cm := f.cm.ID
	for _, k := range []key{
		{cm, rapport.ActionView, rapport.RecordClient},
		{cm, rapport.ActionUpdate, rapport.RecordClient},
		{cm, rapport.ActionView, rapport.RecordGoal},
		{cm, rapport.ActionCreate, rapport.RecordGoal},
		{cm, rapport.ActionView, rapport.RecordConcern},
		{cm, rapport.ActionUpdate, rapport.RecordConcern},
		{cm, rapport.ActionCreate, rapport.RecordNote},
		{cm, rapport.ActionView, rapport.RecordNote},
		{cm, rapport.ActionSearch, rapport.RecordClient},
	} {
		if got[k] == 0 {
			t.Errorf("no audit event %+v; got %v", k, got)
		}
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	ts := newTestServer(t, nil)
	_, body := do(t, ts, "GET", "/api/v1/openapi.json", "", "")
	var doc struct {
		Paths      map[string]map[string]struct{ Security []map[string][]string }
		Components struct{ SecuritySchemes map[string]any }
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ method, path string }{
		{"post", "/api/v1/analyze"},
		{"get", "/api/v1/clients"}, {"post", "/api/v1/clients"},
		{"get", "/api/v1/clients/{id}"}, {"patch", "/api/v1/clients/{id}"},
		{"get", "/api/v1/clients/{id}/goals"}, {"post", "/api/v1/clients/{id}/goals"},
		{"get", "/api/v1/clients/{id}/concerns"}, {"post", "/api/v1/clients/{id}/concerns"},
		{"patch", "/api/v1/clients/{id}/concerns/{cid}"},
		{"get", "/api/v1/clients/{id}/notes"}, {"post", "/api/v1/clients/{id}/notes"},
	} {
		op, ok := doc.Paths[r.path][r.method]
		if !ok {
			t.Errorf("OpenAPI lacks %s %s", r.method, r.path)
			continue
		}
		if len(op.Security) != 1 || len(op.Security[0][bearerScheme]) != 1 {
			t.Errorf("%s %s: security %v, want the bearer scheme with one scope", r.method, r.path, op.Security)
		}
	}
	if doc.Components.SecuritySchemes[bearerScheme] == nil {
		t.Error("no bearer security scheme")
	}
}

func TestProblemTable(t *testing.T) {
	h := &apiHandlers{s: New(Config{})}
	for code, status := range map[string]int{
		rapport.ENOTFOUND: 404, rapport.EINVALID: 422, rapport.EUNAUTHORIZED: 401, rapport.EFORBIDDEN: 403, rapport.ECONFLICT: 409,
	} {
		err := h.problem("test", fmt.Errorf("store: x: %w", rapport.Errorf(code, "msg %s", code)))
		if se, ok := err.(interface{ GetStatus() int }); !ok || se.GetStatus() != status || !strings.Contains(err.Error(), "msg "+code) {
			t.Errorf("%s: %v", code, err)
		}
	}
	err := h.problem("test", fmt.Errorf("dial tcp 10.0.0.1: secret detail"))
	if se, ok := err.(interface{ GetStatus() int }); !ok || se.GetStatus() != 500 || strings.Contains(err.Error(), "secret") {
		t.Errorf("internal error: %v", err)
	}
}
