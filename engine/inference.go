package engine

import "github.com/rapporthq/rapport/syntax"

// inferredFeeling finds a feeling inferred for the person: "That must sting", "Answering it
// over and over must be heartbreaking", "Sitting there watching the door sounds incredibly
// lonely", "I bet your heart sinks". The phrase rules list the common wordings; this catches the
// long tail, since a feeling word shortly after "must", "sounds", "I bet" or "that would have"
// reads the person.
// "I must say" and "we must" are the writer's own duty, and a note's "must" is an order, so
// both are left out.
func (j *job) inferredFeeling(i int) {
	if j.kind == KindNote || j.has(i, Interpretation) && !j.onlyWeak(i, Interpretation) {
		return
	}
	s := &j.sents[i]
	ws := s.words
	for k := 1; k < len(ws); k++ {
		if !infers(ws, k) || s.quoted(ws[k].tok) {
			continue
		}
		m := feelingAfter(ws, k+1)
		if m < 0 || negatedBefore(ws, m) {
			continue
		}
		sp := span(s.Tokens, ws, k-1, m+1)
		j.add(Finding{Code: Interpretation, Start: sp.Start, End: sp.End, Confidence: 0.75, strength: 2,
			Reason: "Names what this is likely to feel like for them, which shows you understood."})
		return
	}
}

// infers reports a word at k that introduces an inference about someone else.
func infers(ws []word, k int) bool {
	switch ws[k].w {
	case "must":
		return ws[k-1].w != "i" && ws[k-1].w != "we"
	case "sounds", "sound":
		return ws[k-1].w != "i" && ws[k-1].w != "that" // "that sounds …" has its own rules
	case "bet":
		return ws[k-1].w == "i"
	case "would":
		// "That would have stung": a guess at how it felt, not a plan or an offer.
		return ws[k-1].w == "that" || ws[k-1].w == "it" || ws[k-1].w == "this"
	}
	return false
}

// feelingAfter returns the position of a feeling word within the few words after an inference
// that "be", "have been", "feel", "like it" or an intensifier may take, or -1.
func feelingAfter(ws []word, from int) int {
	for m := from; m < len(ws) && m < from+5; m++ {
		w := ws[m].w
		switch {
		case syntax.FeelingWords[w] && !feelVerbs[w] && w != "feelings", inferredVerbs[w], inferredStates[w]:
			return m
		case feelVerbs[w] && m+1 < len(ws) && ws[m+1].w == "like":
			// "must feel like the rug's been pulled": a likeness for their experience.
			return m + 1
		case w == "like" && m > from && (ws[m-1].w == "been" || ws[m-1].w == "be"):
			// "must have been like being hit by a truck"
			return m
		case feelVerbs[w] || inferenceFillers[w] || ws[m].soft:
			continue
		}
		return -1
	}
	return -1
}

// inferenceFillers may stand between the inference and the feeling: "must have been", "sounds
// like it really", "I bet you were".
var inferenceFillers = map[string]bool{"be": true, "have": true, "been": true, "like": true, "it": true,
	"you": true, "your": true, "heart": true, "was": true, "were": true, "is": true, "are": true, "almost": true,
	"make": true, "makes": true, "a": true, "bit": true, "little": true, "such": true}

// inferredVerbs and inferredStates are what an inference names beyond syntax.FeelingWords:
// "that must sting", "it must have brought it all back", "it must feel strange", "must be agony".
var inferredVerbs = map[string]bool{"sting": true, "stings": true, "hurt": true, "hurts": true, "ache": true,
	"grate": true, "rankle": true, "gut": true, "kill": true, "weigh": true, "haunt": true, "wear": true,
	"drag": true, "eat": true, "smart": true, "brought": true, "sinks": true, "sank": true, "breaks": true,
	"stung": true, "knocked": true, "eating": true, "killing": true, "weighing": true, "wearing": true, "tearing": true, "gnawing": true}

var inferredStates = map[string]bool{"empty": true, "eerie": true, "unreal": true, "agony": true, "torture": true, "hell": true, "isolating": true, "enormous": true, "heartbreaking": true, "strange": true, "weird": true, "surreal": true,
	"awful": true, "horrible": true, "terrible": true, "frightening": true, "unbearable": true, "agonising": true,
	"agonizing": true, "gutting": true, "crushing": true, "galling": true, "maddening": true, "infuriating": true,
	"bittersweet": true, "daunting": true, "disorienting": true, "humiliating": true, "brutal": true,
	"lonely": true, "odd": true, "bewildering": true, "draining": true, "relentless": true, "gruelling": true,
	"grueling": true, "unsettling": true, "nerve-wracking": true, "nerve-racking": true, "devastating": true,
	"demoralising": true, "demoralizing": true, "deflating": true, "soul-destroying": true, "mix": true}

// selfView reports words in which a person gives their own view of themselves or of a fear:
// "I feel…", "I think…", "I'm so stupid", "I'm scared they…".
func selfView(ws []word) bool {
	for k := 0; k+1 < len(ws); k++ {
		if ws[k].w != "i" {
			continue
		}
		if viewVerbs[ws[k+1].w] {
			return true
		}
		if ws[k+1].w == "am" {
			for m := k + 2; m < len(ws) && m <= k+4; m++ {
				if syntax.FeelingWords[ws[m].w] || selfJudgements[ws[m].w] {
					return true
				}
			}
		}
	}
	return false
}

var viewVerbs = map[string]bool{"feel": true, "think": true, "believe": true, "reckon": true, "suppose": true,
	"guess": true, "know": true, "worry": true, "fear": true}

var selfJudgements = map[string]bool{"stupid": true, "useless": true, "failure": true, "burden": true, "ridiculous": true,
	"silly": true, "pathetic": true, "lazy": true, "weak": true, "crazy": true, "mad": true, "idiot": true, "worthless": true}
