package engine

import "github.com/rapporthq/rapport/syntax"

// sorryForDiagnosis finds an apology for a disability or a neurodivergence the client has just
// named ("My son has autism." → "Oh no, I'm so sorry."): it treats who the person is as a
// tragedy, which is pity however kindly meant (see PRODUCT.md). Only a short apology after news
// of the diagnosis itself counts: sorrow for an event in the life of someone who is autistic or
// deaf ("I'm really sorry you lost him") is left alone.
func (j *job) sorryForDiagnosis() {
	for i, s := range j.sents {
		if j.has(i, EmotionalReaction) && !j.has(i, SympathyPity) && says(s.words, "sorry") && len(s.words) <= 8 {
			if !j.diagnosisNews() {
				return
			}
			j.flagSentence(i, SympathyPity, "Being sorry for a diagnosis like this casts it as a tragedy; thanking them for telling you and asking how they feel about it stands beside them.",
				&Suggestion{Kind: Replace, Start: s.Start, End: s.End, Text: "Thank you for telling me. How are you feeling about it?"})
			return
		}
	}
}

// diagnosisNews reports client words that give a disability or a neurodivergence as news: "my
// son has autism", "she's been diagnosed with ADHD", "they said he is deaf".
func (j *job) diagnosisNews() bool {
	c := j.ctxWords
	if !c["diagnosed"] && !c["diagnosis"] && !c["has"] && !c["is"] && !c["got"] {
		return false
	}
	for w := range disabilities {
		if c[w] {
			return true
		}
	}
	return (c["down"] || c["down's"]) && c["syndrome"] || c["learning"] && c["disability"]
}

var disabilities = syntax.Set(`autism autistic adhd dyslexia dyslexic dyspraxia dyspraxic palsy deaf tourette tourettes`)

func says(ws []word, w string) bool {
	for _, x := range ws {
		if x.w == w {
			return true
		}
	}
	return false
}
