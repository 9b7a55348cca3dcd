package rapport

import (
	"math"
	"time"
)

// Trends are a staff member's numbers over time, taken from the analyses stored with the notes
// and messages they wrote: staff-level aggregates that name no client. docs/trends.md says how
// each number is computed and why.

// TrendBucket is the length of one period of a trend.
type TrendBucket string

// Buckets. Weeks start on Monday and months on the 1st, at midnight UTC.
const (
	BucketWeek  TrendBucket = "week"
	BucketMonth TrendBucket = "month"
)

// weeklyUpTo is the longest span of data shown week by week: up to about three months a week
// is a readable point (13 of them); beyond, weeks get too many and too noisy, so months are used.
const weeklyUpTo = 16 * 7 * 24 * time.Hour

// ChooseBucket picks weeks when the data from first (the earliest note) to until spans
// weeklyUpTo or less, and months otherwise.
func ChooseBucket(first, until time.Time) TrendBucket {
	if until.Sub(first) <= weeklyUpTo {
		return BucketWeek
	}
	return BucketMonth
}

// Start returns the start of the period that contains t.
func (b TrendBucket) Start(t time.Time) time.Time {
	t = t.UTC()
	if b == BucketMonth {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // back to Monday
}

// Next returns the start of the period after the one starting at start.
func (b TrendBucket) Next(start time.Time) time.Time {
	if b == BucketMonth {
		return start.AddDate(0, 1, 0)
	}
	return start.AddDate(0, 0, 7)
}

// MaxTrendSpan bounds a trend's time range, and MaxTrendAuthors the staff in one query.
const (
	MaxTrendSpan    = 2 * 366 * 24 * time.Hour
	MaxTrendAuthors = MaxPageSize
)

// TrendFilter selects the notes and messages written by the authors in [Since, Until).
type TrendFilter struct {
	AuthorIDs []int64
	Since     time.Time
	Until     time.Time
}

// Validate checks the filter.
func (f TrendFilter) Validate() error {
	switch {
	case len(f.AuthorIDs) > MaxTrendAuthors:
		return Errorf(EINVALID, "trends cover at most %d staff at a time", MaxTrendAuthors)
	case f.Since.IsZero() || f.Until.IsZero() || !f.Since.Before(f.Until):
		return Errorf(EINVALID, "the start of the time range must be before its end")
	case f.Until.Sub(f.Since) > MaxTrendSpan:
		return Errorf(EINVALID, "trends cover at most two years")
	}
	for _, id := range f.AuthorIDs {
		if err := checkID("author", id); err != nil {
			return err
		}
	}
	return nil
}

// LevelMeans are mean empathy ratings, each from 0 (none) to 2 (strong).
type LevelMeans struct {
	Emotional     float64
	Cognitive     float64
	Exploration   float64
	Compassionate float64
}

// TrendStats is what a set of analysed notes and messages adds up to. Notes without a stored
// analysis are not counted.
type TrendStats struct {
	Notes         int
	MeanScore     float64 // the engine's overall score, 0–100; zero when Notes is zero
	Levels        LevelMeans
	OpenQuestions int
	Questions     int // open and closed
	Pitfalls      int // findings whose code is a pitfall
}

// OpenQuestionRate is the percentage of questions that were open, pooled over the notes (a
// note with many questions weighs more than one with one); NaN when there were no questions.
func (s TrendStats) OpenQuestionRate() float64 {
	if s.Questions == 0 {
		return math.NaN()
	}
	return 100 * float64(s.OpenQuestions) / float64(s.Questions)
}

// PitfallsPer100 is the number of pitfall findings per 100 notes; NaN when there are no notes.
func (s TrendStats) PitfallsPer100() float64 {
	if s.Notes == 0 {
		return math.NaN()
	}
	return 100 * float64(s.Pitfalls) / float64(s.Notes)
}

// TrendPeriod is one week or month of a trend.
type TrendPeriod struct {
	Start time.Time
	TrendStats
}

// CodeCount is how often one behaviour code was found.
type CodeCount struct {
	Code  string
	Count int
}

// SuggestionCount is how often the engine made one suggestion: the same code and text.
type SuggestionCount struct {
	Code  string
	Text  string
	Count int
}

// MaxTrendSuggestions is how many of the most frequent suggestions a trend lists.
const MaxTrendSuggestions = 10

// Trends is one staff member's trends over a time range.
type Trends struct {
	AuthorID int64
	Since    time.Time
	Until    time.Time
	Bucket   TrendBucket
	// Periods run from the period of the earliest note in the range to the period holding
	// Until, empty ones included; none when there are no notes.
	Periods        []TrendPeriod
	Total          TrendStats
	PitfallsByCode []CodeCount       // most frequent first
	Suggestions    []SuggestionCount // the MaxTrendSuggestions most frequent, most first
}

// StaffTrend is one staff member's totals over a time range.
type StaffTrend struct {
	UserID int64
	TrendStats
}
