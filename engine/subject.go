package engine

import "github.com/rapporthq/rapport/syntax"

// changesSubject finds a reply that answers a disclosure by turning to the task ("My dad used to
// hit us." → "Okay. So did you bring the pay stubs?"): no word of it acknowledges what was said,
// and a sentence of it moves to paperwork that has nothing to do with the client's words. The
// client learns not to raise it again, so it is dismissive however polite. A task that answers
// their words ("I'm stressed about the housing form." → "Right, let's do the form together.") is
// help, not a change of subject.
func (j *job) changesSubject() {
	if j.kind == KindNote || !j.disclosed() || j.acknowledges() {
		return
	}
	for i := range j.sents {
		if j.turnsToTask(i) {
			at := j.sents[i].Start
			j.flagSentence(i, Dismissive, "Moves on to the task without a word about what they just told you; they learn not to bring it up again.",
				&Suggestion{Kind: Insert, Start: at, End: at, Text: "Thank you for telling me that; I want to come back to it. "})
			return
		}
	}
}

// disclosed reports client words that carry a feeling or a hard event, which a reply should
// acknowledge before anything else.
func (j *job) disclosed() bool {
	for w := range j.ctxWords {
		if syntax.FeelingWords[w] || hardEvents[w] {
			return true
		}
	}
	return false
}

var hardEvents = syntax.Set(`hit hits abuse abused assault assaulted died dead death passed funeral fired evicted
	flashbacks nightmares panic crying cried relapsed miscarriage struggling drinking diagnosed cancer
	tumour tumor chemo suicidal overdose raped attacked homeless towed`)

// acknowledges reports any finding that takes up what the client said or felt.
func (j *job) acknowledges() bool {
	return j.anyFound(EmotionalReaction, Validation, Interpretation, SimpleReflection, ComplexReflection,
		Affirmation, SympathyPity, Dismissive, Minimizing, Judgment)
}

// turnsToTask reports sentence i moving to paperwork unrelated to the client's words: a pivot
// ("Okay, so…", "Right,", "let's…") or a question, about a form, a checklist or the like.
func (j *job) turnsToTask(i int) bool {
	ws := j.sents[i].words
	task, shared := false, false
	for _, w := range ws {
		task = task || taskWords[w.w]
		shared = shared || j.ctxWords[w.w] && !syntax.StopWord(w.w)
	}
	if !task || shared {
		return false
	}
	return j.sents[i].form != syntax.NotQuestion || len(ws) > 0 && pivots[ws[0].w] || hasLetUs(ws)
}

var (
	taskWords = syntax.Set(`form forms paperwork application checklist stubs payslips lease recertification budget
		questionnaire signature signed documents insurance journal screenshots box`)
	pivots = syntax.Set(`okay ok right so anyway now well alright mm-hm`)
)

func hasLetUs(ws []word) bool {
	for k := 0; k+1 < len(ws); k++ {
		if ws[k].w == "let" && ws[k+1].w == "us" {
			return true
		}
	}
	return false
}

// flagSentence adds a finding over the whole of sentence i, for the checks that read a reply's
// shape rather than a phrase.
func (j *job) flagSentence(i int, code Code, reason string, sug *Suggestion) {
	s := j.sents[i]
	j.add(Finding{Code: code, Start: s.Start, End: s.End, Confidence: 0.7, Reason: reason, Suggestion: sug})
}
