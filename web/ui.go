package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The workspace's pages. Every page is rendered from html/template into a buffer before any byte
// is written, so a template error becomes a clean error page instead of half a page. Errors from
// handlers reach one renderer (renderError), which maps rapport.ErrorCode to a status.

// "all:" keeps the partials, whose names start with "_", which embed would otherwise skip.
//
//go:embed all:templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// uiStore is what the pages need of the store. The store satisfies it; the server offers pages
// only when its Database does (without a database it serves the analyze API alone).
type uiStore interface {
	Database
	careStore       // ui_careplan.go
	adminStore      // ui_admin.go
	auditStore      // ui_audit.go
	trendStore      // ui_trends.go
	surveyStore     // ui_surveys.go
	trustStore      // ui_trust.go
	instrumentStore // ui_instruments.go

	HasUsers(ctx context.Context) (bool, error)
	FindLink(ctx context.Context, tokenHash []byte) (auth.OneTimeLink, error)
	CreateFirstAdmin(ctx context.Context, tokenHash []byte, u *rapport.User) error

	FindUserByID(ctx context.Context, id int64) (*rapport.User, error)
	FindUserByEmail(ctx context.Context, email string) (*rapport.User, error)
	UpdateUser(ctx context.Context, id int64, upd rapport.UserUpdate) (*rapport.User, error)
	FindTeamByID(ctx context.Context, id int64) (*rapport.Team, error)

	SaveSession(ctx context.Context, s *rapport.Session) error
	FindSession(ctx context.Context, tokenHash []byte) (*rapport.Session, error)
	TouchSession(ctx context.Context, tokenHash []byte) error
	DeleteSession(ctx context.Context, tokenHash []byte) error

	HitRateLimit(ctx context.Context, key string, window time.Duration) (int64, time.Time, error)
	ResetRateLimit(ctx context.Context, key string) error

	ListClients(ctx context.Context, actor rapport.Actor, f rapport.ClientFilter) ([]*rapport.Client, int, error)
	FindClientScope(ctx context.Context, id int64) (*rapport.ClientScope, error)
	FindClientByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Client, error)
	FindClientRecord(ctx context.Context, actor rapport.Actor, id int64, lim rapport.RecordLimits) (*rapport.ClientRecord, error)
	UrgentSurveyConcerns(ctx context.Context, actor rapport.Actor, clientIDs []int64) ([]*rapport.Concern, error)
}

// uiNow is the pages' clock; tests move it to check timeouts.
var uiNow = time.Now

// maxFormBytes bounds every form body, so a password field cannot carry megabytes.
const maxFormBytes = 64 << 10

// ui holds what the pages share. It is built once per Handler.
type ui struct {
	srv    *Server
	st     uiStore
	pages  map[string]*template.Template
	auth   auth.Authenticator
	policy auth.SessionPolicy
	cop    *http.CrossOriginProtection
}

// registerUI mounts the pages. Every state-changing route is wrapped in CrossOriginProtection;
// every page that shows client data requires a signed-in user.
func (s *Server) registerUI(mux *http.ServeMux) {
	st, ok := s.cfg.DB.(uiStore)
	if !ok || s.cfg.SignIn == nil {
		return
	}
	pages, err := parsePages()
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a bug that every test catches
	}
	u := &ui{
		srv:    s,
		st:     st,
		pages:  pages,
		auth:   auth.Authenticator{Credentials: s.cfg.SignIn, Limiter: auth.NewLimiter(s.cfg.SignIn)},
		policy: auth.DefaultSessionPolicy,
		cop:    http.NewCrossOriginProtection(),
	}
	u.cop.SetDenyHandler(http.HandlerFunc(u.refuseCrossOrigin))
	static, _ := fs.Sub(staticFiles, "static")
	s.route(mux, "GET /static/", http.StripPrefix("/static/", staticHandler(static)))
	s.route(mux, "GET /{$}", u.handle(u.requireUser(u.home)))
	s.route(mux, "GET /login", u.handle(u.loginForm))
	s.route(mux, "POST /login", u.protect(u.login))
	s.route(mux, "POST /logout", u.protect(u.logout))
	s.route(mux, "GET /setup/{token}", u.handle(u.setupForm))
	s.route(mux, "POST /setup/{token}", u.protect(u.setup))
	s.route(mux, "GET /clients/{id}", u.handle(u.requireUser(u.client)))
	u.registerNotes(mux) // the note editor: /clients/{id}/notes/…
	u.registerCarePlan(mux)
	u.registerAdmin(mux)
	u.registerAudit(mux)
	u.registerTrends(mux)
	u.registerSurveys(mux)
	u.registerTrust(mux)
	u.registerInstruments(mux)
}

// staticHandler serves the embedded CSS. It holds no client data, so browsers may cache it.
func staticHandler(files fs.FS) http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r) // no directory listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	})
}

// handlerE is a page handler that returns its failure instead of writing it.
type handlerE func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerE: a returned error becomes an error page.
func (u *ui) handle(h handlerE) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			u.renderError(w, r, err)
		}
	})
}

// protect is handle for state-changing routes: cross-origin requests are refused with a 403
// page before the handler runs, and the body is bounded.
func (u *ui) protect(h handlerE) http.Handler {
	return u.cop.Handler(u.handle(func(w http.ResponseWriter, r *http.Request) error {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			return rapport.Errorf(rapport.EINVALID, "the form could not be read: it may be too large")
		}
		return h(w, r)
	}))
}

// Errors the pages answer with a status of their own.
var errCrossOrigin = rapport.Errorf(rapport.EFORBIDDEN,
	"This form was sent from another site or an embedded page, so Rapport refused it to protect your account. Go back to Rapport, reload the page and send it again.")

// goneError is a link that worked once and no longer does (410).
type goneError struct{ err error }

func (e goneError) Error() string { return e.err.Error() }
func (e goneError) Unwrap() error { return e.err }

// statusFor maps an error code to an HTTP status, in one table.
func statusFor(err error) int {
	if _, ok := errors.AsType[goneError](err); ok {
		return http.StatusGone
	}
	switch rapport.ErrorCode(err) {
	case rapport.ENOTFOUND:
		return http.StatusNotFound
	case rapport.EINVALID:
		return http.StatusBadRequest
	case rapport.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case rapport.EFORBIDDEN:
		return http.StatusForbidden
	case rapport.ECONFLICT:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

var statusTitles = map[int]string{
	http.StatusBadRequest:          "Something in the request was not right",
	http.StatusUnauthorized:        "Please sign in",
	http.StatusForbidden:           "You don't have access to this page",
	http.StatusNotFound:            "We couldn't find that page",
	http.StatusConflict:            "That conflicts with what is already there",
	http.StatusGone:                "This link no longer works",
	http.StatusInternalServerError: "Something went wrong on our side",
}

// renderError is the one place an error becomes a page. Internal errors are logged and shown
// with a generic message, so no detail leaks.
func (u *ui) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusFor(err)
	msg := rapport.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		u.srv.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "The error has been logged. Please try again in a moment; if it keeps happening, tell your administrator."
	}
	u.render(w, r, status, "error", &errorPage{
		page:    u.newPage(r, statusTitles[status]),
		Status:  status,
		Message: msg,
	})
}

// render executes a page into a buffer and writes it with status only if that succeeded.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := executePage(u.pages, &buf, name, data); err != nil {
		u.srv.log.Error("rendering page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "Something went wrong on our side; the error has been logged.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// redirect sends the browser on with 303 See Other, so a reload never resubmits a form.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}
