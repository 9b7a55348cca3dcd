package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/web"
)

var serveCommand = command{
	summary: "run the Rapport server (web app and REST API)",
	usage: `With no configuration it listens on http://localhost:8080 and keeps its data in an embedded
SQLite database under ./rapport-data, creating it and running migrations on first start.

Environment:
  RAPPORT_ADDR           the listening address (like --addr)
  RAPPORT_DATA           the data directory for SQLite (like --data)
  RAPPORT_DATABASE_URL   a postgres:// URL: use PostgreSQL instead of SQLite (see docs/deploy.md)
  RAPPORT_SURVEY_MIN_N   the trust dashboards' minimum n (like --survey-min-n)
  RAPPORT_TRUSTED_PROXIES  the reverse proxies whose X-Forwarded-For is believed (like --trusted-proxy)

Examples:
  rapport serve
  rapport serve --addr 0.0.0.0:9000
  rapport serve --addr 127.0.0.1:8080 --trusted-proxy 127.0.0.1   # behind nginx on the same host
  RAPPORT_DATABASE_URL=postgres://rapport@db/rapport rapport serve
`,
}

func init() { serveCommand.run = runServe }

func runServe(e *env, args []string) error {
	fs := newFlags(e, "serve")
	addr := fs.String("addr", envOr("RAPPORT_ADDR", "localhost:8080"), "listen on `HOST:PORT`")
	data := fs.String("data", envOr("RAPPORT_DATA", "rapport-data"), "data `DIR` for the embedded SQLite database")
	envMinN, envErr := strconv.Atoi(envOr("RAPPORT_SURVEY_MIN_N", strconv.Itoa(web.DefaultMinN)))
	minN := fs.Int("survey-min-n", envMinN, "the fewest survey `RESPONSES` a per-person or per-month trust figure needs")
	proxyList := fs.String("trusted-proxy", os.Getenv("RAPPORT_TRUSTED_PROXIES"),
		"believe X-Forwarded-For only from these `ADDRESSES`: comma-separated IPs or CIDR prefixes of your reverse proxies")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	proxies, err := web.ParseProxies(*proxyList)
	if err != nil {
		return usageError{"--trusted-proxy: " + err.Error()}
	}
	if envErr != nil || envMinN < 1 || *minN < 1 {
		return usageError{"the survey minimum n (--survey-min-n, RAPPORT_SURVEY_MIN_N) must be a whole number of responses, 1 or more"}
	}
	if len(rest) > 0 {
		return usageError{"serve takes no arguments"}
	}
	ctx, stop := signal.NotifyContext(e.context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	db, err := store.Open(ctx, databaseURL(*data))
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	defer db.Close()
	if err := db.EnsureBuiltinInstruments(ctx); err != nil {
		return fmt.Errorf("storing Rapport's own survey instruments: %w", err)
	}
	go db.RunAuditChainer(ctx, chainInterval, log)
	a, err := loadAnalyzer("")
	if err != nil {
		return err
	}
	setup, err := setupLink(ctx, db)
	if err != nil {
		return err
	}
	srv := web.New(web.Config{Analyzer: a, DB: db, SignIn: db.Logins(), Logger: log, MinN: *minN, TrustedProxies: proxies})
	return srv.ListenAndServe(ctx, *addr, func(bound string) {
		fmt.Fprintf(e.stdout, "Rapport is running at http://%s (database: %s). Press Ctrl-C to stop.\n", bound, db.Engine())
		if setup != "" {
			fmt.Fprintf(e.stdout, "\nNo one can sign in yet. To create the first administrator, open this link\n"+
				"(it works once, within 24 hours; restart Rapport for a new one):\n\n    http://%s/setup/%s\n\n", bound, setup)
		}
	})
}

// chainInterval is how often the server links audit events that no write
// nudged it for, such as those queued by another process.
const chainInterval = time.Second

// setupLink returns a new one-time setup link token when the database has no users yet, and ""
// otherwise. There are no default passwords: the first admin is created through this link.
func setupLink(ctx context.Context, db *store.DB) (string, error) {
	has, err := db.HasUsers(ctx)
	if err != nil || has {
		return "", err
	}
	link, token, hash, err := auth.NewOneTimeLink(auth.LinkSetup, 0, time.Now())
	if err != nil {
		return "", err
	}
	if err := db.CreateLink(ctx, hash, link); err != nil {
		return "", fmt.Errorf("creating the setup link: %w", err)
	}
	return token, nil
}

// databaseURL is RAPPORT_DATABASE_URL when set, else the SQLite file in the data directory.
func databaseURL(dataDir string) string {
	if u := os.Getenv("RAPPORT_DATABASE_URL"); u != "" {
		return u
	}
	return filepath.Join(dataDir, "rapport.db")
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
