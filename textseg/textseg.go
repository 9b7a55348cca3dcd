// Package textseg splits text into sentences and words with rune offsets that stay correct for
// any UTF-8, including invalid bytes (each invalid byte counts as one rune, as range does).
// It is written for speed: one pass, no regular expressions, no allocation per rune.
package textseg

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Token is one word or punctuation mark.
type Token struct {
	Start, End int    // rune offsets into the text, half-open
	BStart     int    // byte offset of the token in the text
	Text       string // the token as written
	Lower      string // lower-cased, with curly apostrophes folded to '
	Word       bool   // letters or digits (false for punctuation)
}

// Sentence is a run of tokens ending at a sentence boundary.
type Sentence struct {
	Start, End int // rune offsets, half-open, trimmed of surrounding space
	Text       string
	Tokens     []Token
}

// abbreviations that end with a period but rarely end a sentence.
var abbreviations = map[string]bool{
	"dr": true, "mr": true, "mrs": true, "ms": true, "mx": true, "st": true, "jr": true, "sr": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "approx": true, "appt": true,
	"dept": true, "prof": true, "rev": true, "ave": true, "inc": true, "co": true,
	"a.m": true, "p.m": true, "u.s": true, "hx": true, "dx": true, "tx": true, "rx": true, "fig": true,
}

// MaxTokens caps the tokens kept per sentence: one enormous "sentence" must not make later
// stages quadratic. Text beyond the cap is split into further sentences.
const MaxTokens = 400

// Tokenize splits text into tokens.
func Tokenize(text string) []Token {
	return TokenizeAppend(make([]Token, 0, len(text)/5+1), text)
}

// TokenizeAppend appends text's tokens to dst, so a caller can reuse one buffer across texts.
func TokenizeAppend(dst []Token, text string) []Token {
	lower := asciiLower(text)
	toks := dst
	pos := 0 // rune offset of text[i]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && asciiClass[c] != classOther {
			// ASCII fast path: most text is ASCII, and this skips rune decoding and the
			// unicode tables.
			if asciiClass[c] == classSpace {
				i, pos = i+1, pos+1
				continue
			}
			j, n := scanWord(text, i)
			toks = append(toks, newToken(text, lower, i, j, pos, pos+n, true, n == j-i))
			i, pos = j, pos+n
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			j, n := scanWord(text, i)
			toks = append(toks, newToken(text, lower, i, j, pos, pos+n, true, false))
			i, pos = j, pos+n
		case unicode.IsSpace(r):
			i, pos = i+size, pos+1
		default:
			toks = append(toks, newToken(text, lower, i, i+size, pos, pos+1, false, false))
			i, pos = i+size, pos+1
		}
	}
	return toks
}

// newToken slices the token's lower-case form out of the lower-cased text, which costs no
// allocation; only tokens with non-ASCII letters or curly apostrophes are folded one by one.
// ascii says the token is known to be ASCII (as many bytes as runes), which spares a check.
func newToken(text, lower string, b0, b1, start, end int, word, ascii bool) Token {
	s := text[b0:b1]
	l := lower[b0:b1]
	if !ascii && !isASCII(s) {
		l = fold(s)
	}
	return Token{Start: start, End: end, BStart: b0, Text: s, Lower: l, Word: word}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower lower-cases ASCII letters only, so byte offsets are unchanged. It returns text
// itself when there is nothing to change.
func asciiLower(text string) string {
	i := 0
	for i < len(text) && !('A' <= text[i] && text[i] <= 'Z') {
		i++
	}
	if i == len(text) {
		return text
	}
	b := []byte(text)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	// b is never written again, so it can back the string without a second copy, as
	// strings.Builder does.
	return unsafe.String(&b[0], len(b))
}

// BEnd is the byte offset just after the token.
func (t Token) BEnd() int { return t.BStart + len(t.Text) }

// fold lower-cases and maps curly apostrophes to straight ones, allocating only when needed.
func fold(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}

const (
	classOther = iota
	classSpace
	classWord
)

// asciiClass classifies ASCII bytes; punctuation is classOther and takes the general path.
var asciiClass = func() (t [utf8.RuneSelf]byte) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			t[c] = classSpace
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = classWord
		}
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r] == classWord
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// scanWord returns the byte end and rune length of the word starting at i. Inner apostrophes,
// hyphens and periods (don't, well-being, 3.5, e.g) stay inside the word.
func scanWord(text string, i int) (end, runes int) {
	j := i
	for j < len(text) {
		if c := text[j]; c < utf8.RuneSelf && asciiClass[c] == classWord {
			j++
			runes++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += size
			runes++
			continue
		}
		if isJoiner(r) && j+size < len(text) {
			next, nsize := utf8.DecodeRuneInString(text[j+size:])
			if isWordRune(next) && joinerFits(r, text[i:j], next) {
				j += size + nsize
				runes += 2
				continue
			}
		}
		break
	}
	return j, runes
}

