package web

import "net/http"

// trendStore is what the trends pages need of the store.
type trendStore interface{}

// registerTrends mounts the trends pages.
func (u *ui) registerTrends(mux *http.ServeMux) {}
