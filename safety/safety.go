// Package safety screens a client's free-text survey comment for words that suggest they may be
// in danger (self-harm, suicide, abuse, not being safe at home), in English and Spanish, so the
// care team can be told at once and someone can reach out.
//
// It is a plain word list, not a classifier, and it errs on the side of flagging: a false alarm
// costs a case manager a phone call, a miss can cost far more. So negation is not a reason to skip
// ("I am not suicidal" is flagged: a person may say it while struggling, and a human should read
// it), and stems match every ending ("suicid" finds suicide, suicidal and suicidio). Text is
// compared in lower case with accents and apostrophes removed, so "Suicídio", "dont" and "don't"
// are found alike. The list is in phrases below; docs/surveys.md explains how a match is routed.
package safety

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// phrases are written already folded (lower case, no accents, no apostrophes, words separated by
// one space). A phrase ending in "*" matches any word that starts with its last word; the others
// match whole words only, so "hit me" does not fire on "white metal".
var phrases = []string{
	// English: suicide and self-harm.
	"suicid*", "kill myself", "killing myself", "end my life", "ending my life", "end it all",
	"take my own life", "take my life", "want to die", "wanna die", "wish i was dead", "wish i were dead",
	"better off dead", "no reason to live", "nothing to live for", "dont want to live", "dont want to be here",
	"hurt myself", "hurting myself", "harm myself", "harming myself", "self harm*", "selfharm*",
	"cut myself", "cutting myself", "overdos*",
	// English: danger from others, at home or elsewhere.
	"not safe", "unsafe", "in danger", "afraid to go home", "scared to go home", "abus*", "domestic violence",
	"hits me", "hit me", "beats me", "beat me", "hurts me", "threatens me", "threatened me", "rape*",
	"assault*", "kill me", "going to kill", "kill him", "kill her", "kill someone", "hurt someone",
	// Spanish: suicide and self-harm ("suicid*" above covers suicidio, suicida, suicidarme).
	"matarme", "quitarme la vida", "quiero morir*", "no quiero vivir", "razon para vivir",
	"nada por que vivir", "hacerme dano", "lastimarme", "herirme", "cortarme", "autolesion*", "sobredosis",
	// Spanish: danger from others ("abus*" above covers abuso, abusa, abusan).
	"no estoy seguro", "no estoy segura", "no me siento seguro", "no me siento segura", "peligro",
	"miedo de volver a casa", "maltrat*", "violencia*", "me pega", "me golpea",
	"me amenaza", "me viol*", "violacion", "me va a matar", "lo voy a matar", "la voy a matar",
}

// Find returns the phrases of the list that text contains, in list order: what the screen
// matched, for the record and for tests. It returns nil when nothing matched.
func Find(text string) []string {
	folded := " " + Fold(text) + " "
	var found []string
	for _, p := range phrases {
		needle, prefix := strings.CutSuffix(p, "*")
		needle = " " + needle
		if !prefix {
			needle += " "
		}
		if strings.Contains(folded, needle) {
			found = append(found, p)
		}
	}
	return found
}

// Concerning reports whether text contains any phrase of the list.
func Concerning(text string) bool { return len(Find(text)) > 0 }

// Fold prepares text for matching: lower case, accents removed (é → e, ñ → n), apostrophes
// dropped (don't → dont), and every run of other characters that are not letters or digits
// turned into one space.
func Fold(text string) string {
	var b strings.Builder
	space := true // no leading space
	// Invalid bytes become spaces first: the normaliser leaves what follows one undecomposed,
	// so an accented letter after it would escape the fold.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(text, " ")) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'' || r == '’' || r == 'ʼ':
			continue // combining accents and apostrophes vanish inside a word
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}
