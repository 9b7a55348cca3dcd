package survey

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rapporthq/rapport"
)

// qj wraps item JSON in a minimal questionnaire.
func qj(items string) string {
	return `{"resourceType":"Questionnaire","status":"active","item":[` + items + `]}`
}

const (
	display = `{"linkId":"d","type":"display","text":"Hello"}`
	choice  = `{"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"code":"1"}}]}`
)

// opt is an answer option with an ordinalValue written as given.
func opt(code, ordinal string) string {
	return `{"extension":[{"url":"` + ExtOrdinalValue + `","valueDecimal":` + ordinal + `}],"valueCoding":{"code":"` + code + `"}}`
}

func TestDecodeQuestionnaireErrors(t *testing.T) {
	scoring := func(parts string) string {
		return `{"resourceType":"Questionnaire","status":"active","extension":[{"url":"` + ExtScoring +
			`","extension":[` + parts + `]}],"item":[{"linkId":"1","type":"choice","answerOption":[` + opt("a", "1") + `,` + opt("b", "2") + `]}]}`
	}
	sub := `{"url":"subscale","extension":[{"url":"code","valueCode":"s"},{"url":"method","valueCode":"sum"},` +
		`{"url":"itemMin","valueDecimal":1},{"url":"itemMax","valueDecimal":2},{"url":"item","valueString":"%s"}]}`
	tests := []struct {
		name, json, want string
	}{
		{"not an object", `[1]`, "must be a JSON object"},
		{"malformed", `{"resourceType":}`, "the JSON is malformed near byte 16: invalid character '}' looking for beginning of value"},
		{"truncated", `{"resourceType":"Questionnaire"`, "the JSON ends too early"},
		{"trailing data", qj(display) + `{}`, "unexpected data after the end of the JSON value"},
		{"not UTF-8", "{\"resourceType\":\"\xff\"}", "the file is not valid UTF-8 text"},
		{"duplicate key", `{"resourceType":"Questionnaire","status":"active","status":"draft"}`, "status: the key appears twice in one object"},
		{"too deep", strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1), "JSON is nested more than 48 levels deep"},
		{"no resourceType", `{"status":"active"}`, "resourceType: is required"},
		{"another resource", `{"resourceType":"Patient"}`, `resourceType: is "Patient"; Rapport imports only a Questionnaire here`},
		{"resourceType not a string", `{"resourceType":7}`, "resourceType: must be a string"},
		{"no status", `{"resourceType":"Questionnaire"}`, "status: is required"},
		{"bad status", `{"resourceType":"Questionnaire","status":"final"}`, `status: "final" is not allowed; use one of draft, active, retired, unknown`},
		{"bad language", `{"resourceType":"Questionnaire","status":"active","language":"english!"}`, `language: "english!" is not a language tag such as "en" or "es-MX"`},
		{"bad url", `{"resourceType":"Questionnaire","status":"active","url":"not a url"}`, "url: must be an absolute URL such as https://example.org/fhir/Questionnaire/x"},
		{"bad date", `{"resourceType":"Questionnaire","status":"active","date":"May 2024"}`, `date: "May 2024" is not a FHIR date such as 2024-05-01 or 2024-05-01T09:30:00Z`},
		{"bad id", `{"resourceType":"Questionnaire","status":"active","id":"a b"}`, "id: must be 1–64 letters, digits, '-' or '.'"},
		{"unknown field", `{"resourceType":"Questionnaire","status":"active","titel":"x"}`, "titel: unknown or unsupported field"},
		{"modifier extension", `{"resourceType":"Questionnaire","status":"active","modifierExtension":[]}`,
			"modifierExtension: modifier extensions change the meaning of the resource and Rapport cannot honour them"},
		{"empty item array", `{"resourceType":"Questionnaire","status":"active","item":[]}`, "item: must not be an empty array (leave the field out instead)"},
		{"item not an object", qj(`"x"`), "item[0]: must be a JSON object"},
		{"missing linkId", qj(display + `,{"type":"display","text":"x"}`), "item[1].linkId: is required"},
		{"blank linkId", qj(`{"linkId":" ","type":"display","text":"x"}`), "item[0].linkId: must not be empty"},
		{"duplicate linkId", qj(display + `,{"linkId":"g","type":"group","item":[{"linkId":"d","type":"display","text":"x"}]}`),
			`item[1].item[0].linkId: "d" is already used at item[0].linkId; every linkId must be unique`},
		{"missing type", qj(`{"linkId":"a"}`), "item[0].type: is required"},
		{"unsupported type", qj(`{"linkId":"a","type":"date"}`),
			`item[0].type: item type "date" is not supported; use one of group, display, choice, integer, decimal, string, text, boolean`},
		{"required not boolean", qj(`{"linkId":"a","type":"string","required":"yes"}`), "item[0].required: must be true or false"},
		{"choice without options", qj(display + `,{"linkId":"c","type":"choice"}`), "item[1].answerOption: a choice item needs at least one answer option"},
		{"options on a string item", qj(`{"linkId":"s","type":"string","answerOption":[{"valueString":"x"}]}`),
			`item[0].answerOption: only a choice item has answer options (this one is "string")`},
		{"empty group", qj(`{"linkId":"g","type":"group"}`), "item[0]: a group item must contain items"},
		{"items under a question", qj(`{"linkId":"s","type":"string","item":[` + display + `]}`),
			`item[0].item: only a group item can contain items (this one is "string")`},
		{"display without text", qj(`{"linkId":"d","type":"display"}`), "item[0].text: a display item needs text"},
		{"required display", qj(`{"linkId":"d","type":"display","text":"x","required":true}`), "item[0]: a display item cannot be required or repeat; only questions can"},
		{"maxLength on a choice", qj(`{"linkId":"c","type":"choice","maxLength":5,"answerOption":[{"valueString":"x"}]}`),
			"item[0].maxLength: only string and text items have a maximum length"},
		{"maxLength not whole", qj(`{"linkId":"s","type":"string","maxLength":1.5}`), "item[0].maxLength: must be a whole number between -2147483648 and 2147483647"},
		{"enableWhen", qj(`{"linkId":"s","type":"string","enableWhen":[]}`), "item[0].enableWhen: conditional items (enableWhen) are not supported: every item is always shown"},
		{"answerValueSet", qj(`{"linkId":"c","type":"choice","answerValueSet":"http://x"}`),
			"item[0].answerValueSet: answer value sets are not supported: list the answers as answerOption"},
		{"unknown item field", qj(`{"linkId":"s","type":"string","colour":"red"}`), "item[0].colour: unknown or unsupported field"},
		{"NUL in text", qj(`{"linkId":"d","type":"display","text":"a\u0000b"}`), "item[0].text: contains a NUL character"},
		{"ordinal value not a number", qj(display + `,` + display[:11] + `2` + display[12:] + `,` + display[:11] + `3` + display[12:] +
			`,{"linkId":"c","type":"choice","answerOption":[` + opt("a", "1") + `,` + opt("b", `"two"`) + `]}`),
			"item[3].answerOption[1].extension[0].valueDecimal: ordinal value must be a number"},
		{"ordinal value as a string value", qj(`{"linkId":"c","type":"choice","answerOption":[{"extension":[{"url":"` + ExtOrdinalValue + `","valueString":"2"}],"valueString":"x"}]}`),
			"item[0].answerOption[0].extension[0].valueString: ordinal value must be a number given as valueDecimal"},
		{"item weight missing", qj(`{"linkId":"c","type":"choice","answerOption":[{"extension":[{"url":"` + ExtItemWeight + `"}],"valueString":"x"}]}`),
			"item[0].answerOption[0].extension[0]: item weight needs a valueDecimal"},
		{"weight too large", qj(`{"linkId":"c","type":"choice","answerOption":[` + opt("a", "1e7") + `]}`),
			"item[0].answerOption[0].extension[0].valueDecimal: ordinal value must be between -1e+06 and 1e+06"},
		{"weight overflows", qj(`{"linkId":"c","type":"choice","answerOption":[` + opt("a", "1e400") + `]}`),
			"item[0].answerOption[0].extension[0].valueDecimal: ordinal value must be a finite number"},
		{"two weights", qj(`{"linkId":"c","type":"choice","answerOption":[{"extension":[{"url":"` + ExtOrdinalValue + `","valueDecimal":1},{"url":"` + ExtItemWeight + `","valueDecimal":1}],"valueString":"x"}]}`),
			"item[0].answerOption[0].extension[1]: the option already has a weight; give one ordinalValue or itemWeight"},
		{"option with two values", qj(`{"linkId":"c","type":"choice","answerOption":[{"valueString":"x","valueInteger":1}]}`),
			"item[0].answerOption[0]: an answer option needs exactly one of valueCoding, valueInteger or valueString"},
		{"option with no value", qj(`{"linkId":"c","type":"choice","answerOption":[{}]}`),
			"item[0].answerOption[0]: an answer option needs exactly one of valueCoding, valueInteger or valueString"},
		{"duplicate option", qj(`{"linkId":"c","type":"choice","answerOption":[` + opt("a", "1") + `,` + opt("a", "2") + `]}`),
			"item[0].answerOption[1]: the same answer as item[0].answerOption[0]; each option must be different"},
		{"coding without code", qj(`{"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"display":"x"}}]}`),
			"item[0].answerOption[0].valueCoding.code: is required"},
		{"code with spaces", qj(`{"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"code":" a"}}]}`),
			"item[0].answerOption[0].valueCoding.code: must be a code: not empty, without leading or trailing spaces or line breaks"},
		{"translation without content", qj(`{"linkId":"d","type":"display","text":"x","_text":{"extension":[{"url":"` + ExtTranslation + `","extension":[{"url":"lang","valueCode":"es"}]}]}}`),
			`item[0]._text.extension[0]: a translation needs one "lang" (valueCode) and one "content" (valueString)`},
		{"translation twice", qj(`{"linkId":"d","type":"display","text":"x","_text":{"extension":[` +
			`{"url":"` + ExtTranslation + `","extension":[{"url":"lang","valueCode":"es"},{"url":"content","valueString":"a"}]},` +
			`{"url":"` + ExtTranslation + `","extension":[{"url":"lang","valueCode":"es"},{"url":"content","valueString":"b"}]}]}}`),
			`item[0]._text.extension[1]: a second translation into "es"`},
		{"translation bad part", qj(`{"linkId":"d","type":"display","text":"x","_text":{"extension":[{"url":"` + ExtTranslation + `","extension":[{"url":"language","valueCode":"es"}]}]}}`),
			`item[0]._text.extension[0].extension[0].url: a translation has only "lang" and "content" parts`},
		{"scoring: unknown part", scoring(`{"url":"colour","valueString":"red"}`),
			`extension[0].extension[0].url: "colour" is not a part of Rapport's scoring rules; see docs/surveys.md`},
		{"scoring: no subscale", scoring(`{"url":"name","valueString":"x"}`), "extension[0]: scoring rules need at least one subscale"},
		{"scoring: value and nested", scoring(`{"url":"name","valueString":"x","extension":[{"url":"a","valueString":"b"}]}`),
			"extension[0].extension[0]: an extension needs either one value or nested extensions"},
		{"scoring: subscale without method", scoring(`{"url":"subscale","extension":[{"url":"code","valueCode":"s"}]}`),
			"extension[0].extension[0]: a subscale needs method, itemMin and itemMax"},
		{"scoring: method twice", scoring(`{"url":"subscale","extension":[{"url":"method","valueCode":"sum"},{"url":"method","valueCode":"sum"}]}`),
			`extension[0].extension[0].extension[1]: "method" is given twice`},
		{"scoring: wrong value type", scoring(`{"url":"subscale","extension":[{"url":"itemMin","valueString":"1"}]}`),
			`extension[0].extension[0].extension[0]: "itemMin" needs a valueDecimal`},
		{"scoring: bad replacement", scoring(`{"url":"subscale","extension":[{"url":"replaceMissing","valueCode":"median"}]}`),
			`extension[0].extension[0].extension[0].valueCode: "median" is not allowed; use none or mean`},
		{"scoring: bad method", scoring(strings.Replace(fmt.Sprintf(sub, "1"), `"sum"`, `"median"`, 1)),
			`extension[0].extension[0]: subscale "s": method "median" is not allowed; use sum or mean`},
		{"scoring: unknown item", scoring(fmt.Sprintf(sub, "9")),
			`item: the scoring rules use item "9", which the questionnaire does not have`},
		{"scoring: twice", strings.Replace(scoring(fmt.Sprintf(sub, "1")), `"extension":[{"url":"`+ExtScoring,
			`"extension":[{"url":"`+ExtScoring+`","extension":[`+fmt.Sprintf(sub, "1")+`]},{"url":"`+ExtScoring, 1),
			"extension[1]: a questionnaire carries at most one set of scoring rules"},
		{"built-in with its own rules", `{"resourceType":"Questionnaire","status":"active","url":"` + URLProQOL5 + `","extension":[{"url":"http://example.org/x","valueString":"y"},` +
			`{"url":"` + ExtScoring + `","extension":[` + fmt.Sprintf(sub, "1") + `]}],"item":[` + choice + `]}`,
			"extension[1]: the url names the built-in instrument ProQOL 5, whose scoring is fixed; remove this scoring extension"},
		{"built-in item missing", `{"resourceType":"Questionnaire","status":"active","url":"` + URLCARE + `","item":[` + choice + `]}`,
			`item: the scoring rules of CARE measure use item "1", which the questionnaire does not have`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := DecodeQuestionnaire(strings.NewReader(tt.json))
			if err == nil {
				t.Fatalf("decoded %+v, want error %s", q, tt.want)
			}
			if q != nil {
				t.Errorf("a questionnaire came back with the error")
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			if rapport.ErrorCode(err) != rapport.EINVALID || rapport.ErrorMessage(err) != tt.want {
				t.Errorf("rapport code %q, message %q: want EINVALID and the same message", rapport.ErrorCode(err), rapport.ErrorMessage(err))
			}
		})
	}
}

