package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/stats"
)

// The empathy→trust view: for each response a client gave, the engine's reading of what their
// case manager wrote about them in the 90 days before (rapport.EmpathyWindow), and Spearman's
// rank correlation between each communication metric and the score, with a bootstrap 95%
// interval. It says what such numbers can show (a correlation, not a cause) and, when n is
// small or the interval spans zero, that they show nothing.

// empathySeed fixes the bootstrap, so the page shows the same interval on every visit.
const empathySeed = 1

// minEmpathyPairs is the fewest pairs from which the page draws any conclusion: below it a
// rank correlation's interval is too wide to mean anything.
const minEmpathyPairs = 20

// empathyMetric is one communication metric, read from the notes paired with a response; ok is
// false when the notes do not define it (no questions, so no open-question rate).
type empathyMetric struct {
	Name  string
	value func(rapport.TrendStats) (float64, bool)
}

func level(f func(rapport.LevelMeans) float64) func(rapport.TrendStats) (float64, bool) {
	return func(s rapport.TrendStats) (float64, bool) { return f(s.Levels), true }
}

var empathyMetrics = []empathyMetric{
	{"Emotional empathy (mean level)", level(func(l rapport.LevelMeans) float64 { return l.Emotional })},
	{"Cognitive empathy (mean level)", level(func(l rapport.LevelMeans) float64 { return l.Cognitive })},
	{"Exploration (mean level)", level(func(l rapport.LevelMeans) float64 { return l.Exploration })},
	{"Compassionate empathy (mean level)", level(func(l rapport.LevelMeans) float64 { return l.Compassionate })},
	{"Open-question rate", func(s rapport.TrendStats) (float64, bool) {
		r := s.OpenQuestionRate()
		return r, !math.IsNaN(r)
	}},
	{"Pitfalls per 100 notes", func(s rapport.TrendStats) (float64, bool) { return s.PitfallsPer100(), s.Notes > 0 }},
}

// empathyTrust handles GET /surveys/empathy-trust.
func (u *ui) empathyTrust(w http.ResponseWriter, r *http.Request) error {
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
	p := &empathyPage{page: u.newPage(r, "Empathy and trust"), Form: newTrustForm(r.URL.Path, q), Instrument: q.Instrument.Title,
		MinN: u.minN(), MinPairs: minEmpathyPairs, Window: int(rapport.EmpathyWindow.Hours() / 24), Query: q.values()}
	switch usr.Role {
	case rapport.RoleAdmin:
		g, _, err := u.empathyGroup(ctx, q.filter(0, 0), "org", "The whole organisation")
		if err != nil {
			return err
		}
		p.Groups = append(p.Groups, g)
	case rapport.RoleSupervisor:
		for _, t := range scope.teams {
			g, pairs, err := u.empathyGroup(ctx, q.filter(t.ID, 0), "team-"+strconv.FormatInt(t.ID, 10), t.Name)
			if err != nil {
				return err
			}
			if g.Staff, err = u.empathyStaff(ctx, t.ID, pairs); err != nil {
				return err
			}
			p.Groups = append(p.Groups, g)
		}
	default:
		g, _, err := u.empathyGroup(ctx, q.filter(0, usr.ID), "own", "Your notes and your clients' answers")
		if err != nil {
			return err
		}
		p.Groups = append(p.Groups, g)
	}
	u.render(w, r, http.StatusOK, "trust_empathy", p)
	return nil
}

// empathyGroup reads a group's pairs and correlates each metric with the score.
func (u *ui) empathyGroup(ctx context.Context, f rapport.TrustFilter, id, heading string) (empathyGroup, []rapport.EmpathyTrustPair, error) {
	actor, _ := actorFrom(ctx)
	et, err := u.st.EmpathyTrust(ctx, actor, f)
	if err != nil {
		return empathyGroup{}, nil, err
	}
	g := empathyGroup{ID: id, Heading: heading, Pairs: len(et.Pairs), Anonymous: et.Anonymous, WithoutNotes: et.WithoutNotes}
	for _, m := range empathyMetrics {
		g.Rows = append(g.Rows, correlate(m, et.Pairs))
	}
	return g, et.Pairs, nil
}

