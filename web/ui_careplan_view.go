package web

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
)

// What the care plan shows: the plan on the client page, a note's own page with its stored
// findings, and the timeline of everything recorded on the client.

// How many of each list the client page shows; the timeline has everything.
const (
	planGoals     = 100
	planConcerns  = 100
	planDecisions = 10
	planFeedback  = 10
	planNotes     = 10
	timelinePage  = 50
)

// careTime is a moment as a person reads it and as <time datetime> needs it. Times are shown in
// the server's zone: Rapport is self-hosted, so that is the organisation's.
type careTime struct {
	ISO  string
	Text string
}

func careWhen(t time.Time) careTime {
	return careTime{ISO: t.Format(time.RFC3339), Text: t.In(time.Local).Format("2 Jan 2006, 15:04")}
}

// careDate is a calendar date (stored as midnight UTC).
func careDate(t time.Time) careTime {
	if t.IsZero() {
		return careTime{}
	}
	return careTime{ISO: t.Format(time.DateOnly), Text: t.Format("2 Jan 2006")}
}

// careNames resolves user IDs to names, reading each user once per page.
type careNames struct {
	u     *ui
	ctx   context.Context
	names map[int64]string
}

func (u *ui) careNames(ctx context.Context) *careNames {
	return &careNames{u: u, ctx: ctx, names: map[int64]string{}}
}

func (n *careNames) of(id int64) (string, error) {
	if name, ok := n.names[id]; ok {
		return name, nil
	}
	usr, err := n.u.st.FindUserByID(n.ctx, id)
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		n.names[id] = "a former user"
	case err != nil:
		return "", fmt.Errorf("reading user %d: %w", id, err)
	default:
		n.names[id] = usr.Name
	}
	return n.names[id], nil
}

// The care plan on the client page.

type carePlanView struct {
	ClientID         int64
	Goals            []careGoalRow
	GoalsTotal       int
	OpenConcerns     []careConcernRow // open and in progress, newest first
	ResolvedConcerns []careConcernRow
	ConcernsTotal    int
	Decisions        []careDecisionRow
	DecisionsTotal   int
	Feedback         []careFeedbackRow
	FeedbackTotal    int
	Notes            []careNoteRow
	NotesTotal       int
	NewDecision      careDecisionForm
	NewConcern       careConcernForm
	NewFeedback      careFeedbackForm
}

// ConcernsShown is how many concerns the page lists.
func (v *carePlanView) ConcernsShown() int { return len(v.OpenConcerns) + len(v.ResolvedConcerns) }

type careGoalRow struct {
	Goal     *rapport.Goal
	By       string
	Target   careTime
	Statuses []careOption
}

type careConcernRow struct {
	Concern  *rapport.Concern
	By       string
	Raised   careTime
	Resolved careTime
	Update   careConcernUpdateForm
}

type careDecisionRow struct {
	Decision *rapport.Decision
	By       string
	Decided  careTime
}

type careFeedbackRow struct {
	Entry *rapport.FeedbackEntry
	By    string
	When  careTime
}

type careNoteRow struct {
	Note   *rapport.Note
	By     string
	When   careTime
	Score  int
	Scored bool // the note has a stored analysis with a score
}

// planLimits is how much of each list the client page shows.
var planLimits = rapport.RecordLimits{Goals: planGoals, Concerns: planConcerns, Decisions: planDecisions, Feedback: planFeedback, Notes: planNotes}

// carePlanOf lays out the care plan and recent notes of a client record (read in one audited
// transaction, after the page's access check) for the client page.
func (u *ui) carePlanOf(ctx context.Context, rec *rapport.ClientRecord) (*carePlanView, error) {
	clientID := rec.Client.ID
	v := &carePlanView{ClientID: clientID,
		NewDecision: careDecisionForm{ClientID: clientID, TookPart: true},
		NewConcern:  careConcernForm{ClientID: clientID}, NewFeedback: careFeedbackForm{ClientID: clientID}}
	names := u.careNames(ctx)
	maps.Copy(names.names, rec.UserNames) // read with the record: no lookup per person
	for _, lay := range []func(*rapport.ClientRecord, *carePlanView, *careNames) error{
		planGoalRows, planConcernRows, planDecisionRows, planFeedbackRows, planNoteRows,
	} {
		if err := lay(rec, v, names); err != nil {
			return nil, fmt.Errorf("laying out the care plan of client %d: %w", clientID, err)
		}
	}
	return v, nil
}

