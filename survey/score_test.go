package survey

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The CARE examples are worked by hand: the answers 5 4 3 5 4 3 5 4 3 5 sum
// to 41; a missing or "does not apply" item counts as the mean of the others.
func TestScoreCARE(t *testing.T) {
	s := mustScorer(t, likert(URLCARE, 10, 5, true))
	tests := []struct {
		name    string
		answers string
		want    SubscaleScore
	}{
		{"complete", "5 4 3 5 4 3 5 4 3 5",
			SubscaleScore{Scorable: true, Value: 41, Answered: 10}},
		{"all lowest", "1 1 1 1 1 1 1 1 1 1",
			SubscaleScore{Scorable: true, Value: 10, Answered: 10}},
		{"all highest", "5 5 5 5 5 5 5 5 5 5",
			SubscaleScore{Scorable: true, Value: 50, Answered: 10}},
		// 5 4 3 5 4 3 5 4 3 = 36, mean 4: 36 + 4 = 40.
		{"one missing", "5 4 3 5 4 3 5 4 3 -",
			SubscaleScore{Scorable: true, Value: 40, Answered: 9, Missing: 1}},
		// 5 4 3 5 4 3 5 4 = 33, mean 4.125: 33 + 2×4.125 = 41.25.
		{"two not applicable", "5 4 3 5 4 3 5 4 NA NA",
			SubscaleScore{Scorable: true, Value: 41.25, Answered: 8, Missing: 2, NotApplicable: 2}},
		// 4 3 5 4 3 5 4 3 = 31, mean 3.875: 31 + 2×3.875 = 38.75.
		{"one missing, one not applicable", "- 4 3 5 4 3 5 4 3 NA",
			SubscaleScore{Scorable: true, Value: 38.75, Answered: 8, Missing: 2, NotApplicable: 1}},
		{"three missing", "5 4 3 5 4 3 5 - - -",
			SubscaleScore{Answered: 7, Missing: 3,
				Reason: "3 of 10 items were unanswered or did not apply; at most 2 may be"}},
		{"two missing, one not applicable", "5 4 3 5 4 3 5 - - NA",
			SubscaleScore{Answered: 7, Missing: 3, NotApplicable: 1,
				Reason: "3 of 10 items were unanswered or did not apply; at most 2 may be"}},
		{"all not applicable", "NA NA NA NA NA NA NA NA NA NA",
			SubscaleScore{Missing: 10, NotApplicable: 10, Reason: "no item was answered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustScore(t, s, respond(URLCARE, tt.answers))
			want := tt.want
			want.Code, want.Name, want.Min, want.Max = "total", "CARE score", 10, 50
			if diff := cmp.Diff([]SubscaleScore{want}, res.Subscales); diff != "" {
				t.Errorf("CARE %q (-want +got):\n%s", tt.answers, diff)
			}
		})
	}
}

// sumTo returns n answers in 1..5 that add up to sum, the lowest first.
func sumTo(n, sum int) []int {
	out := make([]int, n)
	extra := sum - n
	for i := range out {
		add := min(4, extra)
		out[i], extra = 1+add, extra-add
	}
	return out
}

// proqolAnswers builds a ProQOL 5 response from the answers of each item
// number; items not given are answered 3.
func proqolAnswers(given map[int]int) *QuestionnaireResponse {
	parts := make([]string, 30)
	for i := range parts {
		v, ok := given[i+1]
		if !ok {
			v = 3
		}
		parts[i] = strconv.Itoa(v)
	}
	return respond(URLProQOL5, strings.Join(parts, " "))
}

func TestScoreProQOLBands(t *testing.T) {
	s := mustScorer(t, likert(URLProQOL5, 30, 5, false))
	cs := []int{3, 6, 12, 16, 18, 20, 22, 24, 27, 30}
	for _, tt := range []struct {
		sum  int
		band string
	}{{10, "low"}, {22, "low"}, {23, "moderate"}, {30, "moderate"}, {41, "moderate"}, {42, "high"}, {50, "high"}} {
		given := map[int]int{}
		for i, v := range sumTo(10, tt.sum) {
			given[cs[i]] = v
		}
		res := mustScore(t, s, proqolAnswers(given))
		got := res.Subscales[0]
		if got.Code != "compassion_satisfaction" || got.Value != float64(tt.sum) || got.Band != tt.band {
			t.Errorf("compassion satisfaction summing to %d: got %s = %g (%s), want %g (%s)",
				tt.sum, got.Code, got.Value, got.Band, float64(tt.sum), tt.band)
		}
	}
}

