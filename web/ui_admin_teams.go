package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/rapporthq/rapport"
)

// The admin's team pages: the teams with their member counts and a form for a new team, and one
// team's members. Only case managers and supervisors join teams: a team decides which clients
// a supervisor sees and where staff create clients.

type adminTeamsPage struct {
	page
	Teams  []teamRow
	Name   string // the new team's name as typed
	Errors formErrors
}

type teamRow struct {
	*rapport.Team
	Members int
}

type adminTeamPage struct {
	page
	Team       *rapport.Team
	Members    []*rapport.User
	Candidates []*rapport.User // active case managers and supervisors not on the team
	Chosen     int64           // the person picked in the add form, kept when it fails
	Notice     string
	Errors     formErrors
}

var teamNotices = map[string]string{
	"created": "Team created. Add its case managers and supervisors below.",
	"added":   "Added to the team. Supervisors now see the team's clients.",
	"removed": "Removed from the team. They keep the care teams they are on; a supervisor no longer sees the team's other clients.",
}

func (u *ui) adminTeams(w http.ResponseWriter, r *http.Request) error {
	return u.renderTeams(w, r, http.StatusOK, "", nil)
}

func (u *ui) renderTeams(w http.ResponseWriter, r *http.Request, status int, name string, errs formErrors) error {
	teams, err := u.allTeams(r.Context())
	if err != nil {
		return err
	}
	counts, err := u.st.CountTeamMembers(r.Context(), idsOfTeams(teams))
	if err != nil {
		return err
	}
	p := &adminTeamsPage{page: u.newPage(r, "Teams"), Name: name, Errors: errs}
	for _, t := range teams {
		p.Teams = append(p.Teams, teamRow{Team: t, Members: counts[t.ID]})
	}
	u.render(w, r, status, "admin_teams", p)
	return nil
}

func idsOfTeams(teams []*rapport.Team) []int64 {
	out := make([]int64, len(teams))
	for i, t := range teams {
		out[i] = t.ID
	}
	return out
}

func (u *ui) adminCreateTeam(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSpace(r.PostForm.Get("name"))
	t := &rapport.Team{Name: name}
	if err := t.Validate(); err != nil {
		return u.renderTeams(w, r, http.StatusUnprocessableEntity, name, formErrors{{"team-name", sentence(rapport.ErrorMessage(err))}})
	}
	actor, _ := actorFrom(r.Context())
	err := u.st.AdminCreateTeam(r.Context(), actor, t)
	if rapport.ErrorCode(err) == rapport.ECONFLICT {
		return u.renderTeams(w, r, http.StatusConflict, name, formErrors{{"team-name", "There is already a team with this name: choose another."}})
	}
	if err != nil {
		return err
	}
	redirect(w, r, teamPath(t.ID, "created"))
	return nil
}

func teamPath(id int64, done string) string {
	return "/admin/teams/" + strconv.FormatInt(id, 10) + "?done=" + done
}

// targetTeam loads the team named in the path.
func (u *ui) targetTeam(r *http.Request) (*rapport.Team, error) {
	id, err := pathID(r, "id", "team")
	if err != nil {
		return nil, err
	}
	t, err := u.st.FindTeamByID(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "There is no team at this address.")
	}
	return t, err
}

func (u *ui) adminTeam(w http.ResponseWriter, r *http.Request) error {
	t, err := u.targetTeam(r)
	if err != nil {
		return err
	}
	return u.renderTeam(w, r, http.StatusOK, t, &adminTeamPage{Notice: teamNotices[r.URL.Query().Get("done")]})
}

func (u *ui) renderTeam(w http.ResponseWriter, r *http.Request, status int, t *rapport.Team, p *adminTeamPage) error {
	ctx, all := r.Context(), rapport.Page{Limit: rapport.MaxPageSize}
	members, _, err := u.st.ListUsers(ctx, rapport.UserFilter{TeamID: t.ID, Page: all})
	if err != nil {
		return err
	}
	active := false
	staff, _, err := u.st.ListUsers(ctx, rapport.UserFilter{Disabled: &active, Page: all})
	if err != nil {
		return err
	}
	p.page, p.Team, p.Members = u.newPage(r, t.Name), t, members
	for _, s := range staff {
		if s.Role != rapport.RoleAdmin && !slices.Contains(s.TeamIDs, t.ID) {
			p.Candidates = append(p.Candidates, s)
		}
	}
	u.render(w, r, status, "admin_team", p)
	return nil
}

func (u *ui) adminAddMember(w http.ResponseWriter, r *http.Request) error {
	t, err := u.targetTeam(r)
	if err != nil {
		return err
	}
	userID, err := strconv.ParseInt(r.PostForm.Get("user"), 10, 64)
	if err != nil || userID <= 0 {
		return u.renderTeam(w, r, http.StatusUnprocessableEntity, t, &adminTeamPage{Errors: formErrors{{"member", "Choose the person to add."}}})
	}
	actor, _ := actorFrom(r.Context())
	err = u.st.AdminAddTeamMember(r.Context(), actor, t.ID, userID)
	switch rapport.ErrorCode(err) {
	case "":
		u.srv.tokens.forgetUser(userID)
	case rapport.EINVALID, rapport.ENOTFOUND:
		return u.renderTeam(w, r, http.StatusUnprocessableEntity, t, &adminTeamPage{Chosen: userID, Errors: formErrors{{"member", sentence(rapport.ErrorMessage(err))}}})
	default:
		return err
	}
	redirect(w, r, teamPath(t.ID, "added"))
	return nil
}

func (u *ui) adminRemoveMember(w http.ResponseWriter, r *http.Request) error {
	t, err := u.targetTeam(r)
	if err != nil {
		return err
	}
	userID, err := pathID(r, "user", "team member")
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	err = u.st.AdminRemoveTeamMember(r.Context(), actor, t.ID, userID)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return rapport.Errorf(rapport.ENOTFOUND, "This person is not a member of %s: they may have been removed already.", t.Name)
	}
	if err != nil {
		return err
	}
	u.srv.tokens.forgetUser(userID)
	redirect(w, r, teamPath(t.ID, "removed"))
	return nil
}
