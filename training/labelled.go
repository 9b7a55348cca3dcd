package training

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rapporthq/rapport/classifier"
)

// ReadLabelled reads a CSV with a header and the columns text and label, plus optional context
// (what the client said before) and group (e.g. a transcript ID, kept together in
// cross-validation). Column names are matched case-insensitively; other columns are ignored.
// Every label must be one of the task's labels. The EPITOME layout (seeker_post, response and
// a column per mechanism, as in testdata/epitome) is read too.
func ReadLabelled(r io.Reader, task string) ([]classifier.Example, error) {
	if err := CheckTask(task); err != nil {
		return nil, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, col, err := readHeader(cr)
	if err != nil {
		return nil, err
	}
	ti, ok1 := col["text"]
	li, ok2 := col["label"]
	if !ok1 && !ok2 {
		// The EPITOME layout: seeker_post, response, and one column per mechanism.
		ti, ok1 = col["response"]
		li, ok2 = col[strings.ReplaceAll(task, "-", "_")]
		if i, ok := col["seeker_post"]; ok {
			col["context"] = i
		}
	}
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("header must have text and label columns (found %q)", strings.Join(head, ","))
	}
	valid := map[string]bool{}
	for _, l := range Tasks[task] {
		valid[l] = true
	}
	var out []classifier.Example
	err = eachRecord(cr, func(rec []string) error {
		ex, err := labelledRow(rec, ti, li, col, valid)
		if err == nil {
			out = append(out, ex)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no rows after the header")
	}
	return out, nil
}

// eachRecord calls row for each record after the header, and names the line of the first error.
func eachRecord(cr *csv.Reader, row func([]string) error) error {
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := row(rec); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

// readHeader reads a CSV header and maps each column's name, lower-cased and without a byte-order
// mark, to its index.
func readHeader(cr *csv.Reader) ([]string, map[string]int, error) {
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("reading header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	return head, col, nil
}

func labelledRow(rec []string, ti, li int, col map[string]int, valid map[string]bool) (classifier.Example, error) {
	field := func(i int) string {
		if i < len(rec) {
			return rec[i]
		}
		return ""
	}
	ex := classifier.Example{Text: field(ti), Label: strings.TrimSpace(field(li))}
	if !valid[ex.Label] {
		return ex, fmt.Errorf("label %q is not one of the task's labels", ex.Label)
	}
	if i, ok := col["context"]; ok {
		ex.Context = field(i)
	}
	if i, ok := col["group"]; ok {
		ex.Group = field(i)
	}
	return ex, nil
}
