package web

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
)

func init() {
	week := time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)
	tr := &rapport.Trends{
		Bucket: rapport.BucketWeek,
		Periods: []rapport.TrendPeriod{
			{Start: week, TrendStats: rapport.TrendStats{Notes: 2, MeanScore: 70, Levels: rapport.LevelMeans{Emotional: 1, Cognitive: 0.5}, OpenQuestions: 1, Questions: 3, Pitfalls: 1}},
			{Start: week.AddDate(0, 0, 7)},
		},
		Total:          rapport.TrendStats{Notes: 2, MeanScore: 70, OpenQuestions: 1, Questions: 3, Pitfalls: 1},
		PitfallsByCode: []rapport.CodeCount{{Code: "judgment", Count: 1}},
		Suggestions:    []rapport.SuggestionCount{{Code: "judgment", Text: "Say what <my dog> did", Count: 2}},
	}
	samplePages["trends"] = &trendsPage{page: page{Title: "Trends for Casey <Manager>", User: sampleUser}, Person: "Casey <Manager>",
		Period: newPeriodForm("/trends/1", 6), Notes: 2, Summary: newTrendSummary(tr.Total), Figures: trendFigures(tr), PitfallCodes: pitfallRows(tr)}
	samplePages["team_trends"] = &teamTrendsPage{page: page{Title: "Team trends", User: sampleUser}, Period: newPeriodForm("/trends", 3), SelfID: 1,
		Teams: []teamTrendTable{{Name: "North <east>", Rows: []staffRow{{ID: 2, Name: "Robin <Other>", trendSummary: newTrendSummary(tr.Total)}}}, {Name: "Empty"}}}
}

// trendsEnv is two teams' staff, with notes by Casey (North) analysed by the real engine.
type trendsEnv struct {
	*uiEnv
	casey, robin, sam, ada *rapport.User
}

func newTrendsEnv(t *testing.T) *trendsEnv {
	e := newUIEnv(t, false)
	north, south := e.team("North"), e.team("South")
	te := &trendsEnv{uiEnv: e,
		casey: e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north),
		robin: e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, south),
		sam:   e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, north),
		ada:   e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin),
	}
	c := &rapport.Client{TeamID: north, PreferredName: "Jordan", CareTeam: []int64{te.casey.ID}}
	actor := rapport.Actor{UserID: te.casey.ID, Role: te.casey.Role}
	if err := e.db.CreateClient(context.Background(), actor, c); err != nil {
		t.Fatal(err)
	}
	an, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"What has been hardest about the move for Jordan? I hear how tiring this has been.",
		"Jordan is an addict and noncompliant. Did you take your meds? You need to stop using.",
		"Jordan is noncompliant again. Did you go to the appointment?",
	} {
		a, err := an.Analyze(engine.Input{Text: text, Kind: engine.KindNote})
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(a)
		if err := e.db.CreateNote(context.Background(), actor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: text, Analysis: js}); err != nil {
			t.Fatal(err)
		}
	}
	return te
}

func (te *trendsEnv) path(u *rapport.User) string { return "/trends/" + itoa(int(u.ID)) }

// TestTrendsRoutesByRole checks every trends route for each role and for a visitor.
func TestTrendsRoutesByRole(t *testing.T) {
	coverRoutes(t)
	e := newTrendsEnv(t)
	routes := []string{"/trends", "/trends?months=12", e.path(e.casey), e.path(e.robin), e.path(e.ada), "/trends/999999", "/trends/abc", "/trends?months=7"}
	// want[route][caller]: one's own trends are open to everyone but admins; a supervisor sees
	// their teams' staff; nobody else sees anyone else's; a visitor is sent to sign in.
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	const see = http.StatusSeeOther
	want := [][]int{
		{200, 200, 200, 403, see},
		{200, 200, 200, 403, see},
		{200, 200, 403, 403, see},
		{403, 403, 200, 403, see},
		{403, 403, 403, 403, see},
		{403, 404, 403, 403, see},
		{404, 404, 404, 404, see},
		{400, 400, 400, 403, see},
	}
	// One sign-in per caller: signing in for every cell would trip the sign-in rate limit.
	browsers := make([]*browser, len(callers))
	for j, who := range callers {
		browsers[j] = e.browser()
		if who != "" {
			browsers[j].login(who)
		}
	}
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
				if resp.StatusCode != 200 && strings.Contains(body, "<svg") {
					t.Error("a refusal shows a chart")
				}
			})
		}
	}
}

func TestOwnTrendsPage(t *testing.T) {
	e := newTrendsEnv(t)
	b := e.browser()
	b.login("casey@example.org")
	resp, body := b.get("/trends?months=6")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Your trends</h1>",
		`<option value="6" selected>Last 6 months</option>`,
		`<dt>Notes and messages</dt><dd>3</dd>`,
		`<caption>Mean level per week</caption>`, `<caption>Open questions per week</caption>`,
		`<caption>Pitfalls per week</caption>`, `<caption>Most frequent suggestions</caption>`,
		`<caption>Pitfalls by behaviour, over the whole period</caption>`, "Stigmatising language",
		`id="levels-chart-title"`, `id="open-rate-chart-title"`, `id="pitfalls-chart-title"`, `id="suggestions-chart-title"`)
	if n := strings.Count(body, `<svg xmlns="http://www.w3.org/2000/svg" class="chart"`); n != 4 {
		t.Errorf("%d charts, want 4", n)
	}
	// Each of the notes is in this week; the table row counts them.
	if !regexp.MustCompile(`<th scope="row">Week of [^<]+</th><td class="num">3</td>`).MatchString(body) {
		t.Error("the levels table does not count three notes this week")
	}
	// Two notes call Jordan noncompliant: the replacement is the most frequent suggestion.
	if !regexp.MustCompile(`<tr><th scope="row">[^<]+</th><td class="num">Stigmatising language</td><td class="num">2</td></tr>`).MatchString(body) {
		t.Error("the suggestions table does not show the stigmatising-language suggestion twice")
	}
	if strings.Contains(body, "Jordan") {
		t.Error("the trends page names a client")
	}
	// The same page by the person's own address.
	resp, body = b.get(e.path(e.casey))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Your trends</h1>", `<option value="3" selected>`)
}

func TestTrendsEmptyState(t *testing.T) {
	e := newTrendsEnv(t)
	b := e.browser()
	b.login("robin@example.org")
	resp, body := b.get("/trends")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "You have no analysed notes or messages in this period yet.", `<label for="months">Period</label>`)
	if strings.Contains(body, "<svg") {
		t.Error("the empty state draws charts")
	}
}

func TestTeamTrendsPage(t *testing.T) {
	e := newTrendsEnv(t)
	b := e.browser()
	b.login("sam@example.org")
	resp, body := b.get("/trends")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Team trends</h1>", "<h2 id=\"team-0-heading\">North</h2>",
		`<a href="`+e.path(e.casey)+`">Casey Manager</a></th><td class="num">3</td>`, `href="`+e.path(e.sam)+`">Your own trends</a>`)
	if strings.Contains(body, "Robin Other") {
		t.Error("the team page lists another team's case manager")
	}
	resp, body = b.get(e.path(e.casey))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Trends for Casey Manager</h1>", "How Casey Manager's notes")
}
