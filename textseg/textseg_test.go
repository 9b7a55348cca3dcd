package textseg

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func sentenceTexts(ss []Sentence) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"spaces only", " \n\t\r\n ", nil},
		{"one sentence, no period", "hello there", []string{"hello there"}},
		{"two sentences", "I hear you. That sounds hard.", []string{"I hear you.", "That sounds hard."}},
		{"surrounding space trimmed", "  \n I hear you.  \n", []string{"I hear you."}},
		{"Dr.", "I saw Dr. Smith today. He was kind.", []string{"I saw Dr. Smith today.", "He was kind."}},
		{"Mrs. and St.", "Mrs. Lee lives on Main St. near the clinic.", []string{"Mrs. Lee lives on Main St. near the clinic."}},
		{"e.g.", "Bring ID, e.g. a passport. Then we can go.", []string{"Bring ID, e.g. a passport.", "Then we can go."}},
		{"i.e.", "Take it at night, i.e. before bed. Okay?", []string{"Take it at night, i.e. before bed.", "Okay?"}},
		{"a.m.", "Meet at 10 a.m. tomorrow. Bring it.", []string{"Meet at 10 a.m. tomorrow.", "Bring it."}},
		{"etc.", "Bring bills, letters, etc. to the office.", []string{"Bring bills, letters, etc. to the office."}},
		{"abbreviation is case-insensitive", "Saw DR. Patel. Fine.", []string{"Saw DR. Patel.", "Fine."}},
		{"no. before a number", "Form No. 5 is due. Thanks.", []string{"Form No. 5 is due.", "Thanks."}},
		{"the word no", "She said no. Then she left.", []string{"She said no.", "Then she left."}},
		{"spoken No.", "No. I don't drink.", []string{"No.", "I don't drink."}},
		{"pt. in a note", "Pt. refused meds. Will call.", []string{"Pt. refused meds.", "Will call."}},
		{"pt. ending a sentence", "Met with pt. Discussed housing.", []string{"Met with pt.", "Discussed housing."}},
		{"decimal", "Take 3.5 mg daily. Call me.", []string{"Take 3.5 mg daily.", "Call me."}},
		{"money and version", "It costs $12.50 a week. Done.", []string{"It costs $12.50 a week.", "Done."}},
		{"period glued to the next word", "It was home.Then I left.", []string{"It was home.", "Then I left."}},
		{"question", "How are you? Fine.", []string{"How are you?", "Fine."}},
		{"exclamation", "Great job! Keep going.", []string{"Great job!", "Keep going."}},
		{"?!", "Really?! I had no idea.", []string{"Really?!", "I had no idea."}},
		{"!!!", "Wow!!! That is big.", []string{"Wow!!!", "That is big."}},
		{"???", "What??? No way.", []string{"What???", "No way."}},
		{"ellipsis dots", "Well... I don't know. Maybe.", []string{"Well...", "I don't know.", "Maybe."}},
		{"ellipsis character", "Wait… what happened?", []string{"Wait…", "what happened?"}},
		{"closing straight quote", `She said "I'm done." Then she left.`, []string{`She said "I'm done."`, "Then she left."}},
		{"closing curly quote", "He said “I'm done.” Then left.", []string{"He said “I'm done.”", "Then left."}},
		{"closing single quote", "She said 'no way.' Then left.", []string{"She said 'no way.'", "Then left."}},
		{"closing bracket", "(I was scared.) Then I ran.", []string{"(I was scared.)", "Then I ran."}},
		{"question in quotes", `"Are you okay?" she asked.`, []string{`"Are you okay?"`, "she asked."}},
		{"blank line", "Client arrived late\n\nreports poor sleep", []string{"Client arrived late", "reports poor sleep"}},
		{"blank line with spaces", "Seen today \n \t\nplan to follow up", []string{"Seen today", "plan to follow up"}},
		{"CRLF blank line", "Seen today\r\n\r\nplan to follow up", []string{"Seen today", "plan to follow up"}},
		{"newline before capital", "Client arrived late\nReports poor sleep", []string{"Client arrived late", "Reports poor sleep"}},
		{"newline before lower case continues", "Client arrived late\nand reports poor sleep", []string{"Client arrived late\nand reports poor sleep"}},
		{"newline before digit", "BP checked\n120 over 80", []string{"BP checked", "120 over 80"}},
		{"dash list", "Plan:\n- call landlord\n- apply for SNAP", []string{"Plan:", "- call landlord", "- apply for SNAP"}},
		{"star list", "Goals:\n* housing\n* work", []string{"Goals:", "* housing", "* work"}},
		{"bullet list", "Goals:\n• housing\n• work", []string{"Goals:", "• housing", "• work"}},
		{"numbered list", "Plan:\n1. Call landlord.\n2. Apply for SNAP\n10. Rest", []string{"Plan:", "1. Call landlord.", "2. Apply for SNAP", "10. Rest"}},
		{"numbered item at the start", "1. Call the clinic today.", []string{"1. Call the clinic today."}},
		{"number ending a sentence", "I slept 4. Then I woke at 5.", []string{"I slept 4.", "Then I woke at 5."}},
		{"number ending the text", "Pain today\n7.", []string{"Pain today", "7."}},
		{"emoji", "I'm happy 😊 to help. Great!", []string{"I'm happy 😊 to help.", "Great!"}},
		{"emoji at the end", "See you Friday 👋", []string{"See you Friday 👋"}},
		{"accents", "Café résumé naïve. Ça va?", []string{"Café résumé naïve.", "Ça va?"}},
		{"capital accent after newline", "Visited today\nÉlise was home", []string{"Visited today", "Élise was home"}},
		{"curly apostrophes", "You don’t have to. It’s fine.", []string{"You don’t have to.", "It’s fine."}},
		{"CJK full stop is not a boundary", "Thanks。Bye", []string{"Thanks。Bye"}},
		{"trailing punctuation only", "...", []string{"..."}},
		{"hyphenated words", "Your well-being matters. Always.", []string{"Your well-being matters.", "Always."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Split(tc.text)
			if texts := sentenceTexts(got); !slices.Equal(texts, tc.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tc.text, texts, tc.want)
			}
			checkSentences(t, tc.text, got)
		})
	}
}

