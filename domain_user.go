package rapport

import (
	"net/mail"
	"strings"
	"time"
)

// Field limits for people and teams, in characters.
const (
	MaxNameLen  = 200
	MaxEmailLen = 254 // RFC 5321's limit on a forward path
)

// User is a person who signs in: a case manager, supervisor or admin.
type User struct {
	ID    int64
	Email string // stored lower-case; unique
	Name  string
	Role  Role
	// PasswordHash is the encoded argon2id hash (package auth makes it);
	// empty until the person sets a password through a setup or reset link.
	PasswordHash string `json:"-"`
	Disabled     bool
	TeamIDs      []int64 // the teams the user belongs to, ascending
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	return firstError(
		checkEmail(u.Email),
		checkText("name", u.Name, MaxNameLen, true),
		checkRole(u.Role),
		checkText("password hash", u.PasswordHash, 1000, false),
	)
}

// NormalizeEmail returns the form an email address is stored and looked up
// in. Lower-casing the local part is not strictly RFC 5321, but no mail
// provider our users have treats case as significant, and two accounts that
// differ only in case would be a trap.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

func checkEmail(email string) error {
	if err := checkText("email", email, MaxEmailLen, true); err != nil {
		return err
	}
	// ParseAddress also accepts "Name <a@b>"; only a bare address is wanted.
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email, "@") {
		return Errorf(EINVALID, "email must be an address such as name@example.org")
	}
	return nil
}

func checkRole(r Role) error {
	if !r.Valid() {
		return Errorf(EINVALID, "role must be admin, supervisor or case_manager")
	}
	return nil
}

// UserUpdate changes the fields that are set (non-nil).
type UserUpdate struct {
	Name         *string
	Role         *Role
	Disabled     *bool
	PasswordHash *string
}

// Apply sets u's fields on user; validate user afterwards.
func (u UserUpdate) Apply(user *User) {
	set(&user.Name, u.Name)
	set(&user.Role, u.Role)
	set(&user.Disabled, u.Disabled)
	set(&user.PasswordHash, u.PasswordHash)
}

// UserFilter selects users. Zero fields do not filter.
type UserFilter struct {
	TeamID   int64
	Role     Role
	Disabled *bool
	Page
}

// Validate checks the filter.
func (f UserFilter) Validate() error {
	if f.Role != "" {
		if err := checkRole(f.Role); err != nil {
			return err
		}
	}
	return f.Page.Validate()
}

// Team is a group of staff; a client belongs to one team, and a supervisor
// sees the clients of the teams they belong to.
type Team struct {
	ID        int64
	Name      string // unique
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks a team before it is stored.
func (t *Team) Validate() error {
	return checkText("team name", t.Name, MaxNameLen, true)
}

// TeamFilter selects teams. A zero UserID does not filter.
type TeamFilter struct {
	UserID int64 // only the teams this user belongs to
	Page
}
