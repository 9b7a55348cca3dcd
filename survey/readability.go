package survey

import (
	"strings"
	"unicode"
)

// TextStats counts what the readability formulas need.
type TextStats struct {
	Sentences, Words, Syllables int
}

// Add sums two counts, to measure several texts as one.
func (s TextStats) Add(o TextStats) TextStats {
	return TextStats{s.Sentences + o.Sentences, s.Words + o.Words, s.Syllables + o.Syllables}
}

// FleschKincaidGrade is the US school grade an English text suits (Kincaid
// et al. 1975): 0.39·words/sentence + 11.8·syllables/word − 15.59.
func (s TextStats) FleschKincaidGrade() float64 {
	if s.Words == 0 {
		return 0
	}
	return 0.39*float64(s.Words)/float64(s.Sentences) + 11.8*float64(s.Syllables)/float64(s.Words) - 15.59
}

// FernandezHuerta is the reading ease of a Spanish text, 0 (hard) to about
// 100 (easy): 206.84 − 60·syllables/word − 1.02·words/sentence. This is
// Fernández Huerta's 1959 formula with the correction Law (2011) showed
// was needed (the sentence term is words per sentence). On its scale 70–80
// is "bastante fácil", sixth grade; 80 and above is easier still.
func (s TextStats) FernandezHuerta() float64 {
	if s.Words == 0 {
		return 100
	}
	return 206.84 - 60*float64(s.Syllables)/float64(s.Words) - 1.02*float64(s.Words)/float64(s.Sentences)
}

// FernandezHuertaGrade6 is the lowest Fernández-Huerta ease that reads at a
// sixth-grade level or below.
const FernandezHuertaGrade6 = 70

// Measure counts the sentences, words and syllables of a text in lang ("en"
// or "es"; other languages count syllables by vowel groups, as Spanish).
// A text without a full stop, question or exclamation mark is one sentence,
// as a survey question or an answer label reads.
func Measure(text, lang string) TextStats {
	var st TextStats
	syllables := spanishSyllables
	if lang == "en" || strings.HasPrefix(lang, "en-") {
		syllables = englishSyllables
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		w = strings.Trim(w, "'’")
		if w == "" {
			continue
		}
		st.Words++
		st.Syllables += syllables(strings.ToLower(w))
	}
	ended := false
	for _, r := range text {
		switch {
		case r == '.' || r == '?' || r == '!':
			ended = true
		case ended && !unicode.IsSpace(r):
			st.Sentences++
			ended = false
		}
	}
	if st.Words > 0 {
		st.Sentences++ // the last sentence, ended or not
	}
	return st
}

// englishSyllables estimates syllables by vowel groups, less a silent final
// "e" and the silent "e" of "-ed" and "-es" endings. It is the usual
// heuristic of readability tools: right for the short, common words a
// survey should use.
func englishSyllables(w string) int {
	isVowel := func(i int) bool {
		c := w[i]
		return strings.IndexByte("aeiou", c) >= 0 || c == 'y' && i > 0
	}
	n := 0
	for i := range len(w) {
		if isVowel(i) && (i == 0 || !isVowel(i-1)) {
			n++
		}
	}
	l := len(w)
	switch {
	case l > 2 && strings.HasSuffix(w, "le") && !isVowel(l-3):
	case l > 2 && w[l-1] == 'e' && !isVowel(l-2):
		n--
	case l > 3 && strings.HasSuffix(w, "ed") && !strings.ContainsRune("td", rune(w[l-3])) && !isVowel(l-3):
		n--
	case l > 3 && strings.HasSuffix(w, "es") && !strings.ContainsRune("sxzcgh", rune(w[l-3])) && !isVowel(l-3):
		n--
	}
	return max(n, 1)
}

// spanishSyllables counts vowel nuclei: adjacent vowels share a syllable
// (a diphthong or triphthong) unless both are strong (a, e, o, or an accented
// í or ú), which is a hiatus. "y" is a vowel only when no vowel follows it
// ("hoy", "muy", "y").
func spanishSyllables(w string) int {
	rs := []rune(w)
	kind := func(i int) int { // 0 consonant, 1 weak vowel, 2 strong vowel
		switch rs[i] {
		case 'a', 'e', 'o', 'á', 'é', 'ó', 'í', 'ú':
			return 2
		case 'i', 'u', 'ü':
			return 1
		case 'y':
			if i+1 == len(rs) || !strings.ContainsRune(spanishVowels, rs[i+1]) {
				return 1
			}
		}
		return 0
	}
	n := 0
	for i := range rs {
		k := kind(i)
		if k == 0 {
			continue
		}
		if i > 0 {
			if p := kind(i - 1); p != 0 && (p == 1 || k == 1) {
				continue // a diphthong: same syllable as the previous vowel
			}
		}
		n++
	}
	return max(n, 1)
}

const spanishVowels = "aeiouáéíóúü"

// Readability measures the words a client reads in q, in lang: the display
// text and the questions (questionsOnly), or those and every answer label.
// Titles and descriptions are for staff and are not measured.
func Readability(q *Questionnaire, lang string, questionsOnly bool) TextStats {
	var st TextStats
	q.Items(func(it *Item) {
		if it.Type != TypeGroup {
			st = st.Add(Measure(it.TextIn(lang), lang))
		}
		if questionsOnly {
			return
		}
		for i := range it.AnswerOption {
			st = st.Add(Measure(it.AnswerOption[i].LabelIn(lang), lang))
		}
	})
	return st
}
