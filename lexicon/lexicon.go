// Package lexicon holds Rapport's list of stigmatising terms, each with a person-first,
// non-blaming alternative and a short reason, and a matcher that finds them in text.
//
// The list is embedded (terms.tsv) and parsed once; Default returns it. Matching is on whole
// words, case-insensitive, and runs in time linear in the text, so it can give feedback while a
// case manager types. A *Lexicon is immutable after Parse and safe for concurrent use.
package lexicon

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The categories an entry can belong to. They are stable names: the bias audit groups findings
// by them.
const (
	SubstanceUse     = "substance_use"
	MentalHealth     = "mental_health"
	Weight           = "weight"
	Disability       = "disability"
	Housing          = "housing"
	DifficultPatient = "difficult_patient"
	Compliance       = "compliance"
	Credibility      = "credibility"
	General          = "general"
)

var categories = []string{
	SubstanceUse, MentalHealth, Weight, Disability, Housing,
	DifficultPatient, Compliance, Credibility, General,
}

// Categories lists every category in a fixed order.
func Categories() []string { return slices.Clone(categories) }

// sources are the citation keys an entry may name; docs/lexicon.md gives the full references.
var sources = []string{"va", "nida", "goddu2018", "park2021", "sun2022", "harrigian2023", "retext", "own"}

// Entry is one stigmatising term with its variants and the suggested replacement.
type Entry struct {
	// Terms are the surface variants, lowercase whole words ("noncompliant", "non-compliant").
	Terms []string
	// Category is one of the category constants.
	Category string
	// Alternative is person-first text that can replace the matched words.
	Alternative string
	// Reason says in one sentence why the term harms trust.
	Reason string
	// Sources are citation keys (see docs/lexicon.md).
	Sources []string
	// ContextRequired lists words of which at least one must occur within three words of the
	// match for it to count; empty means none is needed. A trailing "*" matches any word with
	// that prefix ("tox*" matches "toxicology").
	ContextRequired []string
	// ContextExcluded lists words that, within three words of the match, cancel it ("nuts"
	// near "allergy"). Written in terms.tsv as "!word" in the context_required column.
	ContextExcluded []string
	// ExcludedNext lists words that cancel a match only as the word right after it: "a
	// diabetic patient" describes the patient, "the patient is a diabetic" labels them.
	// Written as "!+word".
	ExcludedNext []string
	// Confidence (0.5 to 0.95) is how likely a match is to be stigmatising as used.
	Confidence float64
}

// Match is one occurrence of an entry in a text.
type Match struct {
	Start, End int    // rune offsets into the text, half-open
	Surface    string // the matched text as written
	Entry      *Entry
}

// Lexicon is a parsed set of entries and the word trie built from them.
type Lexicon struct {
	entries []*Entry
	root    *node
	starts  wordSet // the first word of every variant
}

// Entries returns every entry in file order. The entries are shared; do not modify them.
func (l *Lexicon) Entries() []*Entry { return slices.Clone(l.entries) }

// Len is the number of entries.
func (l *Lexicon) Len() int { return len(l.entries) }

//go:embed terms.tsv
var termsTSV string

var loadDefault = sync.OnceValue(func() *Lexicon {
	l, err := Parse(strings.NewReader(termsTSV))
	if err != nil {
		// Only a broken embedded file gets here, and TestDefault proves it parses.
		panic(fmt.Sprintf("lexicon: embedded terms.tsv: %v", err))
	}
	return l
})

// Default returns the embedded lexicon, parsed on first use.
func Default() *Lexicon { return loadDefault() }

// MatchCase capitalises the first letter of alternative when surface starts with a capital, so
// that a suggestion at the start of a sentence still reads well.
func MatchCase(alternative, surface string) string {
	first, _ := utf8.DecodeRuneInString(surface)
	if !unicode.IsUpper(first) || acronym(surface) {
		return alternative
	}
	r, size := utf8.DecodeRuneInString(alternative)
	if r == utf8.RuneError {
		return alternative
	}
	return string(unicode.ToUpper(r)) + alternative[size:]
}

// acronym reports a short surface written all in capitals ("IVDU"), whose capital says nothing
// about where it stands in the sentence: "…abscess to L forearm, IVDU" → "…, injection drug
// use". A long word in capitals ("NONCOMPLIANT") is shouted, and keeps its capital.
func acronym(surface string) bool {
	letters := 0
	for _, r := range surface {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2 && letters <= 5
}
