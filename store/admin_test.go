package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func resetLink(now time.Time) auth.OneTimeLink {
	return auth.OneTimeLink{Purpose: auth.LinkReset, ExpiresAt: now.Add(auth.ResetLinkTTL)}
}

// userEvents returns the fields of the audit events recorded about user id, oldest first.
func userEvents(t *testing.T, f *fixture, recordType rapport.RecordType, id int64) [][]string {
	t.Helper()
	events, err := f.db.SearchAudit(t.Context(), actorOf(f.admin), rapport.AuditFilter{Limit: rapport.MaxPageSize})
	must(t, err)
	var out [][]string
	for _, e := range slices.Backward(events) {
		if e.RecordType == recordType && e.RecordID == id {
			out = append(out, append([]string{string(e.Action)}, e.Fields...))
		}
	}
	return out
}

func TestAdminCreateUserAndReset(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx, admin := t.Context(), actorOf(f.admin)
		u := &rapport.User{Email: " New@Example.org", Name: "Noor New", Role: rapport.RoleCaseManager, PasswordHash: "ignored"}
		must(t, db.AdminCreateUser(ctx, admin, u, []int64{f.team.ID}, hash32("new"), resetLink(start)))
		got, err := db.FindUserByID(ctx, u.ID)
		must(t, err)
		if got.Email != "new@example.org" || got.PasswordHash != "" || !slices.Equal(got.TeamIDs, []int64{f.team.ID}) {
			t.Fatalf("created user %+v", got)
		}
		link, err := db.FindLink(ctx, hash32("new"))
		must(t, err)
		if link.UserID != u.ID || link.Purpose != auth.LinkReset {
			t.Errorf("link %+v", link)
		}

		// The link sets the password once, ends sessions, and is recorded as the user.
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("s"), UserID: u.ID, ExpiresAt: start.Add(time.Hour)}))
		reset, err := db.ResetPassword(ctx, hash32("new"), "$argon2id$new")
		must(t, err)
		if reset.ID != u.ID || reset.PasswordHash != "$argon2id$new" {
			t.Errorf("after reset: %+v", reset)
		}
		wantCode(t, second(db.FindSession(ctx, hash32("s"))), rapport.ENOTFOUND)
		if _, err := db.ResetPassword(ctx, hash32("new"), "$argon2id$again"); !errors.Is(err, auth.ErrLinkUsed) {
			t.Errorf("second use: %v, want ErrLinkUsed", err)
		}
		wantCode(t, second(db.ResetPassword(ctx, hash32("unknown"), "$argon2id$x")), rapport.ENOTFOUND)
		if got := userEvents(t, f, rapport.RecordUser, u.ID); !slices.EqualFunc(got, [][]string{
			{"create", "name", "email", "role", "teams"}, {"update", "password"},
		}, slices.Equal) {
			t.Errorf("audit events %q", got)
		}

		for name, tc := range map[string]struct {
			u     *rapport.User
			teams []int64
			code  string
		}{
			"duplicate email": {&rapport.User{Email: "NEW@example.org", Name: "Dup", Role: rapport.RoleCaseManager}, nil, rapport.ECONFLICT},
			"admin on a team": {&rapport.User{Email: "a2@example.org", Name: "A", Role: rapport.RoleAdmin}, []int64{f.team.ID}, rapport.EINVALID},
			"missing team":    {&rapport.User{Email: "c3@example.org", Name: "C", Role: rapport.RoleCaseManager}, []int64{9999}, rapport.ENOTFOUND},
			"bad role":        {&rapport.User{Email: "c4@example.org", Name: "C", Role: "root"}, nil, rapport.EINVALID},
		} {
			t.Run(name, func(t *testing.T) {
				wantCode(t, db.AdminCreateUser(ctx, admin, tc.u, tc.teams, hash32(name), resetLink(start)), tc.code)
				// Nothing is left half made: neither the account nor its link.
				wantCode(t, second(db.FindLink(ctx, hash32(name))), rapport.ENOTFOUND)
			})
		}
	})
}

