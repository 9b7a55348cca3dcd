package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/stats"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/survey"
)

func init() {
	q := trustQuery{Months: 12, Instrument: &rapport.Instrument{ID: 3, Title: "Trust <pulse>", Version: "1"},
		Instruments: []*rapport.Instrument{{ID: 3, Title: "Trust <pulse>", Version: "1"}, {ID: 4, Title: "CARE"}}}
	g := trustGroup{ID: "team-1", Heading: "North <east>", Min: 1, Max: 5, Decimals: 2, minN: 5}
	series := []rapport.TrustPeriod{
		{Start: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), ScoreSums: rapport.ScoreSums{N: 2, Sum: 9, SumSq: 41}},
		{Start: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), ScoreSums: rapport.ScoreSums{N: 6, Sum: 24.2, SumSq: 103.8}},
	}
	g.Months = &trustTable{Caption: "Per month", Head: "Month", Rows: []trustRow{{Label: "February 2025"}, {Label: "March 2025"}}}
	g.fill(g.Months, []rapport.ScoreSums{series[0].ScoreSums, series[1].ScoreSums}, 5)
	g.Total = g.numbers(rapport.ScoreSums{N: 8, Sum: 33.2, SumSq: 144.8})
	g.Chart = g.seriesChart(q, series, g.Months)
	g.Dist = newTrustDist("team-1", "Trust <pulse>", rapport.TrustDistribution{Min: 1, Max: 5, Counts: []rapport.ScoreCount{{Score: 2, Count: 1}, {Score: 4.4, Count: 3}, {Score: 5, Count: 4}}})
	g.Staff = &trustTable{Caption: "By case manager", Head: "Case manager", Rows: []trustRow{{Label: "Robin <Other>"}, {Label: "Casey <Manager>"}}}
	g.fill(g.Staff, []rapport.ScoreSums{{N: 2, Sum: 9, SumSq: 41}, {N: 6, Sum: 24.2, SumSq: 103.8}}, 5)
	samplePages["trust"] = &trustPage{page: page{Title: "Trust", User: sampleUser}, Form: newTrustForm("/surveys", q), Instrument: "Trust <pulse>",
		Builtin: true, MinN: 5, Query: q.values(), Own: true, Groups: []trustGroup{g, {ID: "empty", Heading: "South", Total: trustNumbers{Hidden: fewerThan(5)},
			Months: &trustTable{}}},
		Teams:    &trustTable{Caption: "By team", Head: "Team", Rows: []trustRow{{Label: "North <east>", trustNumbers: g.Total}}},
		Comments: &commentList{Read: 2, Total: 9, Rows: []commentRow{{ClientID: 7, Date: series[1].Start, Text: "She listened <my dog>", Flagged: true}}}}

	rows := []rhoRow{correlate(empathyMetrics[0], nil), {Metric: "Open-question rate", N: 40, Rho: "0.31", CI: "0.02 to 0.55", Reading: "Higher <values>", Evidence: true}}
	samplePages["trust_empathy"] = &empathyPage{page: page{Title: "Empathy and trust", User: sampleUser}, Form: newTrustForm("/surveys/empathy-trust", q),
		Instrument: "Trust <pulse>", MinN: 5, MinPairs: 20, Window: 90, Query: q.values(),
		Groups: []empathyGroup{{ID: "team-1", Heading: "North <east>", Pairs: 40, Anonymous: 3, WithoutNotes: 2, Rows: rows,
			Staff: []empathyStaffRow{{Name: "Casey <Manager>", Pairs: 2, Hidden: "fewer than 5"}, {Name: "Robin <Other>", Pairs: 30, Cells: slicesRepeat(rows[1], len(empathyMetrics))}}}}}
}

func slicesRepeat(r rhoRow, n int) []rhoRow {
	out := make([]rhoRow, n)
	for i := range out {
		out[i] = r
	}
	return out
}

