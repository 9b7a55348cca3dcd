package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/chart"
	"github.com/rapporthq/rapport/engine"
)

// The trends pages: a case manager's own empathy levels, open-question rate, pitfalls per 100
// notes and most frequent suggestions over time, drawn as SVG charts on the server with the
// numbers in a table beside each; and, for a supervisor, a table of their teams' case managers
// linking to each one's trends. Trends are staff-level aggregates that name no client. Admins
// get a 403: they run accounts and hold no client-derived data. docs/trends.md says how each
// number is computed.

// trendStore is what the trends pages need of the store.
type trendStore interface {
	AuthorTrends(ctx context.Context, actor rapport.Actor, authorID int64, since, until time.Time) (*rapport.Trends, error)
	StaffTrends(ctx context.Context, actor rapport.Actor, authorIDs []int64, since, until time.Time) ([]rapport.StaffTrend, error)
	ListUsers(ctx context.Context, f rapport.UserFilter) ([]*rapport.User, int, error)
}

// registerTrends mounts the trends pages.
func (u *ui) registerTrends(mux *http.ServeMux) {
	u.srv.route(mux, "GET /trends", u.handle(u.requireUser(u.trends)))
	u.srv.route(mux, "GET /trends/{userID}", u.handle(u.requireUser(u.staffTrends)))
}

// trendMonths are the ranges the period selector offers; the first is the default.
var trendMonths = []int{3, 6, 12}

var errAdminTrends = rapport.Errorf(rapport.EFORBIDDEN,
	"Trends are for case managers and their supervisors. Administrators manage accounts and teams, and do not see figures drawn from client notes.")

// trendRange reads the months the person chose and returns the range they cover, ending now.
func trendRange(r *http.Request) (months int, since, until time.Time, err error) {
	months = trendMonths[0]
	if v := r.URL.Query().Get("months"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || !slices.Contains(trendMonths, n) {
			return 0, since, until, rapport.Errorf(rapport.EINVALID, "Choose a period of 3, 6 or 12 months.")
		}
		months = n
	}
	until = uiNow().UTC()
	return months, until.AddDate(0, -months, 0), until, nil
}

// trends shows a case manager their own trends and a supervisor their teams' staff.
func (u *ui) trends(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	switch usr.Role {
	case rapport.RoleAdmin:
		return errAdminTrends
	case rapport.RoleSupervisor:
		return u.teamTrends(w, r, usr)
	}
	return u.renderTrends(w, r, usr, usr)
}

// staffTrends shows one staff member's trends: one's own, or, for a supervisor, their teams'.
func (u *ui) staffTrends(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("userID"), 10, 64)
	if err != nil || id <= 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "There is no staff member at this address.")
	}
	if usr.Role == rapport.RoleAdmin {
		return errAdminTrends
	}
	target := usr
	if id != usr.ID {
		// Only a supervisor may see anyone else's, so only then is the person looked up: a case
		// manager learns nothing about which IDs exist.
		if usr.Role != rapport.RoleSupervisor {
			return errStaffTrends
		}
		if target, err = u.st.FindUserByID(r.Context(), id); rapport.ErrorCode(err) == rapport.ENOTFOUND {
			return rapport.Errorf(rapport.ENOTFOUND, "There is no staff member at this address.")
		} else if err != nil {
			return err
		}
	}
	if auth.Can(authActor(r.Context()), auth.ViewStaff, auth.Target{User: target.ID, UserTeams: target.TeamIDs}, uiNow()) != nil {
		return errStaffTrends
	}
	return u.renderTrends(w, r, usr, target)
}

var errStaffTrends = rapport.Errorf(rapport.EFORBIDDEN,
	"You can see your own trends and, as a supervisor, those of your teams' staff.")

