package training

import (
	"fmt"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/engine"
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
