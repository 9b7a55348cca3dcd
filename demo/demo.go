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
		return nil, fmt.Errorf("counting the database's users: %w", err)
	}
	if users > 0 && !opt.Force {
		return nil, &NotEmptyError{Users: users}
	}
	org := Generate(opt.Seed, opt.Ref)
	if err := prepare(ctx, db, org, users, opt.Password); err != nil {
		return nil, err
	}
	// Analyse every note before writing anything, so an engine failure leaves the database
	// untouched.
	analyses, err := analyseNotes(org, opt.Analyzer)
	if err != nil {
		return nil, err
	}
	l := &loader{ctx: ctx, db: db, org: org, s: &Summary{Passwords: opt.Password != ""}}
	if err := l.teams(); err != nil {
		return nil, err
	}
	if err := l.users(opt.Password); err != nil {
		return nil, err
	}
	l.clientIDs = make([]int64, len(org.Clients))
	for i := range org.Clients {
		if err := l.client(i, analyses[i]); err != nil {
			return nil, fmt.Errorf("storing demo client %d of %d: %w", i+1, len(org.Clients), err)
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(org.Clients))
		}
	}
	if err := l.surveys(); err != nil {
		return nil, fmt.Errorf("storing the demo's survey answers: %w", err)
	}
	return l.s, nil
}

// prepare renames the organisation when the database already has people in it (a forced
// load), and checks the password against the accounts' names before anything is written.
func prepare(ctx context.Context, db *store.DB, org *Org, users int, password string) error {
	suffix := 1
	if users > 0 {
		var err error
		if suffix, err = freeSuffix(ctx, db, org); err != nil {
			return err
		}
	}
	org.rename(suffix)
	if password == "" {
		return nil
	}
	return checkPassword(org, password)
}

// analyseNotes runs the engine over every client's notes, as JSON ready to store beside them.
func analyseNotes(org *Org, a *engine.Analyzer) ([][][]byte, error) {
	if a == nil {
		var err error
		if a, err = engine.Default(); err != nil {
			return nil, fmt.Errorf("starting the engine: %w", err)
		}
	}
	analyses := make([][][]byte, len(org.Clients))
	for i, c := range org.Clients {
		for _, n := range c.Notes {
			an, err := a.Analyze(engine.Input{Text: n.Body, Kind: engine.Kind(n.Kind)})
			if err != nil {
				return nil, fmt.Errorf("analysing a demo note: %w", err)
			}
			b, err := json.Marshal(an)
			if err != nil {
				return nil, fmt.Errorf("encoding a demo note's analysis: %w", err)
			}
			analyses[i] = append(analyses[i], b)
		}
	}
	return analyses, nil
}

// loader stores a generated organisation, mapping its indices to the IDs the database gives.
type loader struct {
	ctx                         context.Context
	db                          *store.DB
	org                         *Org
	s                           *Summary
	teamIDs, userIDs, clientIDs []int64
}

// actorOf is the stored user behind an index into Org.Users, with their role.
func (l *loader) actorOf(u int) rapport.Actor {
	return rapport.Actor{UserID: l.userIDs[u], Role: l.org.Users[u].Role}
}

func (l *loader) teams() error {
	l.teamIDs = make([]int64, len(l.org.Teams))
	for i, name := range l.org.Teams {
		t := &rapport.Team{Name: name}
		if err := l.db.CreateTeam(l.ctx, t); err != nil {
			return fmt.Errorf("creating demo team %q: %w", name, err)
		}
		l.teamIDs[i] = t.ID
		l.s.Teams++
	}
	return nil
}

