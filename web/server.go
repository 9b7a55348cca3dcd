// Package web serves Rapport over HTTP: the REST API under /api/v1 (with its OpenAPI
// document), health and metrics endpoints, and — as the workspace grows — the pages. Routes are
// registered in one place, Handler, so a newcomer finds every URL in one function.
package web

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
)

// Database is what the server needs of the store for health and pool metrics. The store
// satisfies it; the interface is declared here, where it is consumed.
type Database interface {
	Ping(ctx context.Context) error
	Stats() sql.DBStats
}

// SignIn is what sign-in needs of the store, declared here where it is consumed.
type SignIn interface {
	auth.Credentials
	auth.Counter
}

// Config holds the server's collaborators.
type Config struct {
	Analyzer *engine.Analyzer
	DB       Database // nil when running without a database (the analyze API alone)
	// SignIn is the store's sign-in view (store.DB.Logins): password hashes and the shared
	// rate-limit counters. The pages are served only when it and DB are set.
	SignIn SignIn
	Logger *slog.Logger // defaults to slog.Default()
	// SecureCookies and HSTS are on unless Rapport is explicitly told it is served over plain
	// HTTP on a trusted machine (local development).
	Insecure bool
	MinN     int // the fewest survey responses a per-person or per-month trust figure needs; 0 means DefaultMinN
	// TrustedProxies are the reverse proxies in front of Rapport. Only a request from one of
	// them has its X-Forwarded-For believed (clientip.go); empty, the header is ignored.
	TrustedProxies []netip.Prefix
}

// Server is the HTTP layer. Build it with New; it is safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	routes  []string // the patterns route registered, for Routes
	// tokens caches API token lookups; the pages that revoke tokens or change accounts evict
	// from it, so it is the server's, shared by the API and the pages.
	tokens tokenCache
}

// New builds a server. The metrics registry is the server's own, so tests and several servers
// in one process never collide.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	reg := prometheus.NewRegistry()
	return &Server{cfg: cfg, log: cfg.Logger, metrics: newMetrics(reg, cfg.DB)}
}

// Handler returns the root handler with every route.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.route(mux, "GET /healthz", http.HandlerFunc(s.health))
	s.route(mux, "GET /metrics", s.metrics.handler())
	s.registerAPI(mux)
	s.registerUI(mux)
	return s.recoverPanics(securityHeaders(s.cfg.Insecure, mux))
}

// route registers a handler with a latency histogram labelled by its pattern, so metrics never
// carry client IDs or other values from the path.
func (s *Server) route(mux *http.ServeMux, pattern string, h http.Handler) {
	mux.Handle(pattern, s.metrics.instrument(pattern, h))
	s.routes = append(s.routes, pattern)
}

// Routes lists the patterns of the pages and endpoints Handler registered, in order (the API's
// operations are listed in its OpenAPI document). The access tests check that each one is in a
// route × role table.
func (s *Server) Routes() []string {
	return slices.Clone(s.routes)
}

// ListenAndServe serves on addr until ctx is cancelled, then shuts down gracefully, giving
// requests in flight up to ten seconds to finish.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(addr string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	return serve(ctx, srv, ready)
}
