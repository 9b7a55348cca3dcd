package web

import "net/http"

// instrumentStore is what the survey instrument pages need of the store.
type instrumentStore interface{}

// registerInstruments mounts the survey instrument pages.
func (u *ui) registerInstruments(mux *http.ServeMux) {}
