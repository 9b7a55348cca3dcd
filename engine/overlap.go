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
	Validation:        {Judgment, Dismissive, SympathyPity}, // "Nobody should have to live like you do", said in pity
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
	if f.Code == AdviceWithoutPermission && j.mostlyDismissal(f) {
		return true
	}
	// "In the same boat" normalises, and said to play a worry down it minimises: the same words
	// are not shown as a skill and a pitfall at once. Other words of the sentence may still
	// carry the understanding ("Loads of families…").
	if f.Code == Interpretation && j.sameSpan(f, Minimizing) {
		return true
	}
	// A shared experience that turned the talk to the worker was kept for the level alone,
	// beside the boundary risk it is listed as (see sharedExperience).
	if f.Code == SelfDisclosure && f.levelOnly {
		return false
	}
	for _, stronger := range overriddenBy[f.Code] {
		if j.has(i, stronger) {
			return true
		}
	}
	return false
}

// mostlyDismissal reports advice that is, for the most part, an order not to feel ("You
// shouldn't think like that", "Just relax"): a dismissal, which its own finding rewrites, and not
// advice too. An instruction with a dismissal tacked on ("stay away from them and stop
// overthinking it") stays advice.
func (j *job) mostlyDismissal(advice Finding) bool {
	for _, d := range j.findings {
		if d.Code != Dismissive || d.Start < advice.Start || d.End > advice.End {
			continue
		}
		if 2*(d.End-d.Start) >= advice.End-advice.Start {
			return true
		}
	}
	return false
}

// sameSpan reports a finding of code c on exactly f's words.
func (j *job) sameSpan(f Finding, c Code) bool {
	for _, g := range j.findings {
		if g.Code == c && g.Start == f.Start && g.End == f.End {
			return true
		}
	}
	return false
}
