// Package demo loads a fictional organisation into a Rapport database, so a
// newcomer sees a living product at once: two teams, six case managers, a
// supervisor and an admin, sixty clients with whole-person records and care
// plans, a few hundred notes and messages whose empathy ranges from
// skilled to stigmatising, and six months of the clients' trust surveys, whose
// scores follow their case manager's empathy, noisily (surveys.go).
//
// The data is generated from a seed (Generate), so the same seed gives the
// same organisation; dates are computed from a reference date the caller
// passes in, never from the clock. Load writes it through the store's
// ordinary methods, so every write of client data is in the audit log under
// the case manager the record belongs to, exactly as if they had typed it.
package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/store"
)

// EmailDomain is the domain of the demo accounts (.example is reserved, so
// no mail can ever reach a real person).
const EmailDomain = "demo.rapport.example"

// Options control a load.
type Options struct {
	Seed int64
	// Ref is the reference date that every date in the data is relative to
	// (the CLI passes today).
	Ref time.Time
	// Password, when set, is given to every demo account (hashed with
	// argon2id). Without it the accounts have no password, as Rapport has no
	// default passwords.
	Password string
	// Force loads even when the database already has users; the demo's
	// emails and team names then get a suffix if they are taken.
	Force bool
	// Analyzer analyses each note; nil means engine.Default().
	Analyzer *engine.Analyzer
	// Progress, when set, is called after each client is stored.
	Progress func(done, total int)
}

// NotEmptyError is returned when the database already has users and Force
// is not set: the demo never mixes fictional people into a real organisation
// by accident.
type NotEmptyError struct{ Users int }

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("the database already has %d user(s); the demo loads into an empty database", e.Users)
}

// Account is a demo account, as the summary lists it.
type Account struct {
	Name  string
	Email string
	Role  rapport.Role
	Teams []string
	Style string
}

// Summary counts what Load stored.
type Summary struct {
	Teams        int
	CaseManagers int
	Supervisors  int
	Admins       int
	Clients      int
	Goals        int
	Steps        int
	Decisions    int
	Concerns     int
	Resolved     int // concerns resolved, with the response given
	Feedback     int
	Notes        int // notes for the record
	Messages     int // messages to clients
	// Surveys counts completed trust pulses; AnonymousSurveys, SurveyComments and
	// FlaggedComments those answered anonymously, with a comment, and flagged for the care team.
	Surveys          int
	AnonymousSurveys int
	SurveyComments   int
	FlaggedComments  int
	Passwords        bool
	Accounts         []Account
}

