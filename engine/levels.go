package engine

import (
	"slices"
	"strings"

	"github.com/rapporthq/rapport/syntax"
)

// levels rates the empathy levels from the findings, after EPITOME (Sharma et al., 2020):
//   - emotional: emotional_reaction findings (the worker's own warmth or concern), and pity,
//     weakly;
//   - cognitive: interpretation, complex reflection and validation (understanding the person's
//     view and saying their feeling makes sense), and a similar experience of one's own;
//   - exploration: exploration findings and open questions about the person's experience;
//   - compassionate: offer_of_help.
//
// A level is 2 (strong) when some finding is specific to the person's situation, 1 (weak) when
// only generic phrases carry it ("I understand", "let me know if I can help"), and 0 otherwise.
func levels(fs []Finding) Levels {
	var l Levels
	for _, f := range fs {
		if f.noLevel {
			continue
		}
		switch f.Code {
		case EmotionalReaction:
			raise(&l.Emotional, f)
		case SympathyPity:
			// Pity is a pitfall, but by EPITOME's definition it still expresses emotion:
			// weak, whatever its words.
			f.strength = 1
			raise(&l.Emotional, f)
		case ComplexReflection:
			// A reflection the models call complex may still only pass on facts ("Sanctions
			// are applied in line with the commitment you signed"): it shows understanding when
			// it reads the person, or at length about them.
			if refuses(f.Evidence) || !reads(f.Evidence) && !(wordCount(f.Evidence) >= 16 && aboutThem(f.Evidence)) {
				continue
			}
			if normalises(f.Evidence) {
				f.strength = 1 // "Loads of people feel that way at first": generic, however long
			}
			raise(&l.Cognitive, f)
		case Interpretation, Validation:
			raise(&l.Cognitive, f)
		case SelfDisclosure:
			// A similar experience of one's own shows understanding: strong when a sentence
			// of it gives detail ("I sat on the stairs all night too"), weak when it is a
			// phrase ("I've been there").
			f.strength = 1
			if wordCount(f.Evidence) >= 8 {
				f.strength = 2
			}
			raise(&l.Cognitive, f)
		case Exploration:
			raise(&l.Exploration, f)
		case OfferOfHelp:
			raise(&l.Compassionate, f)
		}
	}
	for _, lv := range []*Level{&l.Emotional, &l.Cognitive, &l.Exploration, &l.Compassionate} {
		lv.Spans = distinct(lv.Spans)
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

// distinct drops repeated spans (a validation and an interpretation often share words), keeping
// the first of each in order. It never returns nil, so JSON shows an empty list. A few spans are
// compared directly; a long text's many go through a set, so the cost stays linear.
func distinct(spans []Span) []Span {
	out := spans[:0]
	if spans == nil {
		return []Span{}
	}
	if len(spans) <= 16 {
		for _, sp := range spans {
			if !slices.Contains(out, sp) {
				out = append(out, sp)
			}
		}
		return out
	}
	seen := make(map[Span]bool, len(spans))
	for _, sp := range spans {
		if !seen[sp] {
			seen[sp] = true
			out = append(out, sp)
		}
	}
	return out
}

// namedFeelings rates as strong each validation whose sentence names the person's feeling ("No
// wonder you're angry", "It makes sense you feel let down"): a specific reading of them, where
// "That makes sense" alone is generic (see specific).
func (j *job) namedFeelings() {
	for k := range j.findings {
		f := &j.findings[k]
		if f.Code != Validation || f.strength != 0 {
			continue
		}
		if ws := j.sents[j.sentOf(f.Start)].words; namesTheirFeeling(ws) {
			f.strength = 2
		}
	}
}

// namesTheirFeeling reports a sentence that speaks of "you", or of anyone in their place ("would
// leave anyone jumpy for months"), and names a feeling. "Hard" and "tough" judge the situation
// rather than name a feeling, so they do not count without "you".
func namesTheirFeeling(ws []word) bool {
	you, anyone, feeling, named := false, false, false, false
	for _, w := range ws {
		you = you || w.w == "you" || w.w == "your"
		anyone = anyone || w.w == "anyone" || w.w == "anybody"
		feeling = feeling || syntax.FeelingWords[w.w] || emotionNouns[w.w]
		named = named || feelingFamily[w.w] != "" || inferredStates[w.w] || emotionNouns[w.w]
	}
	return you && feeling || anyone && named
}

// emotionNouns name a feeling as a thing ("this would bring up a lot of fear").
var emotionNouns = map[string]bool{"fear": true, "anger": true, "shame": true, "guilt": true, "dread": true,
	"worry": true, "panic": true, "sadness": true, "loneliness": true, "heartbreak": true}

// genericPhrases are empathy on autopilot: they could answer anything, so they count as weak.
var genericPhrases = []string{"i understand", "i know how you feel", "i hear you", "i get it",
	"i'm sorry", "i am sorry", "sorry to hear", "let me know if", "i'm here for you", "what happened",
	"tell me more", "want to talk about it", "oh no", "hang in there", "hugs", "sending you a hug",
	"sending you a big hug", "congrats", "congratulations", "stay strong", "god bless", "oh honey",
	"aww", "i know how", "that's a lot", "that is a lot", "that's hard", "that is hard", "that's tough",
	"i feel for you", "i can only imagine", "i'm here for you", "i am here for you", "i'm here with you",
	"i am here with you", "i'm right here", "ugh", "i know that feeling", "that's unfair", "that's really unfair",
	"is hard", "is a lot", "is really common", "is common", "i'm so sorry", "i am so sorry",
	"i'm really sorry", "i am really sorry", "i'm very sorry", "i am very sorry", "i'm truly sorry",
	"i'm so sorry for your loss", "i am so sorry for your loss", "sorry for your loss",
	"tell me more about", "how are you holding up", "how are you doing", "how are you feeling", "how are you feeling about",
	"how have you been", "how do you feel", "how do you feel about", "how did you feel", "how did you feel about",
	"how does it feel", "what's been going on", "what has been going on",
	"it's a lot", "it is a lot", "it's hard", "it is hard", "it's so hard", "it is so hard",
	"i can't imagine", "i cannot imagine", "i can not imagine", "can't imagine",
	"that's so hard", "that is so hard", "that's really hard", "that's so tough", "that's a tough", "that is a tough",
	"i know it's a lot", "i know it is a lot", "i know it's hard", "i know it is hard"}

// specific reports whether a finding's words go beyond a stock phrase. Evidence is the matched
// phrase for rule findings, so a match of three words or more that is not a stock phrase counts
// as specific. It allocates nothing in the common case: it runs for every finding.
func specific(evidence string, code Code) bool {
	e := strings.TrimSpace(strings.Trim(evidence, ".!?,"))
	if strings.ContainsRune(e, '’') {
		e = strings.ReplaceAll(e, "’", "'")
	}
	for _, g := range genericPhrases {
		// The length window first: it turns nearly every phrase away without comparing text.
		if len(e) >= len(g) && len(e) < len(g)+6 && strings.EqualFold(e[:len(g)], g) {
			return false
		}
	}
	if (code == ComplexReflection || code == Interpretation) && onlyHowHard(e) {
		return false
	}
	if code == ComplexReflection {
		return true
	}
	if code == Validation {
		// "That makes sense", "that's so common": EPITOME's generic understanding. A rule
		// marks the validation that names a feeling for the person as strong itself.
		return false
	}
	return wordCount(e) >= 3
}

func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' {
			in = false
		} else if !in {
			in, n = true, n+1
		}
	}
	return n
}

