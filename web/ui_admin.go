package web

import "net/http"

// adminStore is what admin pages: users, teams, reset links; account tokens need of the store.
type adminStore interface{}

// registerAdmin mounts admin pages: users, teams, reset links; account tokens.
func (u *ui) registerAdmin(mux *http.ServeMux) {}
