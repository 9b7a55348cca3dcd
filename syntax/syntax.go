// Package syntax holds the small pieces of English grammar the engine and the models share: the
// form of a question, who a sentence is about, and word classes such as feeling words. Open
// versus closed questions and simple versus complex reflections turn on these, not on n-grams.
package syntax

import (
	"strings"

	"github.com/rapporthq/rapport/textseg"
)

// QuestionForm classifies how a sentence asks.
type QuestionForm string

const (
	NotQuestion   QuestionForm = ""
	WhOpen        QuestionForm = "wh-open"     // what, how, why: invites the client's own words
	WhFact        QuestionForm = "wh-fact"     // when, where, which, how many: asks for one fact
	AuxInverted   QuestionForm = "aux"         // do you, are you, can you: yes or no
	Either        QuestionForm = "either-or"   // do you want A or B
	TagQuestion   QuestionForm = "tag"         // ..., right? / isn't it?
	Declarative   QuestionForm = "declarative" // "So you drink every day?"
	Directive     QuestionForm = "directive"   // tell me, say more, walk me through: open without a "?"
	WhatAboutForm QuestionForm = "what-about"  // what about / how about: opens a topic
	Elicit        QuestionForm = "elicit"      // anything else? any other concerns?
	TrailingOr    QuestionForm = "trailing-or" // "do you have a plan, or?": left open on purpose
	Permission    QuestionForm = "permission"  // is it okay if I…, do you mind if we…, can I share…
	Scaling       QuestionForm = "scaling"     // on a scale of 0 to 10, how ready are you?
)

// Open reports whether the form invites an open answer. Asking permission is a yes/no question
// however it is meant, and a scaling question asks for one number; AnnoMI's coders call most of
// both closed (about two in three), so neither counts as open here.
func (f QuestionForm) Open() bool {
	return f == WhOpen || f == Directive || f == WhatAboutForm || f == Elicit || f == TrailingOr
}

// Form finds the question form of one sentence given its lower-cased words, with "?" and ","
// kept as words. A sentence with no question mark is a question only if it is a directive to
// tell ("Tell me about your week."). Spoken disfluencies ("what-what", "wh-what") are folded
// first, and in a long question the clause that carries it ("So, Bob, what are...") decides.
func Form(words []string) QuestionForm {
	f, _ := FormClause(words)
	return f
}

// FormClause returns both the form of a sentence's question (as Form) and the clause that carries
// it (as QuestionClause), normalising the words once.
func FormClause(words []string) (QuestionForm, []string) {
	w := Normalize(words)
	if !hasQuestionMark(w) {
		if c := stripLead(clean(w)); len(c) > 0 && directive(c) {
			return Directive, c
		}
		return NotQuestion, nil
	}
	clauses := questionClauses(w)
	if scaling(w) {
		if len(clauses) > 0 {
			return Scaling, askingPart(WhOpen, clauses[len(clauses)-1])
		}
		return Scaling, nil
	}
	for i := len(clauses) - 1; i >= 0; i-- {
		c := clauses[i]
		if i > 0 && len(c) <= 3 && auxiliaries[c[0]] {
			return TagQuestion, c // "..., isn't it?"
		}
		if f := clauseForm(c); f != Declarative {
			return f, askingPart(f, c)
		}
	}
	if len(clauses) > 0 {
		return Declarative, clauses[len(clauses)-1]
	}
	return Declarative, nil
}

// askingPart drops what comes before the question word of a clause: "and so what happened" →
// "what happened".
func askingPart(f QuestionForm, c []string) []string {
	if f == AuxInverted || f == WhOpen || f == WhFact || f == Either {
		if j := whIndex(c); j > 0 && j <= 4 && !auxiliaries[c[0]] && !factWh[c[0]] && c[0] != "what" && c[0] != "how" && c[0] != "why" {
			return c[j:]
		}
	}
	return c
}

// questionClauses splits the words before the last "?" into comma-separated clauses.
func questionClauses(w []string) [][]string {
	end := len(w)
	for end > 0 && w[end-1] != "?" {
		end--
	}
	var out [][]string
	start := 0
	for i := 0; i < end; i++ {
		if w[i] == "," || w[i] == "?" {
			if c := stripLead(w[start:i]); len(c) > 0 {
				out = append(out, c)
			}
			start = i + 1
		}
	}
	return out
}

// scaling reports a scaling ("ruler") question: a scale the client places themself on ("on a
// scale of 1 to 10", "on that same scale", "a readiness ruler"), not "scale back".
func scaling(w []string) bool {
	for i, x := range w {
		switch {
		case x == "ruler":
			return true
		case x != "scale":
		case i+1 < len(w) && (w[i+1] == "of" || w[i+1] == "from"):
			return true
		case i > 0 && (w[i-1] == "that" || w[i-1] == "same" || w[i-1] == "this" || w[i-1] == "the"):
			return true
		}
	}
	return false
}

func permission(w []string) bool {
	for _, p := range permissions {
		if HasPrefix(w, p) {
			return true
		}
	}
	return false
}

