package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// health reports readiness: 200 when the server and its database answer, 503 otherwise, so a
// load balancer stops sending traffic to a process whose database is gone.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	status := struct {
		Status   string `json:"status"`
		Database string `json:"database"`
		Engine   string `json:"engine"`
	}{Status: "ok", Database: "none", Engine: "ok"}
	code := http.StatusOK
	if s.cfg.DB != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status.Database = "ok"
		if err := s.cfg.DB.Ping(ctx); err != nil {
			s.log.Warn("health check: database unreachable", "err", err)
			status.Status, status.Database, code = "unavailable", "unreachable", http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(status)
}

// writeProblem writes an RFC 9457 problem document, for failures outside the API's own
// handlers (panics, for instance).
func writeProblem(w http.ResponseWriter, code int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": title, "status": code, "detail": detail})
}
