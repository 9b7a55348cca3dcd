package training

import (
	"fmt"
	"testing"

	"github.com/rapporthq/rapport/annomi"
)

// sessionTurn is one therapist turn and its codes, after a client turn.
type sessionTurn struct{ text, behaviour, sub string }

func codedTranscript(id, quality string, turns []sessionTurn) annomi.Transcript {
	t := annomi.Transcript{ID: id, Quality: quality}
	for _, x := range turns {
		u := annomi.Utterance{Therapist: true, Text: x.text, Behaviour: x.behaviour, Quality: quality}
		switch x.behaviour {
		case "question":
			u.Question = x.sub
		case "reflection":
			u.Reflection = x.sub
		}
		t.Utterances = append(t.Utterances,
			annomi.Utterance{Text: "I've been drinking more since the divorce, most nights now.", Quality: quality}, u)
	}
	return t
}

// Skilled sessions listen; poor ones lecture, label and brush off. Each transcript carries every
// label, so every fold's models have all of them to learn. The score must rank every skilled
// session above every poor one, out of fold, and the metric comparison must cover every session.
func TestSessionAUC(t *testing.T) {
	skilled := []sessionTurn{
		{"What do you make of that?", "question", "open"},
		{"It sounds like the drinking helps you get through the long evenings on your own.", "reflection", "complex"},
		{"Did you drink last night?", "question", "closed"},
		{"You're drinking more.", "reflection", "simple"},
		{"Okay.", "other", ""},
		{"Some people find it easier to cut down at home first.", "therapist_input", ""},
	}
	poor := []sessionTurn{
		{"Why can't you just stop?", "question", "open"},
		{"Honestly, you're being lazy about this and it's your own fault.", "reflection", "complex"},
		{"Did you drink again?", "question", "closed"},
		{"You drink too much.", "reflection", "simple"},
		{"Don't worry, everyone drinks too much sometimes.", "other", ""},
		{"You need to stop drinking right now, it's ruining your life.", "therapist_input", ""},
	}
	var trs []annomi.Transcript
	for i := 0; i < 5; i++ {
		trs = append(trs, codedTranscript(fmt.Sprint("h", i), "high", skilled), codedTranscript(fmt.Sprint("l", i), "low", poor))
	}
	r, err := SessionAUC(trs, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.High != 5 || r.Low != 5 || r.Folds != 5 || len(r.Sessions) != 10 {
		t.Fatalf("counts: %+v", r)
	}
	if r.AUC != 1 || r.MeanHigh <= r.MeanLow {
		t.Errorf("AUC %.2f, mean high %.1f, low %.1f; want skilled sessions all above poor ones", r.AUC, r.MeanHigh, r.MeanLow)
	}
	if len(r.Agreement) != len(sessionMetrics) {
		t.Fatalf("%d metrics compared, want %d", len(r.Agreement), len(sessionMetrics))
	}
	for _, a := range r.Agreement {
		if a.N == 0 || a.N > 10 {
			t.Errorf("%s compared on %d sessions", a.Metric, a.N)
		}
	}
}
