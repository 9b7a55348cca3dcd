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

func TestAdviceAgreement(t *testing.T) {
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	trs := []annomi.Transcript{
		{ID: "2", Quality: "high", Utterances: []annomi.Utterance{
			{Text: "What should I do about the cravings?"},
			// Asked for, so advice with permission: it still counts as advice.
			{Therapist: true, Text: "You could try chewing gum when they come.", Input: "advice"},
			{Text: "Maybe."},
			{Therapist: true, Text: "What else has helped before?"},
		}},
		{ID: "3", Quality: "low", Utterances: []annomi.Utterance{
			{Text: "I keep missing my appointments."},
			{Therapist: true, Text: "You need to stop drinking.", Input: "information"},
			{Text: "Okay."},
			{Therapist: true, Text: "Most people who cut down sleep better.", Input: "advice"},
		}},
	}
	r, err := AdviceAgreement(a, trs)
	if err != nil {
		t.Fatal(err)
	}
	// Gold advice: turns 1 and 4; found: turns 1 and 2.
	if r.N != 4 || r.Confusion[Advice][Advice] != 1 || r.Confusion[Advice]["none"] != 1 || r.Confusion["none"][Advice] != 1 {
		t.Errorf("confusion %v over %d turns", r.Confusion, r.N)
	}
	for split, want := range map[string]string{"dev": "2", "test": "3"} {
		got, err := AdviceSplit(trs, split)
		if err != nil || len(got) != 1 || got[0].ID != want {
			t.Errorf("split %s: %v %v", split, got, err)
		}
	}
	if all, _ := AdviceSplit(trs, ""); len(all) != 2 {
		t.Errorf("no split kept %d transcripts", len(all))
	}
	if _, err := AdviceSplit(trs, "train"); err == nil {
		t.Error("an unknown split was accepted")
	}
}
