package rapport

import "time"

// TimelineKind says what happened in one timeline entry.
type TimelineKind string

// Timeline kinds. Notes and messages keep their note kind; the others name a
// care-plan event or a change to the record itself.
const (
	TimelineNote            TimelineKind = "note"
	TimelineMessage         TimelineKind = "message"
	TimelineGoal            TimelineKind = "goal"         // a goal was set
	TimelineGoalUpdated     TimelineKind = "goal_updated" // its words, steps, date or status changed
	TimelineDecision        TimelineKind = "decision"
	TimelineConcernRaised   TimelineKind = "concern_raised"
	TimelineConcernResolved TimelineKind = "concern_resolved"
	TimelineFeedback        TimelineKind = "feedback"
	TimelineClientCreated   TimelineKind = "client_created"
	TimelineProfile         TimelineKind = "profile"   // fields of the record changed
	TimelineCareTeam        TimelineKind = "care_team" // the care team changed
)

// MaxTimelineSummary is how many characters of a note, goal, concern or
// feedback a timeline entry carries: enough to recognise it, not the whole.
const MaxTimelineSummary = 300

// TimelineEntry is one thing that happened on a client's record: when, who,
// and what.
type TimelineEntry struct {
	Time      time.Time
	Kind      TimelineKind
	RecordID  int64    // the note, goal, decision, concern or feedback entry; the client for profile changes
	UserID    int64    // who wrote or changed it
	Summary   string   // at most MaxTimelineSummary characters of its words
	Truncated bool     // Summary is the beginning of a longer text
	Fields    []string // what changed, for goal and profile updates
}

// TimelineFilter selects a page of one client's timeline, newest first.
type TimelineFilter struct {
	ClientID int64
	Page
}

// Validate checks the filter.
func (f TimelineFilter) Validate() error {
	return firstError(checkID("client", f.ClientID), f.Page.Validate())
}
