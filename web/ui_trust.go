package web

import "net/http"

// trustStore is what the trust dashboards, the empathy-trust view and the survey exports need of the store.
type trustStore interface{}

// registerTrust mounts the trust dashboards, the empathy-trust view and the survey exports.
func (u *ui) registerTrust(mux *http.ServeMux) {}