func TestDecodeLimits(t *testing.T) {
	big := qj(`{"linkId":"d","type":"display","text":"` + strings.Repeat("a", MaxJSONBytes) + `"}`)
	if _, err := DecodeQuestionnaire(strings.NewReader(big)); err == nil || err.Error() != "the file is larger than 1024 KiB" {
		t.Errorf("1 MiB file: %v", err)
	}
	long := qj(`{"linkId":"d","type":"display","text":"` + strings.Repeat("a", MaxStringRunes+1) + `"}`)
	if _, err := DecodeQuestionnaire(strings.NewReader(long)); err == nil || err.Error() != "item[0].text: is longer than 10000 characters" {
		t.Errorf("long text: %v", err)
	}
	var items []string
	for i := range MaxItems + 1 {
		items = append(items, fmt.Sprintf(`{"linkId":"%d","type":"string"}`, i))
	}
	if _, err := DecodeQuestionnaire(strings.NewReader(qj(strings.Join(items, ",")))); err == nil ||
		err.Error() != "item: has 501 entries; at most 500 are allowed" {
		t.Errorf("too many items: %v", err)
	}
	// The same count spread over groups is caught by the running total.
	nested := qj(`{"linkId":"g1","type":"group","item":[` + strings.Join(items[:300], ",") + `]},` +
		`{"linkId":"g2","type":"group","item":[` + strings.Join(items[300:], ",") + `]}`)
	if _, err := DecodeQuestionnaire(strings.NewReader(nested)); err == nil ||
		err.Error() != "item[1].item[198]: the questionnaire has more than 500 items" {
		t.Errorf("too many nested items: %v", err)
	}
}

