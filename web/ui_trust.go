package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// Seeing trust: the trust dashboards (GET /surveys), the empathy→trust view
// (GET /surveys/empathy-trust) and the survey exports (CSV and a FHIR Bundle). Each viewer sees
// one scope: a case manager their own results and their clients' comments; a supervisor their
// teams, with per-person figures only at or above the minimum n; an admin the organisation's
// aggregates, per team and per person under the same rule, and no comments or client data.
// docs/surveys.md, "Seeing trust", says how every number is computed and what is withheld.

// trustStore is what the trust dashboards, the empathy-trust view and the survey exports need of the store.
type trustStore interface {
	ListInstruments(ctx context.Context, p rapport.Page) ([]*rapport.Instrument, int, error)
	FindInstrumentByURL(ctx context.Context, url string) (*rapport.Instrument, error)
	TrustSeries(ctx context.Context, f rapport.TrustFilter) ([]rapport.TrustPeriod, error)
	TrustByCaseManager(ctx context.Context, f rapport.TrustFilter) ([]rapport.StaffTrust, error)
	TrustDistribution(ctx context.Context, f rapport.TrustFilter) (rapport.TrustDistribution, error)
	ListResponses(ctx context.Context, actor rapport.Actor, f rapport.ResponseFilter) ([]*rapport.SurveyResponse, int, error)
	ExportResponses(ctx context.Context, actor rapport.Actor, f rapport.TrustFilter, each func(*rapport.SurveyResponse) error) error
	EmpathyTrust(ctx context.Context, actor rapport.Actor, f rapport.TrustFilter) (*rapport.EmpathyTrust, error)
	ListUsers(ctx context.Context, f rapport.UserFilter) ([]*rapport.User, int, error)
	ListTeams(ctx context.Context, f rapport.TeamFilter) ([]*rapport.Team, int, error)
}

// registerTrust mounts the trust dashboards, the empathy-trust view and the survey exports.
func (u *ui) registerTrust(mux *http.ServeMux) {
	u.srv.route(mux, "GET /surveys", u.handle(u.requireUser(u.trustDashboard)))
	u.srv.route(mux, "GET /surveys/empathy-trust", u.handle(u.requireUser(u.empathyTrust)))
	u.srv.route(mux, "GET /surveys/export.csv", u.handle(u.requireUser(u.exportTrustCSV)))
	u.srv.route(mux, "GET /surveys/export.fhir.json", u.handle(u.requireUser(u.exportTrustFHIR)))
}

// DefaultMinN is the fewest responses a per-person or per-period figure needs before a
// dashboard shows it, when Config.MinN is not set.
const DefaultMinN = 5

// minN is the configured minimum n.
func (u *ui) minN() int {
	if n := u.srv.cfg.MinN; n > 0 {
		return n
	}
	return DefaultMinN
}

// trustMonths are the periods the selector offers; the default is the middle one.
var trustMonths = []int{6, 12, 24}

const defaultTrustMonths = 12

// trustQuery is the instrument and period a trust page shows, read from the query string.
type trustQuery struct {
	Instrument  *rapport.Instrument
	Instruments []*rapport.Instrument // the scored instruments, for the selector
	Months      int
	// The range is whole calendar months (UTC), the last being the current one, so every
	// point of a series covers a month and the first is not a fragment.
	Since, Until time.Time
}

// filter is the query's range and instrument for a group (a team, a case manager, or neither).
func (q trustQuery) filter(teamID, caseManagerID int64) rapport.TrustFilter {
	return rapport.TrustFilter{InstrumentID: q.Instrument.ID, TeamID: teamID, CaseManagerID: caseManagerID, Since: q.Since, Until: q.Until}
}

// values is the query as a query string, for links to the other trust pages and the exports.
// It is a template.URL so the template writes it as it is: Encode has escaped each part, and
// html/template would otherwise escape the "=" and "&" too, breaking the links.
func (q trustQuery) values() template.URL {
	return template.URL(url.Values{"instrument": {strconv.FormatInt(q.Instrument.ID, 10)}, "months": {strconv.Itoa(q.Months)}}.Encode())
}

