package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

func init() {
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	samplePages["audit"] = &auditPage{page: page{Title: "Audit log", User: sampleUser},
		Form:    auditForm{User: "1", Client: "7", Action: "break_glass", From: "2025-03-01", To: "bad"},
		Users:   []*rapport.User{sampleUser},
		Actions: auditActions, Records: auditRecordTypes,
		Errors: formErrors{{Field: "to", Message: "Enter the end date as year-month-day."}},
		Rows: []auditRow{
			{Event: &rapport.AuditEvent{ID: 9, Time: at, UserID: 1, Role: rapport.RoleCaseManager, ClientID: 7, Action: rapport.ActionBreakGlass,
				RecordType: rapport.RecordClient, Reason: "crisis <my dog>"}, User: "Casey <Manager>", BreakGlass: true},
			{Event: &rapport.AuditEvent{ID: 8, Time: at, UserID: 1, Role: rapport.RoleCaseManager, ClientID: 7, Action: rapport.ActionUpdate,
				RecordType: rapport.RecordClient, RecordID: 7, Fields: []string{"language", "pronouns"}}, User: "Casey <Manager>"},
		},
		Searched: true, FirstURL: "/admin/audit?client=7", NextURL: "/admin/audit?before=8&client=7", CSVURL: "/admin/audit.csv?client=7"}
	samplePages["audit_verify"] = &auditVerifyPage{page: page{Title: "Audit log check", User: sampleUser},
		OK: false, Checked: 41, Problem: "event 42: its contents do not match its hash (edited)", CheckedAt: at, Took: 12 * time.Millisecond}
	samplePages["client_access"] = &clientAccessPage{page: page{Title: "Who has seen this record", User: sampleUser}, ClientID: 7,
		Rows: []accessRow{{User: "Casey <Manager>", Role: rapport.RoleCaseManager, BreakGlass: true,
			Access: rapport.ClientAccess{UserID: 1, Action: rapport.ActionBreakGlass, RecordType: rapport.RecordClient, Count: 1, FirstAt: at, LastAt: at}}}}
}

// TestAuditRoutesByRole checks every route this feature adds for every role and a visitor.
// Break-the-glass comes last: it changes what the other-team case manager may see.
func TestAuditRoutesByRole(t *testing.T) {
	coverRoutes(t)
	c := newCareEnv(t)
	routes := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/admin/audit", nil},
		{"GET", "/admin/audit.csv", nil},
		{"POST", "/admin/audit/verify", url.Values{}},
		{"GET", c.path + "/access", nil},
		{"POST", c.path + "/break-glass", breakGlassForm("crisis at the ER", "60")},
	}
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	// A visitor is sent to sign in; a visitor's form gets 401 with a sign-in form that keeps it.
	const see, signIn = http.StatusSeeOther, http.StatusUnauthorized
	want := [][]int{
		{403, 403, 403, 200, see},
		{403, 403, 403, 200, see},
		{403, 403, 403, 200, signIn},
		{200, 200, 403, 200, see},
		{see, see, see, 403, signIn}, // the care team is sent to the record; Robin gets a grant
	}
	for i, r := range routes {
		for j, who := range callers {
			name := who
			if name == "" {
				name = "visitor"
			}
			t.Run(r.method+" "+r.path+" as "+name, func(t *testing.T) {
				b := c.browser()
				if who != "" {
					b.login(who)
				}
				resp, body := b.do(r.method, r.path, r.form, nil)
				if resp.StatusCode != want[i][j] {
					t.Errorf("status %d, want %d\n%.400s", resp.StatusCode, want[i][j], body)
				}
				if strings.Contains(body, "Jordan") {
					t.Error("the page shows the client's name")
				}
			})
		}
	}
	if n := countBreakGlass(t, c); n != 1 {
		t.Errorf("%d break-glass grants, want Robin's only", n)
	}
}