func planGoalRows(rec *rapport.ClientRecord, v *carePlanView, names *careNames) error {
	v.GoalsTotal = rec.Goals.Total
	for _, g := range rec.Goals.Items {
		by, err := names.of(g.CreatedBy)
		if err != nil {
			return err
		}
		v.Goals = append(v.Goals, careGoalRow{Goal: g, By: by, Target: careDate(g.TargetDate), Statuses: careOptions(careGoalStatuses, string(g.Status))})
	}
	return nil
}

func planConcernRows(rec *rapport.ClientRecord, v *carePlanView, names *careNames) error {
	v.ConcernsTotal = rec.Concerns.Total
	for _, c := range rec.Concerns.Items {
		by, err := names.of(c.RecordedBy)
		if err != nil {
			return err
		}
		row := careConcernRow{Concern: c, By: by, Raised: careWhen(c.RaisedAt), Update: careConcernUpdateForm{
			ClientID: v.ClientID, ConcernID: c.ID, Response: c.Response, Status: string(c.Status),
			Statuses: careOptions(careConcernStatuses, string(c.Status))}}
		if c.Status == rapport.ConcernResolved {
			row.Resolved = careWhen(c.ResolvedAt)
			v.ResolvedConcerns = append(v.ResolvedConcerns, row)
		} else {
			v.OpenConcerns = append(v.OpenConcerns, row)
		}
	}
	return nil
}

func planDecisionRows(rec *rapport.ClientRecord, v *carePlanView, names *careNames) error {
	v.DecisionsTotal = rec.Decisions.Total
	for _, d := range rec.Decisions.Items {
		by, err := names.of(d.RecordedBy)
		if err != nil {
			return err
		}
		decided := careWhen(d.DecidedAt)
		if d.DecidedAt.Equal(d.DecidedAt.Truncate(24 * time.Hour)) {
			decided = careDate(d.DecidedAt) // a date chosen on the form, not a moment
		}
		v.Decisions = append(v.Decisions, careDecisionRow{Decision: d, By: by, Decided: decided})
	}
	return nil
}

func planFeedbackRows(rec *rapport.ClientRecord, v *carePlanView, names *careNames) error {
	v.FeedbackTotal = rec.Feedback.Total
	for _, e := range rec.Feedback.Items {
		by, err := names.of(e.RecordedBy)
		if err != nil {
			return err
		}
		v.Feedback = append(v.Feedback, careFeedbackRow{Entry: e, By: by, When: careWhen(e.CreatedAt)})
	}
	return nil
}

func planNoteRows(rec *rapport.ClientRecord, v *carePlanView, names *careNames) error {
	v.NotesTotal = rec.Notes.Total
	for _, n := range rec.Notes.Items {
		by, err := names.of(n.AuthorID)
		if err != nil {
			return err
		}
		row := careNoteRow{Note: n, By: by, When: careWhen(n.CreatedAt)}
		row.Score, row.Scored = careStoredScore(n.Analysis)
		v.Notes = append(v.Notes, row)
	}
	return nil
}

// careStoredScore reads the overall score from a note's stored analysis, without running the engine.
func careStoredScore(analysis json.RawMessage) (int, bool) {
	var a struct {
		Overall *int `json:"overall"`
	}
	if len(analysis) == 0 || json.Unmarshal(analysis, &a) != nil || a.Overall == nil {
		return 0, false
	}
	return *a.Overall, true
}

// A note's page.

type noteViewPage struct {
	page
	ClientID   int64
	ClientName string
	Note       *rapport.Note
	Author     string
	When       careTime
	Feedback   *noteFeedback // the stored findings; nil when the note has none
	Unreadable bool          // the stored analysis could not be read
}

func (u *ui) noteView(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.ViewClient)
	if err != nil {
		return err
	}
	id, err := u.careRecord(r, "note", rapport.RecordNote, scope.ClientID)
	if err != nil {
		return err
	}
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	n, err := u.st.FindNoteByID(ctx, actor, id)
	if err != nil {
		return fmt.Errorf("reading note %d: %w", id, err)
	}
	name, err := u.careClientName(r, scope.ClientID)
	if err != nil {
		return err
	}
	author, err := u.careNames(ctx).of(n.AuthorID)
	if err != nil {
		return err
	}
	what := "Note about "
	if n.Kind == rapport.KindMessage {
		what = "Message to "
	}
	p := &noteViewPage{page: u.newPage(r, what+name), ClientID: scope.ClientID, ClientName: name, Note: n, Author: author, When: careWhen(n.CreatedAt)}
	if len(n.Analysis) > 0 {
		var a engine.Analysis
		if err := json.Unmarshal(n.Analysis, &a); err != nil {
			p.Unreadable = true
		} else {
			p.Feedback = newFeedback(noteForm{Text: n.Body}, a)
		}
	}
	u.render(w, r, http.StatusOK, "note_view", p)
	return nil
}

