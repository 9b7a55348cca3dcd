package rapport

import (
	"slices"
	"time"
)

// Field limits for the client record, in characters.
const (
	MaxShortTextLen = 100  // pronouns, language, demographic answers
	MaxContactTimes = 500  // "weekday mornings, not Fridays"
	MaxLongTextLen  = 5000 // what matters to me, concerns, feedback
	MaxNeedNoteLen  = 2000
	MaxDiagnosisLen = 1000
	MaxStrengthLen  = 500
	MaxStrengths    = 50
)

// ContactMethod is how a client likes to be reached.
type ContactMethod string

// Contact methods. The zero value means the client has not said.
const (
	ContactPhone    ContactMethod = "phone"
	ContactText     ContactMethod = "text"
	ContactEmail    ContactMethod = "email"
	ContactInPerson ContactMethod = "in_person"
	ContactMail     ContactMethod = "mail"
)

// Valid reports whether m is a known method or unset.
func (m ContactMethod) Valid() bool {
	switch m {
	case "", ContactPhone, ContactText, ContactEmail, ContactInPerson, ContactMail:
		return true
	}
	return false
}

// NeedDomain is one area of a person's life where they may need support.
type NeedDomain string

// Need domains, the whole person rather than a diagnosis.
const (
	NeedHealth        NeedDomain = "health"
	NeedHousing       NeedDomain = "housing"
	NeedFood          NeedDomain = "food"
	NeedMoney         NeedDomain = "money"
	NeedTransport     NeedDomain = "transport"
	NeedSafety        NeedDomain = "safety"
	NeedSocialSupport NeedDomain = "social_support"
	NeedSubstanceUse  NeedDomain = "substance_use"
	NeedMentalHealth  NeedDomain = "mental_health"
)

// NeedDomains lists every domain in the order a record shows them.
var NeedDomains = []NeedDomain{
	NeedHealth, NeedHousing, NeedFood, NeedMoney, NeedTransport,
	NeedSafety, NeedSocialSupport, NeedSubstanceUse, NeedMentalHealth,
}

// Valid reports whether d is one of NeedDomains.
func (d NeedDomain) Valid() bool { return slices.Contains(NeedDomains, d) }

// NeedLevel is how much support a client needs in a domain.
type NeedLevel string

// Need levels, from none to urgent.
const (
	NeedNone     NeedLevel = "none"
	NeedLow      NeedLevel = "low"
	NeedModerate NeedLevel = "moderate"
	NeedHigh     NeedLevel = "high"
	NeedUrgent   NeedLevel = "urgent"
)

// Valid reports whether l is a known level.
func (l NeedLevel) Valid() bool {
	switch l {
	case NeedNone, NeedLow, NeedModerate, NeedHigh, NeedUrgent:
		return true
	}
	return false
}

// Need is a client's need in one domain, with a note in plain words.
type Need struct {
	Domain NeedDomain
	Level  NeedLevel
	Note   string
}

// Validate checks one need.
func (n Need) Validate() error {
	switch {
	case !n.Domain.Valid():
		return Errorf(EINVALID, "need domain %q is not one of the known domains", n.Domain)
	case !n.Level.Valid():
		return Errorf(EINVALID, "need level for %s must be none, low, moderate, high or urgent", n.Domain)
	}
	return checkText("need note", n.Note, MaxNeedNoteLen, false)
}

// Demographics are recorded only with the client's consent and used only in
// aggregate (the bias audit compares groups). Without consent every answer
// must be empty; withdrawing consent clears them.
type Demographics struct {
	Consent       bool
	AgeBand       string // "25-34"
	Gender        string // in the client's words
	RaceEthnicity string // in the client's words
}

// Validate enforces consent.
func (d Demographics) Validate() error {
	if !d.Consent && (d.AgeBand != "" || d.Gender != "" || d.RaceEthnicity != "") {
		return Errorf(EINVALID, "demographics are recorded only with the client's consent")
	}
	return firstError(
		checkText("age band", d.AgeBand, MaxShortTextLen, false),
		checkText("gender", d.Gender, MaxShortTextLen, false),
		checkText("race and ethnicity", d.RaceEthnicity, MaxShortTextLen, false),
	)
}

