package engine

// resolveOverlaps removes findings that contradict a stronger one on the same sentence: praise
// inside a judgement is sarcasm ("Great job, you missed another week"), and a sentence that is
// advice, a judgement or pity is not also information.
func (j *job) resolveOverlaps() {
	drop := make([]bool, len(j.findings))
	for k, f := range j.findings {
		drop[k] = j.overridden(f)
	}
	out := j.findings[:0]
	for k, f := range j.findings {
		if !drop[k] {
			out = append(out, f)
		}
	}
	j.findings = out
}

var overriddenBy = map[Code][]Code{
	Affirmation:       {Judgment},
	Validation:        {Judgment, Dismissive},
	Interpretation:    {Dismissive},                         // "I understand, calm down" understands nothing
	EmotionalReaction: {SympathyPity, Dismissive, Judgment}, // "I'm disappointed, we talked about this"
	Information:       {AdviceWithoutPermission, AdviceWithPermission, Judgment, BoundaryRisk},
	OfferOfHelp:       {BoundaryRisk},
	SelfDisclosure:    {BoundaryRisk},
	// "Why didn't you call me?" asks in order to blame, not to understand.
	Exploration: {Judgment},
	// "You should be ashamed" is a judgement, not advice.
	AdviceWithoutPermission: {Judgment},
}

func (j *job) overridden(f Finding) bool {
	i := j.sentOf(f.Start)
	for _, stronger := range overriddenBy[f.Code] {
		if j.has(i, stronger) {
			return true
		}
	}
	return false
}
