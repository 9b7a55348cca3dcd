package survey

import (
	"encoding/json"
	"strconv"
)

// Canonical URLs of the FHIR extensions Rapport reads.
const (
	// ExtOrdinalValue gives an answer option its numeric score (FHIR R4 core).
	ExtOrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
	// ExtItemWeight is the R5 name for the same thing; both are accepted.
	ExtItemWeight = "http://hl7.org/fhir/StructureDefinition/itemWeight"
	// ExtTranslation carries one translation of a string (FHIR R4 core), on
	// the string's "_" sibling element: sub-extensions "lang" and "content".
	ExtTranslation = "http://hl7.org/fhir/StructureDefinition/translation"
	// ExtScoring is Rapport's own complex extension on a Questionnaire that
	// carries its scoring rules (see rules_ext.go and docs/surveys.md).
	ExtScoring = "https://rapporthq.github.io/fhir/StructureDefinition/scoring"
)

// SystemNullFlavor is HL7's code system for reasons a value is absent. Its
// code "NA" (not applicable) marks a "does not apply" answer option.
const SystemNullFlavor = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"

// Questionnaire is the part of a FHIR R4 Questionnaire that Rapport uses.
// Field order follows the FHIR specification, and so does the exported JSON.
type Questionnaire struct {
	ResourceType string      `json:"resourceType"`
	ID           string      `json:"id,omitempty"`
	Language     string      `json:"language,omitempty"`
	Extension    []Extension `json:"extension,omitempty"`
	URL          string      `json:"url,omitempty"`
	Version      string      `json:"version,omitempty"`
	Name         string      `json:"name,omitempty"`
	Title        string      `json:"title,omitempty"`
	TitleExt     *Element    `json:"_title,omitempty"`
	Status       string      `json:"status"`
	Date         string      `json:"date,omitempty"`
	Publisher    string      `json:"publisher,omitempty"`
	Description  string      `json:"description,omitempty"`
	DescExt      *Element    `json:"_description,omitempty"`
	Copyright    string      `json:"copyright,omitempty"`
	Item         []Item      `json:"item,omitempty"`
}

// Item is one question, group or piece of display text.
type Item struct {
	LinkID       string         `json:"linkId"`
	Prefix       string         `json:"prefix,omitempty"`
	Text         string         `json:"text,omitempty"`
	TextExt      *Element       `json:"_text,omitempty"`
	Type         string         `json:"type"`
	Required     *bool          `json:"required,omitempty"`
	Repeats      *bool          `json:"repeats,omitempty"`
	MaxLength    *int64         `json:"maxLength,omitempty"`
	AnswerOption []AnswerOption `json:"answerOption,omitempty"`
	Item         []Item         `json:"item,omitempty"`
}

// Item types Rapport accepts. FHIR's others (date, attachment, reference,
// open-choice…) are refused at import rather than shown wrongly.
const (
	TypeGroup   = "group"
	TypeDisplay = "display"
	TypeChoice  = "choice"
	TypeInteger = "integer"
	TypeDecimal = "decimal"
	TypeString  = "string"
	TypeText    = "text"
	TypeBoolean = "boolean"
)

// AnswerOption is one permitted answer of a choice item. Exactly one value is set.
type AnswerOption struct {
	Extension      []Extension `json:"extension,omitempty"`
	ValueCoding    *Coding     `json:"valueCoding,omitempty"`
	ValueInteger   *int64      `json:"valueInteger,omitempty"`
	ValueString    *string     `json:"valueString,omitempty"`
	ValueStringExt *Element    `json:"_valueString,omitempty"`
}

// Coding is a code from a code system, with the text shown for it.
type Coding struct {
	Extension  []Extension `json:"extension,omitempty"`
	System     string      `json:"system,omitempty"`
	Code       string      `json:"code,omitempty"`
	Display    string      `json:"display,omitempty"`
	DisplayExt *Element    `json:"_display,omitempty"`
}

// Element holds the extensions of a primitive value (FHIR's "_name" sibling).
type Element struct {
	Extension []Extension `json:"extension,omitempty"`
}

// Extension is a FHIR extension: a URL and one value, or nested extensions.
type Extension struct {
	URL          string      `json:"url"`
	Extension    []Extension `json:"extension,omitempty"`
	ValueBoolean *bool       `json:"valueBoolean,omitempty"`
	ValueCode    *string     `json:"valueCode,omitempty"`
	ValueCoding  *Coding     `json:"valueCoding,omitempty"`
	ValueDecimal *Decimal    `json:"valueDecimal,omitempty"`
	ValueInteger *int64      `json:"valueInteger,omitempty"`
	ValueString  *string     `json:"valueString,omitempty"`
}

