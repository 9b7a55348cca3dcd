package survey

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// randomAnswer answers one item at random: unanswered, or one of its
// options (which includes "does not apply" where there is one), or a number
// in the item's range for an integer or decimal item.
func randomAnswer(rng *rand.Rand, it *Item, lo, hi float64) []Answer {
	if rng.IntN(4) == 0 {
		return nil
	}
	switch it.Type {
	case TypeChoice:
		o := it.AnswerOption[rng.IntN(len(it.AnswerOption))]
		return []Answer{{ValueCoding: o.ValueCoding, ValueInteger: o.ValueInteger, ValueString: o.ValueString}}
	case TypeInteger:
		v := int64(math.Ceil(lo)) + rng.Int64N(int64(math.Floor(hi)-math.Ceil(lo))+1)
		return []Answer{{ValueInteger: &v}}
	case TypeDecimal:
		return []Answer{{ValueDecimal: DecimalOf(lo + rng.Float64()*(hi-lo))}}
	}
	return nil
}

// randomResponse answers every item of q at random.
func randomResponse(rng *rand.Rand, q *Questionnaire, lo, hi float64) *QuestionnaireResponse {
	r := &QuestionnaireResponse{ResourceType: "QuestionnaireResponse", Questionnaire: q.URL, Status: ResponseCompleted}
	q.Items(func(it *Item) {
		if it.Type != TypeGroup && it.Type != TypeDisplay {
			r.Item = append(r.Item, ResponseItem{LinkID: it.LinkID, Answer: randomAnswer(rng, it, lo, hi)})
		}
	})
	return r
}

// randomInstrument makes a questionnaire with random valid scoring rules:
// 1–12 items of a random type, a random scale with decimal ends, a random
// method, missing-data rule, reversed items and bands.
func randomInstrument(rng *rand.Rand) (*Questionnaire, float64, float64) {
	n := 1 + rng.IntN(12)
	lo := math.Round((rng.Float64()*20-10)*4) / 4
	hi := lo + 1 + float64(rng.IntN(8))
	q := &Questionnaire{ResourceType: "Questionnaire", Status: "active", URL: "https://example.org/fhir/Questionnaire/random"}
	sub := Subscale{Code: "s", ItemMin: lo, ItemMax: hi, Method: MethodMean}
	if rng.IntN(2) == 0 {
		sub.Method = MethodSum
	}
	for i := 1; i <= n; i++ {
		id := strconv.Itoa(i)
		sub.Items = append(sub.Items, id)
		if rng.IntN(3) == 0 {
			sub.Reversed = append(sub.Reversed, id)
		}
		q.Item = append(q.Item, randomItem(rng, id, lo, hi))
	}
	sub.Missing.MaxMissing = rng.IntN(n + 1)
	sub.Missing.MinAnswered = math.Round(rng.Float64()*100) / 100
	if sub.Method == MethodSum && sub.Missing.MaxMissing > 0 || rng.IntN(2) == 0 {
		sub.Missing.Replace = ReplaceMean
	}
	min, max := sub.Range()
	sub.Bands = []Band{{"low", min}}
	if mid := min + rng.Float64()*(max-min); mid > min {
		sub.Bands = append(sub.Bands, Band{"high", mid})
	}
	rules := &Rules{Name: "random", Subscales: []Subscale{sub}, NotApplicable: []Code{notApplicable}}
	q.Extension = []Extension{rules.Extension()}
	return q, lo, hi
}

func randomItem(rng *rand.Rand, id string, lo, hi float64) Item {
	switch rng.IntN(4) {
	case 0:
		return Item{LinkID: id, Type: TypeDecimal}
	case 1:
		if math.Floor(hi) >= math.Ceil(lo) {
			return Item{LinkID: id, Type: TypeInteger}
		}
	}
	it := Item{LinkID: id, Type: TypeChoice}
	for k := range 2 + rng.IntN(5) {
		w := lo + rng.Float64()*(hi-lo)
		it.AnswerOption = append(it.AnswerOption, AnswerOption{
			Extension:   []Extension{{URL: ExtItemWeight, ValueDecimal: DecimalOf(w)}},
			ValueCoding: &Coding{System: testSystem, Code: strconv.Itoa(k)},
		})
	}
	if rng.IntN(2) == 0 {
		it.AnswerOption = append(it.AnswerOption, AnswerOption{ValueCoding: &Coding{System: SystemNullFlavor, Code: "NA"}})
	}
	return it
}

