package survey

import (
	"encoding/json"
	"fmt"
	"io"
)

// EncodeQuestionnaire writes q as indented FHIR JSON. What it writes
// decodes to the same questionnaire: fields are kept exactly, decimals as
// written.
func EncodeQuestionnaire(w io.Writer, q *Questionnaire) error {
	return encode(w, q, "questionnaire")
}

// EncodeResponse writes r as indented FHIR JSON.
func EncodeResponse(w io.Writer, r *QuestionnaireResponse) error {
	return encode(w, r, "questionnaire response")
}

func encode(w io.Writer, v any, what string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // FHIR text is not HTML; "<" stays readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("survey: writing the %s: %w", what, err)
	}
	return nil
}
