package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/rapporthq/rapport"
)

// Users and teams hold no client data, so these methods are not audited.

const userColumns = `id, email, name, role, password_hash, disabled, created_at, updated_at`

// CreateUser stores a new user and sets its ID and times. The email is stored
// lower-case; a second user with the same email is ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u *rapport.User) error {
	u.Email = rapport.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return wrap("create user", err)
	}
	return db.update(ctx, "create user", func(tx *sql.Tx, now time.Time) error {
		return insertUser(ctx, tx, u, now)
	})
}

func insertUser(ctx context.Context, tx *sql.Tx, u *rapport.User, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		u.Email, u.Name, u.Role, u.PasswordHash, u.Disabled, now).Scan(&u.ID)
	if isUnique(err) {
		return rapport.Errorf(rapport.ECONFLICT, "a user with this email already exists")
	}
	if err != nil {
		return err
	}
	u.CreatedAt, u.UpdatedAt, u.TeamIDs = now, now, nil
	return nil
}

// FindUserByID returns the user with id, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*rapport.User, error) {
	var u *rapport.User
	err := db.view(ctx, "find user", func(tx *sql.Tx) error {
		var err error
		u, err = findUser(ctx, tx, "id = $1", id)
		return notFound(err, "user", id)
	})
	return u, err
}

// FindUserByEmail returns the user with email (in any case), or ENOTFOUND.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*rapport.User, error) {
	var u *rapport.User
	err := db.view(ctx, "find user by email", func(tx *sql.Tx) error {
		var err error
		u, err = findUser(ctx, tx, "email = $1", rapport.NormalizeEmail(email))
		if errors.Is(err, sql.ErrNoRows) {
			return rapport.Errorf(rapport.ENOTFOUND, "no user has this email")
		}
		return err
	})
	return u, err
}

func findUser(ctx context.Context, tx *sql.Tx, cond string, arg any) (*rapport.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE "+cond, arg))
	if err != nil {
		return nil, err
	}
	return u, attachTeamIDs(ctx, tx, []*rapport.User{u})
}

func scanUser(s scanner) (*rapport.User, error) {
	var u rapport.User
	if err := s.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// attachTeamIDs loads the teams of several users in one query.
func attachTeamIDs(ctx context.Context, tx *sql.Tx, users []*rapport.User) error {
	if len(users) == 0 {
		return nil
	}
	var w where
	w.in("user_id", ids(users, func(u *rapport.User) int64 { return u.ID }))
	pairs, err := queryAll(ctx, tx, scanPair, "SELECT user_id, team_id FROM team_members"+w.String()+" ORDER BY user_id, team_id", w.args...)
	if err != nil {
		return err
	}
	byID := make(map[int64]*rapport.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	for _, p := range pairs {
		u := byID[p[0]]
		u.TeamIDs = append(u.TeamIDs, p[1])
	}
	return nil
}

func scanPair(s scanner) ([2]int64, error) {
	var p [2]int64
	err := s.Scan(&p[0], &p[1])
	return p, err
}

// ListUsers returns a page of the users that match f, by name, and how many
// match in all.
func (db *DB) ListUsers(ctx context.Context, f rapport.UserFilter) ([]*rapport.User, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list users", err)
	}
	var users []*rapport.User
	var total int
	err := db.view(ctx, "list users", func(tx *sql.Tx) error {
		var err error
		users, total, err = listUsers(ctx, tx, f)
		return err
	})
	return users, total, err
}

func listUsers(ctx context.Context, tx *sql.Tx, f rapport.UserFilter) ([]*rapport.User, int, error) {
	var w where
	if f.TeamID != 0 {
		w.add("id IN (SELECT user_id FROM team_members WHERE team_id = ?)", f.TeamID)
	}
	if f.Role != "" {
		w.add("role = ?", f.Role)
	}
	if f.Disabled != nil {
		w.add("disabled = ?", *f.Disabled)
	}
	total, err := count(ctx, tx, "users", &w)
	if err != nil {
		return nil, 0, err
	}
	limit := w.page(f.Page)
	users, err := queryAll(ctx, tx, scanUser, "SELECT "+userColumns+" FROM users"+w.String()+" ORDER BY lower(name), id"+limit, w.args...)
	if err != nil {
		return nil, 0, err
	}
	return users, total, attachTeamIDs(ctx, tx, users)
}

// UpdateUser changes a user's name, role, password hash or disabled flag and
// returns the result. Disabling a user also ends their sessions, in the same
// transaction, so a disabled account is signed out everywhere at once.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd rapport.UserUpdate) (*rapport.User, error) {
	var u *rapport.User
	err := db.update(ctx, "update user", func(tx *sql.Tx, now time.Time) error {
		var err error
		u, err = updateUser(ctx, tx, id, upd, now)
		return err
	})
	return u, err
}