// checkInRange is the property: every score lies within its subscale's
// range, and every subscale is either scored (with a band, where there are
// bands) or says why not.
func checkInRange(t *testing.T, res Result, rules *Rules) {
	t.Helper()
	for i, got := range res.Subscales {
		sub := &rules.Subscales[i]
		lo, hi := sub.Range()
		tol := 1e-9 * math.Max(1, hi-lo) // the mean of decimals rounds in the last bits
		switch {
		case got.Answered+got.Missing != len(sub.Items):
			t.Fatalf("%s: %d answered + %d missing ≠ %d items", got.Code, got.Answered, got.Missing, len(sub.Items))
		case !got.Scorable && got.Reason == "":
			t.Fatalf("%s: not scorable without a reason", got.Code)
		case got.Scorable && (math.IsNaN(got.Value) || got.Value < lo-tol || got.Value > hi+tol):
			t.Fatalf("%s = %v, outside %v–%v", got.Code, got.Value, lo, hi)
		case got.Scorable && len(sub.Bands) > 0 && got.Band == "":
			t.Fatalf("%s = %v has no band", got.Code, got.Value)
		}
	}
}

// TestScoreInRange is the property test: whatever the answers, including
// random missing and "does not apply" answers, each score is within its
// instrument's range, for the built-in instruments, the shipped ones and
// random rules. The seed is fixed, so a failure reproduces.
func TestScoreInRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2025))
	fixed := append([]*Questionnaire{likert(URLCARE, 10, 5, true), likert(URLProQOL5, 30, 5, false)}, Shipped()...)
	for _, q := range fixed {
		s := mustScorer(t, q)
		for range 2000 {
			checkInRange(t, mustScore(t, s, randomResponse(rng, q, 1, 5)), s.Rules())
		}
	}
	for range 500 {
		q, lo, hi := randomInstrument(rng)
		s := mustScorer(t, roundTrip(t, q))
		for range 50 {
			checkInRange(t, mustScore(t, s, randomResponse(rng, q, lo, hi)), s.Rules())
		}
	}
}

// FuzzDecodeQuestionnaire: any input either fails with an error or decodes
// to a questionnaire that exports and re-imports unchanged.
func FuzzDecodeQuestionnaire(f *testing.F) {
	entries, _ := instrumentFiles.ReadDir("instruments")
	for _, e := range entries {
		data, _ := instrumentFiles.ReadFile("instruments/" + e.Name())
		f.Add(data)
	}
	f.Add([]byte(qj(display + `,{"linkId":"c","type":"choice","answerOption":[` + opt("a", "1.5") + `,` + opt("b", `"x"`) + `]}`)))
	f.Add([]byte(`{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"g","type":"group","item":[` + choice + `]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := DecodeQuestionnaire(bytes.NewReader(data))
		if err != nil {
			if q != nil {
				t.Fatal("a questionnaire came back with an error")
			}
			return
		}
		back := roundTrip(t, q)
		if !cmp.Equal(q, back) {
			t.Fatalf("round trip changed the questionnaire:\n%s", cmp.Diff(q, back))
		}
	})
}

// FuzzScore: each input byte answers one item of a built-in or shipped
// instrument (an option, "does not apply" or nothing); the score must stay
// in range. The same bytes are also tried as a QuestionnaireResponse.
func FuzzScore(f *testing.F) {
	qs := append([]*Questionnaire{likert(URLCARE, 10, 5, true), likert(URLProQOL5, 30, 5, false)}, Shipped()...)
	scorers := make([]*Scorer, len(qs))
	for i, q := range qs {
		scorers[i] = mustScorer(f, q)
	}
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte(`{"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"1","answer":[{"valueCoding":{"system":"` +
		testSystem + `","code":"4"}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		k := int(data[0]) % len(qs)
		q, s := qs[k], scorers[k]
		r := &QuestionnaireResponse{Questionnaire: q.URL}
		i := 1
		q.Items(func(it *Item) {
			if it.Type != TypeChoice || i >= len(data) {
				return
			}
			if pick := int(data[i]) % (len(it.AnswerOption) + 1); pick < len(it.AnswerOption) {
				o := it.AnswerOption[pick]
				r.Item = append(r.Item, ResponseItem{LinkID: it.LinkID, Answer: []Answer{{ValueCoding: o.ValueCoding}}})
			}
			i++
		})
		checkInRange(t, mustScore(t, s, r), s.Rules())
		if resp, err := DecodeResponse(bytes.NewReader(data)); err == nil {
			if res, err := s.Score(resp); err == nil {
				checkInRange(t, res, s.Rules())
			}
		}
	})
}