// Burnout reverses items 1, 4, 15, 17 and 29: an answer v counts as 6−v.
func TestScoreProQOLReversed(t *testing.T) {
	s := mustScorer(t, likert(URLProQOL5, 30, 5, false))
	reversed := []int{1, 4, 15, 17, 29}
	straight := []int{8, 10, 19, 21, 26}
	with := func(rv, sv int) map[int]int {
		m := map[int]int{}
		for _, i := range reversed {
			m[i] = rv
		}
		for _, i := range straight {
			m[i] = sv
		}
		return m
	}
	tests := []struct {
		name  string
		given map[int]int
		value float64
		band  string
	}{
		{"reversed 1, straight 5: 5×5 + 5×5", with(1, 5), 50, "high"},
		{"reversed 5, straight 1: 5×1 + 5×1", with(5, 1), 10, "low"},
		{"all 1: 5×5 + 5×1", with(1, 1), 30, "moderate"},
		{"all 5: 5×1 + 5×5", with(5, 5), 30, "moderate"},
		// reversed answers 4 count 2 each (10); straight 3 3 3 3 2 = 14: 24.
		{"mixed", map[int]int{1: 4, 4: 4, 15: 4, 17: 4, 29: 4, 8: 3, 10: 3, 19: 3, 21: 3, 26: 2}, 24, "moderate"},
		// reversed answers 5 count 1 (5); straight 4 4 3 3 3 = 17: 22, the top of "low".
		{"top of low", map[int]int{1: 5, 4: 5, 15: 5, 17: 5, 29: 5, 8: 4, 10: 4, 19: 3, 21: 3, 26: 3}, 22, "low"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustScore(t, s, proqolAnswers(tt.given))
			got := res.Subscales[1]
			if got.Code != "burnout" || got.Value != tt.value || got.Band != tt.band {
				t.Errorf("burnout = %g (%s), want %g (%s)", got.Value, got.Band, tt.value, tt.band)
			}
		})
	}
}

// ProQOL has no missing-data rule in its manual, so only complete subscales
// are scored; the other subscales of the same response still are.
func TestScoreProQOLMissing(t *testing.T) {
	s := mustScorer(t, likert(URLProQOL5, 30, 5, false))
	r := proqolAnswers(nil)
	r.Item[1].Answer = nil // item 2: secondary traumatic stress
	res := mustScore(t, s, r)
	var got []string
	for _, sub := range res.Subscales {
		got = append(got, sub.Code+":"+strconv.FormatBool(sub.Scorable))
	}
	want := []string{"compassion_satisfaction:true", "burnout:true", "secondary_traumatic_stress:false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scorable subscales (-want +got):\n%s", diff)
	}
	if sts := res.Subscales[2]; sts.Reason != "1 of 10 items were unanswered or did not apply; at most 0 may be" {
		t.Errorf("reason = %q", sts.Reason)
	}
}

// withRules attaches rules to a likert questionnaire as the scoring
// extension, passing them through JSON so the extension is exercised too.
func withRules(t *testing.T, q *Questionnaire, r *Rules) *Scorer {
	t.Helper()
	q.URL = "https://example.org/fhir/Questionnaire/custom"
	q.Extension = []Extension{r.Extension()}
	return mustScorer(t, roundTrip(t, q))
}

