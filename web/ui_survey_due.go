package web

import (
	"context"
	"fmt"
	"strconv"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Surveys the automatic rules call for (store.DueInvitations: every fifth contact, 30 days into
// a care plan), offered on the home page to the case manager they are about. A link's token can
// be shown only when it is made, so the rules do not make links on their own: the case manager
// does, with one click, and gets the page that shows the link once.

// dueSurvey is one survey the rules call for, with what the one-click form sends.
type dueSurvey struct {
	ClientID   int64
	ClientName string
	Reason     string
	Instrument int64
	Language   string
	Trigger    rapport.InvitationTrigger
	Surveyed   int64 // whose work it is about: the signed-in case manager
}

// surveysDue lists the surveys due about usr's work for the clients on the home page, in its
// order. The rules read every client, so only those usr may edit (clients, from the page's
// list) are offered.
func (u *ui) surveysDue(ctx context.Context, usr *rapport.User, clients []*rapport.Client) ([]dueSurvey, error) {
	if usr.Role == rapport.RoleAdmin {
		return nil, nil // admins hold no client access by role, so they send no surveys
	}
	due, err := u.st.DueInvitations(ctx, uiNow())
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, nil // the trust pulse is not stored (the server stores it at start): nothing to send
	}
	if err != nil {
		return nil, fmt.Errorf("finding surveys due: %w", err)
	}
	mine := map[int64]rapport.Invitation{}
	for _, inv := range due {
		if inv.CaseManagerID == usr.ID {
			mine[inv.ClientID] = inv
		}
	}
	var out []dueSurvey
	for _, c := range clients {
		inv, ok := mine[c.ID]
		scope := rapport.ClientScope{ClientID: c.ID, TeamID: c.TeamID, CareTeam: c.CareTeam}
		if !ok || auth.Can(authActor(ctx), auth.EditClient, auth.Target{Client: scope}, uiNow()) != nil {
			continue
		}
		out = append(out, dueSurvey{ClientID: c.ID, ClientName: c.PreferredName, Reason: triggerLabels[inv.Trigger],
			Instrument: inv.InstrumentID, Language: inv.Language, Trigger: inv.Trigger, Surveyed: usr.ID})
	}
	return out, nil
}

// Days is the lifetime the one-click form asks for: the default.
func (d dueSurvey) Days() string {
	return strconv.Itoa(int(rapport.DefaultInvitationTTL.Hours() / 24))
}
