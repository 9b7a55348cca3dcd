package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Break-the-glass: a case manager or supervisor refused a client's record may, in an emergency,
// open it for up to auth.MaxBreakGlass with a stated reason. The grant and a break-glass audit
// event are stored together; while the grant lasts, auth.Can lets them in and the client page
// says so. Admins get no break-glass (auth refuses them): they hold no client access by role.

// defaultBreakGlass is the duration the form offers first: long enough for one emergency.
const defaultBreakGlass = time.Hour

// breakGlassChoices are the durations the form offers, in minutes.
var breakGlassChoices = []durationChoice{
	{15, "15 minutes"}, {30, "30 minutes"}, {60, "1 hour"}, {120, "2 hours"}, {180, "3 hours"}, {240, "4 hours"},
}

type durationChoice struct {
	Minutes int
	Label   string
}

type breakGlassPage struct {
	page
	ClientID int64
	Reason   string // kept when validation fails
	Minutes  int
	Choices  []durationChoice
	Error    string
	Field    string // the field the error is about: "reason" or "minutes"
}

// grantStore loads a user's grants; the store satisfies it (the pages and the API both use it).
type grantStore interface {
	LiveBreakGlass(ctx context.Context, userID int64, now time.Time) ([]auth.BreakGlass, error)
}

// liveGrants returns the user's grants in force at now. Admins never hold one (auth refuses
// them), so they cost no query.
func liveGrants(ctx context.Context, st grantStore, userID int64, role rapport.Role, now time.Time) ([]auth.BreakGlass, error) {
	if role == rapport.RoleAdmin {
		return nil, nil
	}
	return st.LiveBreakGlass(ctx, userID, now)
}

// standingActor is the signed-in user without their break-glass grants: the access they hold
// by role.
func standingActor(ctx context.Context) auth.Actor {
	a := authActor(ctx)
	a.BreakGlass = nil
	return a
}

// emergencyAccess returns the signed-in user's live grant for clientID that ends last, or nil:
// the client page shows it as a banner. Grants are sorted by the store, the one ending last first.
func emergencyAccess(ctx context.Context, clientID int64) *auth.BreakGlass {
	now := uiNow()
	for _, g := range authActor(ctx).BreakGlass {
		if g.ClientID == clientID && !now.Before(g.GrantedAt) && now.Before(g.ExpiresAt) {
			return &g
		}
	}
	return nil
}

// refuseClient answers a refused view of a client's record: with the break-the-glass form for
// those who may ask for one, and the plain refusal otherwise. Neither shows any client detail.
func (u *ui) refuseClient(w http.ResponseWriter, r *http.Request, scope rapport.ClientScope, refusal error) error {
	if auth.Can(authActor(r.Context()), auth.BreakTheGlass, auth.Target{Client: scope}, uiNow()) != nil {
		return refusal
	}
	u.renderBreakGlass(w, r, http.StatusForbidden, scope.ClientID, "", int(defaultBreakGlass/time.Minute), "", "")
	return nil
}

func (u *ui) renderBreakGlass(w http.ResponseWriter, r *http.Request, status int, clientID int64, reason string, minutes int, msg, field string) {
	u.render(w, r, status, "break_glass", &breakGlassPage{
		page:     u.newPage(r, "You are not on this client's care team"),
		ClientID: clientID, Reason: reason, Minutes: minutes, Choices: breakGlassChoices, Error: msg, Field: field,
	})
}

// breakGlass handles POST /clients/{id}/break-glass: parse, check, store the grant with its
// audit event, and open the client's record.
func (u *ui) breakGlass(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	scope, err := u.clientScope(r)
	if err != nil {
		return err
	}
	client := "/clients/" + strconv.FormatInt(scope.ClientID, 10)
	if err := auth.Can(authActor(r.Context()), auth.BreakTheGlass, auth.Target{Client: *scope}, uiNow()); err != nil {
		return err
	}
	// Access held by role needs no emergency: say nothing in the log that did not happen.
	if auth.Can(standingActor(r.Context()), auth.ViewClient, auth.Target{Client: *scope}, uiNow()) == nil {
		redirect(w, r, client)
		return nil
	}
	reason := r.PostFormValue("reason")
	minutes, err := strconv.Atoi(r.PostFormValue("minutes"))
	if err != nil || minutes <= 0 || time.Duration(minutes)*time.Minute > auth.MaxBreakGlass {
		u.renderBreakGlass(w, r, http.StatusUnprocessableEntity, scope.ClientID, reason, int(defaultBreakGlass/time.Minute),
			"Choose how long you need access: at most 4 hours.", "minutes")
		return nil
	}
	d := time.Duration(minutes) * time.Minute
	if _, err := auth.NewBreakGlass(scope.ClientID, reason, uiNow(), d); err != nil {
		u.renderBreakGlass(w, r, http.StatusUnprocessableEntity, scope.ClientID, reason, minutes,
			"Say in a few words why you need this client's record now (at most 1,000 characters).", "reason")
		return nil
	}
	if _, err := u.st.CreateBreakGlass(ctx, actor, scope.ClientID, reason, d); err != nil {
		return err
	}
	redirect(w, r, client)
	return nil
}

// clientScope reads the client ID from the path and returns the client's scope (IDs only).
func (u *ui) clientScope(r *http.Request) (*rapport.ClientScope, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	}
	scope, err := u.st.FindClientScope(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	}
	return scope, err
}
