package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// The automatic survey rules. DueInvitations says which invitations the rules call for; the
// caller creates them (CreateInvitation), or offers them to the case manager to send, since
// the link's token is shown only when it is made. It reads IDs, counts and dates, no client
// details, so like FindClientScope it is not audited; the invitations it leads to are.

// ContactsPerSurvey is how many notes and messages a case manager writes about a client between
// two trust surveys.
const ContactsPerSurvey = 5

// CarePlanSurveyAfter is how long after a client's care plan starts (their first goal) they
// are asked how it is going.
const CarePlanSurveyAfter = 30 * 24 * time.Hour

// DueInvitations returns the trust-pulse invitations the automatic rules call for at now,
// unsaved, ordered by client and case manager:
//
//   - every_fifth_contact: a case manager on the client's care team has written
//     ContactsPerSurvey or more notes or messages about the client since the last invitation
//     about that case manager (or ever, if there was none). Creating the invitation starts the
//     count again, so this fires at every fifth contact.
//   - care_plan_30_days: the client's first goal was created CarePlanSurveyAfter or more ago,
//     and no invitation for the client has been made since that 30-day mark. The survey is
//     about the case manager who created the goal, or, when they are no longer on the care
//     team, its case manager with the lowest ID.
//
// A client gets at most one care-plan invitation in one call, and none when a contact rule
// already fired for them.
func (db *DB) DueInvitations(ctx context.Context, now time.Time) ([]rapport.Invitation, error) {
	pulse, err := db.FindInstrumentByURL(ctx, survey.URLTrustPulse)
	if err != nil {
		return nil, wrap("due invitations", err)
	}
	now = dbTime(now)
	var due []rapport.Invitation
	err = db.view(ctx, "due invitations", func(tx *sql.Tx) error {
		var err error
		if due, err = dueByContacts(ctx, tx, now); err != nil {
			return err
		}
		byPlan, err := dueByCarePlan(ctx, tx, now)
		for _, inv := range byPlan {
			if !hasClient(due, inv.ClientID) {
				due = append(due, inv)
			}
		}
		return err
	})
	for i := range due {
		due[i].InstrumentID = pulse.ID
	}
	return due, err
}

func hasClient(invs []rapport.Invitation, clientID int64) bool {
	for _, inv := range invs {
		if inv.ClientID == clientID {
			return true
		}
	}
	return false
}

// dueByContacts counts, per client and case manager on its care team, the notes the case
// manager wrote after the last invitation about them. A note and an invitation made in the
// same instant count the note as before it.
func dueByContacts(ctx context.Context, tx *sql.Tx, now time.Time) ([]rapport.Invitation, error) {
	return queryAll(ctx, tx, scanDue(rapport.TriggerEveryFifthContact), `SELECT n.client_id, n.author_id, c.team_id, c.language
		FROM notes n
		JOIN care_team_members ct ON ct.client_id = n.client_id AND ct.user_id = n.author_id
		JOIN users u ON u.id = n.author_id AND u.role = 'case_manager' AND NOT u.disabled
		JOIN clients c ON c.id = n.client_id
		WHERE n.created_at <= $1 AND NOT EXISTS (SELECT 1 FROM survey_invitations i
			WHERE i.client_id = n.client_id AND i.case_manager_id = n.author_id AND i.created_at >= n.created_at)
		GROUP BY n.client_id, n.author_id, c.team_id, c.language
		HAVING COUNT(*) >= $2
		ORDER BY n.client_id, n.author_id`, now, ContactsPerSurvey)
}

func scanDue(trigger rapport.InvitationTrigger) func(scanner) (rapport.Invitation, error) {
	return func(s scanner) (rapport.Invitation, error) {
		inv := rapport.Invitation{Trigger: trigger}
		var lang string
		err := s.Scan(&inv.ClientID, &inv.CaseManagerID, &inv.TeamID, &lang)
		inv.Language = rapport.SurveyLanguageFor(lang)
		return inv, err
	}
}

// planCandidate is a client whose first goal is at least CarePlanSurveyAfter old.
type planCandidate struct {
	clientID, teamID, goalBy int64
	language                 string
	firstGoal                time.Time
	lastInvite               sql.NullTime
}

// dueByCarePlan finds the clients whose care plan passed its 30-day mark with no invitation
// since, and picks the case manager each survey is about.
func dueByCarePlan(ctx context.Context, tx *sql.Tx, now time.Time) ([]rapport.Invitation, error) {
	cands, err := queryAll(ctx, tx, scanPlanCandidate, `SELECT g.client_id, c.team_id, c.language, g.created_by, g.created_at,
			(SELECT MAX(i.created_at) FROM survey_invitations i WHERE i.client_id = g.client_id)
		FROM goals g JOIN clients c ON c.id = g.client_id
		WHERE g.id = (SELECT MIN(g2.id) FROM goals g2 WHERE g2.client_id = g.client_id) AND g.created_at <= $1
		ORDER BY g.client_id`, now.Add(-CarePlanSurveyAfter))
	if err != nil {
		return nil, err
	}
	var due []planCandidate
	for _, c := range cands {
		mark := c.firstGoal.Add(CarePlanSurveyAfter)
		if !c.lastInvite.Valid || c.lastInvite.Time.Before(mark) {
			due = append(due, c)
		}
	}
	if len(due) == 0 {
		return nil, nil
	}
	staff, err := careTeamCaseManagers(ctx, tx, ids(due, func(c planCandidate) int64 { return c.clientID }))
	if err != nil {
		return nil, err
	}
	var out []rapport.Invitation
	for _, c := range due {
		cm := pickCaseManager(staff[c.clientID], c.goalBy)
		if cm == 0 {
			continue // no case manager on the care team: no one to ask about
		}
		out = append(out, rapport.Invitation{ClientID: c.clientID, CaseManagerID: cm, TeamID: c.teamID,
			Language: rapport.SurveyLanguageFor(c.language), Trigger: rapport.TriggerCarePlan30Days})
	}
	return out, nil
}

func scanPlanCandidate(s scanner) (planCandidate, error) {
	var c planCandidate
	err := s.Scan(&c.clientID, &c.teamID, &c.language, &c.goalBy, &c.firstGoal, &c.lastInvite)
	c.firstGoal, c.lastInvite.Time = c.firstGoal.UTC(), c.lastInvite.Time.UTC()
	return c, err
}

// careTeamCaseManagers returns the active case managers on each client's care team, by
// ascending ID.
func careTeamCaseManagers(ctx context.Context, tx *sql.Tx, clientIDs []int64) (map[int64][]int64, error) {
	var w where
	w.in("ct.client_id", clientIDs)
	pairs, err := queryAll(ctx, tx, func(s scanner) ([2]int64, error) {
		var p [2]int64
		err := s.Scan(&p[0], &p[1])
		return p, err
	}, "SELECT ct.client_id, ct.user_id FROM care_team_members ct JOIN users u ON u.id = ct.user_id"+w.String()+
		" AND u.role = 'case_manager' AND NOT u.disabled ORDER BY ct.client_id, ct.user_id", w.args...)
	out := map[int64][]int64{}
	for _, p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
	}
	return out, err
}

// pickCaseManager prefers who created the first goal, if still on the care team.
func pickCaseManager(team []int64, goalBy int64) int64 {
	for _, id := range team {
		if id == goalBy {
			return id
		}
	}
	if len(team) > 0 {
		return team[0]
	}
	return 0
}
