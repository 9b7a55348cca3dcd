package rapport

import (
	"math"
	"testing"
	"time"
)

func TestTrendBuckets(t *testing.T) {
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		b           TrendBucket
		t           time.Time
		start, next time.Time
	}{
		{BucketWeek, at(2025, 3, 14, 9), at(2025, 3, 10, 0), at(2025, 3, 17, 0)},                                                // a Friday: back to Monday
		{BucketWeek, at(2025, 3, 10, 0), at(2025, 3, 10, 0), at(2025, 3, 17, 0)},                                                // a Monday at midnight
		{BucketWeek, at(2025, 3, 16, 23), at(2025, 3, 10, 0), at(2025, 3, 17, 0)},                                               // a Sunday night
		{BucketWeek, at(2026, 1, 1, 12), at(2025, 12, 29, 0), at(2026, 1, 5, 0)},                                                // across a year
		{BucketMonth, at(2025, 3, 14, 9), at(2025, 3, 1, 0), at(2025, 4, 1, 0)},                                                 //
		{BucketMonth, at(2024, 12, 31, 23), at(2024, 12, 1, 0), at(2025, 1, 1, 0)},                                              // across a year
		{BucketWeek, time.Date(2025, 3, 17, 1, 0, 0, 0, time.FixedZone("UTC+2", 7200)), at(2025, 3, 10, 0), at(2025, 3, 17, 0)}, // Sunday in UTC
	} {
		start := tc.b.Start(tc.t)
		if !start.Equal(tc.start) || !tc.b.Next(start).Equal(tc.next) {
			t.Errorf("%s of %v: start %v next %v, want %v and %v", tc.b, tc.t, start, tc.b.Next(start), tc.start, tc.next)
		}
	}
	now := at(2025, 6, 1, 0)
	if b := ChooseBucket(now.Add(-weeklyUpTo), now); b != BucketWeek {
		t.Errorf("16 weeks of data: %s, want week", b)
	}
	if b := ChooseBucket(now.Add(-weeklyUpTo-time.Hour), now); b != BucketMonth {
		t.Errorf("over 16 weeks of data: %s, want month", b)
	}
}

func TestTrendStatsRates(t *testing.T) {
	s := TrendStats{Notes: 8, OpenQuestions: 3, Questions: 4, Pitfalls: 6}
	if s.OpenQuestionRate() != 75 || s.PitfallsPer100() != 75 {
		t.Errorf("rates %v and %v, want 75 and 75", s.OpenQuestionRate(), s.PitfallsPer100())
	}
	var none TrendStats
	if !math.IsNaN(none.OpenQuestionRate()) || !math.IsNaN(none.PitfallsPer100()) {
		t.Error("rates without questions or notes should be NaN (no value), not zero")
	}
}

func TestTrendFilterValidate(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	ok := TrendFilter{AuthorIDs: []int64{1}, Since: now.AddDate(-1, 0, 0), Until: now}
	if err := ok.Validate(); err != nil {
		t.Errorf("a year of one author: %v", err)
	}
	for name, f := range map[string]TrendFilter{
		"reversed":    {AuthorIDs: []int64{1}, Since: now, Until: now.AddDate(0, -1, 0)},
		"empty range": {AuthorIDs: []int64{1}, Since: now, Until: now},
		"no start":    {AuthorIDs: []int64{1}, Until: now},
		"too long":    {AuthorIDs: []int64{1}, Since: now.AddDate(-3, 0, 0), Until: now},
		"bad author":  {AuthorIDs: []int64{0}, Since: ok.Since, Until: now},
		"too many":    {AuthorIDs: make([]int64, MaxTrendAuthors+1), Since: ok.Since, Until: now},
	} {
		if ErrorCode(f.Validate()) != EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, f.Validate())
		}
	}
}
