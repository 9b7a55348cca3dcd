package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Account administration: what the admin pages do to users and teams. Each change is one
// transaction with its audit event (record types user and team), so the log says who created an
// account, changed a role or issued a reset link, even though no client data is touched. Every
// change that would leave no active administrator is refused, so the workspace can never be
// locked out of its own settings.

// errLastAdmin is the refusal when a change would leave no active administrator.
var errLastAdmin = rapport.Errorf(rapport.ECONFLICT,
	"Rapport needs at least one active administrator: make someone else an administrator first")

// FindUsers returns a page of the users whose name or email contains query (in any case), by
// name, and how many match in all. An empty query matches everyone.
func (db *DB) FindUsers(ctx context.Context, query string, p rapport.Page) ([]*rapport.User, int, error) {
	if err := p.Validate(); err != nil {
		return nil, 0, wrap("find users", err)
	}
	query = searchText(query)
	var users []*rapport.User
	var total int
	err := db.view(ctx, "find users", func(tx *sql.Tx) error {
		var w where
		if query != "" {
			pat := likePattern(query)
			w.add(`(lower(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')`, pat, pat)
		}
		var err error
		if total, err = count(ctx, tx, "users", &w); err != nil {
			return err
		}
		limit := w.page(p)
		users, err = queryAll(ctx, tx, scanUser, "SELECT "+userColumns+" FROM users"+w.String()+" ORDER BY lower(name), id"+limit, w.args...)
		if err != nil {
			return err
		}
		return attachTeamIDs(ctx, tx, users)
	})
	return users, total, err
}

// searchText makes a typed search safe to send to either engine: readable UTF-8 without NUL
// (which PostgreSQL refuses), no longer than an email address.
func searchText(q string) string {
	q = strings.ToValidUTF8(strings.ReplaceAll(q, "\x00", ""), "")
	if r := []rune(q); len(r) > rapport.MaxEmailLen {
		q = string(r[:rapport.MaxEmailLen])
	}
	return strings.TrimSpace(q)
}

// CountTeamMembers returns how many members each of the teams has; a team with none is absent.
func (db *DB) CountTeamMembers(ctx context.Context, teamIDs []int64) (map[int64]int, error) {
	counts := make(map[int64]int, len(teamIDs))
	err := db.view(ctx, "count team members", func(tx *sql.Tx) error {
		var w where
		w.in("team_id", teamIDs)
		pairs, err := queryAll(ctx, tx, scanPair, "SELECT team_id, COUNT(*) FROM team_members"+w.String()+" GROUP BY team_id", w.args...)
		for _, p := range pairs {
			counts[p[0]] = int(p[1])
		}
		return err
	})
	return counts, err
}

// AdminCreateUser creates u (who has no password yet) on the teams, and the reset link under
// tokenHash with which they set their password, in one transaction: an account never exists
// without its way in. It sets u's ID, times and teams.
func (db *DB) AdminCreateUser(ctx context.Context, actor rapport.Actor, u *rapport.User, teamIDs []int64, tokenHash []byte, link auth.OneTimeLink) error {
	u.Email, u.PasswordHash, u.Disabled = rapport.NormalizeEmail(u.Email), "", false
	if err := firstErr(u.Validate(), checkTeams(u.Role, teamIDs), checkResetLink(tokenHash, link)); err != nil {
		return wrap("create user", err)
	}
	return db.audited(ctx, "create user", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		if err := insertUser(ctx, tx, u, now); err != nil {
			return nil, err
		}
		if err := setTeams(ctx, tx, u.ID, teamIDs); err != nil {
			return nil, err
		}
		u.TeamIDs = sortedIDs(teamIDs)
		link.UserID = u.ID
		if err := insertLink(ctx, tx, tokenHash, link, now); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{{Action: rapport.ActionCreate, RecordType: rapport.RecordUser, RecordID: u.ID,
			Fields: []string{"name", "email", "role", "teams"}}}, nil
	})
}

