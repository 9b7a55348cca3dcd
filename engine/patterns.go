package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rapporthq/rapport/textseg"
)

// word is one normalised word of a sentence. Contractions are expanded ("you're" → "you are")
// so that one pattern covers both spellings; both halves keep the token they came from, so
// spans stay on the text as written.
type word struct {
	w     string
	id    int32     // the word's number in the rules' vocabulary; 0 if no rule uses it
	soft  bool      // an intensifier, which a pattern may pass over (see matchSlots)
	class wordClass // the closed word lists it belongs to
	tok   int       // index into the sentence's tokens
}

// wordClass marks membership of the closed word lists that are asked about at every word
// (openers, interjections, the language check), so that normalising's one look-up answers them
// and the hot loops do not hash the word again.
type wordClass uint8

const (
	classFunction     wordClass = 1 << iota // functionWords
	classForeign                            // foreignWords
	classOpener                             // openers
	classInterjection                       // interjections
	classHesitation                         // hesitations
)

func (w word) is(c wordClass) bool { return w.class&c != 0 }

// classLists ties each class to its list; buildLexemes reads it.
var classLists = []struct {
	class wordClass
	words map[string]bool
}{
	{classFunction, functionWords}, {classForeign, foreignWords}, {classOpener, openers},
	{classInterjection, interjections}, {classHesitation, hesitations},
}

// intensifiers only strengthen the word after them, so "that is completely understandable"
// says what "that is understandable" says, and "you are really so lazy" what "you are lazy"
// does. Words that change the meaning ("just", "not", "pretty") are not among them.
var intensifiers = []string{"really", "very", "so", "completely", "totally", "perfectly", "absolutely",
	"entirely", "truly", "genuinely", "incredibly", "extremely", "utterly", "quite", "honestly", "super", "clearly", "obviously"}

var contractions = map[string][]string{
	"you're": {"you", "are"}, "we're": {"we", "are"}, "they're": {"they", "are"}, "i'm": {"i", "am"},
	"you've": {"you", "have"}, "i've": {"i", "have"}, "we've": {"we", "have"}, "they've": {"they", "have"},
	"you'll": {"you", "will"}, "i'll": {"i", "will"}, "we'll": {"we", "will"}, "it'll": {"it", "will"},
	"you'd": {"you", "would"}, "i'd": {"i", "would"}, "we'd": {"we", "would"},
	"it's": {"it", "is"}, "that's": {"that", "is"}, "there's": {"there", "is"}, "what's": {"what", "is"},
	"he's": {"he", "is"}, "she's": {"she", "is"}, "everything's": {"everything", "is"}, "let's": {"let", "us"},
	"don't": {"do", "not"}, "doesn't": {"does", "not"}, "didn't": {"did", "not"}, "can't": {"can", "not"},
	"cannot": {"can", "not"}, "won't": {"will", "not"}, "wouldn't": {"would", "not"}, "shouldn't": {"should", "not"},
	"isn't": {"is", "not"}, "aren't": {"are", "not"}, "wasn't": {"was", "not"}, "weren't": {"were", "not"},
	"haven't": {"have", "not"}, "hasn't": {"has", "not"}, "couldn't": {"could", "not"}, "ain't": {"is", "not"},
	"could've": {"could", "have"}, "should've": {"should", "have"}, "would've": {"would", "have"},
	"might've": {"might", "have"}, "must've": {"must", "have"}, "hadn't": {"had", "not"},
	"they'd": {"they", "would"}, "he'd": {"he", "would"}, "she'd": {"she", "would"},
	"he'll": {"he", "will"}, "she'll": {"she", "will"}, "they'll": {"they", "will"}, "that'll": {"that", "will"},
	"there'll": {"there", "will"}, "who's": {"who", "is"}, "where's": {"where", "is"}, "how's": {"how", "is"},
	"it'd": {"it", "would"}, "that'd": {"that", "would"}, "now's": {"now", "is"},
	"gotta": {"got", "to"}, "gonna": {"going", "to"}, "wanna": {"want", "to"}, "y'all": {"you", "all"},
	// Text-message spellings, so that "sorry for ur loss" and "thats not fair" read as written
	// in full. Left out where the short form is a word of its own ("its", "im", "id", "wont").
	"u": {"you"}, "ur": {"your"}, "ye": {"you"}, "thats": {"that", "is"}, "dont": {"do", "not"}, "didnt": {"did", "not"},
	"doesnt": {"does", "not"}, "isnt": {"is", "not"}, "wasnt": {"was", "not"}, "arent": {"are", "not"},
	"cant": {"can", "not"}, "youre": {"you", "are"}, "ive": {"i", "have"}, "theyre": {"they", "are"},
	"whats": {"what", "is"}, "shouldnt": {"should", "not"}, "wouldnt": {"would", "not"}, "couldnt": {"could", "not"},
}

