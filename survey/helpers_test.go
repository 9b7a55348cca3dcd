package survey

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// testSystem is the code system of the test questionnaires' answers.
const testSystem = "https://example.org/fhir/CodeSystem/likert"

// likert builds a questionnaire of n choice items with linkIds "1".."n",
// each with options coded "1".."max" carrying their ordinalValue and, with
// withNA, a "does not apply" option. Item texts are placeholders: tests never
// hold any licensed instrument's wording.
func likert(url string, n, max int, withNA bool) *Questionnaire {
	q := &Questionnaire{ResourceType: "Questionnaire", URL: url, Status: "active", Language: "en"}
	for i := 1; i <= n; i++ {
		it := Item{LinkID: strconv.Itoa(i), Text: "Item " + strconv.Itoa(i), Type: TypeChoice}
		for v := 1; v <= max; v++ {
			it.AnswerOption = append(it.AnswerOption, AnswerOption{
				Extension:   []Extension{{URL: ExtOrdinalValue, ValueDecimal: DecimalOf(float64(v))}},
				ValueCoding: &Coding{System: testSystem, Code: strconv.Itoa(v), Display: "Option " + strconv.Itoa(v)},
			})
		}
		if withNA {
			it.AnswerOption = append(it.AnswerOption, AnswerOption{
				ValueCoding: &Coding{System: SystemNullFlavor, Code: "NA", Display: "Does not apply"},
			})
		}
		q.Item = append(q.Item, it)
	}
	return q
}

// respond builds a response from one string per item, in linkId order
// "1", "2", ...: a digit answers with that code, "NA" answers "does not
// apply", and "-" leaves the item unanswered.
func respond(url string, spec string) *QuestionnaireResponse {
	r := &QuestionnaireResponse{ResourceType: "QuestionnaireResponse", Questionnaire: url, Status: ResponseCompleted}
	for i, a := range strings.Fields(spec) {
		ri := ResponseItem{LinkID: strconv.Itoa(i + 1)}
		switch a {
		case "-":
		case "NA":
			ri.Answer = []Answer{{ValueCoding: &Coding{System: SystemNullFlavor, Code: "NA"}}}
		default:
			ri.Answer = []Answer{{ValueCoding: &Coding{System: testSystem, Code: a}}}
		}
		r.Item = append(r.Item, ri)
	}
	return r
}

func mustScorer(t testing.TB, q *Questionnaire) *Scorer {
	t.Helper()
	s, err := NewScorer(q)
	if err != nil {
		t.Fatalf("NewScorer: %v", err)
	}
	return s
}

func mustScore(t testing.TB, s *Scorer, r *QuestionnaireResponse) Result {
	t.Helper()
	res, err := s.Score(r)
	if err != nil {
		t.Fatalf("Score: %v", err)
	}
	return res
}

// roundTrip encodes q and decodes it again.
func roundTrip(t testing.TB, q *Questionnaire) *Questionnaire {
	t.Helper()
	var buf bytes.Buffer
	if err := EncodeQuestionnaire(&buf, q); err != nil {
		t.Fatalf("encode: %v", err)
	}
	back, err := DecodeQuestionnaire(&buf)
	if err != nil {
		t.Fatalf("decode of the encoded questionnaire: %v\n%s", err, buf.String())
	}
	return back
}