// The other rules, each on a small hand-worked example.
func TestScoreRules(t *testing.T) {
	sub := func(items int, m Method, miss Missing, bands ...Band) *Rules {
		return &Rules{Name: "custom", Subscales: []Subscale{{Code: "s", Items: numbered(1, items),
			ItemMin: 1, ItemMax: 5, Method: m, Missing: miss, Bands: bands}}}
	}
	tests := []struct {
		name    string
		rules   *Rules
		answers string
		value   float64
		band    string
		reason  string
	}{
		{"mean", sub(2, MethodMean, Missing{Replace: ReplaceNone}), "2 4", 3, "", ""},
		{"mean with a missing item", sub(3, MethodMean, Missing{MaxMissing: 1, Replace: ReplaceNone}), "2 - 5", 3.5, "", ""},
		{"sum with none replaced, complete", sub(3, MethodSum, Missing{Replace: ReplaceNone}), "2 3 5", 10, "", ""},
		{"sum with none replaced, one missing", sub(3, MethodSum, Missing{Replace: ReplaceNone}), "2 - 5", 0, "",
			"1 of 3 items were unanswered or did not apply; at most 0 may be"},
		// 2 + 4 + 3 = 9, mean 3, one item missing: 12.
		{"prorated sum", sub(4, MethodSum, Missing{MaxMissing: 1, Replace: ReplaceMean}), "2 4 - 3", 12, "", ""},
		{"fraction met", sub(4, MethodMean, Missing{MaxMissing: 4, MinAnswered: 0.75, Replace: ReplaceMean}), "1 2 - 3", 2, "", ""},
		{"fraction not met", sub(4, MethodMean, Missing{MaxMissing: 4, MinAnswered: 0.75, Replace: ReplaceMean}), "1 - - 3", 0, "",
			"only 2 of 4 items were answered; at least 75% must be"},
		{"band below", sub(2, MethodMean, Missing{}, Band{"lower", 1}, Band{"upper", 2.5}), "2 2", 2, "lower", ""},
		{"band at its start", sub(2, MethodMean, Missing{}, Band{"lower", 1}, Band{"upper", 2.5}), "2 3", 2.5, "upper", ""},
		{"reversed", &Rules{Subscales: []Subscale{{Code: "s", Items: numbered(1, 2), Reversed: []string{"2"},
			ItemMin: 1, ItemMax: 5, Method: MethodSum}}}, "2 2", 6, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(tt.rules.Subscales[0].Items)
			s := withRules(t, likert("", n, 5, false), tt.rules)
			got := mustScore(t, s, respond(s.url, tt.answers)).Subscales[0]
			if got.Value != tt.value || got.Band != tt.band || got.Reason != tt.reason || got.Scorable != (tt.reason == "") {
				t.Errorf("%q = %g (%q, scorable %v, reason %q), want %g (%q, reason %q)",
					tt.answers, got.Value, got.Band, got.Scorable, got.Reason, tt.value, tt.band, tt.reason)
			}
		})
	}
}

// Answers take their value from the options' weights, the rules' code→value
// map, or an integer item's answer.
func TestScoreAnswerValues(t *testing.T) {
	t.Run("code to value map", func(t *testing.T) {
		q := likert("", 2, 3, false)
		for i := range q.Item {
			for j := range q.Item[i].AnswerOption {
				q.Item[i].AnswerOption[j].Extension = nil
			}
		}
		rules := &Rules{Subscales: []Subscale{{Code: "s", Items: []string{"1", "2"}, ItemMin: 0, ItemMax: 10, Method: MethodSum}},
			Weights: []CodeWeight{{Code{testSystem, "1"}, 0}, {Code{testSystem, "2"}, 5}, {Code{testSystem, "3"}, 10}}}
		s := withRules(t, q, rules)
		if got := mustScore(t, s, respond(s.url, "2 3")).Subscales[0].Value; got != 15 {
			t.Errorf("5 + 10 = %g", got)
		}
	})
	t.Run("integer item", func(t *testing.T) {
		q := &Questionnaire{ResourceType: "Questionnaire", Status: "active",
			Item: []Item{{LinkID: "1", Type: TypeInteger}, {LinkID: "2", Type: TypeDecimal}}}
		rules := &Rules{Subscales: []Subscale{{Code: "s", Items: []string{"1", "2"}, ItemMin: 0, ItemMax: 10, Method: MethodMean}}}
		s := withRules(t, q, rules)
		seven := int64(7)
		r := &QuestionnaireResponse{Item: []ResponseItem{
			{LinkID: "1", Answer: []Answer{{ValueInteger: &seven}}},
			{LinkID: "2", Answer: []Answer{{ValueDecimal: DecimalOf(2.5)}}}}}
		if got := mustScore(t, s, r).Subscales[0].Value; got != 4.75 {
			t.Errorf("mean of 7 and 2.5 = %g", got)
		}
	})
}

