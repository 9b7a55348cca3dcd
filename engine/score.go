package engine

import "math"

// overall builds the 0–100 score a person reads at a glance (docs/behaviours.md, "The score").
//
// For messages and spoken turns it starts from a neutral 50, adds up to 40 for the empathy
// levels (5 points per level step, 4 levels × 2 steps), adds up to 10 for other skills, and takes
// off a penalty for each pitfall, weighted by how much it harms trust and by the finding's
// confidence. A note for the record is not expected to show empathy to its reader, so it starts
// at 90 and only pitfalls move it.
func overall(kind Kind, l Levels, fs []Finding) int {
	score := 50.0
	if kind == KindNote {
		score = 90
	} else {
		score += 5 * float64(l.Emotional.Rating+l.Cognitive.Rating+l.Exploration.Rating+l.Compassionate.Rating)
		score += skillBonus(fs)
	}
	for _, f := range fs {
		score -= penalty[f.Code] * f.Confidence
	}
	return int(math.Round(math.Max(0, math.Min(100, score))))
}

// penalty is how many points one pitfall costs at full confidence. Judgement, stigma and
// boundary crossings cost most: each alone can end a client's trust.
var penalty = map[Code]float64{
	Judgment: 25, StigmatizingLanguage: 20, BoundaryRisk: 25, Dismissive: 20, Minimizing: 12,
	SympathyPity: 12, ButCancel: 10, AdviceWithoutPermission: 10, Jargon: 4,
}

// skillBonus gives up to 10 points for skills outside the four levels.
func skillBonus(fs []Finding) float64 {
	b := 0.0
	for _, f := range fs {
		switch f.Code {
		case OpenQuestion, SimpleReflection, Affirmation, AutonomySupport, AskingPermission, AdviceWithPermission:
			b += 4
		case ComplexReflection:
			b += 5
		}
	}
	return math.Min(10, b)
}