// trustEnv is two teams with survey history whose figures are worked out by hand below.
// North: Casey (6 responses this month, one anonymous), Lee (5, two months ago), Pat (4, last
// month) and Kim (1, this month). South: Robin, with none. Sam supervises North.
type trustEnv struct {
	*uiEnv
	north, south                       int64
	casey, lee, pat, kim, robin, sam   *rapport.User
	ada                                *rapport.User
	pulse                              *rapport.Instrument
	thisMonth, lastMonth, twoMonthsAgo time.Time
}

func newTrustEnv(t *testing.T) *trustEnv { return newTrustEnvMinN(t, 0) }

// newTrustEnvMinN is newTrustEnv with a server configured with the minimum n.
func newTrustEnvMinN(t *testing.T, minN int) *trustEnv {
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
	ts := httptest.NewTLSServer(testHandler(Config{Analyzer: a, DB: db, SignIn: db.Logins(), MinN: minN, Logger: slog.New(slog.DiscardHandler)}))
	t.Cleanup(ts.Close)
	e := &uiEnv{t: t, ts: ts, db: db}
	if err := e.db.EnsureBuiltinInstruments(t.Context()); err != nil {
		t.Fatal(err)
	}
	te := &trustEnv{uiEnv: e, north: e.team("North"), south: e.team("South")}
	te.casey = e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, te.north)
	te.lee = e.user("lee@example.org", "Lee Ward", rapport.RoleCaseManager, te.north)
	te.pat = e.user("pat@example.org", "Pat Quinn", rapport.RoleCaseManager, te.north)
	te.kim = e.user("kim@example.org", "Kim Baker", rapport.RoleCaseManager, te.north)
	te.robin = e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, te.south)
	te.sam = e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, te.north)
	te.ada = e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	if te.pulse, err = e.db.FindInstrumentByURL(t.Context(), survey.URLTrustPulse); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	te.thisMonth = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC) // never after now
	te.lastMonth = te.thisMonth.AddDate(0, 0, -1)
	te.twoMonthsAgo = te.thisMonth.AddDate(0, 0, -40)

	jordan := te.client(t, te.casey, "Jordan")
	var rs []*rapport.SurveyResponse
	add := func(cm *rapport.User, client int64, at time.Time, score float64, comment string, flagged bool) {
		rs = append(rs, &rapport.SurveyResponse{InstrumentID: te.pulse.ID, CaseManagerID: cm.ID, TeamID: te.north, ClientID: client,
			Anonymous: client == 0, Status: rapport.ResponseCompleted, Answers: []byte(commentAnswers(comment)), Score: &score,
			Comment: comment, Flagged: flagged, CompletedAt: at})
	}
	for i, s := range []float64{5, 5, 4, 3.8, 4.4} {
		comment := ""
		switch i {
		case 0:
			comment = "She listened to me <b>properly</b>"
		case 1:
			comment = "=HYPERLINK(\"http://evil.example\")"
		}
		add(te.casey, jordan.ID, te.thisMonth, s, comment, i == 1)
	}
	add(te.casey, 0, te.thisMonth, 2, "anonymous words nobody should see", false)
	for _, s := range []float64{5, 4, 4.6, 3.8, 4.2} {
		add(te.lee, te.client(t, te.lee, "Lee's client").ID, te.twoMonthsAgo, s, "", false)
	}
	for _, s := range []float64{4, 4, 3, 5} {
		add(te.pat, te.client(t, te.pat, "Pat's client").ID, te.lastMonth, s, "", false)
	}
	add(te.kim, te.client(t, te.kim, "Kim's client").ID, te.thisMonth, 3, "", false)
	if err := e.db.ImportResponses(t.Context(), rapport.Actor{UserID: te.ada.ID, Role: te.ada.Role}, rs); err != nil {
		t.Fatal(err)
	}
	return te
}

// commentAnswers is a trust-pulse response with a free-text comment when there is one.
func commentAnswers(comment string) string {
	items := `{"linkId":"heard","answer":[{"valueCoding":{"code":"5"}}]}`
	if comment != "" {
		c, _ := json.Marshal(comment)
		items += `,{"linkId":"comment","answer":[{"valueString":` + string(c) + `}]}`
	}
	return `{"resourceType":"QuestionnaireResponse","status":"completed","item":[` + items + `]}`
}

