package engine

import "strings"

// levels rates the empathy levels from the findings, after EPITOME (Sharma et al., 2020):
//   - emotional: emotional_reaction findings (and validation, which answers the feeling);
//   - cognitive: interpretation and complex reflection (understanding the person's view);
//   - exploration: exploration findings and open questions about the person's experience;
//   - compassionate: offer_of_help.
//
// A level is 2 (strong) when some finding is specific to the person's situation, 1 (weak) when
// only generic phrases carry it ("I understand", "let me know if I can help"), and 0 otherwise.
func levels(fs []Finding) Levels {
	var l Levels
	for _, f := range fs {
		switch f.Code {
		case EmotionalReaction, Validation:
			raise(&l.Emotional, f)
		case Interpretation, ComplexReflection:
			raise(&l.Cognitive, f)
		case Exploration:
			raise(&l.Exploration, f)
		case OfferOfHelp:
			raise(&l.Compassionate, f)
		}
	}
	for _, lv := range []*Level{&l.Emotional, &l.Cognitive, &l.Exploration, &l.Compassionate} {
		if lv.Spans == nil {
			lv.Spans = []Span{}
		}
	}
	return l
}

func raise(l *Level, f Finding) {
	r := f.strength
	if r == 0 {
		r = 1
		if specific(f.Evidence, f.Code) {
			r = 2
		}
	}
	if r > l.Rating {
		l.Rating = r
	}
	l.Spans = append(l.Spans, Span{f.Start, f.End})
}

// genericPhrases are empathy on autopilot: they could answer anything, so they count as weak.
var genericPhrases = []string{"i understand", "i know how you feel", "i hear you", "i get it",
	"i'm sorry", "i am sorry", "sorry to hear", "let me know if", "i'm here for you", "what happened",
	"tell me more", "want to talk about it", "oh no", "hang in there", "hugs", "sending you a hug",
	"sending you a big hug", "congrats", "congratulations", "stay strong", "god bless", "oh honey",
	"aww", "i know how", "that's a lot", "that is a lot", "that's hard", "that is hard", "that's tough",
	"i feel for you", "i can only imagine"}

// specific reports whether a finding's words go beyond a stock phrase. Evidence is the matched
// phrase for rule findings, so a match longer than the stock phrase, or one naming a feeling,
// counts as specific.
func specific(evidence string, code Code) bool {
	e := strings.ToLower(strings.TrimSpace(strings.Trim(evidence, ".!?,")))
	e = strings.ReplaceAll(e, "’", "'")
	for _, g := range genericPhrases {
		if e == g || (strings.HasPrefix(e, g) && len(e) < len(g)+6) {
			return false
		}
	}
	if code == ComplexReflection || code == Validation {
		return true
	}
	return len(strings.Fields(e)) >= 3
}
