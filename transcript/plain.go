package transcript

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a speaker prefix: names are short, sentences that happen to
// contain a colon usually are not.
const (
	maxNameRunes = 40
	maxNameWords = 5
	// maxPrefixBytes bounds the search for the colon so that an enormous line
	// is not scanned twice; 40 runes of up to 4 bytes plus indentation fit.
	maxPrefixBytes = 256
)

// parsePlain reads "Speaker: text" lines. Lines without a speaker prefix
// continue the previous turn; blank lines are ignored.
func parsePlain(lr *lineReader) ([]Turn, error) {
	var b turnBuilder
	for {
		line, ok, err := lr.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return b.finish(), nil
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if name, text, ok := splitSpeaker(line); ok {
			b.start(name, text, lr.n)
		} else {
			b.add(line, lr.n)
		}
	}
}

// splitSpeaker splits "Name: text". Only the first colon counts, and it must
// be followed by white space or the end of the line, so times (10:30) and
// URLs (https://) never start a turn.
func splitSpeaker(line string) (name, text string, ok bool) {
	line = strings.TrimLeft(line, " \t")
	window := line
	if len(window) > maxPrefixBytes {
		window = window[:maxPrefixBytes]
	}
	i := strings.IndexByte(window, ':')
	if i < 0 {
		return "", "", false
	}
	rest := line[i+1:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", "", false
	}
	name = cleanText(line[:i])
	if !isSpeakerName(name) {
		return "", "", false
	}
	return name, rest, true
}

// isSpeakerName reports whether s looks like a speaker label such as "CM",
// "Client 2" or "Case Manager (Ana)" rather than the start of a sentence.
func isSpeakerName(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxNameRunes {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) {
		return false
	}
	for _, r := range s {
		if !isNameRune(r) {
			return false
		}
	}
	words := strings.Fields(s)
	if len(words) > maxNameWords {
		return false
	}
	// "I said: ..." or "the thing is: ..." are sentences; names of several
	// words are capitalised ("Case Manager") or name a role ("social worker").
	return len(words) == 1 || allTitled(words) || roleOf(s) != Unknown
}

func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
		r == ' ' || strings.ContainsRune(".-_'’()#&/", r)
}

// allTitled reports whether every word starts with a capital, a digit or a
// parenthesis, as in "Client 2" or "Peer Specialist (Jo)".
func allTitled(words []string) bool {
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '(' {
			return false
		}
	}
	return true
}
