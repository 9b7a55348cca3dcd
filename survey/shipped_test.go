package survey

import (
	"fmt"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	tests := []struct {
		lang string
		want map[string]int
	}{
		{"en", map[string]int{"cat": 1, "the": 1, "are": 1, "whole": 1, "trust": 1, "makes": 1, "listens": 2,
			"listened": 2, "treated": 2, "followed": 2, "worries": 2, "choices": 2, "people": 2, "little": 2,
			"person": 2, "respect": 2, "manager": 3, "decisions": 3, "everything": 4, "yes": 1}},
		{"es", map[string]int{"y": 1, "hoy": 1, "muy": 1, "que": 1, "país": 2, "confío": 3, "escucha": 3,
			"cuidado": 3, "respeto": 3, "guitarra": 3, "ayuda": 3, "preocupa": 4, "decisiones": 4, "buey": 1}},
	}
	for _, tt := range tests {
		for word, want := range tt.want {
			if got := Measure(word, tt.lang).Syllables; got != want {
				t.Errorf("%s %q: %d syllables, want %d", tt.lang, word, got, want)
			}
		}
	}
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		text, lang string
		want       TextStats
	}{
		{"The cat sat on the mat.", "en", TextStats{1, 6, 6}},
		{"I trust my case manager", "en", TextStats{1, 5, 7}},
		{"Is it? Yes. Don't stop!", "en", TextStats{3, 5, 5}},
		{"¿Qué tan cierta es? Mucho.", "es", TextStats{2, 5, 7}},
		{"", "en", TextStats{}},
	}
	for _, tt := range tests {
		if got := Measure(tt.text, tt.lang); got != tt.want {
			t.Errorf("Measure(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
	// Hard texts fail the check the shipped wording passes.
	hardEN := "Notwithstanding institutional considerations, comprehensive multidisciplinary documentation facilitates accountability."
	if g := Measure(hardEN, "en").FleschKincaidGrade(); g <= 12 {
		t.Errorf("a hard English sentence scores grade %.1f", g)
	}
	hardES := "La documentación multidisciplinaria exhaustiva, independientemente de las consideraciones institucionales, facilita la rendición de cuentas."
	if e := Measure(hardES, "es").FernandezHuerta(); e >= FernandezHuertaGrade6 {
		t.Errorf("a hard Spanish sentence has ease %.1f", e)
	}
	// 6 words, 6 syllables, 1 sentence: 0.39×6 + 11.8×1 − 15.59 = −1.45.
	if g := Measure("The cat sat on the mat.", "en").FleschKincaidGrade(); fmt.Sprintf("%.2f", g) != "-1.45" {
		t.Errorf("Flesch–Kincaid grade = %.2f, want -1.45", g)
	}
	// 5 words, 7 syllables, 2 sentences: 206.84 − 60×1.4 − 1.02×2.5 = 120.29.
	if e := Measure("¿Qué tan cierta es? Mucho.", "es").FernandezHuerta(); fmt.Sprintf("%.2f", e) != "120.29" {
		t.Errorf("Fernández-Huerta = %.2f, want 120.29", e)
	}
}

// The shipped instruments: marked as not validated, complete in English and
// Spanish, scorable, and readable at grade 6 or below.
func TestShipped(t *testing.T) {
	qs := Shipped()
	if len(qs) != 2 {
		t.Fatalf("%d shipped instruments, want 2", len(qs))
	}
	for _, q := range qs {
		t.Run(q.URL, func(t *testing.T) {
			if !strings.Contains(q.Description, "NOT VALIDATED") || !strings.Contains(q.DescriptionIn("es"), "NO ESTÁ VALIDADA") {
				t.Errorf("the description must say the instrument is not validated, in both languages")
			}
			if fmt.Sprint(q.Languages()) != "[en es]" || q.TitleIn("es") == q.Title {
				t.Errorf("languages %v, Spanish title %q", q.Languages(), q.TitleIn("es"))
			}
			q.Items(func(it *Item) {
				if it.Text != "" && it.TextIn("es") == it.Text {
					t.Errorf("item %s has no Spanish text", it.LinkID)
				}
				for _, o := range it.AnswerOption {
					if o.LabelIn("es") == "" || o.LabelIn("en") == "" {
						t.Errorf("item %s: an option without a label in both languages", it.LinkID)
					}
				}
			})
			mustScorer(t, q)
			q.Items(func(it *Item) { // each text on its own, not only on average
				if g := Measure(it.TextIn("en"), "en").FleschKincaidGrade(); g > 6 {
					t.Errorf("item %s: English grade %.1f is above 6", it.LinkID, g)
				}
				if e := Measure(it.TextIn("es"), "es").FernandezHuerta(); e < FernandezHuertaGrade6 {
					t.Errorf("item %s: Spanish ease %.1f is below %d", it.LinkID, e, FernandezHuertaGrade6)
				}
			})
			for _, questionsOnly := range []bool{true, false} {
				en, es := Readability(q, "en", questionsOnly), Readability(q, "es", questionsOnly)
				t.Logf("questions only %v: English grade %.1f (%+v); Spanish Fernández-Huerta %.1f (%+v)",
					questionsOnly, en.FleschKincaidGrade(), en, es.FernandezHuerta(), es)
				if g := en.FleschKincaidGrade(); g > 6 {
					t.Errorf("English Flesch–Kincaid grade %.1f is above 6", g)
				}
				if e := es.FernandezHuerta(); e < FernandezHuertaGrade6 {
					t.Errorf("Spanish Fernández-Huerta ease %.1f is below %d (grade 6)", e, FernandezHuertaGrade6)
				}
			}
		})
	}
}

// Hand-worked scores of the shipped instruments.
func TestScoreShipped(t *testing.T) {
	byURL := map[string]*Questionnaire{}
	for _, q := range Shipped() {
		byURL[q.URL] = q
	}
	answer := func(q *Questionnaire, codes map[string]string) *QuestionnaireResponse {
		r := &QuestionnaireResponse{Questionnaire: q.URL, Status: ResponseCompleted}
		system := strings.Replace(q.URL, "/Questionnaire/", "/CodeSystem/", 1) + "-answer"
		for id, code := range codes {
			r.Item = append(r.Item, ResponseItem{LinkID: id, Answer: []Answer{{ValueCoding: &Coding{System: system, Code: code}}}})
		}
		return r
	}
	tests := []struct {
		url    string
		codes  map[string]string
		value  float64
		reason string
	}{
		// (5 + 4 + 4 + 3 + 4) / 5 = 4.
		{URLTrustPulse, map[string]string{"heard": "5", "whole-person": "4", "decisions": "4", "follow-up": "3", "trust": "4"}, 4, ""},
		// One missing: (5 + 4 + 3 + 4) / 4 = 4.
		{URLTrustPulse, map[string]string{"heard": "5", "whole-person": "4", "follow-up": "3", "trust": "4"}, 4, ""},
		{URLTrustPulse, map[string]string{"heard": "5", "whole-person": "4", "trust": "4"}, 0,
			"2 of 5 items were unanswered or did not apply; at most 1 may be"},
		// (3 + 2 + 3) / 3 = 2.67; one missing (3 + 2) / 2 = 2.5.
		{URLFeltHeard, map[string]string{"listened": "3", "mattered": "2", "respect": "3"}, 8.0 / 3, ""},
		{URLFeltHeard, map[string]string{"listened": "3", "mattered": "2"}, 2.5, ""},
		{URLFeltHeard, map[string]string{"listened": "3"}, 0, "2 of 3 items were unanswered or did not apply; at most 1 may be"},
	}
	for _, tt := range tests {
		q := byURL[tt.url]
		got := mustScore(t, mustScorer(t, q), answer(q, tt.codes)).Subscales[0]
		if got.Value != tt.value || got.Reason != tt.reason {
			t.Errorf("%s %v = %v (%q), want %v (%q)", tt.url, tt.codes, got.Value, got.Reason, tt.value, tt.reason)
		}
	}
}