func clauseForm(w []string) QuestionForm {
	if len(w) == 0 {
		return Declarative
	}
	if permission(w) {
		return Permission
	}
	if w[len(w)-1] == "or" {
		return TrailingOr
	}
	if elicit(w) {
		return Elicit
	}
	return askedForm(w)
}

func clean(w []string) []string {
	out := make([]string, 0, len(w))
	for _, x := range w {
		if x != "?" && x != "," {
			out = append(out, x)
		}
	}
	return out
}

// Normalize folds spoken repetitions and cut-offs ("what-what", "wh-what", "so so") into one
// word and strips contractions from question words ("what's" → "what"), so that the first word
// of a question is found as a reader would find it.
func Normalize(words []string) []string {
	out := make([]string, 0, len(words))
	for _, x := range words {
		x = foldRepeat(x)
		if base, _, ok := strings.Cut(x, "'"); ok && (whWords[base]) {
			x = base
		}
		if n := len(out); n > 0 && out[n-1] == x && x != "," {
			continue
		}
		out = append(out, x)
	}
	return out
}

// foldRepeat turns "what-what" and "wh-what" into "what".
func foldRepeat(x string) string {
	a, b, ok := strings.Cut(x, "-")
	if !ok || a == "" || b == "" {
		return x
	}
	if a == b || strings.HasPrefix(b, a) {
		return foldRepeat(b)
	}
	return x
}

func elicit(w []string) bool {
	return HasPrefix(w, []string{"anything", "else"}) || HasPrefix(w, []string{"any", "other"}) ||
		HasPrefix(w, []string{"what", "else"}) || HasPrefix(w, []string{"anything"})
}

func askedForm(w []string) QuestionForm {
	first := w[0]
	switch {
	case directive(w):
		return Directive
	case first == "what" || first == "how":
		return whatHow(w)
	case first == "why":
		return WhOpen
	case factWh[first]:
		return WhFact
	case auxiliaries[first]:
		if hasEither(w) {
			return Either
		}
		return AuxInverted
	case isTag(w):
		return TagQuestion
	}
	if i := whIndex(w); i > 0 && i <= 4 {
		return askedForm(w[i:]) // "And so what happened next?", "Okay, how was it?"
	}
	return Declarative
}

// whatHow separates open what/how questions from those asking one fact ("how many", "what time").
func whatHow(w []string) QuestionForm {
	if len(w) < 2 {
		return WhOpen
	}
	second := w[1]
	if w[0] == "how" && (howFact[second]) {
		return WhFact
	}
	if w[0] == "what" && whatFact[second] {
		return WhFact
	}
	if second == "about" && len(w) > 2 {
		return WhatAboutForm
	}
	return WhOpen
}

func hasQuestionMark(w []string) bool {
	for _, x := range w {
		if x == "?" {
			return true
		}
	}
	return false
}

// stripLead removes discourse openers ("so", "and", "okay", "well") that do not change the form.
func stripLead(w []string) []string {
	for len(w) > 1 && leadIns[w[0]] {
		w = w[1:]
	}
	return w
}

func directive(w []string) bool {
	for _, d := range directives {
		if HasPrefix(w, d) {
			return true
		}
	}
	return false
}

func hasEither(w []string) bool {
	for i, x := range w {
		if x == "or" && i > 1 && i < len(w)-1 && !(i+1 < len(w) && (w[i+1] == "not" || w[i+1] == "something")) {
			return true
		}
	}
	return false
}

func isTag(w []string) bool {
	last := w[len(w)-1]
	return tagEnds[last] || (len(w) >= 2 && tagPairs[w[len(w)-2]+" "+last])
}

func whIndex(w []string) int {
	for i, x := range w {
		if x == "what" || x == "how" || x == "why" {
			return i
		}
		if auxiliaries[x] && i > 0 && (w[i-1] == "so" || w[i-1] == "and" || w[i-1] == "okay" || w[i-1] == "but") {
			return i
		}
	}
	return -1
}

// HasPrefix reports whether w starts with the words of p.
func HasPrefix(w, p []string) bool {
	if len(p) > len(w) {
		return false
	}
	for i := range p {
		if w[i] != p[i] {
			return false
		}
	}
	return true
}

// Contains reports whether seq occurs in w as a contiguous run.
func Contains(w, seq []string) bool {
	for i := 0; i+len(seq) <= len(w); i++ {
		if HasPrefix(w[i:], seq) {
			return true
		}
	}
	return false
}

// Words returns the lower-cased words of tokens as Form expects them: words, plus "?" and ",".
func Words(toks []textseg.Token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.Word || t.Lower == "?" || t.Lower == "," {
			out = append(out, t.Lower)
		}
	}
	return out
}

// QuestionClause returns the clause of a sentence that carries its question, lead-ins such as
// "so" and "okay" stripped: in "So, Bob, what are you hoping for?" it is "what are you hoping
// for". Where no clause has a clear form it is the last clause before the question mark; for a
// directive without a question mark ("Tell me about it.") it is the whole sentence. It returns
// nil for a sentence that is not a question.
func QuestionClause(words []string) []string {
	_, c := FormClause(words)
	return c
}