func TestAuditSearch(t *testing.T) {
	c := newCareEnv(t)
	ctx := t.Context()
	casey := rapport.Actor{UserID: c.casey.ID, Role: c.casey.Role}
	if err := c.db.CreateNote(ctx, casey, &rapport.Note{ClientID: c.client.ID, Kind: rapport.KindNote, Body: "Called about the lease."}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.db.CreateBreakGlass(ctx, rapport.Actor{UserID: c.robin.ID, Role: c.robin.Role}, c.client.ID, "crisis call at night", time.Hour); err != nil {
		t.Fatal(err)
	}
	b := c.signedIn("ada@example.org")
	today := time.Now().UTC().Format(dateLayout)
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(dateLayout)
	id := itoa(int(c.client.ID))
	tests := []struct {
		name, query string
		want, not   []string
	}{
		{"by user", "user=" + itoa(int(c.robin.ID)), []string{"Robin Other", "crisis call at night"}, []string{"Casey Manager</td>"}},
		{"by action", "action=break_glass", []string{`<tr class="audit-break-glass">`, "Robin Other"}, []string{"Casey Manager</td>"}},
		{"by record type", "record=note", []string{"Casey Manager", "<td>Note"}, []string{"Robin Other</td>"}},
		{"by client", "client=" + id, []string{`href="/clients/` + id + `/access"`, "Casey Manager", "Robin Other"}, nil},
		{"today", "from=" + today + "&to=" + today, []string{"Casey Manager", "Robin Other"}, nil},
		{"from tomorrow", "from=" + tomorrow, []string{"No events match this search."}, []string{"<tbody>"}},
		{"the form keeps the search", "user=" + itoa(int(c.robin.ID)) + "&action=view&record=client&client=" + id + "&from=" + today,
			[]string{`<option value="` + itoa(int(c.robin.ID)) + `" selected>Robin Other</option>`, `<option value="view" selected>View</option>`,
				`<option value="client" selected>Client</option>`, `value="` + id + `"`, `value="` + today + `"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := b.get("/admin/audit?" + tt.query)
			wantStatus(t, resp, body, http.StatusOK)
			wantContains(t, body, tt.want...)
			for _, s := range tt.not {
				if strings.Contains(body, s) {
					t.Errorf("page contains %q", s)
				}
			}
		})
	}

	// A bad form is shown again with what was typed and the errors linked to the fields.
	resp, body := b.get("/admin/audit?client=abc&from=2025-13-01&to=2025-01-01")
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `role="alert"`, `href="#client"`, `href="#from"`, `value="abc"`, `value="2025-13-01"`, `aria-invalid="true"`)

	// Every search is itself in the log.
	events, err := c.db.SearchAudit(ctx, rapport.Actor{UserID: c.ada.ID, Role: rapport.RoleAdmin}, rapport.AuditFilter{UserID: c.ada.ID, Action: rapport.ActionSearch})
	if err != nil || len(events) < len(tests) {
		t.Errorf("%d recorded searches, want at least %d (%v)", len(events), len(tests), err)
	}
}

func TestAuditPages(t *testing.T) {
	c := newCareEnv(t)
	casey := rapport.Actor{UserID: c.casey.ID, Role: c.casey.Role}
	for range auditPageSize + 5 {
		if _, err := c.db.FindClientByID(t.Context(), casey, c.client.ID); err != nil {
			t.Fatal(err)
		}
	}
	b := c.signedIn("ada@example.org")
	first := "/admin/audit?user=" + itoa(int(c.casey.ID))
	resp, body := b.get(first)
	wantStatus(t, resp, body, http.StatusOK)
	if n := strings.Count(body, "<tr>") - 1; n != auditPageSize { // less the header row
		t.Errorf("%d rows on the first page, want %d", n, auditPageSize)
	}
	next := regexp1(t, body, `href="(/admin/audit\?before=\d+&amp;user=\d+)">Older events`)
	if strings.Contains(body, "Newest events") {
		t.Error("the first page links to itself as the newest")
	}
	resp, body = b.get(strings.ReplaceAll(next, "&amp;", "&"))
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, `href="`+strings.ReplaceAll(first, "&", "&amp;")+`">Newest events`)
	// 56 events by Casey: the creation and 55 views; 50 then 6.
	if n := strings.Count(body, "<tr>") - 1; n != 6 {
		t.Errorf("%d rows on the second page, want 6", n)
	}
	if strings.Contains(body, "Older events") {
		t.Error("the last page links to older events")
	}
}

func regexp1(t *testing.T, s, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no match for %s in:\n%s", pattern, s)
	}
	return m[1]
}

func TestAuditCSVExport(t *testing.T) {
	c := newCareEnv(t)
	ctx := t.Context()
	// A name and a reason that a spreadsheet would run as formulas, and a reason that needs quoting.
	mallory := c.user("mallory@example.org", `=HYPERLINK("http://evil.example","click")`, rapport.RoleCaseManager)
	reasons := []string{"@SUM(1+1) crisis call", `Crisis, "urgent"` + "\nsecond line"}
	for _, reason := range reasons {
		if _, err := c.db.CreateBreakGlass(ctx, rapport.Actor{UserID: mallory.ID, Role: mallory.Role}, c.client.ID, reason, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	b := c.signedIn("ada@example.org")
	resp, body := b.get("/admin/audit.csv?action=break_glass&client=" + itoa(int(c.client.ID)))
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !regexp.MustCompile(`^attachment; filename="rapport-audit-\d{8}-\d{6}\.csv"$`).MatchString(cd) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("rows do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("reading the CSV: %v\n%s", err, body)
	}
	if diff := cmp.Diff(auditCSVHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	id := itoa(int(c.client.ID))
	want := [][]string{ // newest first; event IDs and times are checked apart
		{mallory.Name, "case_manager", id, "break_glass", "client", "", "", reasons[1]},
		{mallory.Name, "case_manager", id, "break_glass", "client", "", "", reasons[0]},
	}
	var got [][]string
	for _, r := range rows[1:] {
		if _, err := time.Parse(time.RFC3339, r[1]); err != nil {
			t.Errorf("time %q: %v", r[1], err)
		}
		got = append(got, append([]string{r[3]}, r[4:]...))
	}
	want[0][0], want[1][0] = "'"+mallory.Name, "'"+mallory.Name
	want[1][7] = "'" + reasons[0]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	// The export is recorded; an empty result still has its header row; a bad filter is a 400 page.
	events, err := c.db.SearchAudit(ctx, rapport.Actor{UserID: c.ada.ID, Role: rapport.RoleAdmin}, rapport.AuditFilter{UserID: c.ada.ID, Action: rapport.ActionExport})
	if err != nil || len(events) != 1 || events[0].ClientID != c.client.ID || events[0].RecordType != rapport.RecordAuditLog {
		t.Errorf("export events %+v, %v", events, err)
	}
	resp, body = b.get("/admin/audit.csv?from=2999-01-01")
	wantStatus(t, resp, body, http.StatusOK)
	if body != strings.Join(auditCSVHeader, ",")+"\r\n" {
		t.Errorf("empty export %q", body)
	}
	resp, body = b.get("/admin/audit.csv?client=-1")
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantContains(t, body, "could not be exported")
	if resp.Header.Get("Content-Disposition") != "" {
		t.Error("the error page is sent as a download")
	}
}

func TestDefuseFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":         "'=1+1",
		"+1":           "'+1",
		"-1":           "'-1",
		"@SUM(A1)":     "'@SUM(A1)",
		"\t=1":         "'\t=1",
		"\r=1":         "'\r=1",
		"Casey":        "Casey",
		"1+1":          "1+1",
		"":             "",
		"crisis = now": "crisis = now",
	} {
		if got := defuseFormula(in); got != want {
			t.Errorf("defuseFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAuditVerifyPage(t *testing.T) {
	c := newCareEnv(t)
	resp, body := c.signedIn("ada@example.org").post("/admin/audit/verify", url.Values{})
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "The log is intact.", `role="status"`, "Checked at <time datetime=")
	// The audit page offers the check as a button, never as a link a crawler could follow.
	_, body = c.signedIn("ada@example.org").get("/admin/audit")
	wantContains(t, body, `<form method="post" action="/admin/audit/verify"`)
}

func TestClientAccessReport(t *testing.T) {
	c := newCareEnv(t)
	ctx := t.Context()
	casey := rapport.Actor{UserID: c.casey.ID, Role: c.casey.Role}
	if _, err := c.db.FindClientByID(ctx, casey, c.client.ID); err != nil {
		t.Fatal(err)
	}
	robin := c.signedIn("robin@example.org")
	resp, body := robin.post(c.path+"/break-glass", breakGlassForm("crisis call at night", "60"))
	wantStatus(t, resp, body, http.StatusSeeOther)
	robin.get(c.path)

	// The admin sees who and when, with emergency access marked, and no client details.
	resp, body = c.signedIn("ada@example.org").get(c.path + "/access")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "Who has seen this record", "Casey Manager", "Robin Other", `<tr class="audit-break-glass">`,
		"Emergency access", "Broke the glass: Client", "View: Client", "Case manager", `href="/admin/audit?client=`+itoa(int(c.client.ID))+`"`)
	if strings.Contains(body, "Jordan") || strings.Contains(body, `href="`+c.path+`"`) {
		t.Error("the admin's report shows or links to the client's record")
	}
	// One row per person, action and kind of record, with how many times.
	if !regexp.MustCompile(`Casey Manager</td>\s*<td>Case manager</td>\s*<td>View: Client</td>\s*<td>1</td>`).MatchString(body) {
		t.Errorf("no row for Casey's one view:\n%s", body)
	}

	// The care team gets a link back; emergency access does not open the report.
	resp, body = c.signedIn("casey@example.org").get(c.path + "/access")
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, `href="`+c.path+`">Back to the client's record`)
	resp, body = robin.get(c.path + "/access")
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = robin.get("/clients/99999/access")
	wantStatus(t, resp, body, http.StatusNotFound)

	// The client page links to the report.
	_, body = c.signedIn("casey@example.org").get(c.path)
	wantContains(t, body, `href="`+c.path+`/access">Who has seen this record`)
}

func TestDecodeAuditQuery(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(dateLayout, s); return d }
	tests := []struct {
		query  string
		want   auditQuery
		fields []string // the fields with errors
	}{
		{"", auditQuery{}, nil},
		{"user=3&client=+7+&action=break_glass&record=note", auditQuery{Filter: rapport.AuditFilter{UserID: 3, ClientID: 7, Action: rapport.ActionBreakGlass}, RecordType: rapport.RecordNote}, nil},
		{"from=2025-03-01&to=2025-03-01", auditQuery{Filter: rapport.AuditFilter{Since: day("2025-03-01"), Until: day("2025-03-02")}}, nil},
		{"before=41", auditQuery{Filter: rapport.AuditFilter{BeforeID: 41}}, nil},
		{"before=junk", auditQuery{}, nil},
		{"user=0", auditQuery{}, []string{"user"}},
		{"client=-4", auditQuery{}, []string{"client"}},
		{"client=99999999999999999999", auditQuery{}, []string{"client"}},
		{"action=peek&record=diary", auditQuery{Filter: rapport.AuditFilter{Action: "peek"}, RecordType: "diary"}, []string{"action", "record"}},
		{"from=14/03/2025&to=2025-02-30", auditQuery{}, []string{"from", "to"}},
		{"from=2025-03-02&to=2025-03-01", auditQuery{Filter: rapport.AuditFilter{Since: day("2025-03-02"), Until: day("2025-03-02")}}, []string{"to"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			_, got, errs := decodeAuditQuery(v)
			var fields []string
			for _, e := range errs {
				fields = append(fields, e.Field)
			}
			if diff := cmp.Diff(tt.fields, fields); diff != "" {
				t.Errorf("error fields (-want +got):\n%s", diff)
			}
			if len(errs) == 0 && !reflect.DeepEqual(tt.want, got) {
				t.Errorf("query %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzDecodeAuditQuery: any query string decodes without panicking; a query without errors is
// one the store accepts; and the links the page builds from the form decode to the same search.
func FuzzDecodeAuditQuery(f *testing.F) {
	for _, s := range []string{"", "user=3&client=7&action=view&record=note&from=2025-03-01&to=2025-03-02&before=9",
		"client=abc", "from=2025-03-02&to=2025-03-01", "action=%00", "to=9999-12-31", "from=0000-01-01", "before=-1&user=%20"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		form, q, errs := decodeAuditQuery(v)
		if len(errs) > 0 {
			return
		}
		if err := q.Filter.Validate(); err != nil {
			t.Fatalf("%q decoded to a filter the store refuses: %v", raw, err)
		}
		if q.RecordType != "" && !q.RecordType.Valid() {
			t.Fatalf("%q decoded to record type %q", raw, q.RecordType)
		}
		again, q2, errs2 := decodeAuditQuery(form.values())
		if len(errs2) > 0 || again != form || !reflect.DeepEqual(q, q2) {
			t.Fatalf("%q: the page's links decode differently: %+v %+v %v", raw, again, q2, errs2)
		}
	})
}