// reads reports a reflection that reads the person: it infers ("must", "sounds", "I bet"),
// names a feeling or a value, or makes their experience its subject ("Losing the one place
// you looked forward to…").
func reads(evidence string) bool {
	words := evidenceWords(evidence)
	for k, w := range words {
		if (w == "i'd" || w == "you'd") && (k+1 == len(words) || !conjectures[words[k+1]]) {
			continue // "You'd start with one injection at night" tells a plan
		}
		if inferenceWords[w] || syntax.FeelingWords[w] || stateWords[w] {
			return true
		}
		if k == 0 && gerund(w) {
			return true
		}
	}
	return false
}

var inferenceWords = map[string]bool{"must": true, "sounds": true, "sound": true, "seems": true, "probably": true,
	"bet": true, "guess": true, "imagine": true, "feel": true, "feels": true, "feeling": true, "like": true,
	"i'd": true, "you'd": true, "must've": true}

// onlyHowHard reports a short reading whose only judgement is how hard things are ("That sounds
// so hard", "That one is heavy", "It's a lot to get your head around"): generic understanding
// by EPITOME's measure, however it is worded. A feeling named ("That sounds frightening") or a
// longer reading is specific.
func onlyHowHard(evidence string) bool {
	words := evidenceWords(evidence)
	if len(words) > 8 {
		return false
	}
	hard := false
	for _, w := range words {
		switch {
		case howHard[w]:
			hard = true
		case syntax.FeelingWords[w] || stateWords[w]:
			return false
		}
	}
	return hard
}

