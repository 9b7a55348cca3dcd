package rapport

// ClientRecord is what the client page shows, read in one go: the person, the first page of
// each part of their care plan with its total, and their most recent notes and messages.
type ClientRecord struct {
	Client    *Client
	Goals     Listed[*Goal]
	Decisions Listed[*Decision]
	Concerns  Listed[*Concern]
	Feedback  Listed[*FeedbackEntry]
	Notes     Listed[*Note]
	// TeamName is the client's team; UserNames holds the name of every user the record
	// mentions (care team, authors, who recorded what). A user deleted since is absent.
	TeamName  string
	UserNames map[int64]string
}

// Listed is the first page of a list and how many there are in all.
type Listed[T any] struct {
	Items []T
	Total int
}

// RecordLimits says how many of each list a ClientRecord holds; each must be a valid page size
// (zero takes the default).
type RecordLimits struct {
	Goals, Decisions, Concerns, Feedback, Notes int
}
