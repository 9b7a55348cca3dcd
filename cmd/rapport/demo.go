package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapporthq/rapport/demo"
	"github.com/rapporthq/rapport/store"
)

var demoCommand = command{
	summary: "load a fictional demo organisation into the database",
	usage: `Loads a realistic, entirely fictional organisation into the database that 'rapport serve'
uses, so you can explore a living product at once: two teams, six case managers, a supervisor
and an admin; 60 clients with whole-person records, care plans, decisions and concerns; and a
few hundred notes and messages whose empathy ranges from skilled to stigmatising, each
analysed by the engine. The same --seed gives the same data; dates are relative to today.

The demo loads only into a database without users, unless --force is given. There are no
default passwords: without --password the accounts cannot sign in. With --password every
demo account gets that password (at least 12 characters); '--password -' reads it from the
first line of standard input, which keeps it out of your shell history.

Environment:
  RAPPORT_DATA           the data directory for SQLite (like --data)
  RAPPORT_DATABASE_URL   a postgres:// URL: load into PostgreSQL instead of SQLite

Examples:
  rapport demo
  rapport demo --data /tmp/rapport-demo --seed 7
  echo 'correct horse battery staple' | rapport demo --password -
`,
}

func init() { demoCommand.run = runDemo }

func runDemo(e *env, args []string) error {
	fs := newFlags(e, "demo")
	data := fs.String("data", envOr("RAPPORT_DATA", "rapport-data"), "data `DIR` for the embedded SQLite database")
	seed := fs.Int64("seed", 1, "generate the organisation from seed `N`")
	password := fs.String("password", "", "give every demo account this `PASSWORD` ('-' reads it from standard input)")
	force := fs.Bool("force", false, "load even though the database already has users")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"demo takes no arguments"}
	}
	if *password == "-" {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("reading the password from standard input: %w", err)
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	if *password != "" {
		if err := demo.CheckPassword(*password); err != nil {
			return usageError{"--password: " + err.Error()}
		}
	}
	ctx := e.context()
	db, err := store.Open(ctx, databaseURL(*data))
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	defer db.Close()

	start := time.Now()
	opt := demo.Options{Seed: *seed, Ref: start, Password: *password, Force: *force}
	if e.progress {
		opt.Progress = func(done, total int) { fmt.Fprintf(e.stderr, "\rloading client %d of %d", done, total) }
	}
	s, err := demo.Load(ctx, db, opt)
	if e.progress {
		fmt.Fprintln(e.stderr)
	}
	var full *demo.NotEmptyError
	if errors.As(err, &full) {
		return fmt.Errorf("%w.\nTo explore the demo, point it at a fresh data directory (rapport demo --data rapport-demo)\n"+
			"or run it with --force to add the fictional organisation beside the existing users", err)
	}
	if err != nil {
		return fmt.Errorf("loading the demo (the database may hold part of it; a fresh --data directory starts clean): %w", err)
	}
	// No server is running to link the demo's audit events; link them now,
	// so `rapport audit verify` and the audit page see a whole chain.
	if _, err := db.ChainAudit(ctx); err != nil {
		return fmt.Errorf("linking the demo's audit events: %w", err)
	}
	writeDemoSummary(e, s, *seed, *data, time.Since(start))
	return nil
}

func writeDemoSummary(e *env, s *demo.Summary, seed int64, data string, took time.Duration) {
	w := e.stdout
	fmt.Fprintf(w, "Loaded the demo organisation (seed %d) in %.1fs:\n", seed, took.Seconds())
	fmt.Fprintf(w, "  %d teams, %d case managers, %d supervisor, %d admin\n", s.Teams, s.CaseManagers, s.Supervisors, s.Admins)
	fmt.Fprintf(w, "  %d clients, %d goals (%d steps), %d decisions, %d concerns (%d resolved), %d feedback entries\n",
		s.Clients, s.Goals, s.Steps, s.Decisions, s.Concerns, s.Resolved, s.Feedback)
	fmt.Fprintf(w, "  %d notes and %d messages, each with its empathy analysis\n", s.Notes, s.Messages)
	fmt.Fprintf(w, "  %d trust surveys (%d anonymous, %d with comments, %d flagged for the care team)\n\n",
		s.Surveys, s.AnonymousSurveys, s.SurveyComments, s.FlaggedComments)
	fmt.Fprintln(w, "Accounts:")
	for _, a := range s.Accounts {
		teams := strings.Join(a.Teams, ", ")
		if teams == "" {
			teams = "-"
		}
		fmt.Fprintf(w, "  %-16s %-13s %-44s %s\n", a.Name, a.Role, a.Email, teams)
	}
	fmt.Fprintln(w, "\nEach case manager writes in a recognisable style, so their notes and trends differ:")
	for _, a := range s.Accounts {
		if a.Style != "" {
			fmt.Fprintf(w, "  %-16s %s\n", a.Name, demo.StyleDescriptions[a.Style])
		}
	}
	fmt.Fprintln(w)
	if s.Passwords {
		fmt.Fprintln(w, "Every account above signs in with the password you gave.")
	} else {
		fmt.Fprintln(w, "The accounts have no password, so nobody can sign in with them yet: Rapport has no default")
		fmt.Fprintln(w, "passwords. To sign in, load the demo into a fresh data directory with a password of your")
		fmt.Fprintln(w, "choice, for example:  echo 'your long demo passphrase' | rapport demo --data rapport-demo --password -")
	}
	next := "rapport serve"
	if data != "rapport-data" && envOr("RAPPORT_DATABASE_URL", "") == "" {
		next += " --data " + data
	}
	fmt.Fprintf(w, "\nNext: run '%s' and open http://localhost:8080.\n", next)
}