func isJoiner(r rune) bool { return r == '\'' || r == '’' || r == '-' || r == '.' }

// joinerFits keeps a period inside a word only for numbers (3.5) and dotted abbreviations
// (e.g, a.m), so that "home.Then" still splits.
func joinerFits(r rune, before string, next rune) bool {
	if r != '.' {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	if unicode.IsDigit(last) && unicode.IsDigit(next) {
		return true
	}
	return utf8.RuneCountInString(before) == 1 || strings.Contains(before, ".")
}

// Split splits text into sentences. A sentence ends at . ! ? … (plus any closing quotes or
// brackets), at a blank line, or at a single newline followed by a capital or a list marker, as
// in notes.
func Split(text string) []Sentence {
	return SplitTokens(text, Tokenize(text))
}

// SplitTokens groups already-made tokens of text into sentences.
func SplitTokens(text string, toks []Token) []Sentence {
	return SplitTokensAppend(nil, text, toks)
}

// SplitTokensAppend appends the sentences of already-made tokens to dst.
func SplitTokensAppend(dst []Sentence, text string, toks []Token) []Sentence {
	out := dst
	start := 0
	for i := 0; i < len(toks); i++ {
		if i+1-start >= MaxTokens || (endsSentence(toks, i) && !listNumber(text, toks, i)) || lineBreakAfter(text, toks, i) {
			i = absorbClosers(toks, i, start+MaxTokens-1)
			out = append(out, makeSentence(text, toks[start:i+1]))
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, makeSentence(text, toks[start:]))
	}
	return out
}

func endsSentence(toks []Token, i int) bool {
	t := toks[i]
	if t.Word {
		return false
	}
	switch t.Text {
	case "!", "?", "…":
		return true
	case ".":
		return !abbreviationBefore(toks, i) && !continuesAfter(toks, i)
	}
	return false
}

func abbreviationBefore(toks []Token, i int) bool {
	if i == 0 || !toks[i-1].Word || toks[i-1].End != toks[i].Start {
		return false
	}
	if abbreviations[toks[i-1].Lower] {
		return true
	}
	// "No. 5" and "Pt. refused" are abbreviations; "She said no. Then she left." and "Met with
	// pt. Discussed housing." are not. What follows decides: a number after "no.", a lower-case
	// word after "pt.".
	if i+1 >= len(toks) {
		return false
	}
	next := toks[i+1]
	switch toks[i-1].Lower {
	case "no":
		return isNumber(next.Text)
	case "pt":
		r, _ := utf8.DecodeRuneInString(next.Text)
		return unicode.IsLower(r)
	}
	return false
}

func isNumber(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// continuesAfter reports a period inside an ellipsis "...", which ends at its last period.
func continuesAfter(toks []Token, i int) bool {
	return i+1 < len(toks) && toks[i+1].Text == "." && toks[i+1].Start == toks[i].End
}

// listNumber reports the period of a numbered list marker ("1. Call the clinic") at the start
// of the text or of a line, which belongs to its item rather than ending a sentence.
func listNumber(text string, toks []Token, i int) bool {
	if i == 0 || i+1 >= len(toks) || toks[i].Text != "." {
		return false
	}
	n := toks[i-1]
	if n.End != toks[i].Start || len(n.Text) > 3 || strings.Trim(n.Text, "0123456789") != "" {
		return false
	}
	return i == 1 || strings.Contains(text[toks[i-2].BEnd():n.BStart], "\n")
}

// absorbClosers extends a boundary over closing quotes, brackets and repeated marks ("?!), but
// not past token last, so that a sentence never holds more than MaxTokens tokens.
func absorbClosers(toks []Token, i, last int) int {
	for i < last && i+1 < len(toks) && toks[i+1].Start == toks[i].End && isCloser(toks[i+1].Text) {
		i++
	}
	return i
}

func isCloser(s string) bool {
	switch s {
	case "\"", "'", "”", "’", ")", "]", "»", "!", "?", ".", "…":
		return true
	}
	return false
}

// lineBreakAfter reports a newline between token i and the next one that starts a new line of a
// note: a blank line always, a single newline before a capital, digit or list marker.
func lineBreakAfter(text string, toks []Token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	between := text[toks[i].BEnd():toks[i+1].BStart]
	if len(between) < 2 && between != "\n" {
		return false // no gap or one space: most tokens
	}
	nl := strings.Count(between, "\n")
	if nl == 0 {
		return false
	}
	if nl >= 2 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(toks[i+1].Text)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '-' || r == '*' || r == '•'
}

func makeSentence(text string, toks []Token) Sentence {
	first, last := toks[0], toks[len(toks)-1]
	return Sentence{Start: first.Start, End: last.End, Text: text[first.BStart:last.BEnd()], Tokens: toks}
}