// AdminSetAccess gives user id the role and exactly the teams given. A changed role ends the
// user's sessions, so they sign in again with what the new role allows.
func (db *DB) AdminSetAccess(ctx context.Context, actor rapport.Actor, id int64, role rapport.Role, teamIDs []int64) (*rapport.User, error) {
	if !role.Valid() {
		return nil, wrap("set user access", rapport.Errorf(rapport.EINVALID, "role must be admin, supervisor or case_manager"))
	}
	if err := checkTeams(role, teamIDs); err != nil {
		return nil, wrap("set user access", err)
	}
	var u *rapport.User
	err := db.audited(ctx, "set user access", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		before, err := lockUser(ctx, tx, id, now)
		if err != nil {
			return nil, err
		}
		var fields []string
		if before.Role != role {
			fields = append(fields, "role")
			if _, err := tx.ExecContext(ctx, "UPDATE users SET role = $1 WHERE id = $2", role, id); err != nil {
				return nil, err
			}
			if _, err := deleteUserSessions(ctx, tx, id); err != nil {
				return nil, err
			}
		}
		if !slices.Equal(before.TeamIDs, sortedIDs(teamIDs)) {
			fields = append(fields, "teams")
			if err := setTeams(ctx, tx, id, teamIDs); err != nil {
				return nil, err
			}
		}
		if err := keepAnAdmin(ctx, tx); err != nil {
			return nil, err
		}
		u, err = findUser(ctx, tx, "id = $1", id)
		return []rapport.AuditEvent{{Action: rapport.ActionUpdate, RecordType: rapport.RecordUser, RecordID: id, Fields: fields}}, err
	})
	return u, err
}

// AdminSetDisabled deactivates or reactivates user id. Deactivating ends their sessions and
// expires their unused reset links at once; their API tokens are refused from then on, because
// the API checks the owner (web/api_auth.go).
func (db *DB) AdminSetDisabled(ctx context.Context, actor rapport.Actor, id int64, disabled bool) (*rapport.User, error) {
	var u *rapport.User
	err := db.audited(ctx, "set user disabled", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		if _, err := lockUser(ctx, tx, id, now); err != nil {
			return nil, err
		}
		var err error
		if u, err = updateUser(ctx, tx, id, rapport.UserUpdate{Disabled: &disabled}, now); err != nil {
			return nil, err
		}
		if disabled {
			if err := expireResetLinks(ctx, tx, id, now); err != nil {
				return nil, err
			}
		}
		return []rapport.AuditEvent{{Action: rapport.ActionUpdate, RecordType: rapport.RecordUser, RecordID: id,
			Fields: []string{"disabled"}}}, keepAnAdmin(ctx, tx)
	})
	return u, err
}

// AdminIssueResetLink stores a new reset link for user id under tokenHash. The user's password
// stops working and their sessions end (a reset is often issued because an account may be in
// the wrong hands), and any earlier unused reset link expires, so only the newest one works.
// A deactivated user gets no link: reactivate them first.
func (db *DB) AdminIssueResetLink(ctx context.Context, actor rapport.Actor, id int64, tokenHash []byte, link auth.OneTimeLink) error {
	link.UserID = id
	if err := checkResetLink(tokenHash, link); err != nil {
		return wrap("issue reset link", err)
	}
	return db.audited(ctx, "issue reset link", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		u, err := lockUser(ctx, tx, id, now)
		if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, rapport.Errorf(rapport.ECONFLICT, "this account is deactivated: reactivate it before issuing a reset link")
		}
		if err := expireResetLinks(ctx, tx, id, now); err != nil {
			return nil, err
		}
		if err := insertLink(ctx, tx, tokenHash, link, now); err != nil {
			return nil, err
		}
		if err := setPassword(ctx, tx, id, ""); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{{Action: rapport.ActionUpdate, RecordType: rapport.RecordUser, RecordID: id,
			Fields: []string{"password"}}}, nil
	})
}

// ResetPassword follows the reset link under tokenHash: it marks the link used, stores the
// new password hash and ends the user's sessions, in one transaction, so a link sets at most
// one password and a failure leaves it usable. The event is recorded as the user themselves.
// A used or expired link reports auth.ErrLinkUsed or auth.ErrLinkExpired; an unknown one
// ENOTFOUND.
func (db *DB) ResetPassword(ctx context.Context, tokenHash []byte, encoded string) (*rapport.User, error) {
	if encoded == "" {
		return nil, wrap("reset password", rapport.Errorf(rapport.EINVALID, "a new password is required"))
	}
	owner, err := db.resetLinkOwner(ctx, tokenHash)
	if err != nil {
		return nil, wrap("reset password", err)
	}
	var u *rapport.User
	err = db.audited(ctx, "reset password", rapport.Actor{UserID: owner.ID, Role: owner.Role}, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		link, err := useLink(ctx, tx, tokenHash, auth.LinkReset, now) // the check that counts
		if err != nil {
			return nil, err
		}
		if u, err = findUser(ctx, tx, "id = $1", link.UserID); err != nil {
			return nil, notFound(err, "user", link.UserID)
		}
		if u.Disabled {
			return nil, auth.ErrLinkExpired // deactivation expires links; this covers a race with it
		}
		if err := setPassword(ctx, tx, u.ID, encoded); err != nil {
			return nil, err
		}
		u.PasswordHash = encoded
		return []rapport.AuditEvent{{Action: rapport.ActionUpdate, RecordType: rapport.RecordUser, RecordID: u.ID,
			Fields: []string{"password"}}}, nil
	})
	return u, err
}