func TestScoreErrors(t *testing.T) {
	s := mustScorer(t, likert(URLCARE, 10, 5, true))
	eleven, two := int64(11), int64(2)
	tests := []struct {
		name string
		edit func(r *QuestionnaireResponse)
		want string
	}{
		{"another questionnaire", func(r *QuestionnaireResponse) { r.Questionnaire = URLProQOL5 },
			`questionnaire: the response answers "` + URLProQOL5 + `", not "` + URLCARE + `"`},
		{"unknown item", func(r *QuestionnaireResponse) { r.Item[3].LinkID = "x" },
			`item[3].linkId: "x" is not an item of this questionnaire`},
		{"item answered twice", func(r *QuestionnaireResponse) { r.Item[3].LinkID = "3" },
			`item[3].linkId: "3" is answered twice`},
		{"two answers", func(r *QuestionnaireResponse) { r.Item[2].Answer = append(r.Item[2].Answer, r.Item[1].Answer...) },
			`item[2].answer: item "3" is scored and takes one answer, not 2`},
		{"not an option", func(r *QuestionnaireResponse) { r.Item[0].Answer[0].ValueCoding.Code = "6" },
			`item[0].answer[0]: the answer is not one of the item's options`},
		{"integer for a choice", func(r *QuestionnaireResponse) { r.Item[0].Answer[0] = Answer{ValueInteger: &two} },
			`item[0].answer[0]: the answer is not one of the item's options`},
		{"nested unknown", func(r *QuestionnaireResponse) {
			r.Item[0].Item = []ResponseItem{{LinkID: "zz", Answer: []Answer{{ValueInteger: &eleven}}}}
		}, `item[0].item[0].linkId: "zz" is not an item of this questionnaire`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := respond(URLCARE, "1 2 3 4 5 1 2 3 4 5")
			tt.edit(r)
			_, err := s.Score(r)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Score error = %v, want %s", err, tt.want)
			}
			if !errors.As(err, new(*InputError)) {
				t.Errorf("error %T is not an *InputError", err)
			}
		})
	}
	t.Run("integer out of range", func(t *testing.T) {
		q := &Questionnaire{ResourceType: "Questionnaire", Status: "active", Item: []Item{{LinkID: "1", Type: TypeInteger}}}
		s := withRules(t, q, &Rules{Subscales: []Subscale{{Code: "s", Items: []string{"1"}, ItemMin: 0, ItemMax: 10, Method: MethodSum}}})
		_, err := s.Score(&QuestionnaireResponse{Item: []ResponseItem{{LinkID: "1", Answer: []Answer{{ValueInteger: &eleven}}}}})
		if want := "item[0].answer[0]: 11 is outside the item's range 0–10"; err == nil || err.Error() != want {
			t.Errorf("error = %v, want %s", err, want)
		}
	})
}

// NewScorer refuses rules that do not fit the questionnaire, naming the
// item or option.
func TestNewScorerErrors(t *testing.T) {
	tests := []struct {
		name string
		q    func() *Questionnaire
		want string
	}{
		{"item missing", func() *Questionnaire { return likert(URLCARE, 9, 5, true) },
			`item: the scoring rules of CARE measure use item "10", which the questionnaire does not have`},
		{"option without value", func() *Questionnaire {
			q := likert(URLCARE, 10, 5, true)
			q.Item[3].AnswerOption[1].Extension = nil
			return q
		}, "item[3].answerOption[1]: this option of a scored item has no value: give it an ordinalValue extension, or mark \"does not apply\" with system " + SystemNullFlavor + " and code NA"},
		{"value out of range", func() *Questionnaire { return likert(URLCARE, 10, 6, false) },
			`item[0].answerOption[5]: the option's value 6 is outside the range 1–5 of subscale "total"`},
		{"scored text item", func() *Questionnaire {
			q := likert(URLCARE, 10, 5, true)
			q.Item[9] = Item{LinkID: "10", Type: TypeText}
			return q
		}, `item[9].type: item "10" is scored, so it must be a choice, integer or decimal item, not "text"`},
		{"repeating scored item", func() *Questionnaire {
			q := likert(URLCARE, 10, 5, true)
			yes := true
			q.Item[0].Repeats = &yes
			return q
		}, `item[0].repeats: a scored item takes one answer, so it cannot repeat`},
		{"built-in with its own rules", func() *Questionnaire {
			q := likert(URLCARE, 10, 5, true)
			q.Extension = []Extension{careRules().Extension()}
			return q
		}, `extension[0]: the url names the built-in instrument CARE measure, whose scoring is fixed; remove this scoring extension`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewScorer(tt.q())
			if err == nil || err.Error() != tt.want {
				t.Errorf("NewScorer error = %v\nwant %s", err, tt.want)
			}
		})
	}
	if _, err := NewScorer(likert("https://example.org/q", 2, 5, false)); !errors.Is(err, ErrNoRules) {
		t.Errorf("a questionnaire without rules: %v, want ErrNoRules", err)
	}
}

