package lexicon

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text.
type token struct {
	start, end int  // byte offsets in the text, half-open
	ks, ke     int  // the word's key in words.low: lower-cased, joiners normalised
	joined     bool // only whitespace lies between this word and the one before
	boundary   bool // a sentence or line break lies between this word and the one before
}

// words is a text split into tokens. One buffer holds every key, so splitting allocates little
// and looking a key up in a map does not allocate at all.
type words struct {
	low  []byte
	toks []token
}

func (w *words) key(i int) []byte { return w.low[w.toks[i].ks:w.toks[i].ke] }

// Character classes of ASCII bytes, so the common case needs no Unicode tables.
const (
	cOther byte = iota
	cWord
	cJoin  // apostrophe or hyphen: part of a word only between two word runes
	cSpace // whitespace that keeps a phrase together
	cStop  // ends a sentence or line: context rules do not look past it
	cDot   // ends a sentence only if the next word is capitalised ("Pt. refused" does not)
)

var asciiClass = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = cWord
		case c == '\'' || c == '-':
			t[c] = cJoin
		case c == '\n' || c == '\r' || c == '!' || c == '?' || c == ';':
			t[c] = cStop
		case c == '.':
			t[c] = cDot
		case c == ' ' || c == '\t' || c == '\v' || c == '\f':
			t[c] = cSpace
		}
	}
	return t
}()

// scan splits text into words. A word is a run of letters, digits and combining marks; an
// apostrophe or hyphen between two such runs joins them ("non-compliant", "didn't"), so
// "ex-addict" is one word and never matches "addict". A possessive "'s" is left out of the word,
// so "addict's" is found as "addict".
//
// scan reuses w's buffers, so that a caller typing feedback into a long note does not make the
// garbage collector chase them.
func scan(text string, w *words) {
	s := scanner{text: text, w: w}
	w.low, w.toks = w.low[:0], w.toks[:0]
	for i := 0; i < len(text); {
		i = s.skipGap(i)
		if i < len(text) {
			i = s.word(i)
		}
	}
}

var wordsPool = sync.Pool{New: func() any { return new(words) }}

type scanner struct {
	text string
	w    *words

	// What the gap since the last word held.
	gapSpace, gapStop, gapDot bool
}

// skipGap reads the runes between words from i and returns where the next word starts.
func (s *scanner) skipGap(i int) int {
	for i < len(s.text) {
		c := s.text[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case cWord:
				return i
			case cStop:
				s.gapStop = true
			case cDot:
				s.gapDot = true
			}
			s.gapSpace = s.gapSpace && (asciiClass[c] == cSpace || c == '\n' || c == '\r')
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s.text[i:])
		if isWordRune(r) {
			return i
		}
		switch r {
		case '\u2026':
			s.gapDot = true
		case '\u2028', '\u2029', '\u0085':
			s.gapStop = true
		}
		s.gapSpace = s.gapSpace && unicode.IsSpace(r)
		i += size
	}
	return i
}

// word reads the word that starts at i, appends its token and returns where it ends.
func (s *scanner) word(i int) int {
	first, _ := utf8.DecodeRuneInString(s.text[i:])
	t := token{
		start: i, ks: len(s.w.low),
		joined:   len(s.w.toks) > 0 && s.gapSpace,
		boundary: s.gapStop || s.gapDot && unicode.IsUpper(first),
	}
	end, lastJoin, lastJoinKey := s.readWord(i)
	t.end, t.ke = end, len(s.w.low)
	// A trailing "'s" is a possessive: leave it out, and do not let a phrase run on past it.
	low := s.w.low
	possessive := lastJoinKey >= 0 && lastJoinKey == t.ke-2 && low[lastJoinKey] == '\'' && low[t.ke-1] == 's'
	if possessive {
		t.end, t.ke = lastJoin, lastJoinKey
	}
	s.w.toks = append(s.w.toks, t)
	s.gapSpace, s.gapStop, s.gapDot = !possessive, false, false
	return end
}

// readWord appends the key of the word that starts at i to s.w.low. It returns where the word
// ends and where its last joiner is in the text and in the key (-1 if it has none).
func (s *scanner) readWord(i int) (end, lastJoin, lastJoinKey int) {
	lastJoin, lastJoinKey = -1, -1
	low := s.w.low
	for i < len(s.text) {
		c := s.text[i]
		if c < utf8.RuneSelf {
			// The common case: copy a whole ASCII run at once, or stop at ASCII punctuation.
			if asciiClass[c] == cWord {
				j := i + 1
				for j < len(s.text) && s.text[j] < utf8.RuneSelf && asciiClass[s.text[j]] == cWord {
					j++
				}
				low, i = appendLowerASCII(low, s.text[i:j]), j
				continue
			}
			if asciiClass[c] != cJoin || !s.wordRuneAt(i+1) {
				break
			}
			lastJoin, lastJoinKey = i, len(low)
			low, i = append(low, c), i+1
			continue
		}
		r, size := utf8.DecodeRuneInString(s.text[i:])
		if j := joiner(r); j != 0 && s.wordRuneAt(i+size) {
			lastJoin, lastJoinKey = i, len(low)
			low = append(low, j)
		} else if isWordRune(r) {
			low = utf8.AppendRune(low, unicode.ToLower(r))
		} else {
			break
		}
		i += size
	}
	s.w.low = low
	return i, lastJoin, lastJoinKey
}

func appendLowerASCII(dst []byte, s string) []byte {
	n := len(dst)
	dst = append(dst, s...)
	for k, c := range dst[n:] {
		if 'A' <= c && c <= 'Z' {
			dst[n+k] = c + 'a' - 'A'
		}
	}
	return dst
}

func (s *scanner) wordRuneAt(i int) bool {
	if i >= len(s.text) {
		return false
	}
	if c := s.text[i]; c < utf8.RuneSelf {
		return asciiClass[c] == cWord
	}
	r, _ := utf8.DecodeRuneInString(s.text[i:])
	return isWordRune(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == cWord
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// joiner returns the normalised form of an apostrophe or hyphen, or 0 for any other rune.
// Typographic forms are folded so "didn’t" and "didn't" are the same word.
func joiner(r rune) byte {
	switch r {
	case '\'', '\u2019', '\u02bc':
		return '\''
	case '-', '\u2010', '\u2011':
		return '-'
	}
	return 0
}
