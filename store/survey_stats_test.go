package store

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

var approxSums = cmpopts.EquateApprox(0, 1e-9)

func noon(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

// statsFixture has two teams, each with a case manager and a client, and a history of
// responses whose sums are worked out by hand in the tests.
type statsFixture struct {
	*surveyFixture
	team2  *rapport.Team
	c1, c2 *rapport.Client
	heard  *rapport.Instrument
	// all are the imported responses, in the order newStatsFixture lists them.
	all []*rapport.SurveyResponse
}

func newStatsFixture(t *testing.T, db *DB) *statsFixture {
	t.Helper()
	ctx := t.Context()
	f := &statsFixture{surveyFixture: newSurveyFixture(t, db)}
	f.team2 = &rapport.Team{Name: "South"}
	must(t, db.CreateTeam(ctx, f.team2))
	must(t, db.AddTeamMember(ctx, f.team2.ID, f.cm2.ID))
	f.c1 = f.client(t, "Marisol")
	f.c2 = &rapport.Client{TeamID: f.team2.ID, PreferredName: "Dee", CareTeam: []int64{f.cm2.ID}}
	must(t, db.CreateClient(ctx, actorOf(f.cm2), f.c2))
	var err error
	f.heard, err = db.FindInstrumentByURL(ctx, survey.URLFeltHeard)
	must(t, err)

	resp := func(instrument *rapport.Instrument, cm *rapport.User, team *rapport.Team, client *rapport.Client, at time.Time, score *float64) *rapport.SurveyResponse {
		r := &rapport.SurveyResponse{InstrumentID: instrument.ID, CaseManagerID: cm.ID, TeamID: team.ID, Status: rapport.ResponseCompleted,
			Answers: []byte(someAnswers), Score: score, CompletedAt: at, Anonymous: client == nil, Comment: "comment " + at.Format("Jan 2")}
		if client != nil {
			r.ClientID = client.ID
		}
		return r
	}
	p := f.pulse
	all := []*rapport.SurveyResponse{
		resp(p, f.cm, f.team, f.c1, noon(2024, 12, 20), ptr(1.0)), // before the range
		resp(p, f.cm, f.team, f.c1, noon(2025, 1, 5), ptr(5.0)),
		resp(p, f.cm, f.team, f.c1, noon(2025, 1, 9), ptr(4.0)),
		resp(p, f.cm, f.team, nil, noon(2025, 1, 10), ptr(3.0)), // anonymous
		resp(p, f.cm, f.team, f.c1, noon(2025, 2, 1), ptr(5.0)),
		resp(p, f.cm, f.team, f.c1, noon(2025, 2, 28), ptr(4.4)),
		resp(p, f.cm2, f.team2, f.c2, noon(2025, 1, 31), ptr(2.0)),
		resp(p, f.cm2, f.team2, f.c2, noon(2025, 3, 10), nil),          // not scorable
		resp(f.heard, f.cm, f.team, f.c1, noon(2025, 1, 20), ptr(3.0)), // another instrument
	}
	must(t, db.ImportResponses(ctx, actorOf(f.admin), all))
	f.all = all
	return f
}

// rangeQ1 is January to March 2025.
func (f *statsFixture) filter(edit func(*rapport.TrustFilter)) rapport.TrustFilter {
	tf := rapport.TrustFilter{InstrumentID: f.pulse.ID, Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)}
	if edit != nil {
		edit(&tf)
	}
	return tf
}

func month(m time.Month) time.Time { return time.Date(2025, m, 1, 0, 0, 0, 0, time.UTC) }

func TestTrustSeries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newStatsFixture(t, db)
		period := func(m time.Month, n int, sum, sumsq float64) rapport.TrustPeriod {
			return rapport.TrustPeriod{Start: month(m), ScoreSums: rapport.ScoreSums{N: n, Sum: sum, SumSq: sumsq}}
		}
		tests := []struct {
			name string
			edit func(*rapport.TrustFilter)
			want []rapport.TrustPeriod
		}{
			{"organisation", nil, []rapport.TrustPeriod{
				period(1, 4, 5+4+3+2, 25+16+9+4),
				period(2, 2, 5+4.4, 25+19.36),
				period(3, 0, 0, 0),
			}},
			{"team", func(tf *rapport.TrustFilter) { tf.TeamID = f.team.ID }, []rapport.TrustPeriod{
				period(1, 3, 12, 50),
				period(2, 2, 9.4, 44.36),
				period(3, 0, 0, 0),
			}},
			{"case manager", func(tf *rapport.TrustFilter) { tf.CaseManagerID = f.cm2.ID }, []rapport.TrustPeriod{
				period(1, 1, 2, 4),
				period(2, 0, 0, 0),
				period(3, 0, 0, 0),
			}},
			{"other instrument, mid-month range", func(tf *rapport.TrustFilter) {
				tf.InstrumentID, tf.Since, tf.Until = f.heard.ID, noon(2025, 1, 15), noon(2025, 2, 15)
			}, []rapport.TrustPeriod{
				period(1, 1, 3, 9),
				period(2, 0, 0, 0),
			}},
		}
		for _, tt := range tests {
			got, err := db.TrustSeries(t.Context(), f.filter(tt.edit))
			must(t, err)
			if diff := cmp.Diff(tt.want, got, approxSums); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}