// normalise appends to out the word stream that patterns match for a sentence's tokens. Punctuation is
// dropped except for "," "?" and "!" which some patterns need; a semicolon joins two clauses, so
// it reads as a comma ("I'm not going anywhere; we'll figure this out" is two clauses, and the
// first one's "not" does not negate the second).
func normalise(toks []textseg.Token, lx lexemes, out []word) []word {
	for i, t := range toks {
		lower := t.Lower
		if lower == ";" {
			lower = ","
		}
		if !t.Word && lower != "," && lower != "?" && lower != "!" && lower != ":" {
			continue
		}
		l, ok := lx[lower]
		switch {
		case !ok:
			out = append(out, word{w: lower, tok: i})
		case l.parts != nil:
			for _, p := range l.parts {
				p.tok = i
				out = append(out, p)
			}
		default:
			out = append(out, word{w: lower, id: l.id, soft: l.soft, class: l.class, tok: i})
		}
	}
	return out
}

// lexemes maps each word the matcher cares about (rule words and contractions) to its id or
// its expansion, so normalising a word costs one map look-up.
type lexemes map[string]lexeme

type lexeme struct {
	id    int32
	soft  bool // an intensifier
	class wordClass
	parts []word // the expansion of a contraction, with ids
}

// known reports a word that a rule names, an intensifier or a contraction, as against one that
// is in the map only for its class.
func (l lexeme) known() bool { return l.id != 0 || l.soft || l.parts != nil }

func buildLexemes(v vocab) lexemes {
	lx := make(lexemes, len(v)+len(contractions))
	for w, id := range v {
		lx[w] = lexeme{id: id}
	}
	for _, w := range intensifiers {
		lx[w] = lexeme{id: v[w], soft: true}
	}
	for _, cl := range classLists {
		for w := range cl.words {
			l := lx[w]
			l.class |= cl.class
			lx[w] = l
		}
	}
	for c, parts := range contractions {
		l := lexeme{}
		for _, p := range parts {
			l.parts = append(l.parts, word{w: p, id: v[p], class: lx[p].class})
		}
		lx[c] = l
	}
	return lx
}

// vocab numbers every word the rules mention, so that matching compares integers instead of
// hashing strings at every slot. It is built once, with the rule index, and then only read.
type vocab map[string]int32

func (v vocab) id(w string) int32 {
	if n, ok := v[w]; ok {
		return n
	}
	n := int32(len(v) + 1)
	v[w] = n
	return n
}

// slot is one position of a pattern.
type slot struct {
	ids      []int32  // the alternatives; nil for a wildcard
	idMask   wordMask // the alternatives' mask, which turns most non-matching words away at once
	optional bool
	gap      bool // ~: skip up to maxGap words
	longGap  bool // ~~: skip up to maxLongGap words, for a clause before its "but"
}

const (
	maxGap     = 6
	maxLongGap = 16
)

// pattern is a compiled phrase such as "you (really) need/have to ~ stop". Slots:
// a word; a/b/c alternatives (single words); (x) optional; * any one word; ~ up to six words
// within the sentence, commas included; ~~ up to sixteen. A leading ^ anchors the phrase to the
// start of the sentence, so that an order ("Let it go.") is told from a report ("you let it go").
type pattern struct {
	slots    []slot
	rewrite  string // text to put in place of the matched words, written after "=>"
	anchored bool   // "^" first: only where the sentence starts, after openers ("Oh, let it go")
}

