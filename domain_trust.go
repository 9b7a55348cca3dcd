package rapport

import "time"

// The empathy→trust view sets what a case manager wrote about a client beside what that client
// said in a survey. The unit is one completed, identified, scored response, paired with the
// analyses of the notes and messages its case manager wrote about that client in the
// EmpathyWindow before it. Anonymous responses name no client, so they cannot be paired: they
// are counted, never matched.

// EmpathyWindow is how far before a response the notes paired with it reach.
const EmpathyWindow = 90 * 24 * time.Hour

// EmpathyTrustPair is one response and the notes its case manager wrote about its client in
// the EmpathyWindow before it was completed.
type EmpathyTrustPair struct {
	ResponseID    int64
	ClientID      int64
	CaseManagerID int64
	TeamID        int64
	CompletedAt   time.Time
	Score         float64
	// Notes adds up the analysed notes and messages in the window (Notes ≥ 1).
	Notes TrendStats
}

// EmpathyTrust is what the empathy→trust view reads for one filter (a TrustFilter: one
// instrument, the organisation, a team or a case manager, a time range).
type EmpathyTrust struct {
	Pairs []EmpathyTrustPair // oldest first
	// Anonymous counts the completed, scored anonymous responses in the range: they cannot be
	// paired with a client's notes.
	Anonymous int
	// WithoutNotes counts the identified responses with no analysed note by their case manager
	// about the client in the window before them: nothing to pair them with.
	WithoutNotes int
}