// empathyStaff is a row per case manager of the team with their own correlations, shown only
// from the minimum n of pairs.
func (u *ui) empathyStaff(ctx context.Context, teamID int64, pairs []rapport.EmpathyTrustPair) ([]empathyStaffRow, error) {
	active := false
	staff, _, err := u.st.ListUsers(ctx, rapport.UserFilter{TeamID: teamID, Role: rapport.RoleCaseManager, Disabled: &active, Page: rapport.Page{Limit: rapport.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	byStaff := map[int64][]rapport.EmpathyTrustPair{}
	ids := make([]int64, 0, len(staff))
	for _, s := range staff {
		ids = append(ids, s.ID)
	}
	for _, p := range pairs {
		byStaff[p.CaseManagerID] = append(byStaff[p.CaseManagerID], p)
		ids = append(ids, p.CaseManagerID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	names, err := u.staffNames(ctx, staff, ids)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ids, func(a, b int64) int { return compareFold(names[a], names[b]) })
	rows := make([]empathyStaffRow, 0, len(ids))
	for _, id := range ids {
		row := empathyStaffRow{Name: names[id], Pairs: len(byStaff[id])}
		if row.Pairs < u.minN() {
			row.Hidden = "fewer than " + strconv.Itoa(u.minN()) + " paired responses: not shown, to protect clients and staff"
		} else {
			for _, m := range empathyMetrics {
				row.Cells = append(row.Cells, correlate(m, byStaff[id]))
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// correlate is Spearman's rho of one metric against the score over the pairs where the metric
// is defined, with its bootstrap interval and a reading in words.
func correlate(m empathyMetric, pairs []rapport.EmpathyTrustPair) rhoRow {
	var xy []stats.Pair
	for _, p := range pairs {
		if v, ok := m.value(p.Notes); ok {
			xy = append(xy, stats.Pair{X: v, Y: p.Score})
		}
	}
	c := stats.SpearmanCI(xy, stats.Bootstrap{Seed: empathySeed})
	row := rhoRow{Metric: m.Name, N: c.N, Rho: "—", CI: "—"}
	if c.Defined {
		row.Rho = formatFixed(c.Rho, 2)
	}
	if c.HasCI {
		row.CI = formatFixed(c.Low, 2) + " to " + formatFixed(c.High, 2)
	}
	row.Reading, row.Evidence = reading(c)
	return row
}

// reading says what a correlation can show, and whether it is evidence of anything.
func reading(c stats.RhoCI) (string, bool) {
	switch {
	case c.N < minEmpathyPairs:
		return "Too few pairs (fewer than " + strconv.Itoa(minEmpathyPairs) + ") to show anything: this is no evidence either way.", false
	case !c.Defined:
		return "Not defined: every value was the same, so there is nothing to rank.", false
	case !c.HasCI:
		return "No interval could be computed, because the values barely vary: no conclusion.", false
	case c.Low <= 0 && c.High >= 0:
		return "The interval includes 0: these data show no evidence of a relationship.", false
	case c.Rho > 0:
		return "Higher values went with higher trust scores. A correlation, not a cause.", true
	}
	return "Higher values went with lower trust scores. A correlation, not a cause.", true
}

// Views.

type empathyPage struct {
	page
	Form       trustForm
	Instrument string
	MinN       int
	MinPairs   int
	Window     int          // days before a response that its notes come from
	Query      template.URL // the instrument and period as a query string (built by url.Values.Encode), for links
	Groups     []empathyGroup
}

type empathyGroup struct {
	ID, Heading  string
	Pairs        int
	Anonymous    int
	WithoutNotes int
	Rows         []rhoRow
	Staff        []empathyStaffRow // a supervisor's team: a row per case manager
}

type rhoRow struct {
	Metric   string
	N        int
	Rho, CI  string
	Reading  string
	Evidence bool // n is large enough and the interval excludes 0
}

type empathyStaffRow struct {
	Name   string
	Pairs  int
	Hidden string
	Cells  []rhoRow
}

// MetricNames heads the staff table's columns.
func (p *empathyPage) MetricNames() []string {
	names := make([]string, len(empathyMetrics))
	for i, m := range empathyMetrics {
		names[i] = m.Name
	}
	return names
}