func TestTrustByCaseManagerAndDistribution(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newStatsFixture(t, db)
		ctx := t.Context()
		staff, err := db.TrustByCaseManager(ctx, f.filter(nil))
		must(t, err)
		want := []rapport.StaffTrust{
			{CaseManagerID: f.cm.ID, ScoreSums: rapport.ScoreSums{N: 5, Sum: 21.4, SumSq: 94.36}},
			{CaseManagerID: f.cm2.ID, ScoreSums: rapport.ScoreSums{N: 1, Sum: 2, SumSq: 4}},
		}
		if diff := cmp.Diff(want, staff, approxSums); diff != "" {
			t.Errorf("TrustByCaseManager (-want +got):\n%s", diff)
		}
		team2, err := db.TrustByCaseManager(ctx, f.filter(func(tf *rapport.TrustFilter) { tf.TeamID = f.team2.ID }))
		must(t, err)
		if diff := cmp.Diff(want[1:], team2, approxSums); diff != "" {
			t.Errorf("TrustByCaseManager for a team (-want +got):\n%s", diff)
		}

		dist, err := db.TrustDistribution(ctx, f.filter(nil))
		must(t, err)
		wantDist := rapport.TrustDistribution{Min: 1, Max: 5, Counts: []rapport.ScoreCount{
			{Score: 2, Count: 1}, {Score: 3, Count: 1}, {Score: 4, Count: 1}, {Score: 4.4, Count: 1}, {Score: 5, Count: 2}}}
		if diff := cmp.Diff(wantDist, dist, approxSums); diff != "" || dist.N() != 6 {
			t.Errorf("TrustDistribution, n %d (-want +got):\n%s", dist.N(), diff)
		}
		if got := dist.Scores(); !cmp.Equal(got, []float64{2, 3, 4, 4.4, 5, 5}, approxSums) {
			t.Errorf("Scores() = %v", got)
		}
	})
}

func TestTrustFilterValidation(t *testing.T) {
	db := openSQLiteTest(t)
	f := newStatsFixture(t, db)
	tests := []struct {
		name string
		edit func(*rapport.TrustFilter)
	}{
		{"no instrument", func(tf *rapport.TrustFilter) { tf.InstrumentID = 0 }},
		{"case manager and team", func(tf *rapport.TrustFilter) { tf.TeamID, tf.CaseManagerID = f.team.ID, f.cm.ID }},
		{"empty range", func(tf *rapport.TrustFilter) { tf.Until = tf.Since }},
		{"ten years", func(tf *rapport.TrustFilter) { tf.Since = tf.Until.AddDate(-10, 0, 0) }},
	}
	for _, tt := range tests {
		_, err := db.TrustSeries(t.Context(), f.filter(tt.edit))
		wantCode(t, err, rapport.EINVALID)
		_, err = db.TrustByCaseManager(t.Context(), f.filter(tt.edit))
		wantCode(t, err, rapport.EINVALID)
		_, err = db.TrustDistribution(t.Context(), f.filter(tt.edit))
		wantCode(t, err, rapport.EINVALID)
	}
}

