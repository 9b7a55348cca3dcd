package rapport

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Patient-reported surveys: instruments (FHIR Questionnaires), the private invitations a client
// answers through, their responses, and the aggregates dashboards show. Package survey parses
// and scores instruments; package store keeps them. docs/surveys.md describes both.

// Record types for survey data in the audit log.
const (
	RecordSurveyInstrument RecordType = "survey_instrument" // an instrument imported by an admin
	RecordSurveyInvitation RecordType = "survey_invitation" // a private survey link for a client
	RecordSurveyResponse   RecordType = "survey_response"   // a client's answers
)

// RoleRespondent is the audit role of a client answering a survey through a private link. No
// one signs in, so the events have UserID 0. It is not one of Roles: no account can hold it and
// Actor.Validate refuses it, so no ordinary store method accepts it; the store records it only
// for what a survey link does (see RespondentMay).
const RoleRespondent Role = "respondent"

// RespondentMay reports whether an audit event of record type t may be recorded with the
// respondent role: a client with a survey link reads and writes their answers, uses the link,
// and a flagged comment raises a concern on their care plan. Nothing else.
func RespondentMay(t RecordType) bool {
	switch t {
	case RecordSurveyInvitation, RecordSurveyResponse, RecordConcern:
		return true
	}
	return false
}

// Instrument is a stored FHIR Questionnaire. Instruments never change once stored, so a
// response always refers to the wording and scoring it was answered with; a new version is a
// new instrument.
type Instrument struct {
	ID      int64
	URL     string // canonical URL; URL and Version are unique together
	Version string
	Title   string
	Builtin bool // shipped with Rapport (survey.Shipped), not imported
	Scored  bool // has scoring rules (built in by URL, or in the questionnaire)
	// JSON is the Questionnaire as survey.EncodeQuestionnaire writes it: what export returns.
	JSON      []byte
	CreatedAt time.Time
	CreatedBy int64 // zero for a built-in instrument
}

// InvitationTrigger says why an invitation was made.
type InvitationTrigger string

// Triggers.
const (
	TriggerManual            InvitationTrigger = "manual"              // a case manager asked
	TriggerEveryFifthContact InvitationTrigger = "every_fifth_contact" // five contacts since the last survey
	TriggerCarePlan30Days    InvitationTrigger = "care_plan_30_days"   // 30 days into the care plan
)

// Valid reports whether t is a known trigger.
func (t InvitationTrigger) Valid() bool {
	switch t {
	case TriggerManual, TriggerEveryFifthContact, TriggerCarePlan30Days:
		return true
	}
	return false
}

// Survey languages: the instruments Rapport ships are written in both.
const (
	SurveyEnglish = "en"
	SurveySpanish = "es"
)

// DefaultInvitationTTL is how long a survey link works when the caller sets no expiry.
const DefaultInvitationTTL = 14 * 24 * time.Hour

// MaxInvitationTTL bounds a link's life: a private link should not work for months.
const MaxInvitationTTL = 90 * 24 * time.Hour

// SurveyLanguageFor picks the survey language for a client's recorded language, which is free
// text ("Spanish", "español", "es"): Spanish for those, English otherwise.
func SurveyLanguageFor(clientLanguage string) string {
	l := strings.ToLower(strings.TrimSpace(clientLanguage))
	for _, p := range []string{"es", "spanish", "español", "espanol", "castellano"} {
		if l == p || strings.HasPrefix(l, p+"-") || strings.HasPrefix(l, p+" ") {
			return SurveySpanish
		}
	}
	return SurveyEnglish
}

// Invitation is a private, single-use, expiring link that lets a client answer one survey
// without signing in. Only the SHA-256 of its token is stored.
type Invitation struct {
	ID            int64
	ClientID      int64
	CaseManagerID int64 // whose work the survey is about
	TeamID        int64 // the client's team when invited; set by the store
	InstrumentID  int64
	Language      string // SurveyEnglish or SurveySpanish
	Trigger       InvitationTrigger
	CreatedBy     int64
	CreatedAt     time.Time
	ExpiresAt     time.Time
	UsedAt        time.Time // zero while unused
	// ResponseID is the completed response; zero while unused and when the client answered
	// anonymously, because an anonymous response is never linked to the client.
	ResponseID int64
	Anonymous  bool // the client answered anonymously
}

