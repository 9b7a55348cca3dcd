// Package survey holds Rapport's patient-reported instruments: FHIR R4
// Questionnaire and QuestionnaireResponse types, a strict importer that
// names the JSON path of every problem, export that re-imports unchanged,
// scoring rules as data (weights, subscales, reversed items, missing-data
// rules, sums or means, bands), the built-in rules of licensed instruments
// recognised by canonical URL (CARE, ProQOL 5), Rapport's own short
// instruments in English and Spanish, and the readability check their
// wording passes.
//
// It has no I/O beyond decoding from an io.Reader, no database and no web:
// storage and pages use it. It ships no licensed item wording; an admin who
// holds a licence imports that as a Questionnaire. See docs/surveys.md.
package survey