// The timeline.

type timelineView struct {
	page
	ClientID   int64
	ClientName string
	Entries    []careTimelineRow
	Total      int
	Page       int
	Pages      int
	PrevURL    string
	NextURL    string
}

type careTimelineRow struct {
	When      careTime
	Who       string
	What      string
	Summary   string
	Truncated bool
	Changed   string // the fields changed, in words
	Link      string
}

// timelineWhat says what each kind of entry is.
var timelineWhat = map[rapport.TimelineKind]string{
	rapport.TimelineNote:            "Note written",
	rapport.TimelineMessage:         "Message sent",
	rapport.TimelineGoal:            "Goal set",
	rapport.TimelineGoalUpdated:     "Goal changed",
	rapport.TimelineDecision:        "Decision made",
	rapport.TimelineConcernRaised:   "Concern raised",
	rapport.TimelineConcernResolved: "Concern resolved",
	rapport.TimelineFeedback:        "Feedback given",
	rapport.TimelineClientCreated:   "Record created",
	rapport.TimelineProfile:         "Record changed",
	rapport.TimelineCareTeam:        "Care team changed",
}

func (u *ui) timeline(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.ViewClient)
	if err != nil {
		return err
	}
	pageNo := 1
	if s := r.URL.Query().Get("page"); s != "" {
		if pageNo, err = strconv.Atoi(s); err != nil || pageNo < 1 || pageNo > 1_000_000 {
			return rapport.Errorf(rapport.EINVALID, "The page number must be a whole number from 1.")
		}
	}
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	entries, total, err := u.st.ListTimeline(ctx, actor, rapport.TimelineFilter{ClientID: scope.ClientID,
		Page: rapport.Page{Limit: timelinePage, Offset: (pageNo - 1) * timelinePage}})
	if err != nil {
		return fmt.Errorf("reading the timeline of client %d: %w", scope.ClientID, err)
	}
	name, err := u.careClientName(r, scope.ClientID)
	if err != nil {
		return err
	}
	p := &timelineView{page: u.newPage(r, "Timeline for "+name), ClientID: scope.ClientID, ClientName: name,
		Total: total, Page: pageNo, Pages: max(1, (total+timelinePage-1)/timelinePage)}
	base := careClientPath(scope.ClientID) + "/timeline?page="
	if pageNo > 1 {
		p.PrevURL = base + strconv.Itoa(min(pageNo-1, p.Pages))
	}
	if pageNo < p.Pages {
		p.NextURL = base + strconv.Itoa(pageNo+1)
	}
	names := u.careNames(ctx)
	for _, e := range entries {
		row, err := timelineRow(scope.ClientID, e, names)
		if err != nil {
			return err
		}
		p.Entries = append(p.Entries, row)
	}
	u.render(w, r, http.StatusOK, "timeline", p)
	return nil
}

func timelineRow(clientID int64, e rapport.TimelineEntry, names *careNames) (careTimelineRow, error) {
	who, err := names.of(e.UserID)
	if err != nil {
		return careTimelineRow{}, err
	}
	row := careTimelineRow{When: careWhen(e.Time), Who: who, What: timelineWhat[e.Kind], Summary: e.Summary, Truncated: e.Truncated}
	var changed []string
	for _, f := range e.Fields {
		changed = append(changed, strings.ReplaceAll(f, "_", " "))
	}
	row.Changed = strings.Join(changed, ", ")
	id := strconv.FormatInt(e.RecordID, 10)
	switch e.Kind {
	case rapport.TimelineNote, rapport.TimelineMessage:
		row.Link = careClientPath(clientID) + "/notes/" + id
	case rapport.TimelineGoal, rapport.TimelineGoalUpdated:
		row.Link = careClientPath(clientID) + "#goal-" + id
	case rapport.TimelineConcernRaised, rapport.TimelineConcernResolved:
		row.Link = careClientPath(clientID) + "#concern-" + id
	}
	return row, nil
}
