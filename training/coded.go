package training

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/evaluation"
)

// Codes is the task that scores the engine's behaviour codes against sentences coded by hand.
const Codes = "codes"

// Reflection, as a code in a coded file, stands for either kind of reflection, for coders who
// mark a reflection without grading it.
const anyReflection = "reflection"

// Coded is one hand-coded text: every behaviour code a careful reader finds in it.
type Coded struct {
	Kind    engine.Kind
	Context string
	Text    string
	Codes   []string
}

// ReadCoded reads a CSV or tab-separated file with a header and the columns text and codes
// (space-separated behaviour codes, "-" for none); instead of codes, the columns pitfalls and
// skills are read together. Optional columns: kind (message, note or utterance), context (what
// the client said before; "-" or empty for none) and split. When split is not empty, only the rows of that split are
// kept. Each row's codes must be engine codes, or "reflection" for a reflection of either kind.
func ReadCoded(r io.Reader, split string) ([]Coded, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bufio.NewReader(bytes.NewReader(data)).ReadLine(); bytes.Contains(first, []byte("\t")) {
		cr.Comma, cr.LazyQuotes = '\t', true
	}
	cr.FieldsPerRecord = -1
	head, col, err := readHeader(cr)
	if err != nil {
		return nil, err
	}
	codeCols := codeColumns(col)
	if _, ok := col["text"]; !ok || len(codeCols) == 0 {
		return nil, fmt.Errorf("header must have a text column and a codes column (or pitfalls and skills); found %q", strings.Join(head, ","))
	}
	var out []Coded
	err = eachRecord(cr, func(rec []string) error {
		c, keep, err := codedRow(rec, col, codeCols, split)
		if keep {
			out = append(out, c)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no rows to score (after the header, and in the split asked for)")
	}
	return out, nil
}

func codeColumns(col map[string]int) []int {
	if i, ok := col["codes"]; ok {
		return []int{i}
	}
	var out []int
	for _, name := range []string{"pitfalls", "skills"} {
		if i, ok := col[name]; ok {
			out = append(out, i)
		}
	}
	return out
}

func codedRow(rec []string, col map[string]int, codeCols []int, split string) (Coded, bool, error) {
	field := func(name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if split != "" && field("split") != split {
		return Coded{}, false, nil
	}
	c := Coded{Kind: engine.Kind(field("kind")), Context: field("context"), Text: field("text")}
	if c.Context == "-" {
		c.Context = "" // "-" marks a text with no client words before it, as in the code columns
	}
	if c.Text == "" {
		return c, false, errors.New("the text is empty")
	}
	switch c.Kind {
	case "":
		c.Kind = engine.KindMessage
	case engine.KindMessage, engine.KindNote, engine.KindUtterance:
	default:
		return c, false, fmt.Errorf("kind %q is not message, note or utterance", c.Kind)
	}
	for _, i := range codeCols {
		if i >= len(rec) {
			continue
		}
		for _, code := range strings.Fields(rec[i]) {
			if code == "-" {
				continue
			}
			if code != anyReflection && !engine.Code(code).Valid() {
				return c, false, fmt.Errorf("%q is not a behaviour code", code)
			}
			c.Codes = append(c.Codes, code)
		}
	}
	return c, true, nil
}

// ScoreCoded analyses every text and scores the codes found against the hand-coded ones. Only
// the codes the file uses are scored, since its coders said nothing about the others; where the
// file codes reflections without grading them, either kind found counts.
//
// merge, when it names two or more codes, scores them as one code named by joining them with
// "+": a text coded with any of them and found with any of them is right. It is for coders who
// draw a line where the engine does not ("everyone goes through that" as dismissal, minimising,
// or both), and says how often the engine flags such a text at all.
func ScoreCoded(a *engine.Analyzer, rows []Coded, merge ...string) (evaluation.SetReport, error) {
	merged := mergedCode(merge)
	var labels []string
	for _, r := range rows {
		for _, c := range r.Codes {
			if c = merged(c); !slices.Contains(labels, c) {
				labels = append(labels, c)
			}
		}
	}
	slices.Sort(labels)
	graded := !slices.Contains(labels, anyReflection)
	gold, pred := make([][]string, len(rows)), make([][]string, len(rows))
	for i, r := range rows {
		an, err := a.Analyze(engine.Input{Text: r.Text, Context: r.Context, Kind: r.Kind})
		if err != nil {
			return evaluation.SetReport{}, fmt.Errorf("row %d: %w", i+1, err)
		}
		for _, c := range r.Codes {
			gold[i] = appendOnce(gold[i], merged(c))
		}
		for _, f := range an.Findings {
			code := string(f.Code)
			if !graded && (f.Code == engine.SimpleReflection || f.Code == engine.ComplexReflection) {
				code = anyReflection
			}
			pred[i] = appendOnce(pred[i], merged(code))
		}
	}
	return evaluation.ScoreSets(Codes, gold, pred, labels), nil
}

// mergedCode returns the function that names each code as ScoreCoded scores it.
func mergedCode(merge []string) func(string) string {
	if len(merge) < 2 {
		return func(c string) string { return c }
	}
	name := strings.Join(merge, "+")
	return func(c string) string {
		if slices.Contains(merge, c) {
			return name
		}
		return c
	}
}

func appendOnce(s []string, c string) []string {
	if slices.Contains(s, c) {
		return s
	}
	return append(s, c)
}
