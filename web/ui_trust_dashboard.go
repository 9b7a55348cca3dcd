package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/chart"
	"github.com/rapporthq/rapport/stats"
)

// The trust dashboard. Every mean comes with its n and 95% t interval (stats.MeanFromSums over
// the store's sums); a figure for fewer than the minimum n responses is not shown, and neither
// is one that could be worked out from the others (see suppress).

// maxTrustComments bounds the responses a case manager's comment list reads.
const maxTrustComments = 100

// trustDashboard handles GET /surveys.
func (u *ui) trustDashboard(w http.ResponseWriter, r *http.Request) error {
	q, err := u.readTrustQuery(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	usr, _ := userFrom(ctx)
	scope, err := u.scopeFor(ctx, usr)
	if err != nil {
		return err
	}
	p := &trustPage{page: u.newPage(r, "Trust"), Form: newTrustForm(r.URL.Path, q), Instrument: q.Instrument.Title,
		Builtin: q.Instrument.Builtin, MinN: u.minN(), Query: q.values(), Own: usr.Role == rapport.RoleCaseManager}
	switch usr.Role {
	case rapport.RoleAdmin:
		err = u.orgDashboard(ctx, p, q, scope)
	case rapport.RoleSupervisor:
		err = u.teamDashboards(ctx, p, q, scope)
	default:
		err = u.ownDashboard(ctx, p, q, usr)
	}
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "trust", p)
	return nil
}

// ownDashboard is a case manager's own results and their clients' comments.
func (u *ui) ownDashboard(ctx context.Context, p *trustPage, q trustQuery, usr *rapport.User) error {
	p.Title = "Your clients' trust"
	// Named answers only, each listed below with its score, so no minimum n is needed here:
	// anonymous answers count in the team's and organisation's figures instead.
	f := q.filter(0, usr.ID)
	f.IdentifiedOnly = true
	g, err := u.trustGroup(ctx, q, f, "own", "Your results (named answers)", 1)
	if err != nil {
		return err
	}
	p.Groups = []trustGroup{g}
	actor, _ := actorFrom(ctx)
	responses, total, err := u.st.ListResponses(ctx, actor, rapport.ResponseFilter{CaseManagerID: usr.ID, InstrumentID: q.Instrument.ID,
		Since: q.Since, Until: q.Until, Page: rapport.Page{Limit: maxTrustComments}})
	if err != nil {
		return err
	}
	p.Comments = &commentList{Read: len(responses), Total: total}
	for _, r := range responses {
		row := commentRow{ClientID: r.ClientID, Date: r.CompletedAt, Text: r.Comment, Flagged: r.Flagged, Band: r.Band}
		if r.Score != nil {
			row.Score = strconv.FormatFloat(*r.Score, 'f', g.Decimals, 64)
		}
		p.Comments.Rows = append(p.Comments.Rows, row)
	}
	return nil
}

// teamDashboards is a supervisor's teams, each with its case managers.
func (u *ui) teamDashboards(ctx context.Context, p *trustPage, q trustQuery, scope trustScope) error {
	p.Title = "Your teams' trust"
	for _, t := range scope.teams {
		g, err := u.trustGroup(ctx, q, q.filter(t.ID, 0), "team-"+strconv.FormatInt(t.ID, 10), t.Name, u.minN())
		if err != nil {
			return err
		}
		active := false
		staff, _, err := u.st.ListUsers(ctx, rapport.UserFilter{TeamID: t.ID, Role: rapport.RoleCaseManager, Disabled: &active, Page: rapport.Page{Limit: rapport.MaxPageSize}})
		if err != nil {
			return err
		}
		byStaff, err := u.st.TrustByCaseManager(ctx, q.filter(t.ID, 0))
		if err != nil {
			return err
		}
		if g.Staff, err = u.staffTable(ctx, byStaff, staff, g); err != nil {
			return err
		}
		p.Groups = append(p.Groups, g)
	}
	return nil
}

