package syntax

import "strings"

// Stem strips common English inflections (drinking, drinks, drank is left alone; worried →
// worri, worrying → worry) so that a reflection that repeats the client's words in another
// inflection is still seen to repeat them. It is a light suffix stripper, not Porter's algorithm:
// it only has to make the two sides of a comparison meet, not produce real stems.
func Stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	if i := strings.IndexByte(w, '\''); i > 0 { // contractions: you're → you, client's → client
		w = w[:i]
		if len(w) <= 3 {
			return w
		}
	}
	for _, s := range suffixes {
		if len(w) >= len(s.from)+3 && strings.HasSuffix(w, s.from) {
			if s.from == "s" && (strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is")) {
				break
			}
			w = w[:len(w)-len(s.from)] + s.to
			break
		}
	}
	// Undouble a final consonant left by -ing/-ed (stopped → stopp → stop).
	if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouls", rune(w[n-1])) {
		w = w[:n-1]
	}
	if len(w) > 3 {
		w = strings.TrimSuffix(w, "e")
	}
	return w
}

var suffixes = []struct{ from, to string }{
	{"ational", "ate"}, {"fulness", "ful"}, {"iveness", "ive"}, {"ousness", "ous"},
	{"ization", "ize"}, {"ments", ""}, {"ment", ""}, {"ness", ""}, {"ingly", ""}, {"edly", ""},
	{"ings", ""}, {"ing", ""}, {"ies", "y"}, {"ied", "y"}, {"ed", ""}, {"es", ""},
	{"s", ""},
}
