package store

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rapporthq/rapport"
)

var equateEmpty = cmpopts.EquateEmpty()

func TestUsers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()

		t.Run("create and find", func(t *testing.T) {
			u := &rapport.User{Email: " Jo.Smith@Example.ORG ", Name: "Jo Smith", Role: rapport.RoleCaseManager, PasswordHash: "$argon2id$v=19$x"}
			must(t, db.CreateUser(ctx, u))
			if u.ID == 0 || u.Email != "jo.smith@example.org" || !u.CreatedAt.Equal(start) {
				t.Fatalf("after create: %+v", u)
			}
			byID, err := db.FindUserByID(ctx, u.ID)
			must(t, err)
			if diff := cmp.Diff(u, byID, equateEmpty); diff != "" {
				t.Errorf("FindUserByID (-created +found):\n%s", diff)
			}
			byEmail, err := db.FindUserByEmail(ctx, "JO.SMITH@example.org")
			must(t, err)
			if diff := cmp.Diff(u, byEmail, equateEmpty); diff != "" {
				t.Errorf("FindUserByEmail (-created +found):\n%s", diff)
			}
		})

		t.Run("errors", func(t *testing.T) {
			tests := []struct {
				name string
				err  error
				code string
			}{
				{"duplicate email in another case", db.CreateUser(ctx, &rapport.User{Email: "CM@example.org", Name: "Dup", Role: rapport.RoleAdmin}), rapport.ECONFLICT},
				{"bad email", db.CreateUser(ctx, &rapport.User{Email: "Jo <jo@example.org>", Name: "Jo", Role: rapport.RoleAdmin}), rapport.EINVALID},
				{"no name", db.CreateUser(ctx, &rapport.User{Email: "x@example.org", Role: rapport.RoleAdmin}), rapport.EINVALID},
				{"bad role", db.CreateUser(ctx, &rapport.User{Email: "y@example.org", Name: "Y", Role: "root"}), rapport.EINVALID},
				{"name too long", db.CreateUser(ctx, &rapport.User{Email: "z@example.org", Name: strings.Repeat("é", 201), Role: rapport.RoleAdmin}), rapport.EINVALID},
				{"find missing id", second(db.FindUserByID(ctx, 9999)), rapport.ENOTFOUND},
				{"find missing email", second(db.FindUserByEmail(ctx, "nobody@example.org")), rapport.ENOTFOUND},
				{"update missing", second(db.UpdateUser(ctx, 9999, rapport.UserUpdate{})), rapport.ENOTFOUND},
				{"update to bad role", second(db.UpdateUser(ctx, f.cm.ID, rapport.UserUpdate{Role: ptr(rapport.Role("boss"))})), rapport.EINVALID},
				{"list with bad role", third(db.ListUsers(ctx, rapport.UserFilter{Role: "boss"})), rapport.EINVALID},
				{"list page too big", third(db.ListUsers(ctx, rapport.UserFilter{Page: rapport.Page{Limit: 501}})), rapport.EINVALID},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code) })
			}
		})

		t.Run("update role and disable", func(t *testing.T) {
			f.clock.Advance(time.Second)
			u, err := db.UpdateUser(ctx, f.cm2.ID, rapport.UserUpdate{Role: ptr(rapport.RoleSupervisor), Name: ptr("Robin O.")})
			must(t, err)
			if u.Role != rapport.RoleSupervisor || u.Name != "Robin O." || u.Email != f.cm2.Email || !u.UpdatedAt.After(u.CreatedAt) {
				t.Errorf("after update: %+v", u)
			}
			// Disabling signs the user out everywhere.
			must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("s1"), UserID: f.cm2.ID, ExpiresAt: start.Add(2 * time.Hour)}))
			u, err = db.UpdateUser(ctx, f.cm2.ID, rapport.UserUpdate{Disabled: ptr(true)})
			must(t, err)
			if !u.Disabled {
				t.Error("user not disabled")
			}
			_, err = db.FindSession(ctx, hash32("s1"))
			wantCode(t, err, rapport.ENOTFOUND)
		})

		t.Run("list and paginate", func(t *testing.T) {
			all, n, err := db.ListUsers(ctx, rapport.UserFilter{})
			must(t, err)
			if n != len(all) || n < 5 {
				t.Fatalf("ListUsers: total %d, %d returned", n, len(all))
			}
			var names []string
			for _, u := range all {
				names = append(names, u.Name)
			}
			if !sortedFold(names) {
				t.Errorf("users not ordered by name: %q", names)
			}
			page, n2, err := db.ListUsers(ctx, rapport.UserFilter{Page: rapport.Page{Limit: 2, Offset: 1}})
			must(t, err)
			if n2 != n || len(page) != 2 || page[0].ID != all[1].ID || page[1].ID != all[2].ID {
				t.Errorf("page 2 of 2: total %d, got %v", n2, userIDs(page))
			}
			team, n3, err := db.ListUsers(ctx, rapport.UserFilter{TeamID: f.team.ID, Role: rapport.RoleCaseManager})
			must(t, err)
			if n3 != 1 || team[0].ID != f.cm.ID || !cmp.Equal(team[0].TeamIDs, []int64{f.team.ID}) {
				t.Errorf("case managers on the team: %d, %+v", n3, team)
			}
			disabled, _, err := db.ListUsers(ctx, rapport.UserFilter{Disabled: ptr(true)})
			must(t, err)
			if len(disabled) != 1 || disabled[0].ID != f.cm2.ID {
				t.Errorf("disabled users: %v", userIDs(disabled))
			}
		})
	})
}

