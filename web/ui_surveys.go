package web

import "net/http"

// surveyStore is what survey invitations and the client's survey pages need of the store.
type surveyStore interface{}

// registerSurveys mounts survey invitations and the client's survey pages.
func (u *ui) registerSurveys(mux *http.ServeMux) {}