// Fields Rapport does not use are dropped, so exports of other systems
// import; unknown extensions are dropped as FHIR allows.
func TestDecodeIgnores(t *testing.T) {
	in := `{"resourceType":"Questionnaire","status":"active","meta":{"versionId":"3"},"text":{"div":"<div/>"},` +
		`"extension":[{"url":"http://example.org/other","valueUri":"x"}],` +
		`"item":[{"linkId":"c","type":"choice","code":[{"code":"x"}],"answerOption":[{"extension":[{"url":"http://example.org/x","valueString":"y"}],"valueString":"a"}]}]}`
	q, err := DecodeQuestionnaire(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	a := "a"
	want := &Questionnaire{ResourceType: "Questionnaire", Status: "active",
		Item: []Item{{LinkID: "c", Type: TypeChoice, AnswerOption: []AnswerOption{{ValueString: &a}}}}}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Every shipped instrument and the test questionnaires survive export and
// import unchanged, and a second export is byte for byte the first.
func TestRoundTrip(t *testing.T) {
	qs := append(Shipped(), likert(URLCARE, 10, 5, true), likert(URLProQOL5, 30, 5, false))
	custom := likert("https://example.org/q", 3, 4, false)
	custom.Extension = []Extension{{URL: ExtScoring, Extension: []Extension{
		{URL: "subscale", Extension: (&Subscale{Code: "s", Items: []string{"1", "2", "3"}, Reversed: []string{"2"}, ItemMin: 1, ItemMax: 4,
			Method: MethodSum, Missing: Missing{MaxMissing: 1, MinAnswered: 0.5, Replace: ReplaceMean},
			Bands: []Band{{"low", 3}, {"high", 8.5}}}).extension().Extension}}}}
	qs = append(qs, custom)
	for _, q := range qs {
		t.Run(q.URL, func(t *testing.T) {
			var first bytes.Buffer
			if err := EncodeQuestionnaire(&first, q); err != nil {
				t.Fatal(err)
			}
			back, err := DecodeQuestionnaire(bytes.NewReader(first.Bytes()))
			if err != nil {
				t.Fatalf("re-import: %v", err)
			}
			if diff := cmp.Diff(q, back); diff != "" {
				t.Errorf("after export and import (-want +got):\n%s", diff)
			}
			var second bytes.Buffer
			if err := EncodeQuestionnaire(&second, back); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), second.Bytes()) {
				t.Errorf("the second export differs from the first")
			}
		})
	}
}