// orgDashboard is the organisation's aggregates, a row per team and a row per case manager.
// The queries are independent reads, so they run at once (see together).
func (u *ui) orgDashboard(ctx context.Context, p *trustPage, q trustQuery, scope trustScope) error {
	p.Title = "Trust across the organisation"
	var g trustGroup
	var byStaff []rapport.StaffTrust
	var users []*rapport.User
	sums := make([]rapport.ScoreSums, len(scope.teams))
	tasks := []func() error{
		func() (err error) {
			g, err = u.trustGroup(ctx, q, q.filter(0, 0), "org", "The whole organisation", u.minN())
			return err
		},
		func() (err error) { byStaff, err = u.st.TrustByCaseManager(ctx, q.filter(0, 0)); return err },
		func() (err error) {
			users, _, err = u.st.ListUsers(ctx, rapport.UserFilter{Role: rapport.RoleCaseManager, Page: rapport.Page{Limit: rapport.MaxPageSize}})
			return err
		},
	}
	for i, t := range scope.teams {
		tasks = append(tasks, func() error {
			series, err := u.st.TrustSeries(ctx, q.filter(t.ID, 0))
			for _, m := range series {
				sums[i] = sums[i].Add(m.ScoreSums)
			}
			return err
		})
	}
	if err := together(tasks...); err != nil {
		return err
	}
	teams := &trustTable{Caption: "Trust by team", Head: "Team"}
	for _, t := range scope.teams {
		teams.Rows = append(teams.Rows, trustRow{Label: t.Name})
	}
	g.fill(teams, sums, p.MinN)
	p.Teams = teams
	var err error
	if g.Staff, err = u.staffTable(ctx, byStaff, users, g); err != nil {
		return err
	}
	p.Groups = []trustGroup{g}
	return nil
}