// Validate checks an invitation before it is stored.
func (inv *Invitation) Validate() error {
	errs := []error{
		checkID("client", inv.ClientID),
		checkID("case manager", inv.CaseManagerID),
		checkID("instrument", inv.InstrumentID),
	}
	switch {
	case inv.Language != SurveyEnglish && inv.Language != SurveySpanish:
		errs = append(errs, Errorf(EINVALID, "survey language must be en or es"))
	case !inv.Trigger.Valid():
		errs = append(errs, Errorf(EINVALID, "invitation trigger must be manual, every_fifth_contact or care_plan_30_days"))
	}
	return firstError(errs...)
}

// Usable reports why the link cannot be used at now: ErrInvitationUsed or ErrInvitationExpired.
// A used link says used even after it expires, which is the more helpful message.
func (inv *Invitation) Usable(now time.Time) error {
	switch {
	case !inv.UsedAt.IsZero():
		return ErrInvitationUsed
	case !now.Before(inv.ExpiresAt):
		return ErrInvitationExpired
	}
	return nil
}

// Survey link errors. They are distinct values, so the survey page can tell them apart with
// errors.Is and say kindly what happened.
var (
	ErrInvitationUsed    error = Errorf(ECONFLICT, "this survey has already been answered: thank you")
	ErrInvitationExpired error = Errorf(ECONFLICT, "this survey link has expired: ask your case manager for a new one")
)

// Response statuses (FHIR QuestionnaireResponse.status).
const (
	ResponseInProgress = "in-progress"
	ResponseCompleted  = "completed"
)

// Limits on what a respondent sends.
const (
	MaxSurveyAnswersBytes = 1 << 20 // the same limit as an imported questionnaire
	MaxSurveyComment      = 4000    // characters of free text
	MaxSurveyBand         = 100
)

// FlaggedConcernPrefix opens every concern a flagged survey comment raises; the home page
// finds the open ones by it.
const FlaggedConcernPrefix = "Survey comment needs a prompt response: "

// FlaggedConcernWords is the concern a flagged survey comment raises on the client's care
// plan, so the care team sees it at once: a fixed opening, then the comment, cut to fit.
func FlaggedConcernWords(comment string) string {
	words := FlaggedConcernPrefix + comment
	if utf8.RuneCountInString(words) > MaxLongTextLen {
		words = string([]rune(words)[:MaxLongTextLen-1]) + "…"
	}
	return words
}

// SurveyResponse is a client's answers to one invitation. An anonymous response has no
// ClientID and no InvitationID once completed: it counts only in aggregates.
type SurveyResponse struct {
	ID            int64
	InvitationID  int64 // zero when anonymous, and for imported responses
	InstrumentID  int64
	ClientID      int64 // zero when anonymous
	CaseManagerID int64
	TeamID        int64
	Anonymous     bool
	Status        string // ResponseInProgress or ResponseCompleted
	Answers       []byte // FHIR QuestionnaireResponse JSON
	// Score is the instrument's first subscale value; nil when it could not be scored.
	Score   *float64
	Band    string
	Scores  []byte // survey.Result as JSON; nil when not scored
	Comment string // the free-text answer, if any
	Flagged bool   // the comment matched the safety screen: the care team is told at once
	// StartedAt is when the first answers were saved; UpdatedAt the last save.
	StartedAt   time.Time
	UpdatedAt   time.Time
	CompletedAt time.Time // zero while in progress
}

// ValidateCompletion checks what a respondent submits to complete a response.
func (r *SurveyResponse) ValidateCompletion() error {
	errs := []error{
		checkAnswers(r.Answers),
		checkText("comment", r.Comment, MaxSurveyComment, false),
		checkText("band", r.Band, MaxSurveyBand, false),
	}
	if r.Score != nil && (math.IsNaN(*r.Score) || math.IsInf(*r.Score, 0)) {
		errs = append(errs, Errorf(EINVALID, "the score must be a number"))
	}
	return firstError(errs...)
}

// checkAnswers requires answers within the size limit.
func checkAnswers(b []byte) error {
	switch {
	case len(b) == 0:
		return Errorf(EINVALID, "the answers are missing")
	case len(b) > MaxSurveyAnswersBytes:
		return Errorf(EINVALID, "the answers must be at most %d bytes", MaxSurveyAnswersBytes)
	}
	return nil
}

// CheckSurveyAnswers checks partial answers before they are saved.
func CheckSurveyAnswers(b []byte) error { return checkAnswers(b) }

