package auth

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
)

// Action is something an actor asks to do; Can decides.
type Action string

// Actions. Client actions concern one client's record (profile, care plan,
// notes, messages); staff actions a staff member's page and trends; the rest
// administer the workspace and show no client details.
const (
	ViewClient     Action = "client:view"
	EditClient     Action = "client:edit"
	CreateClient   Action = "client:create" // in Target.Client.TeamID
	ManageCareTeam Action = "client:care_team"
	BreakTheGlass  Action = "client:break_glass" // ask for a BreakGlass grant
	ViewStaff      Action = "staff:view"
	ManageUsers    Action = "users:manage"
	ManageTeams    Action = "teams:manage"
	ManageSettings Action = "settings:manage"
	ViewAudit      Action = "audit:view"
)

// Actions lists every action, in the order docs/security.md's matrix shows.
var Actions = []Action{
	ViewClient, EditClient, CreateClient, ManageCareTeam, BreakTheGlass,
	ViewStaff, ManageUsers, ManageTeams, ManageSettings, ViewAudit,
}

// Actor is the signed-in user with what access checks need to know.
type Actor struct {
	rapport.Actor
	TeamIDs    []int64      // the teams the user belongs to
	BreakGlass []BreakGlass // the user's grants; expired ones are ignored
}

// Target is what an action applies to: a client (its scope only, no details)
// for client actions, a staff member for ViewStaff, nothing for the rest.
type Target struct {
	Client    rapport.ClientScope
	User      int64   // the staff member, for ViewStaff
	UserTeams []int64 // the staff member's teams
}

// Can reports whether actor may do action on target at now, as nil or an
// error with code EFORBIDDEN (EUNAUTHORIZED for an unknown actor) whose
// message says why. It is pure: callers load the scope and grants, and audit.
func Can(actor Actor, action Action, target Target, now time.Time) error {
	if err := actor.Validate(); err != nil {
		return err
	}
	switch action {
	case ViewClient, EditClient:
		return canSeeClient(actor, target.Client, now)
	case CreateClient:
		return canCreateClient(actor, target.Client)
	case ManageCareTeam:
		return canManageCareTeam(actor, target.Client)
	case BreakTheGlass:
		return canBreakGlass(actor, target.Client)
	case ViewStaff:
		return canViewStaff(actor, target)
	case ManageUsers, ManageTeams, ManageSettings, ViewAudit:
		if actor.Role != rapport.RoleAdmin {
			return forbidden("only administrators can do this")
		}
		return nil
	}
	return forbidden("this action is not known")
}

// canSeeClient: the care team always; a supervisor for their teams'
// clients; anyone but an admin with a live break-glass grant for the client.
func canSeeClient(a Actor, c rapport.ClientScope, now time.Time) error {
	switch {
	case c.ClientID <= 0:
		return forbidden("no client was given")
	case slices.Contains(c.CareTeam, a.UserID):
		return nil
	case a.Role == rapport.RoleSupervisor && slices.Contains(a.TeamIDs, c.TeamID):
		return nil
	case a.Role != rapport.RoleAdmin && a.hasGrant(c.ClientID, now):
		return nil
	}
	return forbidden("you are not on this client's care team: in an emergency, use break-the-glass access and give a reason")
}

func canCreateClient(a Actor, c rapport.ClientScope) error {
	if a.Role == rapport.RoleAdmin {
		return forbidden("administrators do not create client records: a case manager or supervisor of the team can")
	}
	if c.TeamID <= 0 || !slices.Contains(a.TeamIDs, c.TeamID) {
		return forbidden("you can only add clients to a team you belong to")
	}
	return nil
}

func canManageCareTeam(a Actor, c rapport.ClientScope) error {
	if c.ClientID > 0 && a.Role == rapport.RoleSupervisor && slices.Contains(a.TeamIDs, c.TeamID) {
		return nil
	}
	return forbidden("only a supervisor of the client's team can change the care team")
}

// canBreakGlass keeps admins out: they hold no client access by role, and
// being able to grant it to themselves would undo that.
func canBreakGlass(a Actor, c rapport.ClientScope) error {
	if c.ClientID <= 0 || a.Role == rapport.RoleAdmin {
		return forbidden("break-the-glass access is for case managers and supervisors, for one client")
	}
	return nil
}

// canViewStaff: everyone sees their own page; a supervisor sees their teams'
// staff. Admins manage accounts (ManageUsers) but do not see trends.
func canViewStaff(a Actor, t Target) error {
	switch {
	case t.User > 0 && t.User == a.UserID:
		return nil
	case t.User > 0 && a.Role == rapport.RoleSupervisor && sharesAny(a.TeamIDs, t.UserTeams):
		return nil
	}
	return forbidden("you can see your own page and, as a supervisor, your teams' staff")
}

func (a Actor) hasGrant(clientID int64, now time.Time) bool {
	return slices.ContainsFunc(a.BreakGlass, func(g BreakGlass) bool {
		return g.ClientID == clientID && g.activeAt(now)
	})
}

func sharesAny(a, b []int64) bool {
	return slices.ContainsFunc(a, func(id int64) bool { return slices.Contains(b, id) })
}

func forbidden(msg string) error {
	return &rapport.Error{Code: rapport.EFORBIDDEN, Message: msg}
}

// Break-glass limits. A grant covers one emergency, not a standing duty: a
// lasting need means joining the care team.
const (
	MaxBreakGlass       = 4 * time.Hour
	MaxBreakGlassReason = 1000 // characters
	minBreakGlassWords  = 2
)

// BreakGlass is a time-limited grant to view and edit one client outside the
// user's care teams. Every grant and every use is audited prominently.
type BreakGlass struct {
	ClientID  int64
	Reason    string
	GrantedAt time.Time
	ExpiresAt time.Time
}

// NewBreakGlass makes a grant for clientID lasting d from now, refusing a
// missing or one-word reason and durations outside (0, MaxBreakGlass].
func NewBreakGlass(clientID int64, reason string, now time.Time, d time.Duration) (BreakGlass, error) {
	g := BreakGlass{ClientID: clientID, Reason: strings.TrimSpace(reason), GrantedAt: now, ExpiresAt: now.Add(d)}
	switch {
	case clientID <= 0:
		return BreakGlass{}, rapport.Errorf(rapport.EINVALID, "break-the-glass access needs a client")
	case len(strings.Fields(g.Reason)) < minBreakGlassWords:
		return BreakGlass{}, rapport.Errorf(rapport.EINVALID, "say in a few words why you need access to this client")
	case !utf8.ValidString(g.Reason) || utf8.RuneCountInString(g.Reason) > MaxBreakGlassReason:
		return BreakGlass{}, rapport.Errorf(rapport.EINVALID, "the reason must be readable text of at most %d characters", MaxBreakGlassReason)
	case d <= 0 || d > MaxBreakGlass:
		return BreakGlass{}, rapport.Errorf(rapport.EINVALID, "break-the-glass access lasts at most %v", MaxBreakGlass)
	}
	return g, nil
}

// activeAt re-checks what NewBreakGlass enforced, so a bad stored row cannot
// grant access without a reason or for longer than MaxBreakGlass.
func (g BreakGlass) activeAt(now time.Time) bool {
	return strings.TrimSpace(g.Reason) != "" &&
		!now.Before(g.GrantedAt) && now.Before(g.ExpiresAt) &&
		g.ExpiresAt.Sub(g.GrantedAt) <= MaxBreakGlass
}
