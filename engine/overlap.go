package engine

// resolveOverlaps removes findings that contradict a stronger one on the same sentence: praise
// inside a judgement is sarcasm ("Great job, you missed another week"), and a sentence that is
// advice, a judgement or pity is not also information.
func (j *job) resolveOverlaps() {
	out := j.findings[:0]
	for _, f := range j.findings {
		if !j.overridden(f) {
			out = append(out, f)
		}
	}
	j.findings = out
}

var overriddenBy = map[Code][]Code{
	Affirmation:       {Judgment},
	Validation:        {Judgment, Dismissive},
	EmotionalReaction: {SympathyPity, Dismissive},
	Information:       {AdviceWithoutPermission, AdviceWithPermission, Judgment, BoundaryRisk},
	OfferOfHelp:       {BoundaryRisk},
	SelfDisclosure:    {BoundaryRisk},
	// "You should be ashamed" is a judgement, not advice.
	AdviceWithoutPermission: {Judgment},
}

func (j *job) overridden(f Finding) bool {
	for _, stronger := range overriddenBy[f.Code] {
		for _, g := range j.findings {
			if g.Code == stronger && j.sameSentence(f, g) {
				return true
			}
		}
	}
	return false
}

func (j *job) sameSentence(a, b Finding) bool {
	for _, s := range j.sents {
		if a.Start >= s.Start && a.Start < s.End {
			return b.Start >= s.Start && b.Start < s.End
		}
	}
	return false
}