func compile(src string, v vocab) pattern {
	src, rewrite, _ := strings.Cut(src, "=>")
	p := pattern{rewrite: strings.TrimSpace(rewrite)}
	for _, f := range strings.Fields(src) {
		var s slot
		switch {
		case f == "~":
			s.gap = true
		case f == "~~":
			s.gap, s.longGap = true, true
		case f == "^" && len(p.slots) == 0:
			p.anchored = true
			continue
		case f == "*":
		default:
			if strings.HasPrefix(f, "(") && strings.HasSuffix(f, ")") {
				s.optional, f = true, f[1:len(f)-1]
			}
			if strings.ContainsAny(f, "() ") {
				// Rules are compiled once from constants, so this is a programming error that
				// the first test run reports.
				panic(fmt.Sprintf("engine: pattern %q: an optional group holds one slot; write (a) (b), not (a b)", src))
			}
			alts := strings.Split(f, "/")
			for k, alt := range alts {
				if slices.Contains(alts[:k], alt) {
					// "like that/that way" reads as like (that or that) way: a slot takes
					// single words, so a repeat means a multi-word alternative was meant.
					panic(fmt.Sprintf("engine: pattern %q: %q is listed twice in %q; alternatives are single words", src, alt, f))
				}
				s.ids = append(s.ids, v.id(alt))
				s.idMask |= maskOf(s.ids[len(s.ids)-1])
			}
		}
		p.slots = append(p.slots, s)
	}
	return p
}

// matchAt returns the end (exclusive, in words) of a match starting at words[i], or -1.
func (p pattern) matchAt(ws []word, i int) int {
	return matchSlots(p.slots, ws, i, false)
}

// matchSlots matches slots from words[i]. Once the first word has matched (soften), an
// intensifier the pattern does not name may stand before any fixed word it does.
func matchSlots(slots []slot, ws []word, i int, soften bool) int {
	if len(slots) == 0 {
		return i
	}
	s := slots[0]
	if s.gap {
		limit := maxGap
		if s.longGap {
			limit = maxLongGap
		}
		for k := 0; k <= limit && i+k <= len(ws); k++ {
			if end := matchSlots(slots[1:], ws, i+k, true); end >= 0 {
				return end
			}
			if i+k < len(ws) && (ws[i+k].w == "?" || ws[i+k].w == "!") {
				break
			}
		}
		return -1
	}
	if i < len(ws) && (s.ids == nil || s.has(ws[i].id)) {
		if end := matchSlots(slots[1:], ws, i+1, true); end >= 0 {
			return end
		}
	}
	if soften && s.ids != nil && i < len(ws) && ws[i].soft {
		if end := matchSlots(slots, ws, i+1, true); end >= 0 {
			return end
		}
	}
	if s.optional {
		return matchSlots(slots[1:], ws, i, soften)
	}
	return -1
}

func (s slot) has(id int32) bool {
	if s.idMask&maskOf(id) == 0 {
		return false
	}
	for _, x := range s.ids {
		if x == id {
			return true
		}
	}
	return false
}

func isClauseBreak(w string) bool { return w == "," || w == "?" || w == "!" }

// firstIDs lists the words a pattern can start with (nil if it can start with anything).
func (p pattern) firstIDs() []int32 {
	var out []int32
	for _, s := range p.slots {
		if s.gap || s.ids == nil {
			return nil
		}
		out = append(out, s.ids...)
		if !s.optional {
			return out
		}
	}
	return out
}

// secondIDs lists the words that must follow a required first word, or nil when the first two
// slots are not both required fixed words.
func (p pattern) secondIDs() []int32 {
	if len(p.slots) < 2 {
		return nil
	}
	a, b := p.slots[0], p.slots[1]
	if a.optional || a.gap || a.ids == nil || b.optional || b.gap || b.ids == nil {
		return nil
	}
	return b.ids
}
