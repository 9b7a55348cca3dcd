package engine

import "strconv"

// Predict gives the engine's label for one text on an evaluation task (see `rapport eval`):
// the learned tasks use their model, falling back to the rules when it is absent; the empathy
// tasks use the level ratings.
func (a *Analyzer) Predict(task, text, context string) string {
	if m := a.models[task]; m != nil {
		l, _ := m.Predict(text, context)
		return l
	}
	an, err := a.Analyze(Input{Text: text, Context: context, Kind: KindUtterance})
	if err != nil {
		an = Analysis{}
	}
	switch task {
	case "emotional-reaction":
		return strconv.Itoa(an.Levels.Emotional.Rating)
	case "interpretation":
		return strconv.Itoa(an.Levels.Cognitive.Rating)
	case "exploration":
		return strconv.Itoa(an.Levels.Exploration.Rating)
	case "behaviour":
		return behaviourFromFindings(an.Findings)
	case "question":
		return firstOf(an.Findings, OpenQuestion, "open", "closed")
	case "reflection":
		return firstOf(an.Findings, ComplexReflection, "complex", "simple")
	}
	return ""
}

func firstOf(fs []Finding, code Code, yes, no string) string {
	for _, f := range fs {
		if f.Code == code {
			return yes
		}
	}
	return no
}
