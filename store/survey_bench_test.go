package store

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// The dashboards' aggregates over 100,000 completed responses on SQLite:
//
//	go test -run '^$' -bench TrustAggregates -benchmem ./store/
//
// The responses are written straight into the table in one transaction (the audited API would
// take minutes and measure nothing the dashboards do): 4 teams, 40 case managers, 2,000
// clients, two years of trust-pulse scores piled up at 5 as real surveys are.

const (
	benchResponses    = 100_000
	benchTeams        = 4
	benchCaseManagers = 40
	benchClients      = 2000
)

// benchEnd is the end of the benchmark's two years of responses.
var benchEnd = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func BenchmarkTrustAggregates(b *testing.B) {
	db := openSQLiteTest(b)
	f := newFixture(b, db)
	must(b, db.EnsureBuiltinInstruments(b.Context()))
	pulse, err := db.FindInstrumentByURL(b.Context(), survey.URLTrustPulse)
	must(b, err)
	teams, staff := loadBenchResponses(b, f, pulse.ID)
	org := rapport.TrustFilter{InstrumentID: pulse.ID, Since: benchEnd.AddDate(-2, 0, 0), Until: benchEnd}
	team, one := org, org
	team.TeamID, one.CaseManagerID = teams[0], staff[0]

	b.Run("org/series", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.TrustSeries(b.Context(), org); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("org/distribution", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.TrustDistribution(b.Context(), org); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("org/by-case-manager", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.TrustByCaseManager(b.Context(), org); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("team/series", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.TrustSeries(b.Context(), team); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("case-manager/series", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.TrustSeries(b.Context(), one); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// loadBenchResponses writes teams, case managers, clients and benchResponses completed
// responses in one transaction, and returns the team and case manager IDs.
func loadBenchResponses(b *testing.B, f *fixture, instrumentID int64) (teams, staff []int64) {
	b.Helper()
	ctx := b.Context()
	for i := range benchTeams {
		t := &rapport.Team{Name: fmt.Sprintf("Bench team %d", i)}
		must(b, f.db.CreateTeam(ctx, t))
		teams = append(teams, t.ID)
	}
	for i := range benchCaseManagers {
		u := f.user(b, fmt.Sprintf("bench%d@example.org", i), fmt.Sprintf("Bench %d", i), rapport.RoleCaseManager)
		staff = append(staff, u.ID)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tx, err := f.db.write.BeginTx(ctx, nil)
	must(b, err)
	defer tx.Rollback()
	var clients []int64
	for i := range benchClients {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO clients (team_id, preferred_name, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, teams[i%benchTeams], fmt.Sprintf("Client %d", i), f.admin.ID, benchEnd).Scan(&id)
		must(b, err)
		clients = append(clients, id)
	}
	insert, err := tx.PrepareContext(ctx, `INSERT INTO survey_responses (instrument_id, client_id, case_manager_id, team_id, anonymous,
		status, answers, score, band, comment, flagged, started_at, updated_at, completed_at, completed_month)
		VALUES ($1, $2, $3, $4, $5, 'completed', $6, $7, '', '', FALSE, $8, $8, $8, $9)`)
	must(b, err)
	defer insert.Close()
	span := benchEnd.Sub(benchEnd.AddDate(-2, 0, 0))
	for range benchResponses {
		client := rng.IntN(benchClients)
		cm := client % benchCaseManagers
		at := dbTime(benchEnd.Add(-time.Duration(rng.Int64N(int64(span)))))
		var clientID any = clients[client]
		anonymous := rng.IntN(5) == 0
		if anonymous {
			clientID = nil
		}
		_, err := insert.ExecContext(ctx, instrumentID, clientID, staff[cm], teams[client%benchTeams], anonymous,
			[]byte(someAnswers), benchScore(rng), at, monthKey(at))
		must(b, err)
	}
	must(b, tx.Commit())
	return teams, staff
}

// benchScore is a trust-pulse mean (multiples of 0.2) with the ceiling effect of real
// surveys: about half the responses are 5.
func benchScore(rng *rand.Rand) float64 {
	if rng.IntN(2) == 0 {
		return 5
	}
	return float64(5+rng.IntN(21)) / 5 // 1.0 to 5.0
}
