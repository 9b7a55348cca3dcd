package training

import (
	"fmt"
	"slices"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/evaluation"
)

// PitfallGroup counts the pitfall findings in the practitioner turns of the sessions of one rated
// quality.
type PitfallGroup struct {
	Quality string         `json:"quality"`
	Turns   int            `json:"turns"`
	Flagged int            `json:"flagged"` // turns with at least one pitfall finding
	ByCode  map[string]int `json:"by_code"` // findings of each pitfall code
}

// PitfallRates analyses every transcript as "rapport transcript" does (each practitioner turn in
// the context of the client's turn before it, permission carried across turns) and counts the
// pitfall findings in practitioner turns by the quality of the session, high first. Pitfalls come from
// the hand-written rules and the lexicon, not from the models trained on these transcripts, so
// the counts measure the rules on counselling they were not written from: skilled counsellors
// rarely judge, dismiss or advise unasked, and a rule that often fires on their words is one to
// read again.
func PitfallRates(a *engine.Analyzer, trs []annomi.Transcript) ([]PitfallGroup, error) {
	groups := map[string]*PitfallGroup{}
	var order []string
	for _, t := range trs {
		g := groups[t.Quality]
		if g == nil {
			g = &PitfallGroup{Quality: t.Quality, ByCode: map[string]int{}}
			groups[t.Quality] = g
			order = append(order, t.Quality)
		}
		c, err := a.AnalyzeConversation(Turns(t))
		if err != nil {
			return nil, fmt.Errorf("transcript %s: %w", t.ID, err)
		}
		for _, tr := range c.Turns {
			if !tr.Practitioner {
				continue
			}
			g.Turns++
			if tr.Analysis == nil {
				continue
			}
			flagged := false
			for _, f := range tr.Analysis.Findings {
				if f.Code.Pitfall() {
					g.ByCode[string(f.Code)]++
					flagged = true
				}
			}
			if flagged {
				g.Flagged++
			}
		}
	}
	out := make([]PitfallGroup, 0, len(order))
	for _, q := range []string{"high", "low"} {
		if g := groups[q]; g != nil {
			out = append(out, *g)
		}
	}
	for _, q := range order {
		if q != "high" && q != "low" {
			out = append(out, *groups[q])
		}
	}
	return out, nil
}

// Advice is the task name of AdviceAgreement: the engine's advice findings against AnnoMI's
// coding of therapist input as advice.
const Advice = "advice"

// AdviceSplit keeps the transcripts of one half: "dev" (even ids), "test" (odd ids) or "" (all).
// The halves let rules be written from one and measured on the other.
func AdviceSplit(trs []annomi.Transcript, split string) ([]annomi.Transcript, error) {
	if split == "" {
		return trs, nil
	}
	if split != "dev" && split != "test" {
		return nil, fmt.Errorf("the advice task's splits are dev (even transcript ids) and test (odd), not %q", split)
	}
	var out []annomi.Transcript
	for _, t := range trs {
		if odd(t.ID) == (split == "test") {
			out = append(out, t)
		}
	}
	return out, nil
}

// odd reads the parity of a numeric id from its last digit.
func odd(id string) bool {
	return id != "" && id[len(id)-1]%2 == 1
}

// AdviceAgreement analyses every transcript as "rapport transcript" does and compares, turn by
// turn, whether the engine found advice (given with or without permission) with whether AnnoMI's
// coders coded the turn's therapist input as advice. The engine's advice comes from hand-written
// rules, never from a model trained on AnnoMI, so the whole corpus is fresh data for it.
func AdviceAgreement(a *engine.Analyzer, trs []annomi.Transcript) (evaluation.Report, error) {
	var gold, pred []string
	for _, t := range trs {
		c, err := a.AnalyzeConversation(Turns(t))
		if err != nil {
			return evaluation.Report{}, fmt.Errorf("transcript %s: %w", t.ID, err)
		}
		for i, tr := range c.Turns {
			if !tr.Practitioner {
				continue
			}
			gold = append(gold, adviceLabel(t.Utterances[i].Input == "advice"))
			pred = append(pred, adviceLabel(advises(tr.Analysis)))
		}
	}
	return evaluation.Score(Advice, gold, pred, []string{Advice, "none"}), nil
}

func adviceLabel(b bool) string {
	if b {
		return Advice
	}
	return "none"
}

func advises(an *engine.Analysis) bool {
	return an != nil && slices.ContainsFunc(an.Findings, func(f engine.Finding) bool {
		return f.Code == engine.AdviceWithPermission || f.Code == engine.AdviceWithoutPermission
	})
}
