package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/survey"
)

// storedPulse stores Rapport's own instruments, as the server does at start, and returns the
// trust pulse's API path.
func storedPulse(t *testing.T, db *store.DB) string {
	t.Helper()
	mustDo(t, db.EnsureBuiltinInstruments(t.Context()))
	pulse, err := db.FindInstrumentByURL(t.Context(), survey.URLTrustPulse)
	mustDo(t, err)
	return "/api/v1/instruments/" + strconv.FormatInt(pulse.ID, 10)
}

// problemDetails is the part of an RFC 9457 problem these tests read.
type problemDetails struct {
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Location, Message string
	} `json:"errors"`
}

func TestAPIInstruments(t *testing.T) {
	f := newAPIFixture(t)
	pulsePath := storedPulse(t, f.db)
	admin := f.tokens["admin"]
	decode := func(t *testing.T, body string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
	}

	// Import a licensed copy: 201, its place in Location, recognised by its canonical URL.
	file := careJSON("1.0", "")
	resp, body := doAuth(t, f.ts, "POST", "/api/v1/instruments", admin, fhirJSON, file)
	if resp.StatusCode != 201 {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	var in InstrumentJSON
	decode(t, body, &in)
	want := InstrumentJSON{ID: in.ID, URL: survey.URLCARE, Version: "1.0", Title: "Licensed copy", Scored: true, Scoring: "builtin",
		Licensed: true, CreatedBy: f.admin.ID, CreatedAt: in.CreatedAt}
	if in != want || in.ID == 0 || in.CreatedAt.IsZero() {
		t.Errorf("imported %+v, want %+v", in, want)
	}
	loc := resp.Header.Get("Location")
	if loc != "/api/v1/instruments/"+strconv.FormatInt(in.ID, 10) {
		t.Errorf("Location %q", loc)
	}

	// Reading it back gives the Questionnaire as survey.EncodeQuestionnaire writes it, to any
	// live token.
	resp, body = doAuth(t, f.ts, "GET", loc, f.withoutScope[auth.ScopeClientsRead], "", "")
	if resp.StatusCode != 200 || body != canonicalJSON(t, file) {
		t.Errorf("get: %d\n%s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != fhirJSON {
		t.Errorf("content type %q, want %s", ct, fhirJSON)
	}

	// The list is paginated and reports the total.
	var page InstrumentList
	_, body = doAuth(t, f.ts, "GET", "/api/v1/instruments?limit=2&offset=1", f.tokens["care team"], "", "")
	decode(t, body, &page)
	if page.Total != 3 || len(page.Items) != 2 || page.Limit != 2 || page.Offset != 1 {
		t.Errorf("page: %s", body)
	}
	_, body = doAuth(t, f.ts, "GET", "/api/v1/instruments", f.tokens["other team"], "", "")
	decode(t, body, &page)
	scoring := map[string]string{}
	for _, it := range page.Items {
		scoring[it.URL] = it.Scoring
	}
	if scoring[survey.URLCARE] != "builtin" || scoring[survey.URLTrustPulse] != "questionnaire" || len(page.Items) != 3 {
		t.Errorf("list: %s", body)
	}
	if resp, body := doAuth(t, f.ts, "GET", pulsePath, admin, "", ""); resp.StatusCode != 200 || !strings.Contains(body, survey.URLTrustPulse) {
		t.Errorf("get the pulse: %d %.200s", resp.StatusCode, body)
	}
}

func TestAPIInstrumentImportRefused(t *testing.T) {
	f := newAPIFixture(t)
	storedPulse(t, f.db)
	admin := f.tokens["admin"]
	resp, body := doAuth(t, f.ts, "POST", "/api/v1/instruments", admin, "application/json", careJSON("1.0", ""))
	if resp.StatusCode != 201 {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	analyzeOnly := newToken(t, f.db, f.admin.ID, time.Hour, auth.ScopeAnalyze)
	for _, tc := range []struct {
		name, token, contentType, body string
		code                           int
		detail, location               string
	}{
		{"invalid", admin, fhirJSON, badJSON, 422, `the Questionnaire was not imported: item[0].type: item type "date" is not supported`, "body.item[0].type"},
		{"broken JSON", admin, fhirJSON, `{"resourceType":`, 422, "not imported", "body"},
		{"no url", admin, fhirJSON, `{"resourceType": "Questionnaire", "status": "active"}`, 422, "canonical url", ""},
		{"same url and version", admin, fhirJSON, careJSON("1.0", ""), 409, "is already stored", ""},
		{"wrong content type", admin, "text/plain", careJSON("2.0", ""), 415, "application/fhir+json", ""},
		{"too large", admin, fhirJSON, strings.Repeat(" ", survey.MaxJSONBytes+1), 413, "", ""},
		{"not an administrator", f.tokens["supervisor"], fhirJSON, careJSON("2.0", ""), 403, "only administrators", ""},
		{"without instruments:write", analyzeOnly, fhirJSON, careJSON("2.0", ""), 403, "scope", ""},
		{"no token", "", fhirJSON, careJSON("2.0", ""), 401, "personal access token", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := doAuth(t, f.ts, "POST", "/api/v1/instruments", tc.token, tc.contentType, tc.body)
			var p problemDetails
			if err := json.Unmarshal([]byte(body), &p); err != nil || resp.StatusCode != tc.code || p.Status != tc.code || !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("status %d body %.400s; want %d with detail %q", resp.StatusCode, body, tc.code, tc.detail)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("content type %q, want problem+json", resp.Header.Get("Content-Type"))
			}
			if tc.location != "" && (len(p.Errors) != 1 || p.Errors[0].Location != tc.location || p.Errors[0].Message == "") {
				t.Errorf("errors %+v, want one at %s", p.Errors, tc.location)
			}
		})
	}
	_, total, err := f.db.ListInstruments(t.Context(), rapport.Page{})
	mustDo(t, err)
	if total != 3 {
		t.Errorf("%d instruments after refused imports, want 3", total)
	}
	for path, code := range map[string]int{"/api/v1/instruments/99999": 404, "/api/v1/instruments/abc": 422, "/api/v1/instruments?limit=501": 422} {
		if resp, body := doAuth(t, f.ts, "GET", path, admin, "", ""); resp.StatusCode != code {
			t.Errorf("GET %s: %d, want %d: %s", path, resp.StatusCode, code, body)
		}
	}
}

func TestOpenAPIInstruments(t *testing.T) {
	ts := newTestServer(t, nil)
	_, body := do(t, ts, "GET", "/api/v1/openapi.json", "", "")
	var doc struct {
		Paths map[string]map[string]struct {
			Security  []map[string][]string
			Responses map[string]struct{ Content map[string]any }
		}
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		method, path string
		scopes       []string
	}{
		{"get", "/api/v1/instruments", []string{}},
		{"get", "/api/v1/instruments/{id}", []string{}},
		{"post", "/api/v1/instruments", []string{string(auth.ScopeInstrumentsWrite)}},
	} {
		op, ok := doc.Paths[r.path][r.method]
		if !ok {
			t.Errorf("OpenAPI lacks %s %s", r.method, r.path)
			continue
		}
		if len(op.Security) != 1 {
			t.Errorf("%s %s: security %v, want one requirement", r.method, r.path, op.Security)
			continue
		}
		if got, ok := op.Security[0][bearerScheme]; !ok || strings.Join(got, ",") != strings.Join(r.scopes, ",") {
			t.Errorf("%s %s: security %v, want bearer with scopes %v", r.method, r.path, op.Security, r.scopes)
		}
	}
	if content := doc.Paths["/api/v1/instruments/{id}"]["get"].Responses["200"].Content; len(content) != 1 || content[fhirJSON] == nil {
		t.Errorf("the Questionnaire is documented as %v, want %s only", content, fhirJSON)
	}
	resp, _ := doAuth(t, ts, "GET", "/api/v1/instruments", "", "", "")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d", resp.StatusCode)
	}
}
