package engine

import (
	"fmt"
	"strings"

	"github.com/rapporthq/rapport/textseg"
)

// word is one normalised word of a sentence. Contractions are expanded ("you're" → "you are")
// so that one pattern covers both spellings; both halves keep the token they came from, so
// spans stay on the text as written.
type word struct {
	w   string
	tok int // index into the sentence's tokens
}

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
	"gotta": {"got", "to"}, "gonna": {"going", "to"}, "wanna": {"want", "to"}, "y'all": {"you", "all"},
}

// normalise turns a sentence's tokens into the word stream that patterns match. Punctuation is
// dropped except for "," "?" and "!" which some patterns need.
func normalise(toks []textseg.Token) []word {
	out := make([]word, 0, len(toks)+4)
	for i, t := range toks {
		if !t.Word {
			if t.Lower == "," || t.Lower == "?" || t.Lower == "!" {
				out = append(out, word{t.Lower, i})
			}
			continue
		}
		if parts, ok := contractions[t.Lower]; ok {
			for _, p := range parts {
				out = append(out, word{p, i})
			}
			continue
		}
		out = append(out, word{t.Lower, i})
	}
	return out
}

// slot is one position of a pattern.
type slot struct {
	words    map[string]bool // nil for a wildcard
	optional bool
	gap      bool // ~: skip up to maxGap words
}

const maxGap = 6

// pattern is a compiled phrase such as "you (really) need/have to ~ stop". Slots:
// a word; a/b/c alternatives (single words); (x) optional; * any one word; ~ up to six words
// within the sentence, commas included.
type pattern struct {
	slots   []slot
	rewrite string // text to put in place of the matched words, written after "=>"
}

func compile(src string) pattern {
	src, rewrite, _ := strings.Cut(src, "=>")
	p := pattern{rewrite: strings.TrimSpace(rewrite)}
	for _, f := range strings.Fields(src) {
		var s slot
		switch {
		case f == "~":
			s.gap = true
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
			s.words = map[string]bool{}
			for _, alt := range strings.Split(f, "/") {
				s.words[alt] = true
			}
		}
		p.slots = append(p.slots, s)
	}
	return p
}

// matchAt returns the end (exclusive, in words) of a match starting at words[i], or -1.
func (p pattern) matchAt(ws []word, i int) int {
	return matchSlots(p.slots, ws, i)
}

func matchSlots(slots []slot, ws []word, i int) int {
	if len(slots) == 0 {
		return i
	}
	s := slots[0]
	if s.gap {
		for k := 0; k <= maxGap && i+k <= len(ws); k++ {
			if end := matchSlots(slots[1:], ws, i+k); end >= 0 {
				return end
			}
			if i+k < len(ws) && (ws[i+k].w == "?" || ws[i+k].w == "!") {
				break
			}
		}
		return -1
	}
	if i < len(ws) && (s.words == nil || s.words[ws[i].w]) {
		if end := matchSlots(slots[1:], ws, i+1); end >= 0 {
			return end
		}
	}
	if s.optional {
		return matchSlots(slots[1:], ws, i)
	}
	return -1
}

func isClauseBreak(w string) bool { return w == "," || w == "?" || w == "!" }

// firstWords lists the words a pattern can start with (nil if it can start with anything).
func (p pattern) firstWords() []string {
	var out []string
	for _, s := range p.slots {
		if s.gap || s.words == nil {
			return nil
		}
		for w := range s.words {
			out = append(out, w)
		}
		if !s.optional {
			return out
		}
	}
	return out
}