func (te *trustEnv) client(t *testing.T, cm *rapport.User, name string) *rapport.Client {
	t.Helper()
	c := &rapport.Client{TeamID: te.north, PreferredName: name, CareTeam: []int64{cm.ID}}
	if err := te.db.CreateClient(t.Context(), rapport.Actor{UserID: cm.ID, Role: cm.Role}, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// browsers signs each caller in once: signing in for every cell would trip the rate limit.
func (te *trustEnv) browsers(callers []string) []*browser {
	out := make([]*browser, len(callers))
	for j, who := range callers {
		out[j] = te.browser()
		if who != "" {
			out[j].login(who)
		}
	}
	return out
}

// TestTrustRoutesByRole checks every route this feature adds for each role and for a visitor.
func TestTrustRoutesByRole(t *testing.T) {
	coverRoutes(t)
	te := newTrustEnv(t)
	routes := []string{
		"/surveys", "/surveys?months=24&instrument=" + itoa(int(te.pulse.ID)), "/surveys?months=7", "/surveys?instrument=999999", "/surveys?instrument=abc",
		"/surveys/empathy-trust", "/surveys/empathy-trust?months=0",
		"/surveys/export.csv", "/surveys/export.csv?months=5",
		"/surveys/export.fhir.json", "/surveys/export.fhir.json?instrument=-1",
	}
	// want[route][caller]: every signed-in role has a scope of its own, so each page answers
	// 200; bad selections are 400 for everyone; a visitor is sent to sign in.
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	const see = http.StatusSeeOther
	ok, bad := []int{200, 200, 200, 200, see}, []int{400, 400, 400, 400, see}
	want := [][]int{ok, ok, bad, bad, bad, ok, bad, ok, bad, ok, bad}
	browsers := te.browsers(callers)
	for i, path := range routes {
		for j, who := range callers {
			name := who
			if name == "" {
				name = "visitor"
			}
			t.Run("GET "+path+" as "+name, func(t *testing.T) {
				resp, body := browsers[j].get(path)
				if resp.StatusCode != want[i][j] {
					t.Errorf("status %d, want %d\n%.400s", resp.StatusCode, want[i][j], body)
				}
				if resp.StatusCode != 200 && (strings.Contains(body, "<svg") || strings.Contains(body, "listened")) {
					t.Error("a refusal shows results")
				}
			})
		}
	}
}

// cellsOf returns the text of a table row whose header is label: "label|cell|cell".
func rowOf(body, label string) string {
	re := regexp.MustCompile(`<tr><th scope="row">` + regexp.QuoteMeta(label) + `</th>(.*?)</tr>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return regexp.MustCompile(`<td[^>]*>`).ReplaceAllString(strings.ReplaceAll(m[1], "</td>", ""), "|")
}

func TestOwnTrustDashboard(t *testing.T) {
	te := newTrustEnv(t)
	b := te.browser()
	b.login("casey@example.org")
	resp, body := b.get("/surveys")
	wantStatus(t, resp, body, 200)
	// The five named responses (the anonymous one counts only in the team's figures): mean
	// 22.2/5 = 4.44; s = 0.5550, t(0.975, 4) = 2.7764, so the interval is 4.44 ± 0.6891 = 3.75
	// to 5.00, clipped to the scale's top, 5.
	wantContains(t, body, "<h1>Your clients&#39; trust</h1>", `<option value="12" selected>Last 12 months</option>`,
		"<dt>Responses (n)</dt><dd>5</dd>", "<dd>4.44 (possible range 1 to 5)</dd>", "<dd>3.75 to 5.00</dd>",
		"not been validated", `id="own-series-title"`, `id="own-dist-title"`)
	if got, want := rowOf(body, te.thisMonth.Format("January 2006")), "|5|4.44|3.75 to 5.00"; got != want {
		t.Errorf("this month's row %q, want %q", got, want)
	}
	// The ceiling: 2 of 5 at 5 (40.0%) is over 15%, and the page says what that means.
	wantContains(t, body, "40.0% of responses (2 of 5) are at the highest possible score, 5", "Ceiling effect.", "cannot show any further improvement")
	// Each named answer with its score and comment, flagged marked, escaped; the anonymous one
	// never.
	wantContains(t, body, "She listened to me &lt;b&gt;properly&lt;/b&gt;", "Flagged: needs a prompt response", "=HYPERLINK",
		"<td>4.40</td>", "<td>3.80</td>")
	// Links keep their query string whole.
	wantContains(t, body, `href="/surveys/export.csv?instrument=`+strconv.FormatInt(te.pulse.ID, 10)+`&amp;months=12"`)
	if strings.Contains(body, "anonymous words") {
		t.Error("an anonymous comment is shown")
	}
	if strings.Contains(body, "Pat Quinn") || strings.Contains(body, "Lee Ward") {
		t.Error("a case manager sees colleagues' results")
	}
	// The comment list was read through the store, which recorded a view per response.
	events, err := te.db.SearchAudit(t.Context(), rapport.Actor{UserID: te.ada.ID, Role: te.ada.Role}, rapport.AuditFilter{UserID: te.casey.ID, Action: rapport.ActionView})
	if err != nil {
		t.Fatal(err)
	}
	views := 0
	for _, e := range events {
		if e.RecordType == rapport.RecordSurveyResponse {
			views++
		}
	}
	if views != 5 {
		t.Errorf("%d survey-response views recorded, want 5 (the named responses)", views)
	}
}

func TestTeamTrustDashboardMinN(t *testing.T) {
	te := newTrustEnv(t)
	b := te.browser()
	b.login("sam@example.org")
	resp, body := b.get("/surveys")
	wantStatus(t, resp, body, 200)
	// North: 16 responses, mean 4.05, s = 0.8406, t(0.975, 15) = 2.1314: 4.05 ± 0.4479.
	wantContains(t, body, "<h2 id=\"team-"+itoa(int(te.north))+"-heading\">North</h2>", "<dt>Responses (n)</dt><dd>16</dd>", "<dd>3.60 to 4.50</dd>")
	hidden := `<td colspan="3" class="withheld">fewer than 5 responses: not shown, to protect clients and staff</td>`
	tests := []struct{ who, want string }{
		{"Casey Manager", "|6|4.03|2.87 to 5.00"},                                         // above n
		{"Lee Ward", "|5|4.32|3.72 to 4.92"},                                              // at n: 5, 4, 4.6, 3.8, 4.2; t(0.975, 4) = 2.7764
		{"Pat Quinn", "|fewer than 5 responses: not shown, to protect clients and staff"}, // 4
		{"Kim Baker", "|fewer than 5 responses: not shown, to protect clients and staff"}, // 1
	}
	for _, tt := range tests {
		if got := rowOf(body, tt.who); got != tt.want {
			t.Errorf("row of %s = %q, want %q", tt.who, got, tt.want)
		}
	}
	if strings.Count(body, hidden) < 2 {
		t.Errorf("the hidden rows do not say why")
	}
	// Months: last month has Pat's 4 alone (hidden); Lee's month (5) is hidden too, or last
	// month would be the period's total minus the months shown.
	if got := rowOf(body, te.lastMonth.Format("January 2006")); !strings.Contains(got, "fewer than 5") {
		t.Errorf("last month's row %q, want it hidden", got)
	}
	if got := rowOf(body, te.twoMonthsAgo.Format("January 2006")); !strings.Contains(got, "worked out from the total") {
		t.Errorf("the month of Lee's responses %q, want it hidden as a complement", got)
	}
	if strings.Contains(body, "listened") || strings.Contains(body, "/clients/") {
		t.Error("a supervisor's dashboard shows comments or client links")
	}
}

func TestTrustMinNConfigured(t *testing.T) {
	te := newTrustEnvMinN(t, 4)
	b := te.browser()
	b.login("sam@example.org")
	_, body := b.get("/surveys")
	// At n = 4 last month (Pat's 4, 3, 4, 5: mean 4.00, s = 0.8165, t(0.975, 3) = 3.1824, so
	// 2.70 to 5.30, clipped to 5) shows.
	if got, want := rowOf(body, te.lastMonth.Format("January 2006")), "|4|4.00|2.70 to 5.00"; got != want {
		t.Errorf("last month with a minimum n of 4: %q, want %q", got, want)
	}
	// Kim (1) is below 4; Pat (4) is then hidden as the complement, or Kim's score would be the
	// team's total minus the rows shown.
	if got := rowOf(body, "Kim Baker"); !strings.Contains(got, "fewer than 4 responses") {
		t.Errorf("Kim's row %q, want it hidden below 4", got)
	}
	if got := rowOf(body, "Pat Quinn"); !strings.Contains(got, "worked out from the total") {
		t.Errorf("Pat's row %q, want it hidden as the complement", got)
	}
}

func TestSuppress(t *testing.T) {
	const complement = "not shown, so that a smaller group's figures cannot be worked out from the total"
	few := fewerThan(5)
	tests := []struct {
		name string
		ns   []int
		want []string
	}{
		{"all above", []int{5, 9}, []string{"", ""}},
		{"empty rows are shown as empty", []int{0, 5, 0}, []string{"", "", ""}},
		{"one below: the smallest other hidden too", []int{4, 12, 6}, []string{few, "", complement}},
		{"hidden rows add up to n", []int{4, 1, 5}, []string{few, few, ""}},
		{"everything below", []int{1, 2}, []string{few, few}},
		{"nothing left to hide", []int{3}, []string{few}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, suppress(tt.ns, 5)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestOrgTrustDashboard(t *testing.T) {
	te := newTrustEnv(t)
	b := te.browser()
	b.login("ada@example.org")
	resp, body := b.get("/surveys")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Trust across the organisation", "<dd>3.60 to 4.50</dd>", `<h2 id="teams-heading">By team</h2>`)
	if got, want := rowOf(body, "North"), "|16|4.05|3.60 to 4.50"; got != want {
		t.Errorf("North's row %q, want %q", got, want)
	}
	if got, want := rowOf(body, "South"), "|0|no responses|—"; got != want {
		t.Errorf("South's row %q, want %q", got, want)
	}
	if got, want := rowOf(body, "Lee Ward"), "|5|4.32|3.72 to 4.92"; got != want {
		t.Errorf("Lee's row %q, want %q", got, want)
	}
	for _, s := range []string{"listened", "HYPERLINK", "/clients/", "Jordan"} {
		if strings.Contains(body, s) {
			t.Errorf("the admin's dashboard shows %q", s)
		}
	}
}

func TestTrustExportCSV(t *testing.T) {
	te := newTrustEnv(t)
	tests := []struct {
		who      string
		header   string
		rows     int
		comments bool
	}{
		// Case managers and supervisors can see which invitation was answered anonymously, so
		// anonymous rows go to an admin only.
		{"casey@example.org", "response_id,completed_utc,instrument,instrument_version,case_manager,team,score,band,anonymous,comment,flagged", 5, true},
		{"sam@example.org", "response_id,completed_utc,instrument,instrument_version,case_manager,team,score,band,anonymous", 15, false},
		{"ada@example.org", "response_id,completed_utc,instrument,instrument_version,case_manager,team,score,band,anonymous", 16, false},
		{"robin@example.org", "response_id,completed_utc,instrument,instrument_version,case_manager,team,score,band,anonymous,comment,flagged", 0, true},
	}
	for _, tt := range tests {
		b := te.browser()
		b.login(tt.who)
		resp, body := b.get("/surveys/export.csv")
		wantStatus(t, resp, body, 200)
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="rapport-trust-`) || !strings.HasSuffix(cd, `.csv"`) {
			t.Errorf("%s: Content-Disposition %q", tt.who, cd)
		}
		records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: the CSV does not parse: %v", tt.who, err)
		}
		if got := strings.Join(records[0], ","); got != tt.header || len(records)-1 != tt.rows || !strings.Contains(body, "\r\n") {
			t.Fatalf("%s: header %q and %d rows, want %q and %d, CRLF", tt.who, got, len(records)-1, tt.header, tt.rows)
		}
		names := map[string]int{}
		for _, r := range records[1:] {
			names[r[4]]++
			if r[8] == "true" && (tt.who != "ada@example.org" || len(r[1]) != len("2006-01")) {
				t.Errorf("%s: anonymous row %q, want it for an admin only, dated by month", tt.who, r)
			}
			if tt.comments && strings.HasPrefix(r[9], "=") {
				t.Errorf("%s: a formula was not defused: %q", tt.who, r[9])
			}
		}
		if tt.comments && tt.rows > 0 && !strings.Contains(body, `'=HYPERLINK(""http://evil.example"")`) {
			t.Errorf("%s: the formula comment was not defused:\n%s", tt.who, body)
		}
		if !tt.comments && (strings.Contains(body, "listened") || strings.Contains(body, "HYPERLINK")) {
			t.Errorf("%s: comments exported", tt.who)
		}
		// Pat (4) and Kim (1) are below the minimum n: not named to a supervisor or an admin.
		if !tt.comments && (names["Pat Quinn"] != 0 || names["Kim Baker"] != 0 || names[withheldName] != 5 || names["Lee Ward"] != 5) {
			t.Errorf("%s: case managers named %v", tt.who, names)
		}
	}
	// Each export is in the audit log.
	events, err := te.db.SearchAudit(t.Context(), rapport.Actor{UserID: te.ada.ID, Role: te.ada.Role}, rapport.AuditFilter{UserID: te.casey.ID, Action: rapport.ActionExport})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || events[len(events)-1].RecordType != rapport.RecordSurveyResponse {
		t.Errorf("export events %v, want an export of survey responses", events)
	}
}