func TestAdminResetLinks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx, admin := t.Context(), actorOf(f.admin)
		must(t, db.AdminIssueResetLink(ctx, admin, f.cm.ID, hash32("first"), resetLink(start)))
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("s"), UserID: f.cm.ID, ExpiresAt: start.Add(time.Hour)}))
		must(t, db.AdminIssueResetLink(ctx, admin, f.cm.ID, hash32("second"), resetLink(start)))
		wantCode(t, second(db.FindSession(ctx, hash32("s"))), rapport.ENOTFOUND)
		f.clock.Advance(time.Second)
		if _, err := db.ResetPassword(ctx, hash32("first"), "$argon2id$x"); !errors.Is(err, auth.ErrLinkExpired) {
			t.Errorf("an earlier link still works: %v", err)
		}
		must(t, second(db.ResetPassword(ctx, hash32("second"), "$argon2id$x")))

		// Deactivation expires outstanding links, and a deactivated user gets none.
		must(t, db.AdminIssueResetLink(ctx, admin, f.cm.ID, hash32("third"), resetLink(f.clock.Now())))
		must(t, second(db.AdminSetDisabled(ctx, admin, f.cm.ID, true)))
		f.clock.Advance(time.Second)
		if _, err := db.ResetPassword(ctx, hash32("third"), "$argon2id$y"); !errors.Is(err, auth.ErrLinkExpired) {
			t.Errorf("a deactivated user's link still works: %v", err)
		}
		wantCode(t, db.AdminIssueResetLink(ctx, admin, f.cm.ID, hash32("fourth"), resetLink(f.clock.Now())), rapport.ECONFLICT)
		wantCode(t, db.AdminIssueResetLink(ctx, admin, 9999, hash32("fifth"), resetLink(f.clock.Now())), rapport.ENOTFOUND)
		if got := userEvents(t, f, rapport.RecordUser, f.cm.ID); len(got) != 5 {
			t.Errorf("audit events %q, want 3 links, 1 reset, 1 deactivation", got)
		}
	})
}

func TestAdminAccessAndLastAdmin(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx, admin := t.Context(), actorOf(f.admin)
		other := &rapport.Team{Name: "South"}
		must(t, db.CreateTeam(ctx, other))

		// A role change ends sessions; a change of teams alone does not.
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("s"), UserID: f.cm.ID, ExpiresAt: start.Add(time.Hour)}))
		u, err := db.AdminSetAccess(ctx, admin, f.cm.ID, rapport.RoleCaseManager, []int64{other.ID, f.team.ID})
		must(t, err)
		if !slices.Equal(u.TeamIDs, []int64{f.team.ID, other.ID}) {
			t.Errorf("teams %v", u.TeamIDs)
		}
		must(t, second(db.FindSession(ctx, hash32("s"))))
		u, err = db.AdminSetAccess(ctx, admin, f.cm.ID, rapport.RoleSupervisor, []int64{other.ID})
		must(t, err)
		if u.Role != rapport.RoleSupervisor || !slices.Equal(u.TeamIDs, []int64{other.ID}) {
			t.Errorf("after change: %+v", u)
		}
		wantCode(t, second(db.FindSession(ctx, hash32("s"))), rapport.ENOTFOUND)

		// The only admin can be neither demoted nor deactivated; with a second, either can.
		wantCode(t, second(db.AdminSetAccess(ctx, admin, f.admin.ID, rapport.RoleSupervisor, nil)), rapport.ECONFLICT)
		wantCode(t, second(db.AdminSetDisabled(ctx, admin, f.admin.ID, true)), rapport.ECONFLICT)
		must(t, second(db.AdminSetAccess(ctx, admin, f.cm2.ID, rapport.RoleAdmin, nil)))
		must(t, second(db.AdminSetDisabled(ctx, admin, f.cm2.ID, true)))
		wantCode(t, second(db.AdminSetDisabled(ctx, admin, f.admin.ID, true)), rapport.ECONFLICT)
		must(t, second(db.AdminSetDisabled(ctx, admin, f.cm2.ID, false)))
		must(t, second(db.AdminSetDisabled(ctx, admin, f.admin.ID, true)))

		wantCode(t, second(db.AdminSetAccess(ctx, admin, f.sup.ID, rapport.RoleAdmin, []int64{f.team.ID})), rapport.EINVALID)
		wantCode(t, second(db.AdminSetAccess(ctx, admin, f.sup.ID, "root", nil)), rapport.EINVALID)
		wantCode(t, second(db.AdminSetAccess(ctx, admin, 9999, rapport.RoleSupervisor, nil)), rapport.ENOTFOUND)
	})
}

