// Package engine reads what a case manager writes and reports, span by span, the empathic skills
// and the pitfalls in it, each with a reason and a concrete rewrite. It does no I/O: every model
// and lexicon it needs is embedded, so it can be used as a library on its own. An *Analyzer is
// safe for concurrent use.
package engine

// Code names a behaviour. The names are stable: the API, the CLI, exports and tests use them.
type Code string

// The behaviour codes, in the order PRODUCT.md lists them.
const (
	OpenQuestion            Code = "open_question"
	ClosedQuestion          Code = "closed_question"
	SimpleReflection        Code = "simple_reflection"
	ComplexReflection       Code = "complex_reflection"
	Affirmation             Code = "affirmation"
	Validation              Code = "validation"
	EmotionalReaction       Code = "emotional_reaction"
	Interpretation          Code = "interpretation"
	Exploration             Code = "exploration"
	OfferOfHelp             Code = "offer_of_help"
	AutonomySupport         Code = "autonomy_support"
	AskingPermission        Code = "asking_permission"
	Information             Code = "information"
	AdviceWithPermission    Code = "advice_with_permission"
	AdviceWithoutPermission Code = "advice_without_permission"
	SelfDisclosure          Code = "self_disclosure"
	Minimizing              Code = "minimizing"
	Judgment                Code = "judgment"
	Dismissive              Code = "dismissive"
	ButCancel               Code = "but_cancel"
	SympathyPity            Code = "sympathy_pity"
	StigmatizingLanguage    Code = "stigmatizing_language"
	BoundaryRisk            Code = "boundary_risk"
	Jargon                  Code = "jargon"
)

// Codes lists every behaviour code in PRODUCT.md order.
var Codes = []Code{
	OpenQuestion, ClosedQuestion, SimpleReflection, ComplexReflection, Affirmation, Validation,
	EmotionalReaction, Interpretation, Exploration, OfferOfHelp, AutonomySupport, AskingPermission,
	Information, AdviceWithPermission, AdviceWithoutPermission, SelfDisclosure, Minimizing, Judgment,
	Dismissive, ButCancel, SympathyPity, StigmatizingLanguage, BoundaryRisk, Jargon,
}

// Pitfall reports whether the code is one a case manager should avoid.
// self_disclosure is neutral; it becomes boundary_risk when it turns the focus onto the worker.
func (c Code) Pitfall() bool {
	switch c {
	case AdviceWithoutPermission, Minimizing, Judgment, Dismissive, ButCancel, SympathyPity,
		StigmatizingLanguage, BoundaryRisk, Jargon:
		return true
	}
	return false
}

// Valid reports whether c is one of the stable behaviour codes.
func (c Code) Valid() bool {
	for _, k := range Codes {
		if k == c {
			return true
		}
	}
	return false
}

// Kind says what sort of text is analysed; it changes which checks apply (jargon matters in a
// message to a client, much less in a clinical note).
type Kind string

const (
	KindMessage   Kind = "message"   // written to the client
	KindNote      Kind = "note"      // written about the client, for the record
	KindUtterance Kind = "utterance" // one practitioner turn in a conversation
)

// Input is one text to analyse.
type Input struct {
	Text    string `json:"text"`
	Context string `json:"context,omitempty"` // what the client said just before; may be empty
	Kind    Kind   `json:"kind,omitempty"`    // defaults to KindMessage
}

// Span is a half-open range of rune offsets into the analysed text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// SuggestionKind says how a suggestion edits the text.
type SuggestionKind string

const (
	Insert  SuggestionKind = "insert"  // insert Text at Start (End == Start)
	Replace SuggestionKind = "replace" // replace [Start, End) with Text
)

// Suggestion is one concrete edit the writer can accept with one click.
type Suggestion struct {
	Kind  SuggestionKind `json:"kind"`
	Start int            `json:"start"`
	End   int            `json:"end"`
	Text  string         `json:"text"`
}

// Deletes reports a suggestion that removes its span and puts nothing in its place ("That's
// awful, Bilal, you poor, poor man." → "That's awful, Bilal."), which an interface shows as a
// deletion of those words rather than as a replacement by nothing.
func (s *Suggestion) Deletes() bool { return s.Kind == Replace && s.Text == "" && s.End > s.Start }

// Finding is one behaviour found in the text.
type Finding struct {
	Code       Code        `json:"code"`
	Start      int         `json:"start"`
	End        int         `json:"end"`
	Confidence float64     `json:"confidence"`
	Reason     string      `json:"reason"`
	Suggestion *Suggestion `json:"suggestion"`
	Evidence   string      `json:"evidence"` // the words of the span, for display

	strength int // for empathy findings: 1 weak, 2 strong, 0 judged from the evidence
	// levelOnly findings raise an empathy level (its spans show them) but are not listed:
	// warmth EPITOME counts, such as a heart emoji or "Aw, pet", that a case manager would not
	// want held up as a skill.
	levelOnly bool
	// noLevel findings are listed but raise no level: a skill a case manager should see
	// credited that EPITOME does not count as understanding ("That's not silly at all").
	noLevel bool
}

// Level is an empathy rating: 0 none, 1 weak, 2 strong.
type Level struct {
	Rating int    `json:"rating"`
	Spans  []Span `json:"spans"`
}

// Levels rates the three levels of empathy plus exploration, after EPITOME (Sharma et al., 2020).
type Levels struct {
	Emotional     Level `json:"emotional"`
	Cognitive     Level `json:"cognitive"`
	Exploration   Level `json:"exploration"`
	Compassionate Level `json:"compassionate"`
}

// Sentence is one sentence of the analysed text.
type Sentence struct {
	Span
	Text string `json:"text"`
}

// Analysis is the engine's whole answer for one text.
type Analysis struct {
	Kind      Kind       `json:"kind"`
	Overall   int        `json:"overall"` // 0–100; see docs/behaviours.md for how it is built
	Levels    Levels     `json:"levels"`
	Findings  []Finding  `json:"findings"`
	Sentences []Sentence `json:"sentences"`
	Truncated bool       `json:"truncated,omitempty"`
	// NotEnglish is set when the text has enough words to tell and almost none of them are
	// common English words: the rules and models read English only, so their silence about
	// such a text means nothing.
	NotEnglish bool `json:"not_english,omitempty"`
}
