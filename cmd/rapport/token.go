package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/store"
)

var tokenCommand = command{
	summary: "create a personal access token for the REST API",
	usage: `Subcommands:
  create    make a token for a user; it is printed once and only its hash is stored.

Run it on the server, against the server's database (--data, RAPPORT_DATA,
RAPPORT_DATABASE_URL). Scopes: analyze, clients:read, clients:write, notes:write.
Send the token as "Authorization: Bearer rpt_...".

Examples:
  rapport token create --user ana@example.org --name "EHR integration" --scopes analyze
  rapport token create --user ana@example.org --name laptop --scopes clients:read,notes:write --expires 720h
`,
}

func init() { tokenCommand.run = runToken }

func runToken(e *env, args []string) error {
	fs := newFlags(e, "token")
	data := fs.String("data", envOr("RAPPORT_DATA", "rapport-data"), "data `DIR` of the embedded SQLite database")
	user := fs.String("user", "", "the `EMAIL` of the user the token acts as")
	name := fs.String("name", "", "a `NAME` that says what the token is for")
	scopes := fs.String("scopes", "analyze", "comma-separated `SCOPES`: clients:read, clients:write, notes:write, analyze, instruments:write")
	expires := fs.Duration("expires", 90*24*time.Hour, "lifetime (at most 366 days)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "create" {
		return usageError{"the only subcommand is create: rapport token create --user EMAIL --name NAME"}
	}
	if *user == "" || *name == "" {
		return usageError{"--user and --name are required"}
	}
	sc, err := parseScopes(*scopes)
	if err != nil {
		return usageError{err.Error()}
	}
	db, err := store.Open(e.context(), databaseURL(*data))
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	defer db.Close()
	u, err := db.FindUserByEmail(e.context(), *user)
	if err != nil {
		return fmt.Errorf("finding %s: %w", *user, err)
	}
	t := &auth.APIToken{UserID: u.ID, Name: *name, Scopes: sc, ExpiresAt: time.Now().Add(*expires)}
	plain, err := db.CreateAPIToken(e.context(), t)
	if err != nil {
		return fmt.Errorf("creating the token: %w", err)
	}
	fmt.Fprintf(e.stderr, "Token %d for %s (%s), expires %s. It is shown once; store it safely.\n",
		t.ID, *user, *scopes, t.ExpiresAt.Format("2006-01-02"))
	fmt.Fprintln(e.stdout, plain)
	return nil
}

func parseScopes(s string) ([]auth.Scope, error) {
	var out []auth.Scope
	for _, part := range strings.Split(s, ",") {
		sc, err := auth.ParseScope(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}
