package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Accounts and access: the admin pages for users and teams (ui_admin_users.go,
// ui_admin_teams.go), the public page that follows a reset link (ui_reset.go) and each person's
// API tokens (ui_tokens.go). Admin changes go through the store's audited Admin* methods, which
// also refuse any change that would leave no active administrator.

// adminStore is what these pages need of the store beyond uiStore.
type adminStore interface {
	FindUsers(ctx context.Context, query string, p rapport.Page) ([]*rapport.User, int, error)
	ListUsers(ctx context.Context, f rapport.UserFilter) ([]*rapport.User, int, error)
	ListTeams(ctx context.Context, f rapport.TeamFilter) ([]*rapport.Team, int, error)
	CountTeamMembers(ctx context.Context, teamIDs []int64) (map[int64]int, error)

	AdminCreateUser(ctx context.Context, actor rapport.Actor, u *rapport.User, teamIDs []int64, tokenHash []byte, link auth.OneTimeLink) error
	AdminSetAccess(ctx context.Context, actor rapport.Actor, id int64, role rapport.Role, teamIDs []int64) (*rapport.User, error)
	AdminSetDisabled(ctx context.Context, actor rapport.Actor, id int64, disabled bool) (*rapport.User, error)
	AdminIssueResetLink(ctx context.Context, actor rapport.Actor, id int64, tokenHash []byte, link auth.OneTimeLink) error
	AdminCreateTeam(ctx context.Context, actor rapport.Actor, t *rapport.Team) error
	AdminAddTeamMember(ctx context.Context, actor rapport.Actor, teamID, userID int64) error
	AdminRemoveTeamMember(ctx context.Context, actor rapport.Actor, teamID, userID int64) error

	ResetPassword(ctx context.Context, tokenHash []byte, encoded string) (*rapport.User, error)
	ChangePassword(ctx context.Context, actor rapport.Actor, encoded string) error

	CreateAPIToken(ctx context.Context, t *auth.APIToken) (string, error)
	ListAPITokens(ctx context.Context, userID int64, p rapport.Page) ([]*auth.APIToken, int, error)
	APITokensCreatedAt(ctx context.Context, userID int64, ids []int64) (map[int64]time.Time, error)
	RevokeAPIToken(ctx context.Context, userID, id int64) error
}

// registerAdmin mounts the admin pages, the reset link page, and each person's API token and
// password pages.
func (u *ui) registerAdmin(mux *http.ServeMux) {
	users := func(h handlerE) handlerE { return u.requireUser(u.requireAdmin(auth.ManageUsers, h)) }
	teams := func(h handlerE) handlerE { return u.requireUser(u.requireAdmin(auth.ManageTeams, h)) }
	u.srv.route(mux, "GET /admin/users", u.handle(users(u.adminUsers)))
	u.srv.route(mux, "POST /admin/users", u.protect(users(u.adminCreateUser)))
	u.srv.route(mux, "GET /admin/users/{id}", u.handle(users(u.adminUser)))
	u.srv.route(mux, "POST /admin/users/{id}/access", u.protect(users(u.adminSetAccess)))
	u.srv.route(mux, "POST /admin/users/{id}/deactivate", u.protect(users(u.adminSetDisabled(true))))
	u.srv.route(mux, "POST /admin/users/{id}/reactivate", u.protect(users(u.adminSetDisabled(false))))
	u.srv.route(mux, "POST /admin/users/{id}/reset-link", u.protect(users(u.adminIssueResetLink)))
	u.srv.route(mux, "GET /admin/teams", u.handle(teams(u.adminTeams)))
	u.srv.route(mux, "POST /admin/teams", u.protect(teams(u.adminCreateTeam)))
	u.srv.route(mux, "GET /admin/teams/{id}", u.handle(teams(u.adminTeam)))
	u.srv.route(mux, "POST /admin/teams/{id}/members", u.protect(teams(u.adminAddMember)))
	u.srv.route(mux, "POST /admin/teams/{id}/members/{user}/remove", u.protect(teams(u.adminRemoveMember)))
	u.srv.route(mux, "GET /reset/{token}", u.handle(u.resetForm))
	u.srv.route(mux, "POST /reset/{token}", u.protect(u.reset))
	u.srv.route(mux, "GET /account/tokens", u.handle(u.requireUser(u.tokens)))
	u.srv.route(mux, "POST /account/tokens", u.protect(u.requireUser(u.createToken)))
	u.srv.route(mux, "POST /account/tokens/{id}/revoke", u.protect(u.requireUser(u.revokeToken)))
	u.srv.route(mux, "GET /account/password", u.handle(u.requireUser(u.passwordForm)))
	u.srv.route(mux, "POST /account/password", u.protect(u.requireUser(u.changePassword)))
}

// requireAdmin lets through only a signed-in user whom auth.Can allows the action; it runs
// inside requireUser.
func (u *ui) requireAdmin(action auth.Action, next handlerE) handlerE {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := auth.Can(authActor(r.Context()), action, auth.Target{}, uiNow()); err != nil {
			return rapport.Errorf(rapport.EFORBIDDEN, "Only administrators manage accounts and teams. If someone's access needs to change, ask an administrator.")
		}
		return next(w, r)
	}
}

// pathID reads a positive ID from the path; anything else is a page that does not exist.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, rapport.Errorf(rapport.ENOTFOUND, "There is no %s at this address.", what)
	}
	return id, nil
}

// adminPageSize is how many users or teams one page lists.
const adminPageSize = 50

// pageNumber reads the 1-based ?page= of a list; anything unreadable is the first page.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}

// pager is a list's position, for the previous and next links.
type pager struct {
	Page, Total, Size int
	Query             string // the search the pages belong to
}

func (p pager) offset() int   { return (p.Page - 1) * p.Size }
func (p pager) HasPrev() bool { return p.Page > 1 }
func (p pager) HasNext() bool { return p.Page*p.Size < p.Total }
func (p pager) Prev() int     { return p.Page - 1 }
func (p pager) Next() int     { return p.Page + 1 }

// fieldError is a validation message tied to the form field it is about, so the summary can
// link to the field and the field can point at its message.
type fieldError struct {
	Field   string // the input's id
	Message string
}

// formErrors is what was wrong with a form, in the order of its fields.
type formErrors []fieldError

// For returns the message for a field, or "".
func (e formErrors) For(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// sentence makes a store message ("email must be …") read as a sentence on the page.
func sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// linkURL is the full address of a one-time link, for the admin to pass on. Without a
// configured public address, the request's host is the best guess: it is the admin's own.
func (u *ui) linkURL(r *http.Request, path string) string {
	scheme := "https"
	if u.srv.cfg.Insecure && r.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}

// formIDs reads the checked IDs of a group of checkboxes; an unreadable one is an error.
func formIDs(r *http.Request, name string) ([]int64, error) {
	var out []int64
	for _, v := range r.PostForm[name] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, rapport.Errorf(rapport.EINVALID, "a team in the form is not known: reload the page and try again")
		}
		out = append(out, id)
	}
	return out, nil
}

// allTeams lists every team, for the team checkboxes and to name users' teams.
func (u *ui) allTeams(ctx context.Context) ([]*rapport.Team, error) {
	teams, _, err := u.st.ListTeams(ctx, rapport.TeamFilter{Page: rapport.Page{Limit: rapport.MaxPageSize}})
	return teams, err
}

// teamNames maps team IDs to names.
func teamNames(teams []*rapport.Team) map[int64]string {
	m := make(map[int64]string, len(teams))
	for _, t := range teams {
		m[t.ID] = t.Name
	}
	return m
}
