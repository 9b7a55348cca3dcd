package safety

import (
	"slices"
	"strings"
	"testing"
)

func TestConcerning(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		// English.
		{"Sometimes I think about suicide.", true},
		{"I've been feeling SUICIDAL again", true},
		{"I want to hurt myself", true},
		{"i might kill myself", true},
		{"There's no reason to live anymore", true},
		{"I don't want to live like this", true},
		{"I don’t want to live", true}, // a typographic apostrophe
		{"I'm not safe at home", true},
		{"My partner hits me when he drinks", true},
		{"He was abusive", true},
		{"self-harm", true},
		{"I took an overdose last year", true},
		// Negation is not a reason to skip: a person should read it.
		{"I am not suicidal", true},
		{"I would never hurt myself", true},
		// Spanish, with and without accents.
		{"He pensado en el suicidio", true},
		{"A veces quiero morirme", true},
		{"No tengo ninguna razón para vivir", true},
		{"no tengo ninguna razon para vivir", true},
		{"Quiero hacerme daño", true},
		{"No estoy segura en casa", true},
		{"Mi pareja me pega", true},
		{"Sufrí maltrato de niña", true},
		{"Hay violencia en mi casa", true},
		// Nothing to flag.
		{"Casey always listens to me. Thank you!", false},
		{"The white metal chair was broken", false}, // "hit me" only as whole words
		{"I was not sure at first but now I trust her", false},
		{"Me escuchan y me siento bien", false},
		{"", false},
	} {
		if got := Concerning(tc.text); got != tc.want {
			t.Errorf("Concerning(%q) = %v, want %v (matched %q)", tc.text, got, tc.want, Find(tc.text))
		}
	}
}

func TestFindNamesThePhrases(t *testing.T) {
	got := Find("I feel unsafe and want to die")
	want := []string{"want to die", "unsafe"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Find = %q, want %q", got, want)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Don't  STOP—now!": "dont stop now",
		"Razón, daño":      "razon dano",
		"  ¿Qué?  ":        "que",
		"self-harm":        "self harm",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every phrase is written in folded form, or it could never match.
func TestPhrasesAreFolded(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range phrases {
		word := strings.TrimSuffix(p, "*")
		if Fold(word) != word {
			t.Errorf("phrase %q is not folded: %q", p, Fold(word))
		}
		if seen[p] {
			t.Errorf("phrase %q is listed twice", p)
		}
		seen[p] = true
		if !Concerning(word) {
			t.Errorf("phrase %q does not match itself", p)
		}
	}
}
