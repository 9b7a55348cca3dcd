package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The admin's user pages: the list with search and the new-account form, and one user's page
// (role and teams, deactivation, reset links). Rapport sends no email, so a new account and a
// password reset each give the admin a one-time link to pass on, shown once.

type adminUsersPage struct {
	page
	Users  []userRow
	Pager  pager
	Teams  []*rapport.Team // for the new-account form
	Form   userForm
	Errors formErrors
}

// userRow is a user in the list, with their teams' names.
type userRow struct {
	*rapport.User
	TeamNames []string
}

// userForm is what the admin typed or chose; it is sent back when something is wrong.
type userForm struct {
	Name    string
	Email   string
	Role    rapport.Role
	TeamIDs []int64
}

// HasTeam reports whether the team's box is ticked.
func (f userForm) HasTeam(id int64) bool { return slices.Contains(f.TeamIDs, id) }

type adminUserPage struct {
	page
	Target    *rapport.User
	TeamNames []string
	Teams     []*rapport.Team // for the access form
	Self      bool            // the admin is looking at their own account
	Form      userForm
	Errors    formErrors
	Notice    string
	Link      string    // a one-time set-password link, shown once
	LinkUntil time.Time // when it expires
	NewUser   bool      // the link is for a just-created account, not a reset
}

var userNotices = map[string]string{
	"access":      "Role and teams saved. If the role changed, their sessions have ended and they sign in again.",
	"deactivated": "The account is deactivated: their sessions have ended, they cannot sign in and their API tokens no longer work.",
	"reactivated": "The account is active again: they can sign in with their password, or with a reset link if they have none.",
}

func (u *ui) adminUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := u.usersPage(r, strings.TrimSpace(r.URL.Query().Get("q")), pageNumber(r))
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "admin_users", p)
	return nil
}

// usersPage loads one page of the list, for the search query.
func (u *ui) usersPage(r *http.Request, query string, n int) (*adminUsersPage, error) {
	pg := pager{Page: n, Size: adminPageSize, Query: query}
	users, total, err := u.st.FindUsers(r.Context(), query, rapport.Page{Limit: pg.Size, Offset: pg.offset()})
	if err != nil {
		return nil, err
	}
	teams, err := u.allTeams(r.Context())
	if err != nil {
		return nil, err
	}
	pg.Total = total
	names := teamNames(teams)
	p := &adminUsersPage{page: u.newPage(r, "Users"), Pager: pg, Teams: teams, Form: userForm{Role: rapport.RoleCaseManager}}
	for _, usr := range users {
		row := userRow{User: usr}
		for _, id := range usr.TeamIDs {
			row.TeamNames = append(row.TeamNames, names[id])
		}
		p.Users = append(p.Users, row)
	}
	return p, nil
}

func readUserForm(r *http.Request) (userForm, formErrors) {
	f := userForm{Name: strings.TrimSpace(r.PostForm.Get("name")), Email: strings.TrimSpace(r.PostForm.Get("email"))}
	var errs formErrors
	// Each field is checked by the domain's own rules, with the other fields set to valid
	// values, so a message is tied to the field it is about.
	if err := (&rapport.User{Email: "a@example.org", Name: f.Name, Role: rapport.RoleCaseManager}).Validate(); err != nil {
		errs = append(errs, fieldError{"name", sentence(rapport.ErrorMessage(err))})
	}
	if err := (&rapport.User{Email: rapport.NormalizeEmail(f.Email), Name: "A", Role: rapport.RoleCaseManager}).Validate(); err != nil {
		errs = append(errs, fieldError{"email", sentence(rapport.ErrorMessage(err))})
	}
	return f, append(errs, readAccess(r, &f)...)
}