func TestAdminTeamsAndSearch(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx, admin := t.Context(), actorOf(f.admin)
		south := &rapport.Team{Name: "South"}
		must(t, db.AdminCreateTeam(ctx, admin, south))
		wantCode(t, db.AdminCreateTeam(ctx, admin, &rapport.Team{Name: "South"}), rapport.ECONFLICT)
		wantCode(t, db.AdminCreateTeam(ctx, admin, &rapport.Team{}), rapport.EINVALID)

		must(t, db.AdminAddTeamMember(ctx, admin, south.ID, f.cm2.ID))
		must(t, db.AdminAddTeamMember(ctx, admin, south.ID, f.cm2.ID)) // twice is harmless
		wantCode(t, db.AdminAddTeamMember(ctx, admin, south.ID, f.admin.ID), rapport.EINVALID)
		wantCode(t, db.AdminAddTeamMember(ctx, admin, 9999, f.cm2.ID), rapport.ENOTFOUND)
		wantCode(t, db.AdminAddTeamMember(ctx, admin, south.ID, 9999), rapport.ENOTFOUND)
		counts, err := db.CountTeamMembers(ctx, []int64{f.team.ID, south.ID})
		must(t, err)
		if counts[f.team.ID] != 2 || counts[south.ID] != 1 {
			t.Errorf("counts %v", counts)
		}
		must(t, db.AdminRemoveTeamMember(ctx, admin, south.ID, f.cm2.ID))
		wantCode(t, db.AdminRemoveTeamMember(ctx, admin, south.ID, f.cm2.ID), rapport.ENOTFOUND)
		if got := userEvents(t, f, rapport.RecordTeam, south.ID); len(got) != 4 {
			t.Errorf("team events %q, want create, add twice, remove", got)
		}

		for _, tc := range []struct {
			query string
			want  []int64
		}{
			{"", []int64{f.admin.ID, f.cm.ID, f.cm2.ID, f.sup.ID}},
			{"CASEY", []int64{f.cm.ID}},
			{"cm", []int64{f.cm.ID, f.cm2.ID}},  // by email
			{"%", nil},                          // a wildcard is a plain character
			{"cas\x00ey\xff", []int64{f.cm.ID}}, // unreadable bytes are dropped, not sent
		} {
			users, total, err := db.FindUsers(ctx, tc.query, rapport.Page{})
			must(t, err)
			if got := userIDs(users); !slices.Equal(got, tc.want) || total != len(tc.want) {
				t.Errorf("FindUsers(%q) = %v (total %d), want %v", tc.query, got, total, tc.want)
			}
		}
		users, total, err := db.FindUsers(ctx, "", rapport.Page{Limit: 1, Offset: 1})
		must(t, err)
		if total != 4 || len(users) != 1 || users[0].ID != f.cm.ID {
			t.Errorf("second page: %v of %d", userIDs(users), total)
		}
		wantCode(t, third(db.FindUsers(ctx, "", rapport.Page{Limit: -1})), rapport.EINVALID)
	})
}

func TestAPITokensCreatedAt(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		mine := &auth.APIToken{UserID: f.cm.ID, Name: "EHR", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)}
		must(t, second(db.CreateAPIToken(ctx, mine)))
		f.clock.Advance(time.Minute)
		theirs := &auth.APIToken{UserID: f.cm2.ID, Name: "Other", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)}
		must(t, second(db.CreateAPIToken(ctx, theirs)))
		got, err := db.APITokensCreatedAt(ctx, f.cm.ID, []int64{mine.ID, theirs.ID})
		must(t, err)
		if len(got) != 1 || !got[mine.ID].Equal(start) {
			t.Errorf("creation times %v, want only %d at %v", got, mine.ID, start)
		}
	})
}

func TestChangePassword(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx, admin, cm := t.Context(), actorOf(f.admin), actorOf(f.cm)
		must(t, db.AdminIssueResetLink(ctx, admin, f.cm.ID, hash32("pending"), resetLink(start)))
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("here"), UserID: f.cm.ID, ExpiresAt: start.Add(time.Hour)}))
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("there"), UserID: f.cm.ID, ExpiresAt: start.Add(time.Hour)}))
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("admin"), UserID: f.admin.ID, ExpiresAt: start.Add(time.Hour)}))
		wantCode(t, db.ChangePassword(ctx, cm, ""), rapport.EINVALID)

		must(t, db.ChangePassword(ctx, cm, "$argon2id$mine"))
		got, err := db.FindUserByID(ctx, f.cm.ID)
		must(t, err)
		if got.PasswordHash != "$argon2id$mine" {
			t.Errorf("hash after change %q", got.PasswordHash)
		}
		// Every one of the user's sessions ends (the page starts a new one); nobody else's does.
		wantCode(t, second(db.FindSession(ctx, hash32("here"))), rapport.ENOTFOUND)
		wantCode(t, second(db.FindSession(ctx, hash32("there"))), rapport.ENOTFOUND)
		must(t, second(db.FindSession(ctx, hash32("admin"))))
		// A reset link issued before the change no longer undoes it.
		f.clock.Advance(time.Second)
		if _, err := db.ResetPassword(ctx, hash32("pending"), "$argon2id$theirs"); !errors.Is(err, auth.ErrLinkExpired) {
			t.Errorf("an earlier reset link still works after the change: %v", err)
		}
		if got := userEvents(t, f, rapport.RecordUser, f.cm.ID); !slices.EqualFunc(got[len(got)-1:], [][]string{{"update", "password"}}, slices.Equal) {
			t.Errorf("audit events %q, want the change last", got)
		}

		// A deactivated account cannot change its password, and an unknown one is not found.
		must(t, second(db.AdminSetDisabled(ctx, admin, f.cm.ID, true)))
		wantCode(t, db.ChangePassword(ctx, cm, "$argon2id$again"), rapport.EUNAUTHORIZED)
		wantCode(t, db.ChangePassword(ctx, rapport.Actor{UserID: 9999, Role: rapport.RoleCaseManager}, "$argon2id$x"), rapport.ENOTFOUND)
		if got, _ := db.FindUserByID(ctx, f.cm.ID); got.PasswordHash != "$argon2id$mine" {
			t.Errorf("a refused change left hash %q", got.PasswordHash)
		}
	})
}