// Decimals keep their written form through import and export.
func TestDecimalKeptAsWritten(t *testing.T) {
	in := qj(`{"linkId":"c","type":"choice","answerOption":[` + opt("a", "1.50") + `]}`)
	q, err := DecodeQuestionnaire(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := EncodeQuestionnaire(&out, q); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"valueDecimal": 1.50`) {
		t.Errorf("export lost the written decimal:\n%s", out.String())
	}
}

func TestDecodeResponse(t *testing.T) {
	in := `{"resourceType":"QuestionnaireResponse","questionnaire":"` + URLCARE + `","status":"completed",` +
		`"authored":"2025-03-01T10:00:00Z","subject":{"reference":"Patient/1"},"item":[` +
		`{"linkId":"1","answer":[{"valueCoding":{"system":"` + testSystem + `","code":"4"}}]},` +
		`{"linkId":"2","answer":[{"valueCoding":{"system":"` + SystemNullFlavor + `","code":"NA"}}]},{"linkId":"3"}]}`
	r, err := DecodeResponse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	res := mustScore(t, mustScorer(t, likert(URLCARE, 10, 5, true)), r)
	if got := res.Subscales[0]; got.Scorable || got.Answered != 1 || got.NotApplicable != 1 || got.Missing != 9 {
		t.Errorf("score of a mostly empty response = %+v", got)
	}
	var out bytes.Buffer
	if err := EncodeResponse(&out, r); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeResponse(&out)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("response after export and import (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ json, want string }{
		{`{"resourceType":"Questionnaire","status":"active"}`, `resourceType: is "Questionnaire"; Rapport reads only a QuestionnaireResponse here`},
		{`{"resourceType":"QuestionnaireResponse","status":"done"}`, `status: "done" is not allowed; use one of in-progress, completed, amended, entered-in-error, stopped`},
		{`{"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"1","answer":[{}]}]}`,
			"item[0].answer[0]: an answer needs exactly one value (valueCoding, valueInteger, valueDecimal, valueString or valueBoolean)"},
		{`{"resourceType":"QuestionnaireResponse","status":"completed","item":[{"linkId":"1","answer":[{"valueDecimal":"2"}]}]}`,
			"item[0].answer[0].valueDecimal: the answer must be a number"},
		{`{"resourceType":"QuestionnaireResponse","status":"completed","item":[{"answer":[]}]}`, "item[0].linkId: is required"},
	} {
		if _, err := DecodeResponse(strings.NewReader(tt.json)); err == nil || err.Error() != tt.want {
			t.Errorf("DecodeResponse(%s)\n got: %v\nwant: %s", tt.json, err, tt.want)
		}
	}
}

// An *InputError is found by errors.As through wrapping, with its path.
func TestInputErrorAs(t *testing.T) {
	_, err := DecodeQuestionnaire(strings.NewReader(`{"resourceType":"Questionnaire"}`))
	wrapped := fmt.Errorf("importing: %w", err)
	var ie *InputError
	if !errors.As(wrapped, &ie) || ie.Path != "status" || ie.Message != "is required" {
		t.Errorf("errors.As = %+v", ie)
	}
}
