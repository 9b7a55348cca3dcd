package training

import (
	"testing"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/engine"
)

func TestPitfallRates(t *testing.T) {
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	trs := []annomi.Transcript{
		{ID: "1", Quality: "high", Utterances: []annomi.Utterance{
			{Text: "I've been drinking more since the layoff."},
			{Therapist: true, Text: "What has that been like for you?"},
			{Text: "Hard."},
			{Therapist: true, Text: "So you're more focused on what you need to do to get through it."},
		}},
		{ID: "2", Quality: "low", Utterances: []annomi.Utterance{
			{Text: "I keep missing my appointments."},
			{Therapist: true, Text: "You're being lazy. You need to stop drinking."},
		}},
	}
	got, err := PitfallRates(a, trs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Quality != "high" || got[1].Quality != "low" {
		t.Fatalf("groups %+v", got)
	}
	if got[0].Turns != 2 || got[0].Flagged != 0 {
		t.Errorf("high: %+v, want 2 turns and none flagged", got[0])
	}
	if got[1].Turns != 1 || got[1].Flagged != 1 || got[1].ByCode["judgment"] != 1 || got[1].ByCode["advice_without_permission"] != 1 {
		t.Errorf("low: %+v, want its one turn flagged for judgement and advice", got[1])
	}
}
