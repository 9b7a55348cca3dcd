package engine

import "slices"

// resolveOverlaps removes findings that contradict a stronger one on the same sentence: praise
// inside a judgement is sarcasm ("Great job, you missed another week"), and a sentence that is
// advice, a judgement or pity is not also information.
func (j *job) resolveOverlaps() {
	x := overlapIndex{minimizing: j.spansOf(Minimizing), dismissive: j.spansOf(Dismissive)}
	drop := make([]bool, len(j.findings))
	for k, f := range j.findings {
		drop[k] = j.overridden(f, x)
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

// overlapIndex holds the spans that other findings are compared with, sorted by start, so that
// each comparison is a binary search: on a long text, comparing every finding with every other
// was quadratic (1 MB took 14 s).
type overlapIndex struct{ minimizing, dismissive []Span }

// from returns the spans that start at or after r.
func from(spans []Span, r int) []Span {
	k, _ := slices.BinarySearchFunc(spans, r, func(s Span, r int) int { return s.Start - r })
	return spans[k:]
}

func (j *job) overridden(f Finding, x overlapIndex) bool {
	i := j.sentOf(f.Start)
	if f.Code == AdviceWithoutPermission && mostlyDismissal(f, x.dismissive) {
		return true
	}
	// "In the same boat" normalises, and said to play a worry down it minimises: the same words
	// are not shown as a skill and a pitfall at once. Other words of the sentence may still
	// carry the understanding ("Loads of families…").
	if f.Code == Interpretation && sameSpan(f, x.minimizing) {
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
func mostlyDismissal(advice Finding, dismissals []Span) bool {
	for _, d := range from(dismissals, advice.Start) {
		if d.Start >= advice.End {
			break
		}
		if d.End <= advice.End && 2*(d.End-d.Start) >= advice.End-advice.Start {
			return true
		}
	}
	return false
}

// sameSpan reports a span of the sorted list on exactly f's words.
func sameSpan(f Finding, spans []Span) bool {
	rest := from(spans, f.Start)
	return len(rest) > 0 && slices.Contains(rest[:sameStart(rest)], Span{f.Start, f.End})
}

// sameStart counts the spans at the head of a sorted list that start where the first does.
func sameStart(spans []Span) int {
	n := 0
	for n < len(spans) && spans[n].Start == spans[0].Start {
		n++
	}
	return n
}