func TestRulesValidate(t *testing.T) {
	ok := func() *Rules { return careRules() }
	tests := []struct {
		name string
		edit func(r *Rules)
		want string
	}{
		{"no subscales", func(r *Rules) { r.Subscales = nil }, "scoring rules need at least one subscale"},
		{"duplicate code", func(r *Rules) { r.Subscales = append(r.Subscales, r.Subscales[0]) }, `subscale code "total" is used twice`},
		{"bad method", func(r *Rules) { r.Subscales[0].Method = "median" }, `subscale "total": method "median" is not allowed; use sum or mean`},
		{"empty range", func(r *Rules) { r.Subscales[0].ItemMax = 1 }, `subscale "total": item values must range from a lower to a higher number within ±1e+06 (got 1 to 1)`},
		{"sum without replacement", func(r *Rules) { r.Subscales[0].Missing.Replace = ReplaceNone },
			`subscale "total": a sum that allows missing answers must replace them by the mean, or the sum would fall below its range`},
		{"too many missing", func(r *Rules) { r.Subscales[0].Missing.MaxMissing = 11 }, `subscale "total": at most 10 items can be missing, not 11`},
		{"fraction above 1", func(r *Rules) { r.Subscales[0].Missing.MinAnswered = 1.5 }, `subscale "total": the minimum answered fraction must be between 0 and 1`},
		{"reversed not an item", func(r *Rules) { r.Subscales[0].Reversed = []string{"11"} }, `subscale "total": reversed item "11" is not one of the subscale's items`},
		{"item twice", func(r *Rules) { r.Subscales[0].Items[1] = "1" }, `subscale "total": item "1" is listed twice`},
		{"first band not at the bottom", func(r *Rules) { r.Subscales[0].Bands = []Band{{"a", 11}} },
			`subscale "total": the first band must start at the lowest possible score, 10`},
		{"bands out of order", func(r *Rules) { r.Subscales[0].Bands = []Band{{"a", 10}, {"b", 30}, {"c", 20}} },
			`subscale "total": band "c" must start above the band before it`},
		{"band above the top", func(r *Rules) { r.Subscales[0].Bands = []Band{{"a", 10}, {"b", 51}} },
			`subscale "total": band "b" starts above the highest possible score, 50`},
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("CARE rules: %v", err)
	}
	if err := proqolRules().Validate(); err != nil {
		t.Fatalf("ProQOL rules: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok()
			tt.edit(r)
			if err := r.Validate(); err == nil || err.Error() != tt.want {
				t.Errorf("Validate = %v\nwant %s", err, tt.want)
			}
		})
	}
}

// The rules survive the trip through the scoring extension unchanged.
func TestRulesExtensionRoundTrip(t *testing.T) {
	for _, r := range []*Rules{careRules(), proqolRules(),
		{Name: "w", Subscales: []Subscale{{Code: "s", Items: []string{"a"}, ItemMin: 0, ItemMax: 2, Method: MethodMean,
			Missing: Missing{MaxMissing: 1, MinAnswered: 0.5, Replace: ReplaceMean}}},
			Weights: []CodeWeight{{Code{"http://x", "y"}, 1.5}}}} {
		back, err := rulesFromExtension(r.Extension(), "extension[0]")
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if diff := cmp.Diff(r, back); diff != "" {
			t.Errorf("%s rules after the extension (-want +got):\n%s", r.Name, diff)
		}
	}
}