func TestTrustExportFHIR(t *testing.T) {
	te := newTrustEnv(t)
	type reference struct {
		Reference  string `json:"reference"`
		Type       string `json:"type"`
		Identifier *struct {
			System, Value string
		} `json:"identifier"`
	}
	type resource struct {
		ResourceType      string
		ID                string
		Status            string
		Questionnaire     string
		Authored          string
		Subject           *reference
		Item              []survey.ResponseItem
		Code              struct{ Text string }
		EffectiveDateTime string
		ValueQuantity     *struct {
			Value float64
			Unit  string
		}
		DerivedFrom []reference
	}
	var bundle struct {
		ResourceType, Type, Timestamp string
		Entry                         []struct {
			FullURL  string
			Resource resource
		}
	}
	for _, who := range []string{"casey@example.org", "ada@example.org"} {
		b := te.browser()
		b.login(who)
		resp, body := b.get("/surveys/export.fhir.json")
		wantStatus(t, resp, body, 200)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
			t.Errorf("Content-Type %q", ct)
		}
		bundle.Entry = nil
		if err := json.Unmarshal([]byte(body), &bundle); err != nil {
			t.Fatalf("%s: the bundle does not decode: %v\n%s", who, err, body)
		}
		if bundle.ResourceType != "Bundle" || bundle.Type != "collection" || bundle.Timestamp == "" {
			t.Errorf("%s: bundle %s/%s at %q", who, bundle.ResourceType, bundle.Type, bundle.Timestamp)
		}
		byURL := map[string]resource{}
		counts := map[string]int{}
		for _, e := range bundle.Entry {
			if !strings.HasPrefix(e.FullURL, "urn:uuid:") || byURL[e.FullURL].ResourceType != "" {
				t.Errorf("%s: fullUrl %q is not a unique urn:uuid", who, e.FullURL)
			}
			byURL[e.FullURL] = e.Resource
			counts[e.Resource.ResourceType]++
		}
		admin := who == "ada@example.org"
		want := map[string]int{"QuestionnaireResponse": 5, "Observation": 5}
		if admin {
			want = map[string]int{"QuestionnaireResponse": 16, "Observation": 16}
		}
		if diff := cmp.Diff(want, counts); diff != "" {
			t.Errorf("%s: resources (-want +got):\n%s", who, diff)
		}
		subjects := 0
		for _, e := range bundle.Entry {
			r := e.Resource
			switch r.ResourceType {
			case "QuestionnaireResponse":
				if r.Status != "completed" || r.Questionnaire != survey.URLTrustPulse+"|"+te.pulse.Version || r.Authored == "" {
					t.Errorf("%s: questionnaire response %+v", who, r)
				}
			case "Observation":
				qr, ok := byURL[r.DerivedFrom[0].Reference]
				if !ok || qr.ResourceType != "QuestionnaireResponse" || r.ValueQuantity == nil || r.EffectiveDateTime != qr.Authored ||
					!strings.Contains(r.Code.Text, te.pulse.Title) || r.Status != "final" {
					t.Errorf("%s: observation %+v does not carry its response's score", who, r)
				}
			}
			if r.Subject != nil {
				subjects++
				if r.Subject.Identifier == nil || r.Subject.Identifier.System != clientIDSystem || r.Subject.Reference != "" {
					t.Errorf("%s: subject %+v, want an opaque client ID", who, r.Subject)
				}
			}
		}
		// Casey: five named responses and their observations; the anonymous one has none. An
		// admin's export names no client.
		if want := map[bool]int{false: 10, true: 0}[admin]; subjects != want {
			t.Errorf("%s: %d subjects, want %d", who, subjects, want)
		}
		if admin == strings.Contains(body, "listened") || strings.Contains(body, "anonymous words") {
			t.Errorf("%s: comments exported wrongly", who)
		}
	}
}