func (l *loader) users(password string) error {
	l.userIDs = make([]int64, len(l.org.Users))
	for i, u := range l.org.Users {
		ru := &rapport.User{Email: u.Email, Name: u.Name, Role: u.Role}
		if password != "" {
			var err error
			if ru.PasswordHash, err = auth.HashPassword(password); err != nil {
				return fmt.Errorf("hashing the demo password: %w", err)
			}
		}
		if err := l.db.CreateUser(l.ctx, ru); err != nil {
			return fmt.Errorf("creating demo user %s: %w", u.Email, err)
		}
		l.userIDs[i] = ru.ID
		acct := Account{Name: u.Name, Email: u.Email, Role: u.Role, Style: u.Style}
		for _, t := range u.Teams {
			if err := l.db.AddTeamMember(l.ctx, l.teamIDs[t], ru.ID); err != nil {
				return fmt.Errorf("adding %s to team %q: %w", u.Email, l.org.Teams[t], err)
			}
			acct.Teams = append(acct.Teams, l.org.Teams[t])
		}
		l.s.Accounts = append(l.s.Accounts, acct)
		l.s.countRole(u.Role)
	}
	return nil
}

func (s *Summary) countRole(r rapport.Role) {
	switch r {
	case rapport.RoleCaseManager:
		s.CaseManagers++
	case rapport.RoleSupervisor:
		s.Supervisors++
	case rapport.RoleAdmin:
		s.Admins++
	}
}

// client stores client i's record, care plan and notes. The primary case manager records the
// client and the care plan; each note is written by its author.
func (l *loader) client(i int, analyses [][]byte) error {
	c := l.org.Clients[i]
	primary := l.actorOf(c.CareTeam[0])
	rec := c.Record
	rec.TeamID = l.teamIDs[c.Team]
	for _, u := range c.CareTeam {
		rec.CareTeam = append(rec.CareTeam, l.userIDs[u])
	}
	if err := l.db.CreateClient(l.ctx, primary, &rec); err != nil {
		return fmt.Errorf("creating the record: %w", err)
	}
	l.clientIDs[i] = rec.ID
	l.s.Clients++
	if err := l.plan(primary, rec.ID, c); err != nil {
		return err
	}
	return l.notes(rec.ID, c.Notes, analyses)
}

// plan stores the client's goals, decisions, concerns and feedback.
func (l *loader) plan(by rapport.Actor, clientID int64, c Client) error {
	for _, g := range c.Goals {
		g.ClientID = clientID
		g.Steps = slices.Clone(g.Steps)
		if err := l.db.CreateGoal(l.ctx, by, &g); err != nil {
			return fmt.Errorf("creating a goal: %w", err)
		}
		l.s.Goals++
		l.s.Steps += len(g.Steps)
	}
	for _, d := range c.Decisions {
		d.ClientID = clientID
		if err := l.db.CreateDecision(l.ctx, by, &d); err != nil {
			return fmt.Errorf("recording a decision: %w", err)
		}
		l.s.Decisions++
	}
	for _, con := range c.Concerns {
		con.ClientID = clientID
		if err := l.db.CreateConcern(l.ctx, by, &con); err != nil {
			return fmt.Errorf("recording a concern: %w", err)
		}
		l.s.Concerns++
		if con.Status == rapport.ConcernResolved {
			l.s.Resolved++
		}
	}
	for _, body := range c.Feedback {
		if err := l.db.CreateFeedback(l.ctx, by, &rapport.FeedbackEntry{ClientID: clientID, Body: body}); err != nil {
			return fmt.Errorf("recording feedback: %w", err)
		}
		l.s.Feedback++
	}
	return nil
}

// notes stores the client's notes and messages, each written on its own date so that trends
// and the empathy→trust view have history.
func (l *loader) notes(clientID int64, notes []Note, analyses [][]byte) error {
	for j, n := range notes {
		note := &rapport.Note{ClientID: clientID, Kind: n.Kind, Body: n.Body, Analysis: analyses[j]}
		if err := l.db.WithClock(fixedTime(n.At)).CreateNote(l.ctx, l.actorOf(n.Author), note); err != nil {
			return fmt.Errorf("writing a note: %w", err)
		}
		if n.Kind == rapport.KindMessage {
			l.s.Messages++
		} else {
			l.s.Notes++
		}
	}
	return nil
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
