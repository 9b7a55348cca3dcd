package auth

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
)

// The fixture: the actor (user 10) belongs to team 1. Client 100 is in team 1
// with the actor on its care team; client 101 is in team 1 without them;
// client 200 is in team 2. User 11 is a teammate, user 20 is in team 2.
const (
	me, teammate, stranger    = 10, 11, 20
	myTeam, otherTeam         = 1, 2
	ownClient, teamClient     = 100, 101
	otherClient, anotherOther = 200, 201
)

var now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func grant(client int64, reason string, from, to time.Time) BreakGlass {
	return BreakGlass{ClientID: client, Reason: reason, GrantedAt: from, ExpiresAt: to}
}

// relations are every way a target can relate to the actor.
var relations = []struct {
	name   string
	grants []BreakGlass
	target Target
}{
	{"own client", nil, Target{Client: rapport.ClientScope{ClientID: ownClient, TeamID: myTeam, CareTeam: []int64{me, teammate}}}},
	{"team's client", nil, Target{Client: rapport.ClientScope{ClientID: teamClient, TeamID: myTeam, CareTeam: []int64{teammate}}}},
	{"other team's client", nil, Target{Client: rapport.ClientScope{ClientID: otherClient, TeamID: otherTeam, CareTeam: []int64{stranger}}}},
	{"other team's client, break-glass", []BreakGlass{grant(otherClient, "crisis call tonight", now.Add(-time.Hour), now.Add(time.Hour))},
		Target{Client: rapport.ClientScope{ClientID: otherClient, TeamID: otherTeam, CareTeam: []int64{stranger}}}},
	{"other team's client, expired break-glass", []BreakGlass{grant(otherClient, "crisis call tonight", now.Add(-2*time.Hour), now)},
		Target{Client: rapport.ClientScope{ClientID: otherClient, TeamID: otherTeam, CareTeam: []int64{stranger}}}},
	{"other team's client, break-glass for another client", []BreakGlass{grant(anotherOther, "crisis call tonight", now.Add(-time.Hour), now.Add(time.Hour))},
		Target{Client: rapport.ClientScope{ClientID: otherClient, TeamID: otherTeam, CareTeam: []int64{stranger}}}},
	{"other team's client, break-glass without reason", []BreakGlass{grant(otherClient, " ", now.Add(-time.Hour), now.Add(time.Hour))},
		Target{Client: rapport.ClientScope{ClientID: otherClient, TeamID: otherTeam, CareTeam: []int64{stranger}}}},
	{"other team's client, break-glass over the limit", []BreakGlass{grant(otherClient, "crisis call tonight", now.Add(-time.Hour), now.Add(MaxBreakGlass))},
		Target{Client: rapport.ClientScope{ClientID: otherClient, TeamID: otherTeam, CareTeam: []int64{stranger}}}},
	{"new client in own team", nil, Target{Client: rapport.ClientScope{TeamID: myTeam}}},
	{"new client in other team", nil, Target{Client: rapport.ClientScope{TeamID: otherTeam}}},
	{"self", nil, Target{User: me, UserTeams: []int64{myTeam}}},
	{"teammate", nil, Target{User: teammate, UserTeams: []int64{myTeam}}},
	{"other team's staff", nil, Target{User: stranger, UserTeams: []int64{otherTeam}}},
	{"nothing", nil, Target{}},
}

var (
	clientSeen  = []string{"own client", "team's client", "other team's client, break-glass"}
	allClients  = []string{"own client", "team's client", "other team's client", "other team's client, break-glass", "other team's client, expired break-glass", "other team's client, break-glass for another client", "other team's client, break-glass without reason", "other team's client, break-glass over the limit"}
	allRelation = func() []string {
		var all []string
		for _, r := range relations {
			all = append(all, r.name)
		}
		return all
	}()
)