var howHard = map[string]bool{"hard": true, "tough": true, "rough": true, "heavy": true, "lot": true, "difficult": true}

// conjectures are the words after "you'd" or "I'd" that guess at a state ("You'd be
// exhausted", "I'd feel the same"), where "you'd start", "you'd need" set out a plan.
var conjectures = map[string]bool{"be": true, "feel": true, "have": true, "want": true, "think": true,
	"probably": true, "never": true, "expect": true, "guess": true, "imagine": true, "been": true, "hate": true, "love": true}

// refuses reports a sentence that opens by turning from what came before to what the service
// will not do ("But we really can't increase your opioids"): however it is worded, it does not
// read the person.
func refuses(evidence string) bool {
	words := evidenceWords(evidence)
	return len(words) > 1 && words[0] == "but" && (words[1] == "we" || words[1] == "i" || words[1] == "unfortunately" || words[1] == "there" || words[1] == "the" || words[1] == "our")
}

// normalises reports a sentence whose subject is other people in the same place ("Loads of
// people your age feel like that", "So many families get stuck on that"): normalising, which
// EPITOME counts as generic understanding.
func normalises(evidence string) bool {
	words := evidenceWords(evidence)
	for len(words) > 0 && (words[0] == "honestly" || words[0] == "and" || words[0] == "but" || words[0] == "so" && len(words) > 1 && words[1] != "many") {
		words = words[1:]
	}
	if len(words) < 3 {
		return false
	}
	switch words[0] {
	case "loads", "lots", "plenty", "heaps":
		return words[1] == "of"
	case "many", "most", "everyone", "everybody":
		return true
	case "so":
		return words[1] == "many"
	case "a":
		return words[1] == "lot" && words[2] == "of"
	}
	return false
}

// aboutThem reports a sentence about the person ("you", "your") that is not a procedure or an
// instruction ("you can apply", "please contact", "you will need").
func aboutThem(e string) bool {
	you := false
	for _, w := range evidenceWords(e) {
		switch w {
		case "you", "your", "you're", "you've", "yourself":
			you = true
		case "can", "may", "will", "please", "right", "rights", "apply", "contact", "should", "need":
			return false
		}
	}
	return you
}

// evidenceWords splits a finding's words out in lower case, curly apostrophes folded.
func evidenceWords(e string) []string {
	return strings.FieldsFunc(strings.ReplaceAll(strings.ToLower(e), "’", "'"), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r == '\'' || r == '-')
	})
}

// Words returns the words of text behind the level's spans, each span once, trimmed: what a
// reader needs to see where a rating came from, including warmth that is not listed as a
// finding (an emoji, "Aw, pet"). Spans outside text are skipped.
func (l Level) Words(text string) []string {
	runes := []rune(text)
	var out []string
	for k, sp := range l.Spans {
		if sp.Start < 0 || sp.End > len(runes) || sp.Start >= sp.End || slices.Contains(l.Spans[:k], sp) {
			continue
		}
		out = append(out, strings.TrimSpace(string(runes[sp.Start:sp.End])))
	}
	return out
}