// checkSentences checks the invariants every split must keep: rune and byte offsets agree with
// the text, sentences are in order without overlap, every token belongs to exactly one sentence
// and no sentence holds more than MaxTokens tokens.
func checkSentences(t *testing.T, text string, ss []Sentence) {
	t.Helper()
	runes := runesOf(text)
	all := Tokenize(text)
	k := 0
	prevEnd := 0
	for i, s := range ss {
		if len(s.Tokens) == 0 {
			t.Fatalf("sentence %d has no tokens", i)
		}
		if len(s.Tokens) > MaxTokens {
			t.Errorf("sentence %d has %d tokens, over MaxTokens=%d", i, len(s.Tokens), MaxTokens)
		}
		if s.Start < prevEnd || s.End <= s.Start || s.End > len(runes) {
			t.Fatalf("sentence %d spans [%d,%d) after %d in %d runes", i, s.Start, s.End, prevEnd, len(runes))
		}
		if got := string(runes[s.Start:s.End]); got != sanitized(s.Text) {
			t.Errorf("sentence %d: Text %q, runes [%d,%d) are %q", i, s.Text, s.Start, s.End, got)
		}
		first, last := s.Tokens[0], s.Tokens[len(s.Tokens)-1]
		if s.Start != first.Start || s.End != last.End || s.Text != text[first.BStart:last.BEnd()] {
			t.Errorf("sentence %d [%d,%d) %q does not run from its first to its last token", i, s.Start, s.End, s.Text)
		}
		for _, tok := range s.Tokens {
			if k >= len(all) || tok != all[k] {
				t.Fatalf("sentence %d: token %+v is not token %d of Tokenize", i, tok, k)
			}
			k++
		}
		prevEnd = s.End
	}
	if k != len(all) {
		t.Errorf("sentences hold %d tokens, Tokenize gives %d", k, len(all))
	}
}

// runesOf splits text as range does: each invalid byte is one rune.
func runesOf(text string) []rune {
	var rs []rune
	for _, r := range text {
		rs = append(rs, r)
	}
	return rs
}

// sanitized is text with each invalid byte replaced by U+FFFD, as range sees it.
func sanitized(s string) string { return string(runesOf(s)) }

func TestSplitMaxTokens(t *testing.T) {
	words := make([]string, 10000)
	for i := range words {
		words[i] = []string{"I", "really", "hear", "how", "hard", "this", "week", "was"}[i%8]
	}
	text := strings.Join(words, " ") + "."
	ss := Split(text)
	checkSentences(t, text, ss)
	if want := (10001 + MaxTokens - 1) / MaxTokens; len(ss) != want {
		t.Errorf("%d sentences, want %d of at most %d tokens", len(ss), want, MaxTokens)
	}
	for i, s := range ss[:len(ss)-1] {
		if len(s.Tokens) != MaxTokens {
			t.Errorf("sentence %d has %d tokens, want the cap %d", i, len(s.Tokens), MaxTokens)
		}
	}
	if last := ss[len(ss)-1]; last.End != len(text) || !strings.HasSuffix(last.Text, ".") {
		t.Errorf("last sentence %q [%d,%d) does not end the text of %d runes", last.Text, last.Start, last.End, len(text))
	}
}

