package engine

import (
	"strings"
	"testing"

	"github.com/rapporthq/rapport/textseg"
)

// A slot's alternatives are single words, so patterns that try to give several words as one
// alternative must fail at the first test run rather than silently match something else.
func TestCompileRefusesMultiWordAlternatives(t *testing.T) {
	for _, tc := range []struct{ src, msg string }{
		{"do not think like that/that way", `"that" is listed twice`},
		{"get (a grip)", "an optional group holds one slot"},
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), tc.msg) {
					t.Errorf("compile(%q) panicked with %v, want a panic saying %q", tc.src, r, tc.msg)
				}
			}()
			compile(tc.src, vocab{})
		}()
	}
	p := compile("do not (even) think like that", vocab{})
	if len(p.slots) != 6 || !p.slots[2].optional {
		t.Errorf("a valid pattern compiled to %+v", p)
	}
}

// An intensifier the pattern does not name may stand before any fixed word after the first; a
// word that changes the meaning may not.
func TestPatternsPassOverIntensifiers(t *testing.T) {
	v := vocab{}
	p := compile("that is understandable", v)
	q := compile("you are (being) lazy", v)
	lx := buildLexemes(v)
	for _, tc := range []struct {
		pat  pattern
		text string
		want bool
	}{
		{p, "That is understandable.", true},
		{p, "That's completely understandable.", true},
		{p, "That is really, truly understandable.", false}, // the comma is a word of its own
		{p, "That is really truly understandable.", true},
		{p, "That is not understandable.", false},
		{p, "That is just understandable.", false},
		{q, "You are really so lazy.", true},
		{q, "You are being very lazy.", true},
		{q, "You are pretty lazy.", false},
	} {
		ws := normalise(textseg.Tokenize(tc.text), lx, nil)
		if got := tc.pat.matchAt(ws, 0) > 0; got != tc.want {
			t.Errorf("%q: match %v, want %v", tc.text, got, tc.want)
		}
	}
}