func updateUser(ctx context.Context, tx *sql.Tx, id int64, upd rapport.UserUpdate, now time.Time) (*rapport.User, error) {
	if err := lockRow(ctx, tx, "users", "user", id, now); err != nil {
		return nil, err
	}
	u, err := findUser(ctx, tx, "id = $1", id)
	if err != nil {
		return nil, err
	}
	upd.Apply(u)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE users SET name = $1, role = $2, password_hash = $3, disabled = $4 WHERE id = $5",
		u.Name, u.Role, u.PasswordHash, u.Disabled, id); err != nil {
		return nil, err
	}
	if u.Disabled {
		_, err = deleteUserSessions(ctx, tx, id)
	}
	return u, err
}

// CreateTeam stores a new team and sets its ID and times. A second team with
// the same name is ECONFLICT.
func (db *DB) CreateTeam(ctx context.Context, t *rapport.Team) error {
	if err := t.Validate(); err != nil {
		return wrap("create team", err)
	}
	return db.update(ctx, "create team", func(tx *sql.Tx, now time.Time) error {
		err := tx.QueryRowContext(ctx, "INSERT INTO teams (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", t.Name, now).Scan(&t.ID)
		if isUnique(err) {
			return rapport.Errorf(rapport.ECONFLICT, "a team with this name already exists")
		}
		if err != nil {
			return err
		}
		t.CreatedAt, t.UpdatedAt = now, now
		return nil
	})
}

const teamColumns = `id, name, created_at, updated_at`

func scanTeam(s scanner) (*rapport.Team, error) {
	var t rapport.Team
	if err := s.Scan(&t.ID, &t.Name, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return &t, nil
}

// FindTeamByID returns the team with id, or ENOTFOUND.
func (db *DB) FindTeamByID(ctx context.Context, id int64) (*rapport.Team, error) {
	var t *rapport.Team
	err := db.view(ctx, "find team", func(tx *sql.Tx) error {
		var err error
		t, err = scanTeam(tx.QueryRowContext(ctx, "SELECT "+teamColumns+" FROM teams WHERE id = $1", id))
		return notFound(err, "team", id)
	})
	return t, err
}

// ListTeams returns a page of teams, by name, and how many match in all.
func (db *DB) ListTeams(ctx context.Context, f rapport.TeamFilter) ([]*rapport.Team, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list teams", err)
	}
	var teams []*rapport.Team
	var total int
	err := db.view(ctx, "list teams", func(tx *sql.Tx) error {
		var w where
		if f.UserID != 0 {
			w.add("id IN (SELECT team_id FROM team_members WHERE user_id = ?)", f.UserID)
		}
		var err error
		if total, err = count(ctx, tx, "teams", &w); err != nil {
			return err
		}
		limit := w.page(f.Page)
		teams, err = queryAll(ctx, tx, scanTeam, "SELECT "+teamColumns+" FROM teams"+w.String()+" ORDER BY lower(name), id"+limit, w.args...)
		return err
	})
	return teams, total, err
}

// AddTeamMember puts a user on a team; adding a member twice is not an error.
func (db *DB) AddTeamMember(ctx context.Context, teamID, userID int64) error {
	return db.update(ctx, "add team member", func(tx *sql.Tx, _ time.Time) error {
		if err := requireRow(ctx, tx, "teams", "team", teamID); err != nil {
			return err
		}
		if err := requireRow(ctx, tx, "users", "user", userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", teamID, userID)
		return err
	})
}

// RemoveTeamMember takes a user off a team, or reports ENOTFOUND if they were
// not on it.
func (db *DB) RemoveTeamMember(ctx context.Context, teamID, userID int64) error {
	return db.update(ctx, "remove team member", func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2", teamID, userID)
		if err != nil {
			return err
		}
		return mustAffect(res, rapport.Errorf(rapport.ENOTFOUND, "user %d is not a member of team %d", userID, teamID))
	})
}