func TestListResponses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newStatsFixture(t, db)
		ctx := t.Context()
		ids := func(idx ...int) []int64 { // newest first
			var out []int64
			for _, i := range idx {
				out = append(out, f.all[i].ID)
			}
			return out
		}
		cm, cm2 := f.cm.ID, f.cm2.ID
		tests := []struct {
			name  string
			f     rapport.ResponseFilter
			want  []int64
			total int
		}{
			// Every instrument; the anonymous response (3) never.
			{"all", rapport.ResponseFilter{CaseManagerID: cm}, ids(5, 4, 8, 2, 1, 0), 6},
			{"one instrument, first page", rapport.ResponseFilter{CaseManagerID: cm, InstrumentID: f.pulse.ID, Page: rapport.Page{Limit: 2}}, ids(5, 4), 5},
			{"second page", rapport.ResponseFilter{CaseManagerID: cm, InstrumentID: f.pulse.ID, Page: rapport.Page{Limit: 2, Offset: 2}}, ids(2, 1), 5},
			{"since February", rapport.ResponseFilter{CaseManagerID: cm, Since: month(2)}, ids(5, 4), 2},
			{"until February", rapport.ResponseFilter{CaseManagerID: cm, InstrumentID: f.pulse.ID, Until: month(2)}, ids(2, 1, 0), 3},
			{"another's client", rapport.ResponseFilter{CaseManagerID: cm, ClientID: f.c2.ID}, nil, 0},
			{"other case manager, unscored too", rapport.ResponseFilter{CaseManagerID: cm2}, ids(7, 6), 2},
		}
		for _, tt := range tests {
			before := len(allEvents(t, db))
			got, total, err := db.ListResponses(ctx, f.cmActor, tt.f)
			must(t, err)
			var gotIDs []int64
			for _, r := range got {
				gotIDs = append(gotIDs, r.ID)
				if r.ClientID == 0 || r.Anonymous || r.Status != rapport.ResponseCompleted || r.Comment == "" {
					t.Errorf("%s: listed %+v", tt.name, r)
				}
			}
			if !cmp.Equal(tt.want, gotIDs, cmpopts.EquateEmpty()) || total != tt.total {
				t.Errorf("%s: IDs %v of %d, want %v of %d", tt.name, gotIDs, total, tt.want, tt.total)
			}
			events := allEvents(t, db)[before:]
			if len(got) == 0 {
				if len(events) != 1 || events[0].Action != rapport.ActionSearch || events[0].ClientID != 0 {
					t.Errorf("%s: audit events %+v", tt.name, events)
				}
				continue
			}
			if len(events) != len(got) {
				t.Fatalf("%s: %d audit events for %d responses", tt.name, len(events), len(got))
			}
			for i, e := range events {
				if e.Action != rapport.ActionView || e.RecordType != rapport.RecordSurveyResponse || e.RecordID != got[i].ID || e.ClientID != got[i].ClientID {
					t.Errorf("%s: audit event %+v for %+v", tt.name, e, got[i])
				}
			}
		}
		_, _, err := db.ListResponses(ctx, f.cmActor, rapport.ResponseFilter{})
		wantCode(t, err, rapport.EINVALID)
	})
}

func TestImportResponsesRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newStatsFixture(t, db)
		before := countRows(t, db, "survey_responses")
		good := func() *rapport.SurveyResponse {
			return &rapport.SurveyResponse{InstrumentID: f.pulse.ID, CaseManagerID: f.cm.ID, TeamID: f.team.ID, ClientID: f.c1.ID,
				Status: rapport.ResponseCompleted, Answers: []byte(someAnswers), CompletedAt: noon(2025, 3, 1)}
		}
		tests := []struct {
			name string
			edit func(*rapport.SurveyResponse)
		}{
			{"in progress", func(r *rapport.SurveyResponse) { r.Status = rapport.ResponseInProgress }},
			{"no completion time", func(r *rapport.SurveyResponse) { r.CompletedAt = time.Time{} }},
			{"completed in the future", func(r *rapport.SurveyResponse) { r.CompletedAt = start.Add(time.Hour) }},
			{"anonymous with a client", func(r *rapport.SurveyResponse) { r.Anonymous = true }},
			{"no client, not anonymous", func(r *rapport.SurveyResponse) { r.ClientID = 0 }},
			{"from an invitation", func(r *rapport.SurveyResponse) { r.InvitationID = 1 }},
			{"no answers", func(r *rapport.SurveyResponse) { r.Answers = nil }},
			{"unknown team", func(r *rapport.SurveyResponse) { r.TeamID = 9999 }},
		}
		for _, tt := range tests {
			bad := good()
			tt.edit(bad)
			err := db.ImportResponses(t.Context(), actorOf(f.admin), []*rapport.SurveyResponse{good(), bad})
			if rapport.ErrorCode(err) != rapport.EINVALID {
				t.Errorf("%s: %v, want EINVALID", tt.name, err)
			}
		}
		if n := countRows(t, db, "survey_responses"); n != before {
			t.Errorf("%d responses stored by refused imports", n-before)
		}
	})
}