// readAccess reads the role and teams into f.
func readAccess(r *http.Request, f *userForm) formErrors {
	f.Role = rapport.Role(r.PostForm.Get("role"))
	var errs formErrors
	if !f.Role.Valid() {
		errs = append(errs, fieldError{"role", "Choose a role: case manager, supervisor or administrator."})
	}
	ids, err := formIDs(r, "team")
	f.TeamIDs = ids
	switch {
	case err != nil:
		errs = append(errs, fieldError{"teams", sentence(rapport.ErrorMessage(err))})
	case f.Role == rapport.RoleAdmin && len(ids) > 0:
		errs = append(errs, fieldError{"teams", "Administrators do not belong to teams: untick the teams, or choose another role."})
	}
	return errs
}

func (u *ui) adminCreateUser(w http.ResponseWriter, r *http.Request) error {
	f, errs := readUserForm(r)
	if len(errs) > 0 {
		return u.renderUsersForm(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	link, token, hash, err := auth.NewOneTimeLink(auth.LinkReset, 0, uiNow())
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	usr := &rapport.User{Name: f.Name, Email: f.Email, Role: f.Role}
	err = u.st.AdminCreateUser(r.Context(), actor, usr, f.TeamIDs, hash, link)
	switch rapport.ErrorCode(err) {
	case "":
	case rapport.ECONFLICT:
		return u.renderUsersForm(w, r, http.StatusConflict, f, formErrors{{"email", "Someone already has an account with this email address: search for them in the list above."}})
	case rapport.EINVALID, rapport.ENOTFOUND:
		return u.renderUsersForm(w, r, http.StatusUnprocessableEntity, f, formErrors{{"teams", teamProblem(err)}})
	default:
		return err
	}
	u.srv.log.Info("account created", "user_id", usr.ID, "by", actor.UserID)
	p := &adminUserPage{Link: u.linkURL(r, "/reset/"+token), LinkUntil: link.ExpiresAt, NewUser: true}
	return u.renderUser(w, r, http.StatusCreated, usr, p)
}

// renderUsersForm shows the list's first page with the new-account form as the admin filled it.
func (u *ui) renderUsersForm(w http.ResponseWriter, r *http.Request, status int, f userForm, errs formErrors) error {
	p, err := u.usersPage(r, "", 1)
	if err != nil {
		return err
	}
	p.Form, p.Errors = f, errs
	u.render(w, r, status, "admin_users", p)
	return nil
}

// targetUser loads the user named in the path.
func (u *ui) targetUser(r *http.Request) (*rapport.User, error) {
	id, err := pathID(r, "id", "user")
	if err != nil {
		return nil, err
	}
	usr, err := u.st.FindUserByID(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "There is no user at this address.")
	}
	return usr, err
}

func (u *ui) adminUser(w http.ResponseWriter, r *http.Request) error {
	target, err := u.targetUser(r)
	if err != nil {
		return err
	}
	return u.renderUser(w, r, http.StatusOK, target, &adminUserPage{Notice: userNotices[r.URL.Query().Get("done")]})
}

// renderUser fills in what every user page shows and renders p. A form the admin sent back
// stays as they left it; otherwise the access form shows the user's current role and teams.
func (u *ui) renderUser(w http.ResponseWriter, r *http.Request, status int, target *rapport.User, p *adminUserPage) error {
	teams, err := u.allTeams(r.Context())
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	names := teamNames(teams)
	p.page, p.Target, p.Teams, p.Self = u.newPage(r, target.Name), target, teams, me.ID == target.ID
	for _, id := range target.TeamIDs {
		p.TeamNames = append(p.TeamNames, names[id])
	}
	if p.Form.Role == "" {
		p.Form = userForm{Role: target.Role, TeamIDs: target.TeamIDs}
	}
	u.render(w, r, status, "admin_user", p)
	return nil
}

func (u *ui) adminSetAccess(w http.ResponseWriter, r *http.Request) error {
	target, err := u.targetUser(r)
	if err != nil {
		return err
	}
	var f userForm
	errs := readAccess(r, &f)
	if me, _ := userFrom(r.Context()); me.ID == target.ID && f.Role != target.Role {
		return u.renderUser(w, r, http.StatusConflict, target, &adminUserPage{Form: f, Errors: formErrors{{"role",
			"You cannot change your own role: another administrator can, so Rapport always keeps one."}}})
	}
	if len(errs) > 0 {
		return u.renderUser(w, r, http.StatusUnprocessableEntity, target, &adminUserPage{Form: f, Errors: errs})
	}
	actor, _ := actorFrom(r.Context())
	_, err = u.st.AdminSetAccess(r.Context(), actor, target.ID, f.Role, f.TeamIDs)
	switch rapport.ErrorCode(err) {
	case "":
		u.srv.tokens.forgetUser(target.ID)
	case rapport.ECONFLICT:
		return u.renderUser(w, r, http.StatusConflict, target, &adminUserPage{Form: f, Errors: formErrors{{"role", sentence(rapport.ErrorMessage(err))}}})
	case rapport.EINVALID, rapport.ENOTFOUND:
		return u.renderUser(w, r, http.StatusUnprocessableEntity, target, &adminUserPage{Form: f, Errors: formErrors{{"teams", teamProblem(err)}}})
	default:
		return err
	}
	redirect(w, r, userPath(target.ID, "access"))
	return nil
}

// teamProblem explains a store refusal of the chosen teams: a team deleted since the page was
// loaded (ENOTFOUND), or the store's own rule.
func teamProblem(err error) string {
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return "One of the chosen teams no longer exists: reload the page and choose again."
	}
	return sentence(rapport.ErrorMessage(err))
}