// ChangePassword replaces the actor's own password hash, after the caller has checked their
// current password. As with every password change, it ends all of the user's sessions (the
// caller starts a fresh one for the person changing it); it also expires any reset link an
// administrator issued that is still unused, since the person has just proved who they are and a
// link left lying about would undo their choice. A deactivated account cannot change it.
func (db *DB) ChangePassword(ctx context.Context, actor rapport.Actor, encoded string) error {
	if encoded == "" {
		return wrap("change password", rapport.Errorf(rapport.EINVALID, "a new password is required"))
	}
	return db.audited(ctx, "change password", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		if err := lockRow(ctx, tx, "users", "user", actor.UserID, now); err != nil {
			return nil, err
		}
		u, err := findUser(ctx, tx, "id = $1", actor.UserID)
		if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, rapport.Errorf(rapport.EUNAUTHORIZED, "this account is deactivated")
		}
		if err := setPassword(ctx, tx, u.ID, encoded); err != nil {
			return nil, err
		}
		if err := expireResetLinks(ctx, tx, u.ID, now); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{{Action: rapport.ActionUpdate, RecordType: rapport.RecordUser, RecordID: u.ID,
			Fields: []string{"password"}}}, nil
	})
}

// resetLinkOwner returns the user a reset link is for, who is the actor of the reset.
func (db *DB) resetLinkOwner(ctx context.Context, tokenHash []byte) (*rapport.User, error) {
	link, err := db.FindLink(ctx, tokenHash)
	if err != nil {
		return nil, err
	}
	if link.Purpose != auth.LinkReset {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "this link is not known: check that it was copied completely")
	}
	return db.FindUserByID(ctx, link.UserID)
}

// AdminCreateTeam stores a new team and sets its ID and times; a second team with the same
// name is ECONFLICT.
func (db *DB) AdminCreateTeam(ctx context.Context, actor rapport.Actor, t *rapport.Team) error {
	if err := t.Validate(); err != nil {
		return wrap("create team", err)
	}
	return db.audited(ctx, "create team", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		err := tx.QueryRowContext(ctx, "INSERT INTO teams (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", t.Name, now).Scan(&t.ID)
		if isUnique(err) {
			return nil, rapport.Errorf(rapport.ECONFLICT, "a team with this name already exists")
		}
		t.CreatedAt, t.UpdatedAt = now, now
		return []rapport.AuditEvent{{Action: rapport.ActionCreate, RecordType: rapport.RecordTeam, RecordID: t.ID, Fields: []string{"name"}}}, err
	})
}

// AdminAddTeamMember puts a case manager or supervisor on a team; adding them twice changes
// nothing but is still recorded, as the admin did ask.
func (db *DB) AdminAddTeamMember(ctx context.Context, actor rapport.Actor, teamID, userID int64) error {
	return db.audited(ctx, "add team member", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		if err := requireRow(ctx, tx, "teams", "team", teamID); err != nil {
			return nil, err
		}
		u, err := findUser(ctx, tx, "id = $1", userID)
		if err != nil {
			return nil, notFound(err, "user", userID)
		}
		if err := checkTeams(u.Role, []int64{teamID}); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", teamID, userID)
		return memberEvents(teamID, userID), err
	})
}

// AdminRemoveTeamMember takes a user off a team, or reports ENOTFOUND if they were not on it.
func (db *DB) AdminRemoveTeamMember(ctx context.Context, actor rapport.Actor, teamID, userID int64) error {
	return db.audited(ctx, "remove team member", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		res, err := tx.ExecContext(ctx, "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2", teamID, userID)
		if err != nil {
			return nil, err
		}
		return memberEvents(teamID, userID), mustAffect(res, rapport.Errorf(rapport.ENOTFOUND, "this person is not a member of the team"))
	})
}