func TestSplitMaxTokensWithClosers(t *testing.T) {
	// Closing marks right at the cap must not carry a sentence past it.
	for _, tail := range []string{strings.Repeat("!", 1000), strings.Repeat("?!", 500), strings.Repeat(".", 1000), strings.Repeat(")", 1000)} {
		text := strings.Repeat("word ", MaxTokens-2) + "end" + tail + " After."
		checkSentences(t, text, Split(text))
		text = "Stop" + tail
		checkSentences(t, text, Split(text))
	}
}

func TestSplitTokensMatchesSplit(t *testing.T) {
	text := "Client arrived late.\nReports poor sleep… What helps? Dr. Lee said “rest.”"
	a, b := Split(text), SplitTokens(text, Tokenize(text))
	if !slices.EqualFunc(a, b, func(x, y Sentence) bool {
		return x.Start == y.Start && x.End == y.End && x.Text == y.Text && slices.Equal(x.Tokens, y.Tokens)
	}) {
		t.Errorf("SplitTokens differs from Split:\n%v\n%v", a, b)
	}
}

type tok struct {
	text       string
	start, end int
	bstart     int
	lower      string
	word       bool
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []tok
	}{
		{"empty", "", nil},
		{"ascii", "Hi, Sam!", []tok{
			{"Hi", 0, 2, 0, "hi", true}, {",", 2, 3, 2, ",", false}, {"Sam", 4, 7, 4, "sam", true}, {"!", 7, 8, 7, "!", false}}},
		{"contraction and hyphen stay whole", "DON'T self-harm", []tok{
			{"DON'T", 0, 5, 0, "don't", true}, {"self-harm", 6, 15, 6, "self-harm", true}}},
		{"trailing apostrophe and hyphen split off", "clients' -", []tok{
			{"clients", 0, 7, 0, "clients", true}, {"'", 7, 8, 7, "'", false}, {"-", 9, 10, 9, "-", false}}},
		{"decimal and abbreviation", "3.5 e.g. x", []tok{
			{"3.5", 0, 3, 0, "3.5", true}, {"e.g", 4, 7, 4, "e.g", true}, {".", 7, 8, 7, ".", false}, {"x", 9, 10, 9, "x", true}}},
		{"period between words splits", "home.Then", []tok{
			{"home", 0, 4, 0, "home", true}, {".", 4, 5, 4, ".", false}, {"Then", 5, 9, 5, "then", true}}},
		{"accents", "Ça Élise", []tok{
			{"Ça", 0, 2, 0, "ça", true}, {"Élise", 3, 8, 4, "élise", true}}},
		{"curly apostrophe folded", "DON’T it’s", []tok{
			{"DON’T", 0, 5, 0, "don't", true}, {"it’s", 6, 10, 8, "it's", true}}},
		{"combining mark stays in the word", "Cafe\u0301 ok", []tok{
			{"Cafe\u0301", 0, 5, 0, "cafe\u0301", true}, {"ok", 6, 8, 7, "ok", true}}},
		{"emoji is its own token", "hi😊there 👍🏽", []tok{
			{"hi", 0, 2, 0, "hi", true}, {"😊", 2, 3, 2, "😊", false}, {"there", 3, 8, 6, "there", true},
			{"👍", 9, 10, 12, "👍", false}, {"🏽", 10, 11, 16, "🏽", false}}},
		{"invalid byte is one rune", "Ça\xffva", []tok{
			{"Ça", 0, 2, 0, "ça", true}, {"\xff", 2, 3, 3, "\ufffd", false}, {"va", 3, 5, 4, "va", true}}},
		{"truncated sequence", "a\xe2\x82b", []tok{
			{"a", 0, 1, 0, "a", true}, {"\xe2", 1, 2, 1, "\ufffd", false}, {"\x82", 2, 3, 2, "\ufffd", false}, {"b", 3, 4, 3, "b", true}}},
		{"unicode spaces", "a\u00a0b\u2003c\u3000d", []tok{
			{"a", 0, 1, 0, "a", true}, {"b", 2, 3, 3, "b", true}, {"c", 4, 5, 7, "c", true}, {"d", 6, 7, 11, "d", true}}},
		{"NUL is punctuation", "a\x00b", []tok{
			{"a", 0, 1, 0, "a", true}, {"\x00", 1, 2, 1, "\x00", false}, {"b", 2, 3, 2, "b", true}}},
		{"CJK", "日本語です", []tok{{"日本語です", 0, 5, 0, "日本語です", true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Tokenize(tc.text)
			var g []tok
			for _, x := range got {
				g = append(g, tok{x.Text, x.Start, x.End, x.BStart, x.Lower, x.Word})
			}
			if !slices.Equal(g, tc.want) {
				t.Errorf("Tokenize(%q)\n got %+v\nwant %+v", tc.text, g, tc.want)
			}
			checkTokens(t, tc.text, got)
		})
	}
}

