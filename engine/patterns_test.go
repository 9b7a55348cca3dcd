package engine

import (
	"strings"
	"testing"
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