// Decimal is a FHIR decimal kept as written ("1", "0.50"), because FHIR
// requires decimals to keep their precision; importing and exporting a
// questionnaire must not turn "1.0" into "1".
type Decimal string

// DecimalOf writes f as a FHIR decimal.
func DecimalOf(f float64) *Decimal {
	d := Decimal(strconv.FormatFloat(f, 'f', -1, 64))
	return &d
}

// Float64 returns the value. The importer accepts only finite numbers, so
// the error of ParseFloat cannot happen for an imported Decimal.
func (d Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(string(d), 64)
	return f
}

// MarshalJSON writes the number as written.
func (d Decimal) MarshalJSON() ([]byte, error) {
	return json.RawMessage(d).MarshalJSON()
}

// QuestionnaireResponse is a set of answers to a Questionnaire.
type QuestionnaireResponse struct {
	ResourceType  string         `json:"resourceType"`
	ID            string         `json:"id,omitempty"`
	Language      string         `json:"language,omitempty"`
	Questionnaire string         `json:"questionnaire,omitempty"`
	Status        string         `json:"status"`
	Authored      string         `json:"authored,omitempty"`
	Item          []ResponseItem `json:"item,omitempty"`
}

// Response statuses (FHIR R4 QuestionnaireResponse.status).
const (
	ResponseInProgress = "in-progress"
	ResponseCompleted  = "completed"
)

// ResponseItem holds the answers to one item, or the items of a group.
type ResponseItem struct {
	LinkID string         `json:"linkId"`
	Text   string         `json:"text,omitempty"`
	Answer []Answer       `json:"answer,omitempty"`
	Item   []ResponseItem `json:"item,omitempty"`
}

// Answer is one answer. Exactly one value is set.
type Answer struct {
	ValueBoolean *bool    `json:"valueBoolean,omitempty"`
	ValueDecimal *Decimal `json:"valueDecimal,omitempty"`
	ValueInteger *int64   `json:"valueInteger,omitempty"`
	ValueString  *string  `json:"valueString,omitempty"`
	ValueCoding  *Coding  `json:"valueCoding,omitempty"`
}

// TitleIn returns the title in the language lang, or the title as written.
func (q *Questionnaire) TitleIn(lang string) string { return translated(q.Title, q.TitleExt, lang) }

// DescriptionIn returns the description in lang, or the description as written.
func (q *Questionnaire) DescriptionIn(lang string) string {
	return translated(q.Description, q.DescExt, lang)
}

// TextIn returns the item's text in lang, or the text as written.
func (it *Item) TextIn(lang string) string { return translated(it.Text, it.TextExt, lang) }

// LabelIn returns what a person sees for the option, in lang where a
// translation exists.
func (o *AnswerOption) LabelIn(lang string) string {
	switch {
	case o.ValueCoding != nil:
		return translated(o.ValueCoding.Display, o.ValueCoding.DisplayExt, lang)
	case o.ValueString != nil:
		return translated(*o.ValueString, o.ValueStringExt, lang)
	case o.ValueInteger != nil:
		return strconv.FormatInt(*o.ValueInteger, 10)
	}
	return ""
}

// translated finds the translation extension for lang on a string's element.
// The questionnaire's own language is what is written in the string itself.
func translated(s string, el *Element, lang string) string {
	if el == nil {
		return s
	}
	for _, ext := range el.Extension {
		if ext.URL != ExtTranslation {
			continue
		}
		if l, content := translation(ext); l == lang {
			return content
		}
	}
	return s
}

// translation reads the "lang" and "content" parts of a translation extension.
func translation(ext Extension) (lang, content string) {
	for _, part := range ext.Extension {
		switch {
		case part.URL == "lang" && part.ValueCode != nil:
			lang = *part.ValueCode
		case part.URL == "content" && part.ValueString != nil:
			content = *part.ValueString
		}
	}
	return lang, content
}

// Languages lists the questionnaire's language and every language it has a
// translation of its title for, in order of appearance.
func (q *Questionnaire) Languages() []string {
	langs := []string{q.Language}
	if q.TitleExt != nil {
		for _, ext := range q.TitleExt.Extension {
			if l, _ := translation(ext); ext.URL == ExtTranslation && l != "" {
				langs = append(langs, l)
			}
		}
	}
	return langs
}

// Items calls fn for every item, depth first, in document order.
func (q *Questionnaire) Items(fn func(*Item)) { walkItems(q.Item, fn) }

func walkItems(items []Item, fn func(*Item)) {
	for i := range items {
		fn(&items[i])
		walkItems(items[i].Item, fn)
	}
}
