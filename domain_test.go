package rapport

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// validity is one case for a Validate method: the value, and the part of the
// error message expected ("" when valid).
type validity struct {
	name string
	v    interface{ Validate() error }
	want string
}

func checkValidity(t *testing.T, tests []validity) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.want)):
				t.Errorf("error = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

func TestUserValidate(t *testing.T) {
	ok := func(edit func(*User)) *User {
		u := &User{Email: "jo@example.org", Name: "Jo", Role: RoleCaseManager}
		edit(u)
		return u
	}
	checkValidity(t, []validity{
		{"valid", ok(func(*User) {}), ""},
		{"display-name form", ok(func(u *User) { u.Email = "Jo <jo@example.org>" }), "email must be an address"},
		{"no at sign", ok(func(u *User) { u.Email = "jo" }), "email must be an address"},
		{"email too long", ok(func(u *User) { u.Email = strings.Repeat("a", 250) + "@x.org" }), "at most 254"},
		{"no name", ok(func(u *User) { u.Name = "" }), "name is required"},
		{"bad role", ok(func(u *User) { u.Role = "owner" }), "role must be"},
		{"team", &Team{Name: "North"}, ""},
		{"team without a name", &Team{}, "team name is required"},
		{"filter with bad role", UserFilter{Role: "x"}, "role must be"},
	})
	if got := NormalizeEmail("  Jo@Example.ORG "); got != "jo@example.org" {
		t.Errorf("NormalizeEmail = %q", got)
	}
}

func validClient() *Client {
	return &Client{TeamID: 1, PreferredName: "Marisol", ContactMethod: ContactPhone,
		Needs:        []Need{{Domain: NeedHousing, Level: NeedHigh}},
		Demographics: Demographics{Consent: true, Gender: "woman"},
		CareTeam:     []int64{3, 4}}
}

func TestClientValidate(t *testing.T) {
	edit := func(f func(*Client)) *Client {
		c := validClient()
		f(c)
		return c
	}
	checkValidity(t, []validity{
		{"valid", validClient(), ""},
		{"no team", edit(func(c *Client) { c.TeamID = 0 }), "team is required"},
		{"blank name", edit(func(c *Client) { c.PreferredName = "  " }), "preferred name is required"},
		{"long name", edit(func(c *Client) { c.PreferredName = strings.Repeat("x", MaxNameLen+1) }), "at most 200 characters"},
		{"unknown contact method", edit(func(c *Client) { c.ContactMethod = "fax" }), "contact method"},
		{"too many strengths", edit(func(c *Client) { c.Strengths = make([]string, MaxStrengths+1) }), "at most 50 strengths"},
		{"empty strength", edit(func(c *Client) { c.Strengths = []string{""} }), "strength is required"},
		{"unknown need domain", edit(func(c *Client) { c.Needs[0].Domain = "spirit" }), "not one of the known domains"},
		{"unknown need level", edit(func(c *Client) { c.Needs[0].Level = "" }), "need level for housing"},
		{"domain twice", edit(func(c *Client) { c.Needs = append(c.Needs, c.Needs[0]) }), "listed twice"},
		{"demographics without consent", edit(func(c *Client) { c.Demographics.Consent = false }), "only with the client's consent"},
		{"care team with zero", edit(func(c *Client) { c.CareTeam = []int64{0} }), "must be positive"},
		{"care team repeat", edit(func(c *Client) { c.CareTeam = []int64{3, 3} }), "listed twice"},
		{"long diagnosis", edit(func(c *Client) { c.Diagnosis = strings.Repeat("x", MaxDiagnosisLen+1) }), "diagnosis must be at most"},
		{"filter with a long name", ClientFilter{Name: strings.Repeat("x", 201)}, "name must be at most"},
		{"filter with too many teams", ClientFilter{TeamIDs: make([]int64, 1001)}, "at most 1000 teams"},
	})
}

func TestClientUpdateApply(t *testing.T) {
	c := validClient()
	c.Needs = []Need{{Domain: NeedHousing, Level: NeedHigh}, {Domain: NeedMentalHealth, Level: NeedLow}}
	upd := ClientUpdate{
		Pronouns:     ptr("she/her"),
		Needs:        []Need{{Domain: NeedMentalHealth, Level: NeedNone}, {Domain: NeedHealth, Level: NeedModerate}},
		Demographics: &Demographics{},
	}
	if err := upd.Apply(c); err != nil {
		t.Fatal(err)
	}
	want := []Need{{Domain: NeedHealth, Level: NeedModerate}, {Domain: NeedHousing, Level: NeedHigh}, {Domain: NeedMentalHealth, Level: NeedNone}}
	if !slices.Equal(c.Needs, want) {
		t.Errorf("needs after merge = %v, want %v", c.Needs, want)
	}
	if c.Pronouns != "she/her" || c.Demographics != (Demographics{}) || c.PreferredName != "Marisol" {
		t.Errorf("after Apply: %+v", c)
	}
	if got := upd.Fields(); !slices.Equal(got, []string{"pronouns", "needs", "demographics"}) {
		t.Errorf("Fields() = %v", got)
	}
	twice := ClientUpdate{Needs: []Need{{Domain: NeedFood, Level: NeedLow}, {Domain: NeedFood, Level: NeedHigh}}}
	if err := twice.Apply(c); ErrorCode(err) != EINVALID {
		t.Errorf("Apply with a domain twice: %v, want EINVALID", err)
	}
}

func TestCarePlanValidate(t *testing.T) {
	date := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	checkValidity(t, []validity{
		{"goal", &Goal{ClientID: 1, Words: "A job", Status: GoalActive, TargetDate: date, Steps: []Step{{Text: "CV", WhoHelps: "Sam"}}}, ""},
		{"goal without client", &Goal{Words: "A job", Status: GoalActive}, "client is required"},
		{"goal without status", &Goal{ClientID: 1, Words: "A job"}, "goal status"},
		{"goal date with a time", &Goal{ClientID: 1, Words: "A job", Status: GoalActive, TargetDate: date.Add(time.Minute)}, "without a time of day"},
		{"goal date in another zone", &Goal{ClientID: 1, Words: "A job", Status: GoalActive, TargetDate: time.Date(2025, 7, 1, 0, 0, 0, 0, time.FixedZone("X", 3600))}, "without a time of day"},
		{"too many steps", &Goal{ClientID: 1, Words: "A job", Status: GoalActive, Steps: make([]Step, MaxSteps+1)}, "at most 50 steps"},
		{"decision", &Decision{ClientID: 1, Summary: "Go"}, ""},
		{"decision without summary", &Decision{ClientID: 1}, "decision is required"},
		{"concern", &Concern{ClientID: 1, Words: "Fees", Status: ConcernOpen}, ""},
		{"concern resolved silently", &Concern{ClientID: 1, Words: "Fees", Status: ConcernResolved}, "resolved with the response"},
		{"concern unknown status", &Concern{ClientID: 1, Words: "Fees", Status: "closed"}, "concern status"},
		{"concern filter without client", ConcernFilter{}, "client is required"},
		{"feedback", &FeedbackEntry{ClientID: 1, Body: "Good"}, ""},
		{"empty feedback", &FeedbackEntry{ClientID: 1}, "feedback is required"},
	})
}

func TestConcernResolvedAtFollowsStatus(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	c := &Concern{ClientID: 1, Words: "Fees", Status: ConcernOpen}
	ConcernUpdate{Response: ptr("Waived"), Status: ptr(ConcernResolved)}.Apply(c, now)
	if !c.ResolvedAt.Equal(now) {
		t.Fatalf("resolved at %v, want %v", c.ResolvedAt, now)
	}
	ConcernUpdate{Response: ptr("Waived, confirmed")}.Apply(c, now.Add(time.Hour))
	if !c.ResolvedAt.Equal(now) {
		t.Errorf("editing the response moved ResolvedAt to %v", c.ResolvedAt)
	}
	ConcernUpdate{Status: ptr(ConcernOpen)}.Apply(c, now.Add(2*time.Hour))
	if !c.ResolvedAt.IsZero() {
		t.Errorf("reopened concern keeps ResolvedAt %v", c.ResolvedAt)
	}
}

func TestNoteAndSessionValidate(t *testing.T) {
	hash := make([]byte, 32)
	checkValidity(t, []validity{
		{"note", &Note{ClientID: 1, Kind: KindMessage, Body: "Hi", Analysis: json.RawMessage(`{"a":1}`)}, ""},
		{"note at the limit", &Note{ClientID: 1, Kind: KindNote, Body: strings.Repeat("é", MaxNoteLen)}, ""},
		{"note over the limit", &Note{ClientID: 1, Kind: KindNote, Body: strings.Repeat("é", MaxNoteLen+1)}, "at most 20000 characters"},
		{"note kind", &Note{ClientID: 1, Kind: "memo", Body: "Hi"}, "kind must be"},
		{"analysis not JSON", &Note{ClientID: 1, Kind: KindNote, Body: "Hi", Analysis: json.RawMessage(`{`)}, "valid JSON"},
		{"analysis too big", &Note{ClientID: 1, Kind: KindNote, Body: "Hi", Analysis: make(json.RawMessage, MaxAnalysisLen+1)}, "at most"},
		{"note filter kind", NoteFilter{ClientID: 1, Kind: "memo"}, "kind must be"},
		{"session", &Session{TokenHash: hash, ExpiresAt: time.Now()}, ""},
		{"session hash length", &Session{TokenHash: hash[:31], ExpiresAt: time.Now()}, "32 bytes"},
		{"session without expiry", &Session{TokenHash: hash}, "expiry is required"},
		{"session data too big", &Session{TokenHash: hash, ExpiresAt: time.Now(), Data: make([]byte, MaxSessionData+1)}, "at most"},
	})
}

func TestAuditValidate(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	checkValidity(t, []validity{
		{"export", &AuditEvent{Action: ActionExport, RecordType: RecordAuditLog, Fields: []string{"csv"}}, ""},
		{"break glass", &AuditEvent{Action: ActionBreakGlass, RecordType: RecordClient, ClientID: 5, Reason: "crisis"}, ""},
		{"break glass without reason", &AuditEvent{Action: ActionBreakGlass, RecordType: RecordClient, ClientID: 5}, "stated reason"},
		{"unknown action", &AuditEvent{Action: "peek", RecordType: RecordClient}, "not known"},
		{"unknown record type", &AuditEvent{Action: ActionView, RecordType: "x"}, "not known"},
		{"negative ID", &AuditEvent{Action: ActionView, RecordType: RecordNote, RecordID: -1}, "must not be negative"},
		{"upper-case field", &AuditEvent{Action: ActionView, RecordType: RecordNote, Fields: []string{"Body"}}, "lower-case"},
		{"long reason", &AuditEvent{Action: ActionView, RecordType: RecordNote, Reason: strings.Repeat("x", MaxReasonLen+1)}, "at most"},
		{"filter range", AuditFilter{Since: t0, Until: t0.Add(time.Hour)}, ""},
		{"filter empty range", AuditFilter{Since: t0, Until: t0}, "before its end"},
		{"filter action", AuditFilter{Action: "x"}, "not known"},
		{"filter cursor", AuditFilter{BeforeID: -1}, "must not be negative"},
		{"filter limit", AuditFilter{Limit: MaxPageSize + 1}, "at most"},
	})
}

func ptr[T any](v T) *T { return &v }
