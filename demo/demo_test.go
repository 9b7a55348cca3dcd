package demo

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
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

var ref = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func load(t *testing.T, db *store.DB, opt Options) *Summary {
	t.Helper()
	if opt.Ref.IsZero() {
		opt.Ref = ref
	}
	s, err := Load(context.Background(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(1, ref), Generate(1, ref)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Generate(1) gave two different organisations")
	}
	if reflect.DeepEqual(a.Clients, Generate(2, ref).Clients) {
		t.Error("seeds 1 and 2 gave the same clients")
	}
	// Dates follow the reference date, not the clock.
	later := Generate(1, ref.AddDate(0, 0, 10))
	if got, want := later.Clients[0].Decisions[0].DecidedAt, a.Clients[0].Decisions[0].DecidedAt.AddDate(0, 0, 10); !got.Equal(want) {
		t.Errorf("decision date with a later reference = %v, want %v", got, want)
	}
	if later.Clients[0].Notes[0].Body != a.Clients[0].Notes[0].Body {
		t.Error("the reference date changed a note's text")
	}
}

// snapshot is what can be read back from a loaded store, without IDs' and
// timestamps' dependence on when it ran.
type snapshot struct {
	Users     []rapport.User
	Teams     []string
	Clients   []rapport.Client
	Goals     []rapport.Goal
	Decisions []rapport.Decision
	Concerns  []rapport.Concern
	Feedback  []string
	Notes     []rapport.Note
}

func readBack(t *testing.T, db *store.DB) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	users, _, err := db.ListUsers(ctx, rapport.UserFilter{Page: rapport.Page{Limit: rapport.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	var sup rapport.Actor
	for _, u := range users {
		if u.Role == rapport.RoleSupervisor {
			sup = rapport.Actor{UserID: u.ID, Role: u.Role}
		}
		u.CreatedAt, u.UpdatedAt = time.Time{}, time.Time{}
		s.Users = append(s.Users, *u)
	}
	teams, _, err := db.ListTeams(ctx, rapport.TeamFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		s.Teams = append(s.Teams, tm.Name)
	}
	clients, _, err := db.ListClients(ctx, sup, rapport.ClientFilter{Page: rapport.Page{Limit: rapport.MaxPageSize}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clients {
		c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
		s.Clients = append(s.Clients, *c)
		goals, _, err := db.ListGoals(ctx, sup, c.ID, rapport.Page{Limit: rapport.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range goals {
			g.CreatedAt, g.UpdatedAt = time.Time{}, time.Time{}
			s.Goals = append(s.Goals, *g)
		}
		ds, _, err := db.ListDecisions(ctx, sup, c.ID, rapport.Page{Limit: rapport.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			d.CreatedAt = time.Time{}
			s.Decisions = append(s.Decisions, *d)
		}
		cs, _, err := db.ListConcerns(ctx, sup, rapport.ConcernFilter{ClientID: c.ID, Page: rapport.Page{Limit: rapport.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, cc := range cs {
			cc.CreatedAt, cc.UpdatedAt = time.Time{}, time.Time{}
			s.Concerns = append(s.Concerns, *cc)
		}
		fs, _, err := db.ListFeedback(ctx, sup, c.ID, rapport.Page{Limit: rapport.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			s.Feedback = append(s.Feedback, f.Body)
		}
		notes, _, err := db.ListNotes(ctx, sup, rapport.NoteFilter{ClientID: c.ID, Page: rapport.Page{Limit: rapport.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range notes {
			s.Notes = append(s.Notes, *n) // dated from the reference day, so the same in both loads
		}
	}
	return s
}

// TestLoad loads seed 1 into two stores and checks that they hold the same
// organisation, of the promised shape, with notes of mixed empathy.
func TestLoad(t *testing.T) {
	db1, db2 := openDB(t), openDB(t)
	sum := load(t, db1, Options{Seed: 1})
	load(t, db2, Options{Seed: 1})
	a, b := readBack(t, db1), readBack(t, db2)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("seed 1 loaded twice differs (-first +second):\n%s", diff)
	}

	roles := map[rapport.Role]int{}
	for _, u := range a.Users {
		roles[u.Role]++
		if u.PasswordHash != "" {
			t.Errorf("%s has a password without --password", u.Email)
		}
	}
	if len(a.Teams) != 2 || roles[rapport.RoleCaseManager] != 6 || roles[rapport.RoleSupervisor] != 1 || roles[rapport.RoleAdmin] != 1 {
		t.Errorf("teams %v, roles %v: want 2 teams, 6 case managers, 1 supervisor, 1 admin", a.Teams, roles)
	}
	if len(a.Clients) != 60 {
		t.Errorf("%d clients, want 60", len(a.Clients))
	}
	if n := len(a.Notes); n < 300 || n > 500 {
		t.Errorf("%d notes and messages, want 300 to 500", n)
	}
	if sum.Clients != len(a.Clients) || sum.Notes+sum.Messages != len(a.Notes) || sum.Goals != len(a.Goals) {
		t.Errorf("summary %+v does not match what was stored", sum)
	}
	// Notes keep their dates, spread over the months before the reference day, so trends have
	// a history.
	months := map[string]bool{}
	for _, n := range a.Notes {
		if n.CreatedAt.After(ref.AddDate(0, 0, 1)) || n.CreatedAt.Before(ref.AddDate(0, -noteMonths, -1)) {
			t.Errorf("note %d written %v, outside the %d months before %v", n.ID, n.CreatedAt, noteMonths, ref)
		}
		months[n.CreatedAt.Format("2006-01")] = true
	}
	if len(months) < noteMonths {
		t.Errorf("notes fall in %d months, want them spread over %d", len(months), noteMonths)
	}

	// The record is whole-person: every domain, a mix of languages, about
	// half with demographics, and consent respected.
	domains, langs, consent := map[rapport.NeedDomain]bool{}, map[string]int{}, 0
	for _, c := range a.Clients {
		for _, n := range c.Needs {
			domains[n.Domain] = true
		}
		langs[c.Language]++
		if c.Demographics.Consent {
			consent++
		}
		if c.WhatMatters == "" || len(c.Strengths) == 0 || len(c.CareTeam) == 0 || c.Pronouns == "" {
			t.Errorf("client %d lacks a whole-person field: %+v", c.ID, c)
		}
	}
	if len(domains) != len(rapport.NeedDomains) {
		t.Errorf("needs cover %d domains, want all %d", len(domains), len(rapport.NeedDomains))
	}
	if langs["English"] < 30 || langs["Spanish"] == 0 || len(langs) < 3 {
		t.Errorf("languages %v: want mostly English, some Spanish, a few others", langs)
	}
	if consent < 15 || consent > 45 {
		t.Errorf("%d of 60 consented to demographics, want about half", consent)
	}

	// Care plans: some decisions made without the client, some concerns
	// resolved and some open.
	notTogether, resolved, open := 0, 0, 0
	for _, d := range a.Decisions {
		if !d.ClientTookPart || !d.ClientAgreed {
			notTogether++
		}
	}
	for _, c := range a.Concerns {
		switch c.Status {
		case rapport.ConcernResolved:
			resolved++
			if c.Response == "" || c.ResolvedAt.Before(c.RaisedAt) {
				t.Errorf("resolved concern %d: response %q, raised %v, resolved %v", c.ID, c.Response, c.RaisedAt, c.ResolvedAt)
			}
		case rapport.ConcernOpen:
			open++
		}
	}
	if notTogether == 0 || notTogether > len(a.Decisions)/3 || resolved == 0 || open == 0 || len(a.Feedback) == 0 {
		t.Errorf("decisions %d (%d not shared), concerns resolved %d open %d, feedback %d",
			len(a.Decisions), notTogether, resolved, open, len(a.Feedback))
	}

	// Empathy quality varies: some notes have stigmatising language or
	// judgement, some score 70 or more, and every note has its analysis.
	var pitfall, good int
	byAuthor := map[int64][]int{}
	for _, n := range a.Notes {
		var an engine.Analysis
		if err := json.Unmarshal(n.Analysis, &an); err != nil {
			t.Fatalf("note %d analysis: %v", n.ID, err)
		}
		if an.Overall >= 70 {
			good++
		}
		for _, f := range an.Findings {
			if f.Code == engine.StigmatizingLanguage || f.Code == engine.Judgment {
				pitfall++
				break
			}
		}
		byAuthor[n.AuthorID] = append(byAuthor[n.AuthorID], an.Overall)
	}
	if pitfall < 10 || good < 50 {
		t.Errorf("%d notes with stigmatising language or judgement, %d scoring 70+: want a mix", pitfall, good)
	}
	if len(byAuthor) != 6 {
		t.Errorf("%d authors, want the 6 case managers", len(byAuthor))
	}
}

func TestLoadRefusesAPopulatedDatabase(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	if err := db.CreateUser(ctx, &rapport.User{Email: "real.admin@example.org", Name: "Real Admin", Role: rapport.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	_, err := Load(ctx, db, Options{Seed: 1, Ref: ref})
	var full *NotEmptyError
	if !errors.As(err, &full) || full.Users != 1 {
		t.Fatalf("Load into a database with a user: %v, want NotEmptyError{1}", err)
	}
	if _, n, _ := db.ListTeams(ctx, rapport.TeamFilter{}); n != 0 {
		t.Errorf("a refused load created %d teams", n)
	}
	// With Force it loads beside them, and again beside the first demo.
	load(t, db, Options{Seed: 1, Force: true})
	s := load(t, db, Options{Seed: 1, Force: true})
	if !strings.Contains(s.Accounts[0].Email, "+2@") || !strings.HasSuffix(s.Accounts[0].Teams[0], "(demo 2)") {
		t.Errorf("second forced load's account: %+v", s.Accounts[0])
	}
	if _, n, _ := db.ListUsers(ctx, rapport.UserFilter{}); n != 17 {
		t.Errorf("%d users after two forced loads, want 1 + 2×8", n)
	}
}

func TestCheckPassword(t *testing.T) {
	if err := CheckPassword("short"); err == nil {
		t.Error("a short password was accepted")
	}
	if err := CheckPassword("Priya Natarajan"); err == nil {
		t.Error("a password containing an account's name was accepted")
	}
	if err := CheckPassword("violet lantern orchard tide"); err != nil {
		t.Errorf("a good passphrase was refused: %v", err)
	}
}

// TestGenerateSurveys checks the generated trust pulses have the shape the trust views need:
// a noisy, real relationship between a case manager's empathy and their clients' trust, a
// ceiling effect, anonymous answers, comments and one or two flagged comments.
func TestGenerateSurveys(t *testing.T) {
	org := Generate(1, ref)
	var pairs []stats.Pair
	var n, fives, anonymous, comments, flagged int
	for _, c := range org.Clients {
		if len(c.Surveys) == 0 {
			t.Fatalf("client %s has no survey", c.Record.PreferredName)
		}
		var sum float64
		for _, a := range c.Surveys {
			n++
			sum += mean(a.Values)
			if a.Values == [5]int{5, 5, 5, 5, 5} {
				fives++
			}
			if a.Anonymous {
				anonymous++
			}
			if a.Comment != "" {
				comments++
			}
			if a.Flagged {
				flagged++
			}
			if !a.At.Before(ref) || a.At.Before(ref.AddDate(0, -surveyMonths-1, 0)) {
				t.Errorf("survey answered at %v, want within %d months before %v", a.At, surveyMonths, ref)
			}
		}
		quality := StyleQuality[org.Users[c.CareTeam[0]].Style]
		pairs = append(pairs, stats.Pair{X: quality, Y: sum / float64(len(c.Surveys))})
	}
	rho, ok := stats.Spearman(pairs)
	if !ok || rho < 0.2 || rho > 0.65 {
		t.Errorf("Spearman(quality, client mean trust) = %.2f, want a noisy positive relationship (0.2 to 0.65)", rho)
	}
	if share := float64(fives) / float64(n); share < 0.15 || share > 0.5 {
		t.Errorf("%.0f%% of responses at the ceiling, want a ceiling effect (15%% to 50%%)", 100*share)
	}
	if anonymous == 0 || anonymous > n/2 || comments == 0 || flagged < 1 || flagged > flaggedComments {
		t.Errorf("%d responses: %d anonymous, %d with comments, %d flagged", n, anonymous, comments, flagged)
	}
	t.Logf("%d responses, rho %.2f, %d at the ceiling, %d anonymous, %d comments, %d flagged", n, rho, fives, anonymous, comments, flagged)
}

// TestLoadSurveys checks the stored survey data: every response scored and counted in the
// aggregates, anonymous ones linked to no client, and each flagged comment on a care plan.
func TestLoadSurveys(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	sum := load(t, db, Options{Seed: 1})
	pulse, err := db.FindInstrumentByURL(ctx, survey.URLTrustPulse)
	if err != nil {
		t.Fatal(err)
	}
	staff, err := db.TrustByCaseManager(ctx, rapport.TrustFilter{InstrumentID: pulse.ID, Since: ref.AddDate(-1, 0, 0), Until: ref})
	if err != nil {
		t.Fatal(err)
	}
	var all rapport.ScoreSums
	for _, st := range staff {
		all = all.Add(st.ScoreSums)
	}
	if len(staff) != NumCaseManagers || all.N != sum.Surveys || sum.Surveys == 0 {
		t.Errorf("aggregates count %d responses over %d case managers; the summary says %d", all.N, len(staff), sum.Surveys)
	}
	if m := all.Mean(); m < 3.5 || m > 4.8 {
		t.Errorf("mean trust %.2f, want high, as patient surveys are", m)
	}

	identified, flagged := 0, 0
	for _, st := range staff {
		rs, total, err := db.ListResponses(ctx, rapport.Actor{UserID: st.CaseManagerID, Role: rapport.RoleCaseManager},
			rapport.ResponseFilter{CaseManagerID: st.CaseManagerID, Page: rapport.Page{Limit: rapport.MaxPageSize}})
		if err != nil {
			t.Fatal(err)
		}
		identified += total
		for _, r := range rs {
			if r.ClientID == 0 || r.Score == nil || len(r.Scores) == 0 {
				t.Errorf("listed response %+v", r)
			}
		}
	}
	if identified != sum.Surveys-sum.AnonymousSurveys {
		t.Errorf("%d identified responses listed, want %d − %d anonymous", identified, sum.Surveys, sum.AnonymousSurveys)
	}
	for _, c := range readBack(t, db).Concerns {
		if strings.HasPrefix(c.Words, rapport.FlaggedConcernWords("")) {
			flagged++
		}
	}
	if flagged != sum.FlaggedComments || flagged == 0 {
		t.Errorf("%d flagged concerns on care plans, summary says %d flagged comments", flagged, sum.FlaggedComments)
	}
}
