package web

import "net/http"

// careStore is what care plans, client create/edit, notes list and timeline need of the store.
type careStore interface{}

// registerCarePlan mounts care plans, client create/edit, notes list and timeline.
func (u *ui) registerCarePlan(mux *http.ServeMux) {}
