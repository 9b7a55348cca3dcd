package transcript

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Header names accepted for the two columns we read, in order of preference.
var (
	speakerColumns = []string{"speaker", "role", "interlocutor", "name", "who"}
	textColumns    = []string{"text", "utterance", "utterance_text", "message", "content"}
	// columnKey lets "Utterance Text" and "utterance-text" match utterance_text.
	columnKey = strings.NewReplacer(" ", "_", "-", "_")
)

// parseCSV reads a CSV file with a header row; each row is one turn.
func parseCSV(r io.Reader) ([]Turn, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // other columns may be ragged; we check ours per row
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, csvError(err)
	}
	si, ti, err := csvColumns(header)
	if err != nil {
		return nil, &ParseError{Line: 1, Msg: err.Error()}
	}
	var turns []Turn
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return turns, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) <= max(si, ti) {
			return nil, &ParseError{Line: line, Msg: fmt.Sprintf("row has %d fields; the header has %d", len(rec), len(header))}
		}
		// Rows with no text (pauses, deleted lines) carry nothing to analyse.
		if text := cleanText(sanitize(rec[ti])); text != "" {
			turns = append(turns, Turn{Speaker: cleanText(sanitize(rec[si])), Role: Unknown, Text: text, Line: line})
		}
	}
}

// csvColumns finds the speaker and text columns in a header row.
func csvColumns(header []string) (speaker, text int, err error) {
	index := make(map[string]int, len(header))
	for i, h := range header {
		key := columnKey.Replace(strings.ToLower(cleanText(sanitize(h))))
		if _, dup := index[key]; !dup {
			index[key] = i
		}
	}
	speaker, text = lookup(index, speakerColumns), lookup(index, textColumns)
	if speaker < 0 || text < 0 {
		return 0, 0, fmt.Errorf("CSV header needs a speaker column (%s) and a text column (%s); the first row is %s",
			strings.Join(speakerColumns, ", "), strings.Join(textColumns, ", "), quoteShort(strings.Join(header, ",")))
	}
	return speaker, text, nil
}

func lookup(index map[string]int, names []string) int {
	for _, n := range names {
		if i, ok := index[n]; ok {
			return i
		}
	}
	return -1
}

// isCSVHeader reports whether line parses as a CSV header naming a speaker
// and a text column.
func isCSVHeader(line string) bool {
	cr := csv.NewReader(strings.NewReader(line))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil || len(header) < 2 {
		return false
	}
	_, _, err = csvColumns(header)
	return err == nil
}

// csvError turns encoding/csv's error into a ParseError naming the line.
func csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read CSV: %w", err)
	}
	msg := pe.Err.Error()
	if pe.StartLine != pe.Line {
		msg = fmt.Sprintf("%s (in the row that starts on line %d)", msg, pe.StartLine)
	}
	return &ParseError{Line: pe.Line, Msg: fmt.Sprintf("column %d: %s", pe.Column, msg)}
}