// memberEvents records a membership change on both sides, so searching the log for the team
// or for the person finds it.
func memberEvents(teamID, userID int64) []rapport.AuditEvent {
	return []rapport.AuditEvent{
		{Action: rapport.ActionUpdate, RecordType: rapport.RecordTeam, RecordID: teamID, Fields: []string{"members"}},
		{Action: rapport.ActionUpdate, RecordType: rapport.RecordUser, RecordID: userID, Fields: []string{"teams"}},
	}
}

// checkTeams keeps team membership to case managers and supervisors: a team decides which
// clients a supervisor sees and where staff create clients, and admins do neither.
func checkTeams(role rapport.Role, teamIDs []int64) error {
	if role == rapport.RoleAdmin && len(teamIDs) > 0 {
		return rapport.Errorf(rapport.EINVALID, "administrators do not belong to teams: untick the teams, or choose another role")
	}
	for _, id := range teamIDs {
		if id <= 0 {
			return rapport.Errorf(rapport.EINVALID, "team %d does not exist", id)
		}
	}
	return nil
}

func checkResetLink(tokenHash []byte, link auth.OneTimeLink) error {
	if link.Purpose != auth.LinkReset {
		return rapport.Errorf(rapport.EINVALID, "an account's link must be a reset link")
	}
	link.UserID = max(link.UserID, 1) // the user may not exist yet; checkLink wants one
	return checkLink(tokenHash, link)
}

func insertLink(ctx context.Context, tx *sql.Tx, tokenHash []byte, l auth.OneTimeLink, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, tokenHash, string(l.Purpose), nullID(l.UserID), now, dbTime(l.ExpiresAt))
	return err
}

// expireResetLinks makes the user's unused reset links expire now.
func expireResetLinks(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE one_time_links SET expires_at = $1
		WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1`, now, userID, string(auth.LinkReset))
	return err
}

// setPassword replaces the password hash ("" means none: nobody can sign in as the user) and
// ends the user's sessions, as every password change must.
func setPassword(ctx context.Context, tx *sql.Tx, userID int64, encoded string) error {
	if _, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1 WHERE id = $2", encoded, userID); err != nil {
		return err
	}
	_, err := deleteUserSessions(ctx, tx, userID)
	return err
}

// lockUser locks the active administrators, then user id, and returns the user as they were.
// On PostgreSQL, two admins demoting each other at once then wait for one another, so
// keepAnAdmin counts what the other committed; taking the administrators first, before the
// user, keeps every transaction's locks in the same order. SQLite's immediate transactions
// already run one at a time.
func lockUser(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (*rapport.User, error) {
	if _, err := tx.ExecContext(ctx, "UPDATE users SET updated_at = updated_at WHERE role = $1 AND disabled = $2",
		rapport.RoleAdmin, false); err != nil {
		return nil, err
	}
	if err := lockRow(ctx, tx, "users", "user", id, now); err != nil {
		return nil, err
	}
	return findUser(ctx, tx, "id = $1", id)
}

// keepAnAdmin refuses a change that left no active administrator.
func keepAnAdmin(ctx context.Context, tx *sql.Tx) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE role = $1 AND disabled = $2", rapport.RoleAdmin, false).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errLastAdmin
	}
	return nil
}

// setTeams makes the user's teams exactly teamIDs.
func setTeams(ctx context.Context, tx *sql.Tx, userID int64, teamIDs []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM team_members WHERE user_id = $1", userID); err != nil {
		return err
	}
	for _, id := range teamIDs {
		if err := requireRow(ctx, tx, "teams", "team", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", id, userID); err != nil {
			return err
		}
	}
	return nil
}

// sortedIDs returns the distinct IDs in ascending order, the order users' TeamIDs come in.
func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// APITokensCreatedAt returns when each of the user's tokens with the given IDs was created, for
// the token page; other users' tokens are left out.
func (db *DB) APITokensCreatedAt(ctx context.Context, userID int64, ids []int64) (map[int64]time.Time, error) {
	out := make(map[int64]time.Time, len(ids))
	err := db.view(ctx, "api token creation times", func(tx *sql.Tx) error {
		var w where
		w.add("user_id = ?", userID)
		w.in("id", ids)
		rows, err := queryAll(ctx, tx, scanIDTime, "SELECT id, created_at FROM api_tokens"+w.String(), w.args...)
		for _, r := range rows {
			out[r.id] = r.at.UTC()
		}
		return err
	})
	return out, err
}

type idTime struct {
	id int64
	at time.Time
}

func scanIDTime(s scanner) (idTime, error) {
	var r idTime
	err := s.Scan(&r.id, &r.at)
	return r, err
}