// readTrustQuery reads ?instrument= (an ID; the trust pulse by default) and ?months=; anything
// else than a scored instrument or an offered period is a 400.
func (u *ui) readTrustQuery(r *http.Request) (trustQuery, error) {
	ctx := r.Context()
	q := trustQuery{Months: defaultTrustMonths}
	if v := r.URL.Query().Get("months"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(trustMonths, n) {
			return q, rapport.Errorf(rapport.EINVALID, "Choose a period of 6, 12 or 24 months.")
		}
		q.Months = n
	}
	all, _, err := u.st.ListInstruments(ctx, rapport.Page{Limit: rapport.MaxPageSize})
	if err != nil {
		return q, err
	}
	for _, in := range all {
		if in.Scored {
			q.Instruments = append(q.Instruments, in)
		}
	}
	if q.Instrument, err = chooseInstrument(ctx, u.st, q.Instruments, r.URL.Query().Get("instrument")); err != nil {
		return q, err
	}
	now := uiNow().UTC()
	q.Until = time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	q.Since = q.Until.AddDate(0, -q.Months, 0)
	return q, nil
}

// chooseInstrument finds the chosen instrument among the scored ones, or the trust pulse.
func chooseInstrument(ctx context.Context, st trustStore, scored []*rapport.Instrument, v string) (*rapport.Instrument, error) {
	if v == "" {
		in, err := st.FindInstrumentByURL(ctx, survey.URLTrustPulse)
		if rapport.ErrorCode(err) == rapport.ENOTFOUND {
			return nil, rapport.Errorf(rapport.ENOTFOUND, "Rapport's trust pulse is not installed: restart the server, which installs it.")
		}
		return in, err
	}
	id, err := strconv.ParseInt(v, 10, 64)
	i := slices.IndexFunc(scored, func(in *rapport.Instrument) bool { return in.ID == id })
	if err != nil || i < 0 {
		return nil, rapport.Errorf(rapport.EINVALID, "Choose a scored survey from the list.")
	}
	return scored[i], nil
}

// trustForm is the instrument and period selector: a plain GET form back to the same page.
type trustForm struct {
	Action      string
	Instruments []trustOption
	Months      []trustOption
}

type trustOption struct {
	Value    string
	Label    string
	Selected bool
}

func newTrustForm(action string, q trustQuery) trustForm {
	f := trustForm{Action: action}
	for _, in := range q.Instruments {
		label := in.Title
		if in.Version != "" {
			label += " (version " + in.Version + ")"
		}
		f.Instruments = append(f.Instruments, trustOption{Value: strconv.FormatInt(in.ID, 10), Label: label, Selected: in.ID == q.Instrument.ID})
	}
	for _, m := range trustMonths {
		f.Months = append(f.Months, trustOption{Value: strconv.Itoa(m), Label: "Last " + strconv.Itoa(m) + " months", Selected: m == q.Months})
	}
	return f
}

// trustScope is the groups a viewer may see: their own results, their teams, or the whole
// organisation.
type trustScope struct {
	usr   *rapport.User
	teams []*rapport.Team // a supervisor's teams; an admin's are every team
}

// scopeFor loads the teams the viewer's scope covers.
func (u *ui) scopeFor(ctx context.Context, usr *rapport.User) (trustScope, error) {
	s := trustScope{usr: usr}
	switch usr.Role {
	case rapport.RoleAdmin:
		teams, _, err := u.st.ListTeams(ctx, rapport.TeamFilter{Page: rapport.Page{Limit: rapport.MaxPageSize}})
		s.teams = teams
		return s, err
	case rapport.RoleSupervisor:
		for _, id := range usr.TeamIDs {
			t, err := u.st.FindTeamByID(ctx, id)
			if err != nil {
				return s, err
			}
			s.teams = append(s.teams, t)
		}
	}
	return s, nil
}

// staffNames maps each case manager to a name: the ones listed first, then any others by lookup
// (someone who has left the team, or whose account was removed).
func (u *ui) staffNames(ctx context.Context, listed []*rapport.User, ids []int64) (map[int64]string, error) {
	d := u.directory(listed)
	names := make(map[int64]string, len(ids))
	for _, id := range ids {
		who, err := d.lookup(ctx, id)
		if err != nil {
			return nil, err
		}
		names[id] = who.Name
	}
	return names, nil
}
