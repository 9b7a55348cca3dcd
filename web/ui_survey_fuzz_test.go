package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport/survey"
)

// fuzzSurveyJSON has every item type the survey page shows, a group, a repeating choice and a
// text limit, so the decoder meets each of them.
const fuzzSurveyJSON = `{"resourceType": "Questionnaire", "language": "en", "url": "https://example.org/fhir/Questionnaire/all-types",
  "status": "active", "item": [
  {"linkId": "intro", "text": "Hello.", "type": "display"},
  {"linkId": "c", "text": "Choice", "type": "choice", "required": true, "answerOption": [
    {"valueCoding": {"system": "https://example.org/cs", "code": "a", "display": "A"}}, {"valueInteger": 2}, {"valueString": "three"}]},
  {"linkId": "many", "text": "Several", "type": "choice", "repeats": true, "answerOption": [{"valueString": "x"}, {"valueString": "y"}]},
  {"linkId": "g", "text": "A group", "type": "group", "item": [
    {"linkId": "b", "text": "Boolean", "type": "boolean"},
    {"linkId": "i", "text": "Integer", "type": "integer"}]},
  {"linkId": "d", "text": "Decimal", "type": "decimal"},
  {"linkId": "s", "text": "String", "type": "string"},
  {"linkId": "t", "text": "Text", "type": "text", "maxLength": 20}]}`

// FuzzSurveyForm checks the form → QuestionnaireResponse decoder on any form body: it never
// panics; whatever it accepts is a QuestionnaireResponse the strict FHIR decoder reads back;
// reading that response back into form values and building again gives the same response; and
// an accepted answer to the trust pulse always scores within its range.
func FuzzSurveyForm(f *testing.F) {
	all := mustQuestionnaire(f, fuzzSurveyJSON)
	pulse := shippedQuestionnaire(f, survey.URLTrustPulse)
	scorer, err := survey.NewScorer(pulse)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"a:c=0&a:many=1&a:many=0&a:b=yes&a:i=12&a:d=2,5&a:s=hi&a:t=short",
		"a:c=2&a:d=-0.125&a:i=-3&a:b=no",
		"a:c=3&a:i=x&a:d=1e400&a:t=" + strings.Repeat("z", 21),
		"a:heard=4&a:whole-person=0&a:decisions=2&a:follow-up=1&a:trust=3&a:comment=thanks",
		"a:heard=%00&a:comment=%ff%fe",
		"a%3Ac=1&a:c=1&a:c=2&lang=es&anonymous=yes",
	} {
		f.Add(seed)
	}
	en := wordsFor("en")
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		for _, q := range []*survey.Questionnaire{all, pulse} {
			ans := readSurveyAnswers(q, form)
			resp, errs := buildSurveyResponse(q, ans, "completed", now, en)
			var buf bytes.Buffer
			if err := survey.EncodeResponse(&buf, resp); err != nil {
				t.Fatalf("encoding: %v", err)
			}
			back, err := survey.DecodeResponse(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("the decoder's response is not valid FHIR: %v\n%s", err, buf.Bytes())
			}
			again, errs2 := buildSurveyResponse(q, surveyAnswersOf(q, back), "completed", now, en)
			var buf2 bytes.Buffer
			if err := survey.EncodeResponse(&buf2, again); err != nil || len(errs2) > 0 || !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
				t.Fatalf("round trip through form values changed the response (%v, %v):\n%s\n%s", err, errs2, buf.Bytes(), buf2.Bytes())
			}
			if q != pulse || len(errs) > 0 {
				continue
			}
			res, err := scorer.Score(back)
			if err != nil {
				t.Fatalf("an accepted response does not score: %v", err)
			}
			if s := res.Subscales[0]; s.Scorable && (s.Value < s.Min || s.Value > s.Max) {
				t.Fatalf("score %v outside %v–%v", s.Value, s.Min, s.Max)
			}
		}
	})
}

func mustQuestionnaire(tb testing.TB, doc string) *survey.Questionnaire {
	tb.Helper()
	q, err := survey.DecodeQuestionnaire(strings.NewReader(doc))
	if err != nil {
		tb.Fatal(err)
	}
	return q
}

func shippedQuestionnaire(tb testing.TB, url string) *survey.Questionnaire {
	tb.Helper()
	for _, q := range survey.Shipped() {
		if q.URL == url {
			return q
		}
	}
	tb.Fatalf("no shipped questionnaire %s", url)
	return nil
}

// TestSurveyFormDecoding pins what the decoder makes of each item type.
func TestSurveyFormDecoding(t *testing.T) {
	q := mustQuestionnaire(t, fuzzSurveyJSON)
	form := url.Values{"a:c": {"1"}, "a:many": {"1", "0", "1"}, "a:b": {"yes"}, "a:i": {" 12 "}, "a:d": {"2,5"}, "a:s": {"hi"},
		"a:t": {"line\r\ntwo"}, "a:intro": {"ignored"}, "other": {"ignored"}}
	resp, errs := buildSurveyResponse(q, readSurveyAnswers(q, form), "in-progress", time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC), wordsFor("en"))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	var buf bytes.Buffer
	if err := survey.EncodeResponse(&buf, resp); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(buf.String()), " ")
	want := `{ "resourceType": "QuestionnaireResponse", "language": "en", "questionnaire": "https://example.org/fhir/Questionnaire/all-types", ` +
		`"status": "in-progress", "authored": "2025-03-14T12:00:00Z", "item": [ ` +
		`{ "linkId": "c", "answer": [ { "valueInteger": 2 } ] }, ` +
		`{ "linkId": "many", "answer": [ { "valueString": "y" }, { "valueString": "x" } ] }, ` +
		`{ "linkId": "g", "item": [ { "linkId": "b", "answer": [ { "valueBoolean": true } ] }, { "linkId": "i", "answer": [ { "valueInteger": 12 } ] } ] }, ` +
		`{ "linkId": "d", "answer": [ { "valueDecimal": 2.5 } ] }, ` +
		`{ "linkId": "s", "answer": [ { "valueString": "hi" } ] }, ` +
		`{ "linkId": "t", "answer": [ { "valueString": "line\ntwo" } ] } ] }`
	if got != want {
		t.Errorf("response:\n%s\nwant:\n%s", got, want)
	}

	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"option out of range", url.Values{"a:c": {"3"}}, "q1", "choose one of the answers"},
		{"not a boolean", url.Values{"a:b": {"maybe"}}, "q3", "choose one of the answers"},
		{"not a whole number", url.Values{"a:i": {"1.5"}}, "q4", "whole number"},
		{"not a number", url.Values{"a:d": {"many"}}, "q5", "enter a number"},
		{"too long", url.Values{"a:t": {strings.Repeat("é", 21)}}, "q7", "up to 20 characters"},
		{"unreadable", url.Values{"a:s": {"a\x00b"}}, "q6", "cannot save"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := buildSurveyResponse(q, readSurveyAnswers(q, tc.form), "completed", time.Now(), wordsFor("en"))
			if len(errs) != 1 || errs[0].Field != tc.field || !strings.Contains(strings.ToLower(errs[0].Message), tc.want) {
				t.Errorf("errors %+v, want one on %s saying %q", errs, tc.field, tc.want)
			}
		})
	}
	if errs := missingRequired(q, surveyAnswers{"s": {"hi"}}, wordsFor("es")); len(errs) != 1 || errs[0].Field != "q1" || errs[0].Message != "Por favor, responda esta pregunta." {
		t.Errorf("missing required: %+v", errs)
	}
}