func userPath(id int64, done string) string {
	return "/admin/users/" + strconv.FormatInt(id, 10) + "?" + url.Values{"done": {done}}.Encode()
}

// adminSetDisabled deactivates or reactivates the user in the path. An admin cannot
// deactivate themselves, and the store refuses to deactivate the last active admin.
func (u *ui) adminSetDisabled(disabled bool) handlerE {
	return func(w http.ResponseWriter, r *http.Request) error {
		target, err := u.targetUser(r)
		if err != nil {
			return err
		}
		if me, _ := userFrom(r.Context()); disabled && me.ID == target.ID {
			return u.renderUser(w, r, http.StatusConflict, target, &adminUserPage{Errors: formErrors{{"", "You cannot deactivate your own account: another administrator can, so Rapport always keeps one."}}})
		}
		actor, _ := actorFrom(r.Context())
		_, err = u.st.AdminSetDisabled(r.Context(), actor, target.ID, disabled)
		if rapport.ErrorCode(err) == rapport.ECONFLICT {
			return u.renderUser(w, r, http.StatusConflict, target, &adminUserPage{Errors: formErrors{{"", sentence(rapport.ErrorMessage(err))}}})
		}
		if err != nil {
			return err
		}
		u.srv.tokens.forgetUser(target.ID)
		done := "reactivated"
		if disabled {
			done = "deactivated"
		}
		redirect(w, r, userPath(target.ID, done))
		return nil
	}
}

// adminIssueResetLink gives the admin a new set-password link for the user in the path. The
// user's password stops working and their sessions end. An admin cannot reset their own
// password this way: losing the link would lock them out.
func (u *ui) adminIssueResetLink(w http.ResponseWriter, r *http.Request) error {
	target, err := u.targetUser(r)
	if err != nil {
		return err
	}
	if me, _ := userFrom(r.Context()); me.ID == target.ID {
		return u.renderUser(w, r, http.StatusConflict, target, &adminUserPage{Errors: formErrors{{"", "You cannot issue a reset link for your own account: ask another administrator."}}})
	}
	link, token, hash, err := auth.NewOneTimeLink(auth.LinkReset, target.ID, uiNow())
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	err = u.st.AdminIssueResetLink(r.Context(), actor, target.ID, hash, link)
	if rapport.ErrorCode(err) == rapport.ECONFLICT {
		return u.renderUser(w, r, http.StatusConflict, target, &adminUserPage{Errors: formErrors{{"", sentence(rapport.ErrorMessage(err))}}})
	}
	if err != nil {
		return err
	}
	target.PasswordHash = ""
	return u.renderUser(w, r, http.StatusOK, target, &adminUserPage{Link: u.linkURL(r, "/reset/"+token), LinkUntil: link.ExpiresAt})
}
