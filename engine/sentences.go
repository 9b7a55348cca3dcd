package engine

import (
	"github.com/rapporthq/rapport/syntax"
)

// questions codes sentence i as an open or closed question. Clear forms (what/how, tell me;
// do you/are you) are decided by syntax; forms the syntax cannot settle (declarative and tag
// questions) go to the question model trained on AnnoMI when it is present.
func (j *job) questions(i int) {
	s := j.sents[i]
	if s.form == syntax.NotQuestion {
		return
	}
	open, conf := s.form.Open(), 0.9
	if s.form == syntax.Declarative || s.form == syntax.TagQuestion {
		open, conf = false, 0.7
		if m := j.a.models["question"]; m != nil {
			_, p := m.Predict(s.Text, j.context)
			po := m.Prob(p, "open")
			open, conf = po >= 0.5, max(po, 1-po)
		}
	}
	if open {
		j.add(Finding{Code: OpenQuestion, Start: s.Start, End: s.End, Confidence: conf,
			Reason: "An open question invites the person to answer in their own words."})
		return
	}
	j.add(Finding{Code: ClosedQuestion, Start: s.Start, End: s.End, Confidence: conf,
		Reason: "A yes/no or one-fact question. Useful for details; an open question would let them tell you more."})
}

// statements codes a non-question sentence as a reflection or as information, when no rule has
// already said what it is.
func (j *job) statements(i int) {
	s := j.sents[i]
	if s.form != syntax.NotQuestion || j.kind == KindNote || j.claimed(i) {
		return
	}
	if j.context != "" && j.reflection(i) {
		return
	}
	if informational(s.words) {
		j.add(Finding{Code: Information, Start: s.Start, End: s.End, Confidence: 0.7,
			Reason: "Practical information: times, places, costs or how a service works."})
	}
}

// claimed reports a finding already covering sentence i that says what the sentence does.
func (j *job) claimed(i int) bool {
	for _, c := range []Code{AdviceWithoutPermission, AdviceWithPermission, Judgment, Dismissive, Minimizing,
		SympathyPity, BoundaryRisk, ButCancel, OfferOfHelp, AskingPermission, AutonomySupport, Validation,
		Affirmation, EmotionalReaction, Interpretation, Exploration, SelfDisclosure} {
		if j.has(i, c) {
			return true
		}
	}
	return false
}

// reflection decides whether sentence i gives back the client's words, and whether it adds
// meaning (complex) or mostly repeats them (simple).
func (j *job) reflection(i int) bool {
	s := j.sents[i]
	shared, added, newMeaning := j.overlap(s.words)
	addressed := addressesClient(s.words)
	isRefl := addressed && shared > 0
	if m := j.a.models["behaviour"]; m != nil {
		_, p := m.Predict(s.Text, j.context)
		pr := m.Prob(p, "reflection")
		isRefl = pr >= 0.5 || (pr >= 0.3 && isRefl)
	}
	if !isRefl {
		return false
	}
	complex := newMeaning > 0 || doubleSided(s.words) || added > 2*shared+2
	conf := 0.65
	if m := j.a.models["reflection"]; m != nil {
		_, p := m.Predict(s.Text, j.context)
		pc := m.Prob(p, "complex")
		complex, conf = pc >= 0.5, max(pc, 1-pc)
	}
	code, reason := SimpleReflection, "Gives back what the person said, so they know they were heard."
	if complex {
		code, reason = ComplexReflection, "Gives back what the person said and adds the meaning or feeling under it."
	}
	j.add(Finding{Code: code, Start: s.Start, End: s.End, Confidence: conf, Reason: reason})
	return true
}

// overlap counts content words shared with the client's words, content words added, and added
// words that name a feeling or a value.
func (j *job) overlap(ws []word) (shared, added, meaning int) {
	for _, w := range ws {
		if syntax.StopWord(w.w) || isClauseBreak(w.w) {
			continue
		}
		if j.ctxWords[w.w] {
			shared++
			continue
		}
		added++
		if syntax.FeelingWords[w.w] || syntax.ValueWords[w.w] {
			meaning++
		}
	}
	return shared, added, meaning
}

func addressesClient(ws []word) bool {
	for _, w := range ws {
		switch w.w {
		case "you", "your", "yourself":
			return true
		}
	}
	return len(ws) > 0 && (ws[0].w == "it" || ws[0].w == "that" || ws[0].w == "the" || ws[0].w == "so")
}

func doubleSided(ws []word) bool {
	flat := make([]string, len(ws))
	for k, w := range ws {
		flat[k] = w.w
	}
	for _, d := range syntax.DoubleSided {
		if syntax.Contains(flat, d) {
			return true
		}
	}
	return false
}

var infoMarkers = map[string]bool{"open": true, "opens": true, "closed": true, "closes": true, "free": true,
	"covers": true, "meets": true, "starts": true, "runs": true, "takes": true, "located": true,
	"eligible": true, "available": true, "costs": true, "copay": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true, "am": true,
	"pm": true, "appointment": true, "scheduled": true, "program": true, "pharmacy": true, "clinic": true,
	"office": true, "apply": true, "application": true, "letter": true, "requires": true, "need": true,
	"bring": true, "check-in": true, "noon": true, "tonight": true, "tomorrow": true, "today": true}

// informational recognises practical statements: they mention a time, a place, a cost or how a
// service works.
func informational(ws []word) bool {
	n := 0
	for _, w := range ws {
		if infoMarkers[w.w] || isNumber(w.w) || (len(w.w) > 0 && w.w[0] == '$') {
			n++
		}
	}
	return n > 0
}