// together runs the dashboard's independent reads at once and returns the first error:
// SQLite serves several readers in parallel, so the organisation dashboard takes about as
// long as its slowest query rather than the sum of all of them.
func together(tasks ...func() error) error {
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Go(func() {
			// The server recovers panics only on the request's own goroutine.
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("trust dashboard query panicked: %v", p)
				}
			}()
			errs[i] = task()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// staffTable is a row per case manager: those listed (a team's), and anyone else with responses
// in the group, by name.
func (u *ui) staffTable(ctx context.Context, byStaff []rapport.StaffTrust, listed []*rapport.User, g trustGroup) (*trustTable, error) {
	sums := map[int64]rapport.ScoreSums{}
	var ids []int64
	for _, s := range listed {
		ids = append(ids, s.ID)
	}
	for _, s := range byStaff {
		sums[s.CaseManagerID] = s.ScoreSums
		ids = append(ids, s.CaseManagerID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	names, err := u.staffNames(ctx, listed, ids)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ids, func(a, b int64) int { return compareFold(names[a], names[b]) })
	t := &trustTable{Caption: "Trust by case manager", Head: "Case manager"}
	var all []rapport.ScoreSums
	for _, id := range ids {
		t.Rows = append(t.Rows, trustRow{Label: names[id]})
		all = append(all, sums[id])
	}
	g.fill(t, all, u.minN())
	return t, nil
}

// trustGroup reads one group's distribution and monthly series and lays them out.
func (u *ui) trustGroup(ctx context.Context, q trustQuery, f rapport.TrustFilter, id, heading string, minN int) (trustGroup, error) {
	var dist rapport.TrustDistribution
	var series []rapport.TrustPeriod
	err := together(
		func() (err error) { dist, err = u.st.TrustDistribution(ctx, f); return err },
		func() (err error) { series, err = u.st.TrustSeries(ctx, f); return err },
	)
	if err != nil {
		return trustGroup{}, err
	}
	g := trustGroup{ID: id, Heading: heading, Min: dist.Min, Max: dist.Max, Decimals: scoreDecimals(dist.Min, dist.Max), minN: minN}
	var total rapport.ScoreSums
	months := &trustTable{Caption: "Responses and mean score per month", Head: "Month"}
	sums := make([]rapport.ScoreSums, len(series))
	for i, m := range series {
		total = total.Add(m.ScoreSums)
		months.Rows = append(months.Rows, trustRow{Label: m.Start.Format("January 2006")})
		sums[i] = m.ScoreSums
	}
	g.Total = g.numbers(total)
	if total.N < g.minN {
		g.Total.Hidden = fewerThan(g.minN)
	}
	g.fill(months, sums, g.minN)
	g.Months = months
	g.Chart = g.seriesChart(q, series, months)
	if total.N >= g.minN {
		g.Dist = newTrustDist(id, q.Instrument.Title, dist)
	}
	return g, nil
}

// scoreDecimals shows two decimals on a short scale (a 1–5 mean) and one on a long one (a
// 10–50 sum).
func scoreDecimals(lo, hi float64) int {
	if hi-lo <= 10 {
		return 2
	}
	return 1
}

// fill writes the numbers of each row from its sums, hiding what suppress says to hide.
func (g trustGroup) fill(t *trustTable, sums []rapport.ScoreSums, minN int) {
	ns := make([]int, len(sums))
	for i, s := range sums {
		ns[i] = s.N
	}
	hidden := suppress(ns, minN)
	for i := range t.Rows {
		t.Rows[i].trustNumbers = g.numbers(sums[i])
		t.Rows[i].Hidden = hidden[i]
	}
}

// numbers writes a mean with its interval in the group's decimals.
func (g trustGroup) numbers(s rapport.ScoreSums) trustNumbers {
	n := trustNumbers{N: s.N}
	if s.N == 0 {
		n.Mean, n.CI = "no responses", "—"
		return n
	}
	m := stats.MeanFromSums(s.N, s.Sum, s.SumSq)
	// A t interval can run past the scale, where no mean can lie: clip it to the possible range.
	m.Low, m.High = max(m.Low, g.Min), min(m.High, g.Max)
	n.Mean = formatFixed(m.Mean, g.Decimals)
	n.CI = "no interval from one response"
	if m.HasCI {
		n.CI = formatFixed(m.Low, g.Decimals) + " to " + formatFixed(m.High, g.Decimals)
	}
	n.mean, n.low, n.high, n.hasCI = m.Mean, m.Low, m.High, m.HasCI
	return n
}

// seriesChart draws the months the table shows: hidden months are gaps, with their n.
func (g trustGroup) seriesChart(q trustQuery, series []rapport.TrustPeriod, months *trustTable) template.HTML {
	desc := "The line joins each month's mean score; the shaded band and the bars show each mean's 95% confidence interval."
	if g.minN > 1 {
		desc += " Months with fewer than " + strconv.Itoa(g.minN) + " responses are not shown."
	}
	c := chart.Interval{ID: g.ID + "-series", Title: "Mean " + q.Instrument.Title + " score per month, with 95% confidence intervals",
		Name: "Mean score", Min: g.Min, Max: g.Max, Decimals: g.Decimals, Desc: desc}
	for i, m := range series {
		c.Labels = append(c.Labels, m.Start.Format("Jan 2006"))
		row := months.Rows[i]
		pt := chart.IntervalPoint{Value: math.NaN(), Low: math.NaN(), High: math.NaN(), N: m.N}
		if row.Hidden == "" && m.N > 0 {
			pt.Value = row.mean
			if row.hasCI {
				pt.Low, pt.High = row.low, row.high
			}
		}
		c.Points = append(c.Points, pt)
	}
	return c.SVG()
}

// suppress says which of a table's rows to hide, and why: a row with fewer than minN responses
// (but some) is hidden; and while the hidden rows add up to fewer than minN responses, the
// smallest shown rows are hidden too, because the table's total is shown and a single hidden
// row could otherwise be worked out as the total minus the rows shown. ("" means shown.)
func suppress(ns []int, minN int) []string {
	hidden := make([]string, len(ns))
	sum := 0
	for i, n := range ns {
		if n > 0 && n < minN {
			hidden[i] = fewerThan(minN)
			sum += n
		}
	}
	for sum > 0 && sum < minN {
		smallest := -1
		for i, n := range ns {
			if hidden[i] == "" && n > 0 && (smallest < 0 || n < ns[smallest]) {
				smallest = i
			}
		}
		if smallest < 0 {
			break
		}
		hidden[smallest] = "not shown, so that a smaller group's figures cannot be worked out from the total"
		sum += ns[smallest]
	}
	return hidden
}

func fewerThan(minN int) string {
	return "fewer than " + strconv.Itoa(minN) + " responses: not shown, to protect clients and staff"
}

// newTrustDist lays out a distribution: a column per score when the scores take few values
// (a trust-pulse mean moves in steps of 0.2), else per whole number, with the ceiling and
// floor stated.
func newTrustDist(id, instrument string, d rapport.TrustDistribution) *trustDist {
	scores := d.Scores()
	td := &trustDist{Extremes: stats.CeilingFloor(scores, d.Min, d.Max), Min: formatScore(d.Min), Max: formatScore(d.Max)}
	td.Ceiling = formatFixed(100*td.Extremes.Ceiling, 1) + "%"
	td.Floor = formatFixed(100*td.Extremes.Floor, 1) + "%"
	c := chart.Histogram{ID: id + "-dist", Title: "Responses by " + instrument + " score",
		Desc: "How many responses had each score, from the lowest possible (" + td.Min + ") to the highest (" + td.Max + ")."}
	n := float64(len(scores))
	if len(d.Counts) <= 25 {
		for _, sc := range d.Counts {
			c.Labels = append(c.Labels, formatScore(sc.Score))
			c.Counts = append(c.Counts, float64(sc.Count))
			td.Rows = append(td.Rows, distRow{Score: formatScore(sc.Score), Count: sc.Count, Share: formatFixed(100*float64(sc.Count)/n, 1) + "%"})
		}
	} else {
		td.Rounded = true
		h := stats.NewHistogram(scores, int(math.Ceil(d.Min)), int(math.Floor(d.Max)))
		for i, count := range h.Counts {
			label := strconv.Itoa(h.Min + i)
			c.Labels = append(c.Labels, label)
			c.Counts = append(c.Counts, float64(count))
			td.Rows = append(td.Rows, distRow{Score: label, Count: count, Share: formatFixed(100*float64(count)/n, 1) + "%"})
		}
	}
	td.Chart = c.SVG()
	return td
}

// formatScore writes a score without trailing zeros: 5, 4.2, 37.5.
func formatScore(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Views.

type trustPage struct {
	page
	Form       trustForm
	Instrument string
	Builtin    bool // Rapport's own instrument: not validated
	MinN       int
	Query      template.URL // the instrument and period as a query string (built by url.Values.Encode), for links
	Own        bool         // a case manager's own results
	Groups     []trustGroup
	Teams      *trustTable  // admin: per team
	Comments   *commentList // case manager: their clients' comments
}

// trustGroup is one group's figures: the organisation, a team, or one case manager.
type trustGroup struct {
	ID, Heading string
	Min, Max    float64
	Decimals    int
	minN        int
	Total       trustNumbers
	Chart       template.HTML
	Months      *trustTable
	Dist        *trustDist // nil below the minimum n
	Staff       *trustTable
}

// trustNumbers is a mean with its n and interval, written for reading, or why it is hidden.
type trustNumbers struct {
	N        int
	Mean, CI string
	Hidden   string
	// The numbers themselves, for the chart.
	mean, low, high float64
	hasCI           bool
}

type trustTable struct {
	Caption, Head string
	Rows          []trustRow
}

type trustRow struct {
	Label string
	trustNumbers
}

type trustDist struct {
	Chart    template.HTML
	Rows     []distRow
	Rounded  bool // scores were rounded to whole numbers for the columns
	Extremes stats.Extremes
	Ceiling  string // the share at the highest possible score, "52.0%"
	Floor    string
	Min, Max string
}

type distRow struct {
	Score string
	Count int
	Share string
}

type commentList struct {
	Read  int // responses read for the list
	Total int // responses in the period
	Rows  []commentRow
}

type commentRow struct {
	ClientID int64
	Date     time.Time
	Score    string // in the group's decimals; empty when the answer could not be scored
	Band     string
	Text     string // the client's comment, if they wrote one
	Flagged  bool
}

// compareFold orders names without regard to case.
func compareFold(a, b string) int {
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}