func TestTeams(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		south := &rapport.Team{Name: "South"}
		must(t, db.CreateTeam(ctx, south))

		got, err := db.FindTeamByID(ctx, south.ID)
		must(t, err)
		if diff := cmp.Diff(south, got); diff != "" {
			t.Errorf("FindTeamByID (-created +found):\n%s", diff)
		}
		wantCode(t, db.CreateTeam(ctx, &rapport.Team{Name: "South"}), rapport.ECONFLICT)
		wantCode(t, db.CreateTeam(ctx, &rapport.Team{Name: "  "}), rapport.EINVALID)
		wantCode(t, second(db.FindTeamByID(ctx, 9999)), rapport.ENOTFOUND)

		// Membership: adding twice is harmless; unknown IDs and non-members are not found.
		must(t, db.AddTeamMember(ctx, south.ID, f.cm.ID))
		must(t, db.AddTeamMember(ctx, south.ID, f.cm.ID))
		wantCode(t, db.AddTeamMember(ctx, 9999, f.cm.ID), rapport.ENOTFOUND)
		wantCode(t, db.AddTeamMember(ctx, south.ID, 9999), rapport.ENOTFOUND)
		u, err := db.FindUserByID(ctx, f.cm.ID)
		must(t, err)
		if want := []int64{f.team.ID, south.ID}; !cmp.Equal(u.TeamIDs, want) {
			t.Errorf("TeamIDs = %v, want %v", u.TeamIDs, want)
		}
		teams, n, err := db.ListTeams(ctx, rapport.TeamFilter{UserID: f.cm.ID})
		must(t, err)
		if n != 2 || teams[0].Name != "North" || teams[1].Name != "South" {
			t.Errorf("ListTeams for the case manager: %d %+v", n, teams)
		}
		must(t, db.RemoveTeamMember(ctx, south.ID, f.cm.ID))
		wantCode(t, db.RemoveTeamMember(ctx, south.ID, f.cm.ID), rapport.ENOTFOUND)
		_, n, err = db.ListTeams(ctx, rapport.TeamFilter{UserID: f.cm.ID})
		must(t, err)
		if n != 1 {
			t.Errorf("after removal the case manager is on %d teams, want 1", n)
		}
		wantCode(t, third(db.ListTeams(ctx, rapport.TeamFilter{Page: rapport.Page{Offset: -1}})), rapport.EINVALID)
	})
}

func ptr[T any](v T) *T { return &v }

func second[T any](_ T, err error) error { return err }

func third[T, U any](_ T, _ U, err error) error { return err }

func userIDs(us []*rapport.User) []int64 {
	return ids(us, func(u *rapport.User) int64 { return u.ID })
}

func sortedFold(s []string) bool {
	for i := 1; i < len(s); i++ {
		if strings.ToLower(s[i-1]) > strings.ToLower(s[i]) {
			return false
		}
	}
	return true
}
