package textseg

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplit checks the invariants of Split on any input: token and sentence offsets are
// monotone and inside the text, every Text is the bytes it claims and the runes it spans, no
// token is in two sentences, no sentence exceeds MaxTokens, and sentences hold every token of
// Tokenize in order.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"",
		"I saw Dr. Smith today. He was kind.",
		"Bring ID, e.g. a passport... Really?! “Yes.” (Fine.)",
		"Plan:\n- call landlord\n1. apply\n\nReports poor sleep\nand pain 3.5/10",
		"Ça va? Don’t worry 😊 👍🏽 日本語。",
		"a\xffb\xe2\x82\x00c.\r\n\r\nD",
		strings.Repeat("word ", MaxTokens-1) + "end!!!!!! After",
		strings.Repeat("!", 2*MaxTokens),
		strings.Repeat(". ", MaxTokens) + "x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := utf8.RuneCountInString(text)
		toks := Tokenize(text)
		prevEnd, prevBEnd := 0, 0
		for i, x := range toks {
			if x.Start < prevEnd || x.End <= x.Start || x.End > n {
				t.Fatalf("token %d %q: runes [%d,%d) after %d in %d runes", i, x.Text, x.Start, x.End, prevEnd, n)
			}
			if x.BStart < prevBEnd || x.BEnd() > len(text) || text[x.BStart:x.BEnd()] != x.Text {
				t.Fatalf("token %d %q: bytes [%d,%d) do not hold it", i, x.Text, x.BStart, x.BEnd())
			}
			if r := utf8.RuneCountInString(x.Text); r != x.End-x.Start {
				t.Fatalf("token %d %q: %d runes but spans [%d,%d)", i, x.Text, r, x.Start, x.End)
			}
			if r := utf8.RuneCountInString(text[:x.BStart]); r != x.Start {
				t.Fatalf("token %d %q: BStart %d is rune %d, Start %d", i, x.Text, x.BStart, r, x.Start)
			}
			prevEnd, prevBEnd = x.End, x.BEnd()
		}

		ss := Split(text)
		k := 0
		prevEnd = 0
		for i, s := range ss {
			if len(s.Tokens) == 0 || len(s.Tokens) > MaxTokens {
				t.Fatalf("sentence %d has %d tokens (max %d)", i, len(s.Tokens), MaxTokens)
			}
			if s.Start < prevEnd || s.End <= s.Start || s.End > n {
				t.Fatalf("sentence %d: runes [%d,%d) after %d in %d runes", i, s.Start, s.End, prevEnd, n)
			}
			first, last := s.Tokens[0], s.Tokens[len(s.Tokens)-1]
			if s.Start != first.Start || s.End != last.End {
				t.Fatalf("sentence %d [%d,%d) but its tokens span [%d,%d)", i, s.Start, s.End, first.Start, last.End)
			}
			if s.Text != text[first.BStart:last.BEnd()] {
				t.Fatalf("sentence %d: Text %q is not the bytes of its tokens", i, s.Text)
			}
			if r := utf8.RuneCountInString(s.Text); r != s.End-s.Start {
				t.Fatalf("sentence %d %q: %d runes but spans [%d,%d)", i, s.Text, r, s.Start, s.End)
			}
			for _, x := range s.Tokens {
				// Each token is the next one of Tokenize: none is skipped, repeated or in two
				// sentences, and each lies inside its sentence.
				if k >= len(toks) || x != toks[k] {
					t.Fatalf("sentence %d: token %+v out of order (want token %d)", i, x, k)
				}
				if x.Start < s.Start || x.End > s.End {
					t.Fatalf("sentence %d [%d,%d): token %q [%d,%d) outside it", i, s.Start, s.End, x.Text, x.Start, x.End)
				}
				k++
			}
			prevEnd = s.End
		}
		if k != len(toks) {
			t.Fatalf("sentences hold %d of %d tokens", k, len(toks))
		}
	})
}
