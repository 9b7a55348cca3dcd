package engine

import "github.com/rapporthq/rapport/syntax"

// inferredFeeling finds a feeling inferred with "must": "That must sting", "Answering it over
// and over must be heartbreaking", "Starting over at 52 must feel strange". The phrase rules
// list the common adjectives; this catches the long tail, since any feeling word after "must"
// reads the person. "I must say" and "we must" are the writer's own duty, and a note's "must"
// is an order, so both are left out.
func (j *job) inferredFeeling(i int) {
	if j.kind == KindNote || j.has(i, Interpretation) && !j.onlyWeak(i, Interpretation) {
		return
	}
	s := &j.sents[i]
	ws := s.words
	for k := 1; k < len(ws); k++ {
		if ws[k].w != "must" || ws[k-1].w == "i" || ws[k-1].w == "we" || s.quoted(ws[k].tok) {
			continue
		}
		m := feelingAfterMust(ws, k+1)
		if m < 0 || negatedBefore(ws, m) {
			continue
		}
		sp := span(s.Tokens, ws, k-1, m+1)
		j.add(Finding{Code: Interpretation, Start: sp.Start, End: sp.End, Confidence: 0.75, strength: 2,
			Reason: "Names what this is likely to feel like for them, which shows you understood."})
		return
	}
}

// feelingAfterMust returns the position of a feeling word within the few words after "must"
// that "be", "have been", "feel" or an intensifier may take, or -1.
func feelingAfterMust(ws []word, from int) int {
	for m := from; m < len(ws) && m < from+4; m++ {
		w := ws[m].w
		switch {
		case syntax.FeelingWords[w] && w != "feel" && w != "feeling" && w != "feelings" && w != "felt",
			mustVerbs[w], mustAdjectives[w]:
			return m
		case w == "be" || w == "have" || w == "been" || w == "feel" || w == "feeling" || ws[m].soft:
			continue
		}
		return -1
	}
	return -1
}

// mustVerbs and mustAdjectives are what an inference names beyond syntax.FeelingWords: "that
// must sting", "it must feel strange".
var mustVerbs = map[string]bool{"sting": true, "hurt": true, "ache": true, "grate": true, "rankle": true,
	"gut": true, "kill": true, "weigh": true, "haunt": true, "wear": true, "drag": true, "eat": true, "smart": true}

var mustAdjectives = map[string]bool{"heartbreaking": true, "strange": true, "weird": true, "surreal": true,
	"awful": true, "horrible": true, "terrible": true, "frightening": true, "unbearable": true, "agonising": true,
	"agonizing": true, "gutting": true, "crushing": true, "galling": true, "maddening": true, "infuriating": true,
	"bittersweet": true, "daunting": true, "disorienting": true, "humiliating": true, "brutal": true, "rough": true,
	"lonely": true, "odd": true, "bewildering": true, "draining": true, "relentless": true, "gruelling": true,
	"grueling": true, "unsettling": true, "nerve-wracking": true, "nerve-racking": true, "devastating": true}