// Load generates the organisation for opt.Seed and stores it in db.
func Load(ctx context.Context, db *store.DB, opt Options) (*Summary, error) {
	_, users, err := db.ListUsers(ctx, rapport.UserFilter{Page: rapport.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if users > 0 && !opt.Force {
		return nil, &NotEmptyError{Users: users}
	}
	a := opt.Analyzer
	if a == nil {
		if a, err = engine.Default(); err != nil {
			return nil, err
		}
	}
	org := Generate(opt.Seed, opt.Ref)
	suffix := 1
	if users > 0 {
		if suffix, err = freeSuffix(ctx, db, org); err != nil {
			return nil, err
		}
	}
	org.rename(suffix)
	if opt.Password != "" {
		if err := checkPassword(org, opt.Password); err != nil {
			return nil, err
		}
	}
	// Analyse every note before writing anything, so an engine failure
	// leaves the database untouched.
	analyses := make([][][]byte, len(org.Clients))
	for i, c := range org.Clients {
		for _, n := range c.Notes {
			an, err := a.Analyze(engine.Input{Text: n.Body, Kind: engine.Kind(n.Kind)})
			if err != nil {
				return nil, fmt.Errorf("analysing a demo note: %w", err)
			}
			b, err := json.Marshal(an)
			if err != nil {
				return nil, err
			}
			analyses[i] = append(analyses[i], b)
		}
	}

	s := &Summary{Passwords: opt.Password != ""}
	teamIDs := make([]int64, len(org.Teams))
	for i, name := range org.Teams {
		t := &rapport.Team{Name: name}
		if err := db.CreateTeam(ctx, t); err != nil {
			return nil, err
		}
		teamIDs[i] = t.ID
		s.Teams++
	}
	userIDs := make([]int64, len(org.Users))
	for i, u := range org.Users {
		ru := &rapport.User{Email: u.Email, Name: u.Name, Role: u.Role}
		if opt.Password != "" {
			if ru.PasswordHash, err = auth.HashPassword(opt.Password); err != nil {
				return nil, err
			}
		}
		if err := db.CreateUser(ctx, ru); err != nil {
			return nil, err
		}
		userIDs[i] = ru.ID
		acct := Account{Name: u.Name, Email: u.Email, Role: u.Role, Style: u.Style}
		for _, t := range u.Teams {
			if err := db.AddTeamMember(ctx, teamIDs[t], ru.ID); err != nil {
				return nil, err
			}
			acct.Teams = append(acct.Teams, org.Teams[t])
		}
		s.Accounts = append(s.Accounts, acct)
		switch u.Role {
		case rapport.RoleCaseManager:
			s.CaseManagers++
		case rapport.RoleSupervisor:
			s.Supervisors++
		case rapport.RoleAdmin:
			s.Admins++
		}
	}
	actorOf := func(u int) rapport.Actor { return rapport.Actor{UserID: userIDs[u], Role: org.Users[u].Role} }

	clientIDs := make([]int64, len(org.Clients))
	for i, c := range org.Clients {
		// The primary case manager records the client and the care plan;
		// each note is written by its author.
		primary := actorOf(c.CareTeam[0])
		rec := c.Record
		rec.TeamID = teamIDs[c.Team]
		for _, u := range c.CareTeam {
			rec.CareTeam = append(rec.CareTeam, userIDs[u])
		}
		if err := db.CreateClient(ctx, primary, &rec); err != nil {
			return nil, err
		}
		clientIDs[i] = rec.ID
		s.Clients++
		for _, g := range c.Goals {
			g.ClientID = rec.ID
			g.Steps = slices.Clone(g.Steps)
			if err := db.CreateGoal(ctx, primary, &g); err != nil {
				return nil, err
			}
			s.Goals++
			s.Steps += len(g.Steps)
		}
		for _, d := range c.Decisions {
			d.ClientID = rec.ID
			if err := db.CreateDecision(ctx, primary, &d); err != nil {
				return nil, err
			}
			s.Decisions++
		}
		for _, con := range c.Concerns {
			con.ClientID = rec.ID
			if err := db.CreateConcern(ctx, primary, &con); err != nil {
				return nil, err
			}
			s.Concerns++
			if con.Status == rapport.ConcernResolved {
				s.Resolved++
			}
		}
		for _, body := range c.Feedback {
			f := &rapport.FeedbackEntry{ClientID: rec.ID, Body: body}
			if err := db.CreateFeedback(ctx, primary, f); err != nil {
				return nil, err
			}
			s.Feedback++
		}
		for j, n := range c.Notes {
			note := &rapport.Note{ClientID: rec.ID, Kind: n.Kind, Body: n.Body, Analysis: analyses[i][j]}
			// Written on its own date, so trends and the empathy→trust view have history.
			if err := db.WithClock(fixedTime(n.At)).CreateNote(ctx, actorOf(n.Author), note); err != nil {
				return nil, err
			}
			if n.Kind == rapport.KindMessage {
				s.Messages++
			} else {
				s.Notes++
			}
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(org.Clients))
		}
	}
	if err := loadSurveys(ctx, db, org, actorOf, clientIDs, userIDs, teamIDs, s); err != nil {
		return nil, fmt.Errorf("storing the demo's survey answers: %w", err)
	}
	return s, nil
}

// CheckPassword reports whether pw is acceptable as the password of every
// demo account, by the same rules as any new password (auth.CheckPassword),
// so a caller can refuse it before touching the database.
func CheckPassword(pw string) error {
	org := Generate(0, time.Time{})
	org.rename(1)
	return checkPassword(org, pw)
}

func checkPassword(org *Org, pw string) error {
	for _, u := range org.Users {
		if err := auth.CheckPassword(pw, u.Email, u.Name); err != nil {
			return fmt.Errorf("the password for %s: %w", u.Email, err)
		}
	}
	return nil
}

// rename gives the demo's emails their domain and, for a suffix above 1,
// marks emails and team names so they do not collide with an earlier load.
func (o *Org) rename(suffix int) {
	tag := ""
	if suffix > 1 {
		tag = fmt.Sprintf("+%d", suffix)
		for i := range o.Teams {
			o.Teams[i] = fmt.Sprintf("%s (demo %d)", o.Teams[i], suffix)
		}
	}
	for i := range o.Users {
		if !strings.Contains(o.Users[i].Email, "@") {
			o.Users[i].Email = o.Users[i].Email + tag + "@" + EmailDomain
		}
	}
}

// freeSuffix finds the first suffix under which none of the demo's emails or
// team names is taken.
func freeSuffix(ctx context.Context, db *store.DB, org *Org) (int, error) {
	teams, _, err := db.ListTeams(ctx, rapport.TeamFilter{Page: rapport.Page{Limit: rapport.MaxPageSize}})
	if err != nil {
		return 0, err
	}
	taken := map[string]bool{}
	for _, t := range teams {
		taken[t.Name] = true
	}
	for n := 1; n <= 1000; n++ {
		trial := &Org{Teams: slices.Clone(org.Teams), Users: slices.Clone(org.Users)}
		trial.rename(n)
		free := true
		for _, t := range trial.Teams {
			free = free && !taken[t]
		}
		for _, u := range trial.Users {
			if !free {
				break
			}
			_, err := db.FindUserByEmail(ctx, u.Email)
			switch rapport.ErrorCode(err) {
			case rapport.ENOTFOUND:
			case "":
				free = false
			default:
				return 0, err
			}
		}
		if free {
			return n, nil
		}
	}
	return 0, fmt.Errorf("the demo organisation is already loaded many times over")
}

// fixedTime is a clock that always says t.
func fixedTime(t time.Time) func() time.Time {
	return func() time.Time { return t }
}