// renderTrends shows target's trends to usr.
func (u *ui) renderTrends(w http.ResponseWriter, r *http.Request, usr, target *rapport.User) error {
	months, since, until, err := trendRange(r)
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	tr, err := u.st.AuthorTrends(r.Context(), actor, target.ID, since, until)
	if err != nil {
		return err
	}
	title := "Your trends"
	if target.ID != usr.ID {
		title = "Trends for " + target.Name
	}
	p := &trendsPage{page: u.newPage(r, title), Own: target.ID == usr.ID, Person: target.Name,
		Period: newPeriodForm(r.URL.Path, months), Notes: tr.Total.Notes}
	if tr.Total.Notes > 0 {
		p.Summary = newTrendSummary(tr.Total)
		p.Figures = trendFigures(tr)
		p.PitfallCodes = pitfallRows(tr)
	}
	u.render(w, r, http.StatusOK, "trends", p)
	return nil
}

// teamTrends lists the supervisor's teams' active case managers with their totals.
func (u *ui) teamTrends(w http.ResponseWriter, r *http.Request, usr *rapport.User) error {
	months, since, until, err := trendRange(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	p := &teamTrendsPage{page: u.newPage(r, "Team trends"), Period: newPeriodForm(r.URL.Path, months), SelfID: usr.ID}
	active := false
	var ids []int64
	for _, teamID := range usr.TeamIDs {
		team, err := u.st.FindTeamByID(ctx, teamID)
		if err != nil {
			return err
		}
		staff, _, err := u.st.ListUsers(ctx, rapport.UserFilter{TeamID: teamID, Role: rapport.RoleCaseManager, Disabled: &active, Page: rapport.Page{Limit: rapport.MaxPageSize}})
		if err != nil {
			return err
		}
		t := teamTrendTable{Name: team.Name}
		for _, s := range staff {
			t.Rows = append(t.Rows, staffRow{ID: s.ID, Name: s.Name})
			ids = append(ids, s.ID)
		}
		p.Teams = append(p.Teams, t)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids) // someone on two teams is counted once
	totals, err := u.st.StaffTrends(ctx, actor, ids, since, until)
	if err != nil {
		return err
	}
	byID := map[int64]rapport.TrendStats{}
	for _, s := range totals {
		byID[s.UserID] = s.TrendStats
	}
	for i := range p.Teams {
		for j := range p.Teams[i].Rows {
			row := &p.Teams[i].Rows[j]
			row.trendSummary = newTrendSummary(byID[row.ID])
		}
	}
	u.render(w, r, http.StatusOK, "team_trends", p)
	return nil
}

// Views.

type trendsPage struct {
	page
	Own          bool
	Person       string
	Period       periodForm
	Notes        int
	Summary      trendSummary
	Figures      []trendFigure
	PitfallCodes []codeRow
}

type teamTrendsPage struct {
	page
	Period periodForm
	SelfID int64
	Teams  []teamTrendTable
}

type teamTrendTable struct {
	Name string
	Rows []staffRow
}

type staffRow struct {
	ID   int64
	Name string
	trendSummary
}

// periodForm is the period selector: a plain GET form back to the same page.
type periodForm struct {
	Action  string
	Options []periodOption
}

type periodOption struct {
	Months   int
	Selected bool
}

func newPeriodForm(path string, months int) periodForm {
	f := periodForm{Action: path}
	for _, m := range trendMonths {
		f.Options = append(f.Options, periodOption{Months: m, Selected: m == months})
	}
	return f
}

// trendSummary is a set of notes' totals, written for reading.
type trendSummary struct {
	Notes    int
	Score    string
	OpenRate string
	Per100   string
}

func newTrendSummary(s rapport.TrendStats) trendSummary {
	if s.Notes == 0 {
		return trendSummary{Score: "no notes", OpenRate: "no notes", Per100: "no notes"}
	}
	return trendSummary{Notes: s.Notes, Score: formatFixed(s.MeanScore, 0), OpenRate: rateText(s), Per100: formatFixed(s.PitfallsPer100(), 1)}
}

// trendFigure is one chart with the table of its numbers.
type trendFigure struct {
	ID      string
	Heading string
	Note    string // how to read it, when that needs saying
	Chart   template.HTML
	Caption string
	Head    string // the heading of the rows' labels
	Columns []string
	Rows    []trendRow
}

type trendRow struct {
	Label string
	Cells []string
}

type codeRow struct {
	Title  string
	Count  int
	Per100 string
}

// trendFigures builds the four figures: levels, open-question rate, pitfalls and suggestions.
func trendFigures(tr *rapport.Trends) []trendFigure {
	per := "week"
	if tr.Bucket == rapport.BucketMonth {
		per = "month"
	}
	labels := make([]string, len(tr.Periods))
	for i, p := range tr.Periods {
		labels[i] = periodLabel(p.Start, tr.Bucket, false)
	}
	return []trendFigure{levelsFigure(tr, per, labels), openRateFigure(tr, per, labels), pitfallsFigure(tr, per, labels), suggestionsFigure(tr)}
}

// periodLabel names a period: "3 Mar" or "Mar 2025" on a chart's axis, "Week of 3 Mar 2025" or
// "March 2025" in a table.
func periodLabel(start time.Time, b rapport.TrendBucket, long bool) string {
	switch {
	case b == rapport.BucketMonth && long:
		return start.Format("January 2006")
	case b == rapport.BucketMonth:
		return start.Format("Jan 2006")
	case long:
		return "Week of " + start.Format("2 Jan 2006")
	}
	return start.Format("2 Jan")
}

// perPeriod returns f's value for each period, NaN where the period has no notes.
func perPeriod(tr *rapport.Trends, f func(rapport.TrendStats) float64) []float64 {
	out := make([]float64, len(tr.Periods))
	for i, p := range tr.Periods {
		out[i] = math.NaN()
		if p.Notes > 0 {
			out[i] = f(p.TrendStats)
		}
	}
	return out
}

// periodRows makes a table row per period; periods without notes say so.
func periodRows(tr *rapport.Trends, cells func(rapport.TrendStats) []string, width int) []trendRow {
	rows := make([]trendRow, len(tr.Periods))
	for i, p := range tr.Periods {
		rows[i] = trendRow{Label: periodLabel(p.Start, tr.Bucket, true)}
		if p.Notes == 0 {
			rows[i].Cells = append([]string{"0"}, slices.Repeat([]string{"no notes"}, width-1)...)
			continue
		}
		rows[i].Cells = cells(p.TrendStats)
	}
	return rows
}

var levelNames = []string{"Emotional", "Cognitive", "Exploration", "Compassionate"}

func levelValues(s rapport.TrendStats) []float64 {
	l := s.Levels
	return []float64{l.Emotional, l.Cognitive, l.Exploration, l.Compassionate}
}

func levelsFigure(tr *rapport.Trends, per string, labels []string) trendFigure {
	c := chart.Line{ID: "levels-chart", Title: "Mean empathy levels per " + per, Labels: labels, Max: 2, Decimals: 2,
		Desc: "Each level is rated 0 (none), 1 (weak) or 2 (strong) in every note; the chart shows the mean per " + per + "."}
	for i, name := range levelNames {
		c.Series = append(c.Series, chart.Series{Name: name, Values: perPeriod(tr, func(s rapport.TrendStats) float64 { return levelValues(s)[i] })})
	}
	return trendFigure{
		ID: "levels", Heading: "Empathy levels", Chart: c.SVG(),
		Note:    "Each note rates four levels from 0 (none) to 2 (strong): emotional (acknowledging feelings), cognitive (understanding their view), exploration (asking about their experience) and compassionate (offering concrete help).",
		Caption: "Mean level per " + per, Head: "Period", Columns: append([]string{"Notes"}, levelNames...),
		Rows: periodRows(tr, func(s rapport.TrendStats) []string {
			cells := []string{strconv.Itoa(s.Notes)}
			for _, v := range levelValues(s) {
				cells = append(cells, formatFixed(v, 2))
			}
			return cells
		}, 5),
	}
}

func openRateFigure(tr *rapport.Trends, per string, labels []string) trendFigure {
	c := chart.Line{ID: "open-rate-chart", Title: "Open questions as a share of all questions, per " + per, Labels: labels, Max: 100, Unit: "%", Decimals: 1,
		Series: []chart.Series{{Name: "Open-question rate", Values: perPeriod(tr, rapport.TrendStats.OpenQuestionRate)}}}
	return trendFigure{
		ID: "open-rate", Heading: "Open questions", Chart: c.SVG(),
		Note:    "The share of your questions that were open, such as \u201cWhat matters most to you?\u201d. For reference, MITI 3.1.1 took 50% open questions as beginning proficiency; that threshold is expert opinion, not a validated cut-off.",
		Caption: "Open questions per " + per, Head: "Period", Columns: []string{"Notes", "Questions", "Open", "Open-question rate"},
		Rows: periodRows(tr, func(s rapport.TrendStats) []string {
			return []string{strconv.Itoa(s.Notes), strconv.Itoa(s.Questions), strconv.Itoa(s.OpenQuestions), rateText(s)}
		}, 4),
	}
}

func pitfallsFigure(tr *rapport.Trends, per string, labels []string) trendFigure {
	c := chart.Line{ID: "pitfalls-chart", Title: "Pitfalls per 100 notes, per " + per, Labels: labels, Decimals: 1,
		Series: []chart.Series{{Name: "Pitfalls per 100 notes", Values: perPeriod(tr, rapport.TrendStats.PitfallsPer100)}}}
	return trendFigure{
		ID: "pitfalls", Heading: "Pitfalls", Chart: c.SVG(),
		Note:    "Pitfalls are advice nobody asked for, minimising, judgement, dismissing, \u201cbut\u201d, pity, stigmatising words, turning the focus to yourself and jargon. Lower is better.",
		Caption: "Pitfalls per " + per, Head: "Period", Columns: []string{"Notes", "Pitfalls", "Per 100 notes"},
		Rows: periodRows(tr, func(s rapport.TrendStats) []string {
			return []string{strconv.Itoa(s.Notes), strconv.Itoa(s.Pitfalls), formatFixed(s.PitfallsPer100(), 1)}
		}, 3),
	}
}

func suggestionsFigure(tr *rapport.Trends) trendFigure {
	c := chart.Bar{ID: "suggestions-chart", Title: "Most frequent suggestions"}
	f := trendFigure{ID: "suggestions", Heading: "Most frequent suggestions",
		Note:    "The engine's suggestions you were offered most often. A suggestion that keeps coming back is a habit worth a look.",
		Caption: "Most frequent suggestions", Head: "Suggestion", Columns: []string{"Behaviour", "Times"}}
	for _, s := range tr.Suggestions {
		text := "\u201c" + s.Text + "\u201d"
		c.Bars = append(c.Bars, chart.BarItem{Label: codeTitle(engine.Code(s.Code)) + ": " + text, Value: float64(s.Count)})
		f.Rows = append(f.Rows, trendRow{Label: text, Cells: []string{codeTitle(engine.Code(s.Code)), strconv.Itoa(s.Count)}})
	}
	if len(f.Rows) == 0 {
		f.Note = "The engine made no suggestions for these notes."
		return f
	}
	f.Chart = c.SVG()
	return f
}

// pitfallRows lists the pitfalls by behaviour, with their rate per 100 notes.
func pitfallRows(tr *rapport.Trends) []codeRow {
	var rows []codeRow
	for _, c := range tr.PitfallsByCode {
		rows = append(rows, codeRow{Title: codeTitle(engine.Code(c.Code)), Count: c.Count,
			Per100: formatFixed(100*float64(c.Count)/float64(tr.Total.Notes), 1)})
	}
	return rows
}

// rateText is the open-question rate, or says there were no questions.
func rateText(s rapport.TrendStats) string {
	r := s.OpenQuestionRate()
	if math.IsNaN(r) {
		return "no questions"
	}
	return formatFixed(r, 1) + "%"
}

func formatFixed(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-") // no "-0.0"
	}
	return s
}
