package lexicon

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The columns of terms.tsv. The header row names them; their order is free.
var columns = []string{"terms", "category", "alternative", "reason", "source", "context_required", "confidence"}

const (
	minConfidence = 0.5
	maxConfidence = 0.95
)

// ParseError reports a problem on one line of a lexicon file.
type ParseError struct {
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("lexicon: line %d: %v", e.Line, e.Err) }

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads a lexicon in the terms.tsv format: a header row, then one entry per line with
// tab-separated fields. Blank lines and lines starting with "#" are skipped. Every error names
// its line.
func Parse(r io.Reader) (*Lexicon, error) {
	p := parser{lex: &Lexicon{root: &node{}}, seen: make(map[string]int)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := p.parseLine(line, text); err != nil {
			return nil, &ParseError{Line: line, Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Line: line + 1, Err: err}
	}
	if p.cols == nil {
		return nil, errors.New("lexicon: no header row")
	}
	return p.lex, nil
}

type parser struct {
	lex  *Lexicon
	cols map[string]int // column name to field index; nil until the header is read
	seen map[string]int // variant to the line that defined it
}

func (p *parser) parseLine(line int, text string) error {
	if p.cols == nil {
		return p.parseHeader(text)
	}
	fields := strings.Split(text, "\t")
	if len(fields) != len(p.cols) {
		return fmt.Errorf("want %d tab-separated fields, got %d", len(p.cols), len(fields))
	}
	e, keys, err := p.parseEntry(fields)
	if err != nil {
		return err
	}
	for i, k := range keys {
		variant := strings.Join(k, " ")
		if prev, dup := p.seen[variant]; dup {
			return fmt.Errorf("term %q is already listed on line %d", e.Terms[i], prev)
		}
		p.seen[variant] = line
		p.lex.root.insert(k, e)
		p.lex.starts.add([]byte(k[0]))
	}
	p.lex.entries = append(p.lex.entries, e)
	return nil
}

func (p *parser) parseHeader(text string) error {
	p.cols = make(map[string]int)
	for i, name := range strings.Split(text, "\t") {
		name = strings.TrimSpace(name)
		if !slices.Contains(columns, name) {
			return fmt.Errorf("header: unknown column %q (want %s)", name, strings.Join(columns, ", "))
		}
		if _, dup := p.cols[name]; dup {
			return fmt.Errorf("header: column %q appears twice", name)
		}
		p.cols[name] = i
	}
	for _, name := range columns {
		if _, ok := p.cols[name]; !ok {
			return fmt.Errorf("header: missing column %q", name)
		}
	}
	return nil
}

// parseEntry builds an entry from one row and returns, for each variant, its words.
func (p *parser) parseEntry(fields []string) (*Entry, [][]string, error) {
	get := func(col string) string { return strings.TrimSpace(fields[p.cols[col]]) }
	e := &Entry{
		Category:    get("category"),
		Alternative: get("alternative"),
		Reason:      get("reason"),
	}
	if !slices.Contains(categories, e.Category) {
		return nil, nil, fmt.Errorf("unknown category %q (want one of %s)", e.Category, strings.Join(categories, ", "))
	}
	if e.Alternative == "" || e.Reason == "" {
		return nil, nil, errors.New("alternative and reason must not be empty")
	}
	var keys [][]string
	var err error
	if e.Terms, keys, err = parseTerms(get("terms"), e.Alternative); err != nil {
		return nil, nil, err
	}
	if e.Sources, err = parseSources(get("source")); err != nil {
		return nil, nil, err
	}
	if e.ContextRequired, e.ContextExcluded, e.ExcludedNext, err = parseContext(get("context_required")); err != nil {
		return nil, nil, err
	}
	if e.Confidence, err = parseConfidence(get("confidence")); err != nil {
		return nil, nil, err
	}
	return e, keys, nil
}

// parseTerms splits the " | "-separated variants and checks that each is lowercase whole words
// separated by single spaces, exactly as the matcher will see them.
func parseTerms(field, alternative string) ([]string, [][]string, error) {
	var terms []string
	var keys [][]string
	for t := range strings.SplitSeq(field, "|") {
		t = strings.TrimSpace(t)
		if t == "" {
			return nil, nil, fmt.Errorf("empty term in %q", field)
		}
		k := wordKeys(t)
		if strings.Join(k, " ") != t {
			return nil, nil, fmt.Errorf("term %q must be lowercase whole words separated by single spaces", t)
		}
		if strings.EqualFold(t, alternative) {
			return nil, nil, fmt.Errorf("term %q is the same as its alternative", t)
		}
		terms = append(terms, t)
		keys = append(keys, k)
	}
	return terms, keys, nil
}

func parseSources(field string) ([]string, error) {
	var out []string
	for s := range strings.SplitSeq(field, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(sources, s) {
			return nil, fmt.Errorf("unknown source %q (want some of %s)", s, strings.Join(sources, ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

// parseContext splits the context_required column into required words, excluded words (marked
// "!") and words excluded only right after the match (marked "!+"). Each must be a single
// lowercase word, optionally ending in "*".
func parseContext(field string) (required, excluded, next []string, err error) {
	for w := range strings.FieldsSeq(field) {
		word, exclude := strings.CutPrefix(w, "!")
		word, adjacent := strings.CutPrefix(word, "+")
		core := strings.TrimSuffix(word, "*")
		if k := wordKeys(core); len(k) != 1 || k[0] != core || adjacent && !exclude {
			return nil, nil, nil, fmt.Errorf("context word %q must be one lowercase word, optionally with ! or !+ before or * after", w)
		}
		switch {
		case adjacent:
			next = append(next, word)
		case exclude:
			excluded = append(excluded, word)
		default:
			required = append(required, word)
		}
	}
	return required, excluded, next, nil
}

func parseConfidence(field string) (float64, error) {
	c, err := strconv.ParseFloat(field, 64)
	if err != nil {
		return 0, fmt.Errorf("confidence %q is not a number", field)
	}
	if c < minConfidence || c > maxConfidence {
		return 0, fmt.Errorf("confidence %v is outside %v to %v", c, minConfidence, maxConfidence)
	}
	return c, nil
}

// wordKeys returns the keys of the words in s, as the matcher sees them.
func wordKeys(s string) []string {
	var w words
	scan(s, &w)
	keys := make([]string, len(w.toks))
	for i := range w.toks {
		keys[i] = string(w.key(i))
	}
	return keys
}