func TestExportWithoutResponses(t *testing.T) {
	te := newTrustEnv(t)
	b := te.browser()
	b.login("robin@example.org")
	resp, body := b.get("/surveys/export.fhir.json")
	wantStatus(t, resp, body, 200)
	var bundle map[string]any
	if err := json.Unmarshal([]byte(body), &bundle); err != nil {
		t.Fatalf("an empty bundle does not decode: %v\n%s", err, body)
	}
	if entries, ok := bundle["entry"].([]any); !ok || len(entries) != 0 {
		t.Errorf("entry = %v, want an empty list", bundle["entry"])
	}
}

// TestEmpathyTrustView builds 24 clients of Casey's, each with one note whose emotional level
// is 0, 1 or 2 and one response whose score rises with it, plus four clients with a known
// small rank correlation for Lee; the page's numbers are checked against hand-worked ones.
func TestEmpathyTrustView(t *testing.T) {
	te := newTrustEnv(t)
	ctx := t.Context()
	var rs []*rapport.SurveyResponse
	note := func(cm *rapport.User, c *rapport.Client, emotional int, findings ...engine.Code) {
		a := engine.Analysis{Kind: engine.KindNote, Overall: 50, Levels: engine.Levels{Emotional: engine.Level{Rating: emotional}}}
		for _, code := range findings {
			a.Findings = append(a.Findings, engine.Finding{Code: code, Reason: "r", Evidence: "e"})
		}
		js, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := te.db.CreateNote(ctx, rapport.Actor{UserID: cm.ID, Role: cm.Role}, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Met.", Analysis: js}); err != nil {
			t.Fatal(err)
		}
	}
	respond := func(cm *rapport.User, c *rapport.Client, score float64) {
		rs = append(rs, &rapport.SurveyResponse{InstrumentID: te.pulse.ID, CaseManagerID: cm.ID, TeamID: te.north, ClientID: c.ID,
			Status: rapport.ResponseCompleted, Answers: []byte(commentAnswers("")), Score: &score})
	}
	for i := range 24 {
		c := te.client(t, te.casey, fmt.Sprintf("Client %d", i))
		note(te.casey, c, i%3, engine.OpenQuestion)
		respond(te.casey, c, float64(3+i%3))
	}
	// Lee: emotional 0, 1, 2, 2 against trust 3, 4, 5, 4.6: ranks x 1, 2, 3.5, 3.5 and y 1, 2,
	// 4, 3, so rho = Σdxdy/√(ΣdxΣdy) = 4.5/√(4.5·5) = 0.9487.
	for i, lv := range []int{0, 1, 2, 2} {
		c := te.client(t, te.lee, fmt.Sprintf("Lee's client %d", i))
		note(te.lee, c, lv)
		respond(te.lee, c, []float64{3, 4, 5, 4.6}[i])
	}
	time.Sleep(2 * time.Millisecond) // the notes come strictly before the answers
	for _, r := range rs {
		r.CompletedAt = time.Now()
	}
	if err := te.db.ImportResponses(ctx, rapport.Actor{UserID: te.ada.ID, Role: te.ada.Role}, rs); err != nil {
		t.Fatal(err)
	}

	b := te.browser()
	b.login("casey@example.org")
	resp, body := b.get("/surveys/empathy-trust")
	wantStatus(t, resp, body, 200)
	// 24 pairs (the earlier five named responses have no note; the anonymous one cannot pair).
	wantContains(t, body, "24 answers paired with notes. Left out: 1 anonymous, 5 with no analysed note in the window.",
		"A correlation, not a cause")
	// Emotional level and score are perfectly ranked together: rho 1 in every resample.
	if got, want := rowOf(body, "Emotional empathy (mean level)"), "|24|1.00|1.00 to 1.00|Higher values went with higher trust scores. A correlation, not a cause."; got != want {
		t.Errorf("emotional row %q, want %q", got, want)
	}
	// Cognitive is 0 everywhere: nothing to rank.
	if got := rowOf(body, "Cognitive empathy (mean level)"); !strings.Contains(got, "Not defined") {
		t.Errorf("cognitive row %q, want undefined", got)
	}

	b = te.browser()
	b.login("sam@example.org")
	_, body = b.get("/surveys/empathy-trust")
	// Lee's four pairs alone: rho 0.95 but too few to conclude; his row is below the minimum n.
	wantContains(t, body, "28 answers paired with notes", "fewer than 5 paired responses: not shown")
	rho, ok := stats.Spearman([]stats.Pair{{X: 0, Y: 3}, {X: 1, Y: 4}, {X: 2, Y: 5}, {X: 2, Y: 4.6}})
	if !ok || math.Abs(rho-4.5/math.Sqrt(4.5*5)) > 1e-12 {
		t.Errorf("hand-worked rho %v", rho)
	}
	row := correlate(empathyMetrics[0], []rapport.EmpathyTrustPair{
		{Score: 3, Notes: rapport.TrendStats{Notes: 1}}, {Score: 4, Notes: rapport.TrendStats{Notes: 1, Levels: rapport.LevelMeans{Emotional: 1}}},
		{Score: 5, Notes: rapport.TrendStats{Notes: 1, Levels: rapport.LevelMeans{Emotional: 2}}}, {Score: 4.6, Notes: rapport.TrendStats{Notes: 1, Levels: rapport.LevelMeans{Emotional: 2}}}})
	if row.Rho != "0.95" || row.N != 4 || row.Evidence || !strings.HasPrefix(row.Reading, "Too few pairs") {
		t.Errorf("four pairs: %+v", row)
	}
	// The open-question rate is left out where a note has no question.
	if got := correlate(empathyMetrics[4], []rapport.EmpathyTrustPair{{Score: 3, Notes: rapport.TrendStats{Notes: 1}}}); got.N != 0 {
		t.Errorf("open-question rate counted a note without questions: %+v", got)
	}
}

func TestTrustChartsAndTablesAgree(t *testing.T) {
	te := newTrustEnv(t)
	b := te.browser()
	b.login("casey@example.org")
	_, body := b.get("/surveys")
	// The chart's tooltip for this month carries the table's numbers.
	want := te.thisMonth.Format("Jan 2006") + ": Mean score 4.44 (95% CI 3.75 to 5.00), n=5"
	if !strings.Contains(body, want) {
		t.Errorf("the chart lacks %q", want)
	}
	if !bytes.Contains([]byte(body), []byte(`aria-labelledby="own-dist-title own-dist-desc"`)) {
		t.Error("the distribution chart is not labelled")
	}
}