// allowed is the permission matrix (docs/security.md shows the same): for
// each role and action, the relations in which the action is allowed.
var allowed = map[rapport.Role]map[Action][]string{
	rapport.RoleAdmin: {
		ViewClient:     {"own client"},
		EditClient:     {"own client"},
		ManageUsers:    allRelation,
		ManageTeams:    allRelation,
		ManageSettings: allRelation,
		ViewAudit:      allRelation,
		ViewStaff:      {"self"},
	},
	rapport.RoleSupervisor: {
		ViewClient:     clientSeen,
		EditClient:     clientSeen,
		CreateClient:   {"own client", "team's client", "new client in own team"},
		ManageCareTeam: {"own client", "team's client"},
		BreakTheGlass:  allClients,
		ViewStaff:      {"self", "teammate"},
	},
	rapport.RoleCaseManager: {
		ViewClient:    {"own client", "other team's client, break-glass"},
		EditClient:    {"own client", "other team's client, break-glass"},
		CreateClient:  {"own client", "team's client", "new client in own team"},
		BreakTheGlass: allClients,
		ViewStaff:     {"self"},
	},
}

func TestCan(t *testing.T) {
	for _, role := range rapport.Roles {
		for _, action := range Actions {
			for _, rel := range relations {
				actor := Actor{Actor: rapport.Actor{UserID: me, Role: role}, TeamIDs: []int64{myTeam}, BreakGlass: rel.grants}
				want := slices.Contains(allowed[role][action], rel.name)
				err := Can(actor, action, rel.target, now)
				if (err == nil) != want {
					t.Errorf("%s %s on %s: got %v, want allowed=%v", role, action, rel.name, err, want)
				}
				if err != nil && rapport.ErrorCode(err) != rapport.EFORBIDDEN {
					t.Errorf("%s %s on %s: code %q, want forbidden", role, action, rel.name, rapport.ErrorCode(err))
				}
			}
		}
	}
}

func TestCanRefusesUnknownActors(t *testing.T) {
	target := relations[0].target
	for _, a := range []Actor{
		{},
		{Actor: rapport.Actor{UserID: me}},
		{Actor: rapport.Actor{UserID: me, Role: "root"}},
		{Actor: rapport.Actor{Role: rapport.RoleAdmin}},
	} {
		if err := Can(a, ViewClient, target, now); rapport.ErrorCode(err) != rapport.EUNAUTHORIZED {
			t.Errorf("actor %+v: %v, want unauthorized", a, err)
		}
	}
	admin := Actor{Actor: rapport.Actor{UserID: me, Role: rapport.RoleAdmin}}
	if err := Can(admin, "clients:delete_all", Target{}, now); rapport.ErrorCode(err) != rapport.EFORBIDDEN {
		t.Errorf("unknown action: %v, want forbidden", err)
	}
}

// A refusal tells a case manager how to get access in an emergency.
func TestCanMessage(t *testing.T) {
	cm := Actor{Actor: rapport.Actor{UserID: me, Role: rapport.RoleCaseManager}, TeamIDs: []int64{myTeam}}
	msg := rapport.ErrorMessage(Can(cm, ViewClient, relations[2].target, now))
	if !strings.Contains(msg, "break-the-glass") {
		t.Errorf("message %q does not mention break-the-glass", msg)
	}
}

func TestNewBreakGlass(t *testing.T) {
	for _, tc := range []struct {
		name    string
		client  int64
		reason  string
		d       time.Duration
		wantErr bool
	}{
		{"good", otherClient, "  client in crisis, on-call  ", time.Hour, false},
		{"longest", otherClient, "client in crisis", MaxBreakGlass, false},
		{"no client", 0, "client in crisis", time.Hour, true},
		{"no reason", otherClient, "   ", time.Hour, true},
		{"one word", otherClient, "emergency", time.Hour, true},
		{"long reason", otherClient, strings.Repeat("why ", 300), time.Hour, true},
		{"invalid UTF-8", otherClient, "client \xff crisis", time.Hour, true},
		{"too long", otherClient, "client in crisis", MaxBreakGlass + time.Second, true},
		{"zero", otherClient, "client in crisis", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := NewBreakGlass(tc.client, tc.reason, now, tc.d)
			if (err != nil) != tc.wantErr {
				t.Fatalf("NewBreakGlass = %+v, %v; want error %v", g, err, tc.wantErr)
			}
			if err != nil {
				if rapport.ErrorCode(err) != rapport.EINVALID {
					t.Errorf("code %q, want invalid", rapport.ErrorCode(err))
				}
				return
			}
			if g.Reason != strings.TrimSpace(tc.reason) || !g.activeAt(now) || g.activeAt(now.Add(tc.d)) {
				t.Errorf("grant %+v: reason not trimmed, or not active for exactly %v", g, tc.d)
			}
		})
	}
}
