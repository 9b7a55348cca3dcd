package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The signed-in home page and the client record. Every client read is preceded by auth.Can on
// the client's scope, which the store returns without any client details.

// homeClients bounds the home page's list; search and paging come with the client list page.
const homeClients = 200

func (u *ui) home(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	actor, _ := actorFrom(r.Context())
	f := rapport.ClientFilter{Page: rapport.Page{Limit: homeClients}}
	if usr.Role == rapport.RoleSupervisor {
		f.TeamIDs = append([]int64{}, usr.TeamIDs...) // empty, not nil: no team means no one
	} else {
		f.CareTeamMember = usr.ID // case managers, and admins on a care team
	}
	clients, total, err := u.st.ListClients(r.Context(), actor, f)
	if err != nil {
		return err
	}
	visible := clients[:0]
	for _, c := range clients { // the filter is the scope; Can confirms it
		scope := rapport.ClientScope{ClientID: c.ID, TeamID: c.TeamID, CareTeam: c.CareTeam}
		if auth.Can(authActor(r.Context()), auth.ViewClient, auth.Target{Client: scope}, uiNow()) == nil {
			visible = append(visible, c)
		}
	}
	canAdd := len(creatableTeams(r.Context())) > 0
	due, err := u.surveysDue(r.Context(), usr, visible)
	if err != nil {
		return err
	}
	urgent, err := u.urgentComments(r, visible)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "home", &homePage{page: u.newPage(r, "Your clients"), Clients: visible, Total: total,
		CanAdd: canAdd, Due: due, Urgent: urgent})
	return nil
}

// urgentComment is a survey comment the safety screen flagged, still waiting for a response.
type urgentComment struct {
	ClientID   int64
	ClientName string
	Words      string // the comment, without the concern's fixed opening
	Raised     time.Time
}

// urgentComments lists the flagged survey comments of the clients on the home page, so the
// care team sees them as soon as they sign in, before anything else.
func (u *ui) urgentComments(r *http.Request, clients []*rapport.Client) ([]urgentComment, error) {
	names := make(map[int64]string, len(clients))
	ids := make([]int64, len(clients))
	for i, c := range clients {
		ids[i], names[c.ID] = c.ID, c.PreferredName
	}
	actor, _ := actorFrom(r.Context())
	concerns, err := u.st.UrgentSurveyConcerns(r.Context(), actor, ids)
	if err != nil {
		return nil, fmt.Errorf("finding flagged survey comments: %w", err)
	}
	out := make([]urgentComment, len(concerns))
	for i, c := range concerns {
		out[i] = urgentComment{ClientID: c.ClientID, ClientName: names[c.ClientID], Raised: c.RaisedAt,
			Words: strings.TrimPrefix(c.Words, rapport.FlaggedConcernPrefix)}
	}
	return out, nil
}

func (u *ui) client(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	}
	scope, err := u.st.FindClientScope(ctx, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	}
	if err != nil {
		return err
	}
	if err := auth.Can(authActor(r.Context()), auth.ViewClient, auth.Target{Client: *scope}, uiNow()); err != nil {
		return u.refuseClient(w, r, *scope, rapport.Errorf(rapport.EFORBIDDEN, "This client's record is open to their care team and their team's supervisors. If you need to see it, ask to join the care team."))
	}
	rec, err := u.st.FindClientRecord(ctx, actor, id, planLimits)
	if err != nil {
		return err
	}
	c := rec.Client
	p := &clientPage{page: u.newPage(r, c.PreferredName), Client: c, Emergency: emergencyAccess(ctx, c.ID)}
	p.Team = rec.TeamName
	for _, m := range c.CareTeam {
		name, ok := rec.UserNames[m]
		if !ok {
			name = "a former user"
		}
		p.CareTeam = append(p.CareTeam, name)
	}
	if p.Plan, err = u.carePlanOf(ctx, rec); err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "client", p)
	return nil
}