// ResponseFilter selects a case manager's completed, identified responses, newest first.
// Anonymous responses are never listed: they count only in aggregates.
type ResponseFilter struct {
	CaseManagerID int64
	InstrumentID  int64     // zero: every instrument
	ClientID      int64     // zero: every client
	Since         time.Time // inclusive; zero: no bound
	Until         time.Time // exclusive; zero: no bound
	Page
}

// Validate checks the filter.
func (f ResponseFilter) Validate() error {
	switch {
	case f.CaseManagerID <= 0:
		return Errorf(EINVALID, "case manager is required")
	case f.InstrumentID < 0 || f.ClientID < 0:
		return Errorf(EINVALID, "instrument and client IDs must not be negative")
	case !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until):
		return Errorf(EINVALID, "the start of the time range must be before its end")
	}
	return f.Page.Validate()
}

// TrustFilter selects completed, scored responses to one instrument for an aggregate: those of
// one case manager, one team, or (neither set) the whole organisation, completed in
// [Since, Until). The instrument is required: scores on different scales (a 1–5 mean, a 10–50
// sum) cannot be added up.
type TrustFilter struct {
	InstrumentID  int64
	CaseManagerID int64
	TeamID        int64
	Since         time.Time
	Until         time.Time
	// IdentifiedOnly leaves out anonymous answers: a case manager's own figures, beside which
	// they see each named answer, must not let them work out an anonymous one by subtraction.
	IdentifiedOnly bool
}

// MaxTrustSpan bounds an aggregate's time range.
const MaxTrustSpan = 5 * 366 * 24 * time.Hour

// Validate checks the filter.
func (f TrustFilter) Validate() error {
	switch {
	case f.InstrumentID <= 0:
		return Errorf(EINVALID, "instrument is required")
	case f.CaseManagerID < 0 || f.TeamID < 0:
		return Errorf(EINVALID, "case manager and team IDs must not be negative")
	case f.CaseManagerID != 0 && f.TeamID != 0:
		return Errorf(EINVALID, "choose a case manager or a team, not both")
	case f.Since.IsZero() || f.Until.IsZero() || !f.Since.Before(f.Until):
		return Errorf(EINVALID, "the start of the time range must be before its end")
	case f.Until.Sub(f.Since) > MaxTrustSpan:
		return Errorf(EINVALID, "trust aggregates cover at most five years")
	}
	return nil
}

// ScoreSums are the sufficient statistics of a set of scores: enough for the mean, the
// standard deviation and a confidence interval (stats.MeanFromSums), and they add up across
// groups, so the database returns three numbers per group instead of every score.
type ScoreSums struct {
	N     int
	Sum   float64
	SumSq float64
}

// Add returns the sums of both sets.
func (s ScoreSums) Add(o ScoreSums) ScoreSums {
	return ScoreSums{N: s.N + o.N, Sum: s.Sum + o.Sum, SumSq: s.SumSq + o.SumSq}
}

// Mean is the mean score; NaN when N is zero.
func (s ScoreSums) Mean() float64 {
	if s.N == 0 {
		return math.NaN()
	}
	return s.Sum / float64(s.N)
}

// TrustPeriod is one calendar month (UTC) of a trust series.
type TrustPeriod struct {
	Start time.Time // the first of the month, midnight UTC
	ScoreSums
}

// ScoreCount is how many responses had exactly one score.
type ScoreCount struct {
	Score float64
	Count int
}

// TrustDistribution is how a group's scores are spread over the instrument's range, for a
// histogram and an honest look at ceiling effects.
type TrustDistribution struct {
	Min, Max float64      // the instrument's possible range (its first subscale)
	Counts   []ScoreCount // each score that occurs, ascending
}

// N is the number of scores counted.
func (d TrustDistribution) N() int {
	n := 0
	for _, c := range d.Counts {
		n += c.Count
	}
	return n
}

// Scores expands the counts into one value per response, ascending, for the statistics that
// take a list (stats.CeilingFloor, stats.NewHistogram).
func (d TrustDistribution) Scores() []float64 {
	out := make([]float64, 0, d.N())
	for _, c := range d.Counts {
		for range c.Count {
			out = append(out, c.Score)
		}
	}
	return out
}

// StaffTrust is one case manager's sums over a filter's range.
type StaffTrust struct {
	CaseManagerID int64
	ScoreSums
}