// checkTokens checks that every token's rune offsets, byte offsets and text agree with text.
func checkTokens(t *testing.T, text string, toks []Token) {
	t.Helper()
	runes := runesOf(text)
	prevEnd, prevBEnd := 0, 0
	for i, x := range toks {
		if x.Start < prevEnd || x.End <= x.Start || x.End > len(runes) {
			t.Fatalf("token %d %q: runes [%d,%d) after %d, text has %d", i, x.Text, x.Start, x.End, prevEnd, len(runes))
		}
		if x.BStart < prevBEnd || x.BEnd() > len(text) || text[x.BStart:x.BEnd()] != x.Text {
			t.Fatalf("token %d %q: bytes [%d,%d) wrong", i, x.Text, x.BStart, x.BEnd())
		}
		if got := string(runes[x.Start:x.End]); got != sanitized(x.Text) {
			t.Errorf("token %d: Text %q, runes [%d,%d) are %q", i, x.Text, x.Start, x.End, got)
		}
		if n := len(runesOf(text[:x.BStart])); n != x.Start {
			t.Errorf("token %d %q: BStart %d is rune %d, Start says %d", i, x.Text, x.BStart, n, x.Start)
		}
		if x.Lower != strings.ReplaceAll(strings.ToLower(x.Text), "’", "'") {
			t.Errorf("token %d: Lower %q of %q", i, x.Lower, x.Text)
		}
		if strings.ContainsAny(x.Text, " \t\n\r") {
			t.Errorf("token %d %q holds white space", i, x.Text)
		}
		prevEnd, prevBEnd = x.End, x.BEnd()
	}
}

func TestTokenizeRoundTrip(t *testing.T) {
	// Every non-space rune of the text is in exactly one token.
	text := "Client (45 y/o) said: “I’m done—really.” 😊 \xff\xfe Ça va? It's 3.5mg… e.g. NOW!!"
	toks := Tokenize(text)
	checkTokens(t, text, toks)
	covered := make([]bool, utf8.RuneCountInString(text)+10)
	for _, x := range toks {
		for i := x.Start; i < x.End; i++ {
			covered[i] = true
		}
	}
	for i, r := range runesOf(text) {
		space := strings.ContainsRune(" \t\n\r\u00a0", r)
		if covered[i] == space {
			t.Errorf("rune %d %q: covered=%v", i, r, covered[i])
		}
	}
}

func TestTokenizeAppendReusesBuffer(t *testing.T) {
	buf := make([]Token, 0, 64)
	a := TokenizeAppend(buf[:0], "One two three.")
	if len(a) != 4 || &a[0] != &buf[:1][0] {
		t.Fatalf("TokenizeAppend did not use the buffer: %v", a)
	}
	b := TokenizeAppend(a, " Four")
	if len(b) != 5 || b[4].Text != "Four" || b[4].Start != 1 || b[4].BStart != 1 {
		t.Errorf("appended token %+v: offsets are into the new text", b[4])
	}
	if !slices.Equal(TokenizeAppend(nil, "One two three."), Tokenize("One two three.")) {
		t.Error("TokenizeAppend(nil) differs from Tokenize")
	}
}

func TestTokenizeDoesNotAliasInput(t *testing.T) {
	// Lower is sliced out of a lower-cased copy; the text itself must stay as it was.
	b := []byte("HELLO World")
	text := string(b)
	toks := Tokenize(text)
	if text != "HELLO World" || toks[0].Text != "HELLO" || toks[0].Lower != "hello" || toks[1].Lower != "world" {
		t.Errorf("tokens %+v of %q", toks, text)
	}
}