// Client is the whole-person record. It leads with the person: how they like
// to be addressed and reached, what matters to them, their strengths and
// needs. The diagnosis is one field among many.
type Client struct {
	ID            int64
	TeamID        int64
	PreferredName string
	Pronouns      string
	Language      string
	ContactMethod ContactMethod
	ContactTimes  string
	WhatMatters   string   // "what matters to me", in the client's words
	Strengths     []string // in the order given
	Needs         []Need   // at most one per domain, in NeedDomains order when read
	Diagnosis     string
	Demographics  Demographics
	CareTeam      []int64 // user IDs, ascending
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Validate checks a client before it is stored.
func (c *Client) Validate() error {
	errs := []error{
		checkID("team", c.TeamID),
		checkText("preferred name", c.PreferredName, MaxNameLen, true),
		checkText("pronouns", c.Pronouns, MaxShortTextLen, false),
		checkText("language", c.Language, MaxShortTextLen, false),
		checkText("contact times", c.ContactTimes, MaxContactTimes, false),
		checkText("what matters to me", c.WhatMatters, MaxLongTextLen, false),
		checkStrengths(c.Strengths),
		checkNeeds(c.Needs),
		checkText("diagnosis", c.Diagnosis, MaxDiagnosisLen, false),
		c.Demographics.Validate(),
		CheckCareTeam(c.CareTeam),
	}
	if !c.ContactMethod.Valid() {
		errs = append(errs, Errorf(EINVALID, "contact method must be phone, text, email, in_person or mail"))
	}
	return firstError(errs...)
}

// ClientUpdate changes the fields that are set (non-nil). Needs are set per
// domain: each listed domain replaces that domain's need, and the others are
// left as they are. The care team is changed on its own (store.SetCareTeam).
type ClientUpdate struct {
	TeamID        *int64
	PreferredName *string
	Pronouns      *string
	Language      *string
	ContactMethod *ContactMethod
	ContactTimes  *string
	WhatMatters   *string
	Strengths     *[]string
	Needs         []Need
	Diagnosis     *string
	Demographics  *Demographics
}

// Apply sets c's fields from u. It rejects an invalid list of needs, since
// merging would hide a repeated domain; validate c afterwards for the rest,
// because rules such as consent span several fields.
func (u ClientUpdate) Apply(c *Client) error {
	if err := checkNeeds(u.Needs); err != nil {
		return err
	}
	set(&c.TeamID, u.TeamID)
	set(&c.PreferredName, u.PreferredName)
	set(&c.Pronouns, u.Pronouns)
	set(&c.Language, u.Language)
	set(&c.ContactMethod, u.ContactMethod)
	set(&c.ContactTimes, u.ContactTimes)
	set(&c.WhatMatters, u.WhatMatters)
	set(&c.Strengths, u.Strengths)
	set(&c.Diagnosis, u.Diagnosis)
	set(&c.Demographics, u.Demographics)
	if len(u.Needs) > 0 {
		c.Needs = mergeNeeds(c.Needs, u.Needs)
	}
	return nil
}

// Fields names the fields the update sets, as the audit log records them.
func (u ClientUpdate) Fields() []string {
	return setFields(
		field{u.TeamID != nil, "team_id"},
		field{u.PreferredName != nil, "preferred_name"},
		field{u.Pronouns != nil, "pronouns"},
		field{u.Language != nil, "language"},
		field{u.ContactMethod != nil, "contact_method"},
		field{u.ContactTimes != nil, "contact_times"},
		field{u.WhatMatters != nil, "what_matters"},
		field{u.Strengths != nil, "strengths"},
		field{len(u.Needs) > 0, "needs"},
		field{u.Diagnosis != nil, "diagnosis"},
		field{u.Demographics != nil, "demographics"},
	)
}

// mergeNeeds replaces or adds each of upd's domains in cur and returns the
// result in NeedDomains order.
func mergeNeeds(cur, upd []Need) []Need {
	byDomain := make(map[NeedDomain]Need, len(cur)+len(upd))
	for _, n := range slices.Concat(cur, upd) {
		byDomain[n.Domain] = n // upd comes last, so it wins
	}
	merged := make([]Need, 0, len(byDomain))
	for _, d := range NeedDomains {
		if n, ok := byDomain[d]; ok {
			merged = append(merged, n)
		}
	}
	return merged
}

func checkStrengths(s []string) error {
	if len(s) > MaxStrengths {
		return Errorf(EINVALID, "a client can have at most %d strengths listed", MaxStrengths)
	}
	for _, x := range s {
		if err := checkText("strength", x, MaxStrengthLen, true); err != nil {
			return err
		}
	}
	return nil
}

func checkNeeds(needs []Need) error {
	seen := make(map[NeedDomain]bool, len(needs))
	for _, n := range needs {
		if err := n.Validate(); err != nil {
			return err
		}
		if seen[n.Domain] {
			return Errorf(EINVALID, "need domain %s is listed twice", n.Domain)
		}
		seen[n.Domain] = true
	}
	return nil
}

// CheckCareTeam validates a list of care-team member IDs: positive, no
// repeats.
func CheckCareTeam(ids []int64) error {
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if id <= 0 {
			return Errorf(EINVALID, "care team member IDs must be positive")
		}
		if seen[id] {
			return Errorf(EINVALID, "user %d is listed twice on the care team", id)
		}
		seen[id] = true
	}
	return nil
}

// ClientFilter selects clients. Zero fields do not filter; set fields combine
// with AND.
type ClientFilter struct {
	// TeamIDs selects the clients of any of these teams (a supervisor's
	// teams). Nil does not filter; an empty list matches no one, so a
	// supervisor of no team sees no one rather than everyone.
	TeamIDs        []int64
	CareTeamMember int64  // clients whose care team includes this user
	Name           string // a case-insensitive part of the preferred name
	Page
}

// maxFilterTeams bounds TeamIDs, which becomes one query parameter each.
const maxFilterTeams = 1000

// Validate checks the filter.
func (f ClientFilter) Validate() error {
	if len(f.TeamIDs) > maxFilterTeams {
		return Errorf(EINVALID, "a client list can filter by at most %d teams", maxFilterTeams)
	}
	return firstError(checkText("name", f.Name, MaxNameLen, false), f.Page.Validate())
}

// ClientScope is who a client belongs to, without any client details: what an
// access check needs before the record itself is read.
type ClientScope struct {
	ClientID int64
	TeamID   int64
	CareTeam []int64
}
