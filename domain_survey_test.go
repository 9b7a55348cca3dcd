package rapport

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestSurveyLanguageFor(t *testing.T) {
	for in, want := range map[string]string{
		"Spanish": "es", " español ": "es", "es": "es", "es-MX": "es", "Spanish (Mexico)": "es", "Castellano": "es",
		"English": "en", "": "en", "Vietnamese": "en", "Estonian": "en", "esperanto": "en",
	} {
		if got := SurveyLanguageFor(in); got != want {
			t.Errorf("SurveyLanguageFor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInvitationUsable(t *testing.T) {
	now := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		inv  Invitation
		want error
	}{
		{"open", Invitation{ExpiresAt: now.Add(time.Second)}, nil},
		{"expires now", Invitation{ExpiresAt: now}, ErrInvitationExpired},
		{"no expiry fails closed", Invitation{}, ErrInvitationExpired},
		{"used", Invitation{ExpiresAt: now.Add(time.Hour), UsedAt: now.Add(-time.Minute)}, ErrInvitationUsed},
		{"used and expired says used", Invitation{ExpiresAt: now.Add(-time.Hour), UsedAt: now.Add(-2 * time.Hour)}, ErrInvitationUsed},
	}
	for _, tt := range tests {
		if got := tt.inv.Usable(now); !errors.Is(got, tt.want) {
			t.Errorf("%s: Usable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRespondentMay(t *testing.T) {
	for _, rt := range []RecordType{RecordSurveyInvitation, RecordSurveyResponse, RecordConcern} {
		if !RespondentMay(rt) {
			t.Errorf("a respondent may not touch %s", rt)
		}
	}
	for _, rt := range []RecordType{RecordClient, RecordNote, RecordGoal, RecordAuditLog, RecordSurveyInstrument, RecordUser} {
		if RespondentMay(rt) {
			t.Errorf("a respondent may touch %s", rt)
		}
	}
	if err := (Actor{UserID: 0, Role: RoleRespondent}).Validate(); ErrorCode(err) != EUNAUTHORIZED {
		t.Errorf("Actor.Validate accepts the respondent: %v", err)
	}
}

func TestSurveyResponseValidateCompletion(t *testing.T) {
	valid := func() SurveyResponse { return SurveyResponse{Answers: []byte("{}"), Score: new(4.2)} }
	tests := []struct {
		name string
		edit func(*SurveyResponse)
		ok   bool
	}{
		{"valid", func(*SurveyResponse) {}, true},
		{"no score", func(r *SurveyResponse) { r.Score = nil }, true},
		{"no answers", func(r *SurveyResponse) { r.Answers = nil }, false},
		{"huge answers", func(r *SurveyResponse) { r.Answers = make([]byte, MaxSurveyAnswersBytes+1) }, false},
		{"NaN score", func(r *SurveyResponse) { r.Score = new(math.NaN()) }, false},
		{"long comment", func(r *SurveyResponse) { r.Comment = strings.Repeat("é", MaxSurveyComment+1) }, false},
		{"NUL in comment", func(r *SurveyResponse) { r.Comment = "a\x00b" }, false},
	}
	for _, tt := range tests {
		r := valid()
		tt.edit(&r)
		if err := r.ValidateCompletion(); (err == nil) != tt.ok {
			t.Errorf("%s: ValidateCompletion = %v", tt.name, err)
		}
	}
}

func TestScoreSums(t *testing.T) {
	s := ScoreSums{N: 2, Sum: 9, SumSq: 41}.Add(ScoreSums{N: 1, Sum: 3, SumSq: 9})
	if s != (ScoreSums{N: 3, Sum: 12, SumSq: 50}) || s.Mean() != 4 {
		t.Errorf("sums %+v, mean %v", s, s.Mean())
	}
	if !math.IsNaN((ScoreSums{}).Mean()) {
		t.Error("the mean of nothing is a number")
	}
	d := TrustDistribution{Counts: []ScoreCount{{Score: 4, Count: 2}, {Score: 5, Count: 1}}}
	if d.N() != 3 || len(d.Scores()) != 3 || d.Scores()[2] != 5 {
		t.Errorf("distribution N %d, scores %v", d.N(), d.Scores())
	}
}

func TestFlaggedConcernWords(t *testing.T) {
	if got := FlaggedConcernWords("I need help"); got != "Survey comment needs a prompt response: I need help" {
		t.Errorf("FlaggedConcernWords = %q", got)
	}
	long := FlaggedConcernWords(strings.Repeat("y", MaxSurveyComment) + strings.Repeat("x", MaxLongTextLen))
	c := Concern{ClientID: 1, Words: long, Status: ConcernOpen}
	if err := c.Validate(); err != nil || !strings.HasSuffix(long, "x…") {
		t.Errorf("a long comment's concern: %v", err)
	}
}
