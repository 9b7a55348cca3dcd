package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/rapporthq/rapport/engine"
)

var analyzeCommand = command{
	summary: "analyse a message, note or utterance for empathy skills and pitfalls",
	usage: `The text comes from the argument, from --file, or from standard input.

A file larger than 1 MiB (or any input with --split line|paragraph) is streamed: each line or
blank-line-separated paragraph is analysed as its own text, on all cores, in order, with memory
that stays flat. Streamed JSON output is one object per line (JSON Lines).

Examples:
  rapport analyze "You're noncompliant with meds."
  rapport analyze --context "I'm scared the cancer is back." "It's not that bad."
  rapport analyze --kind note --file notes.txt --format json
  cat message.txt | rapport analyze
`,
}

func init() { analyzeCommand.run = runAnalyze }

type analyzeOpts struct {
	file, context, kind, format, split, models string
}

const streamThreshold = 1 << 20

func runAnalyze(e *env, args []string) error {
	var o analyzeOpts
	fs := newFlags(e, "analyze")
	fs.StringVar(&o.file, "file", "", "read the text from `FILE` (- for standard input)")
	fs.StringVar(&o.context, "context", "", "what the client said just before, if anything")
	fs.StringVar(&o.kind, "kind", "message", "message (to the client), note (about the client) or utterance (a spoken turn)")
	fs.StringVar(&o.format, "format", "text", "output format: text or json")
	fs.StringVar(&o.split, "split", "auto", "none, line or paragraph; auto streams paragraphs for inputs over 1 MiB")
	fs.StringVar(&o.models, "models", "", "use the models in `FILE` (from 'rapport train') instead of the built-in ones")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := o.check(rest); err != nil {
		return err
	}
	a, err := loadAnalyzer(o.models)
	if err != nil {
		return err
	}
	if len(rest) == 1 {
		return analyzeOne(e, a, o, rest[0])
	}
	r, closeFn, size, err := openInput(e, o.file)
	if err != nil {
		return err
	}
	defer closeFn()
	if o.split == "line" || o.split == "paragraph" || (o.split == "auto" && size > streamThreshold) {
		return stream(e, a, o, r)
	}
	text, err := io.ReadAll(io.LimitReader(r, engine.MaxTextBytes+1))
	if err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	return analyzeOne(e, a, o, string(text))
}

func (o analyzeOpts) check(rest []string) error {
	if err := checkFormat(o.format); err != nil {
		return err
	}
	switch engine.Kind(o.kind) {
	case engine.KindMessage, engine.KindNote, engine.KindUtterance:
	default:
		return usageError{fmt.Sprintf("--kind must be message, note or utterance, not %q", o.kind)}
	}
	switch o.split {
	case "auto", "none", "line", "paragraph":
	default:
		return usageError{fmt.Sprintf("--split must be auto, none, line or paragraph, not %q", o.split)}
	}
	if len(rest) > 1 {
		return usageError{"give the text as one quoted argument"}
	}
	if len(rest) == 1 && o.file != "" {
		return usageError{"give the text either as an argument or with --file, not both"}
	}
	return nil
}

// openInput opens --file, or standard input. size is -1 when unknown.
func openInput(e *env, file string) (io.Reader, func(), int64, error) {
	if file == "" || file == "-" {
		if f, ok := e.stdin.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
				return f, func() {}, fi.Size(), nil
			}
		}
		return e.stdin, func() {}, -1, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, 0, err
	}
	if fi.IsDir() {
		f.Close()
		return nil, nil, 0, fmt.Errorf("%s is a directory", file)
	}
	return f, func() { f.Close() }, fi.Size(), nil
}

func analyzeOne(e *env, a *engine.Analyzer, o analyzeOpts, text string) error {
	an, err := a.Analyze(engine.Input{Text: text, Context: o.context, Kind: engine.Kind(o.kind)})
	if err != nil {
		return err
	}
	if o.format == "json" {
		return writeJSON(e.stdout, an)
	}
	writeAnalysis(e.stdout, text, an, e.tty)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// stream analyses one record at a time on every core and writes results in input order.
func stream(e *env, a *engine.Analyzer, o analyzeOpts, r io.Reader) error {
	records := make(chan record, 64)
	var readErr error
	go func() {
		readErr = readRecords(r, o.split == "line", records)
		close(records)
	}()
	results := analyzeInOrder(a, o, records, runtime.GOMAXPROCS(0))
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	n, empty := 0, 0
	for res := range results {
		if errors.Is(res.err, engine.ErrEmpty) {
			empty++
			continue
		}
		if res.err != nil {
			w.Flush() // keep the records before it
			return fmt.Errorf("record %d: %w", res.n, res.err)
		}
		n++
		if err := writeRecord(w, o.format, res); err != nil {
			return err
		}
		if e.progress && n%1000 == 0 {
			fmt.Fprintf(e.stderr, "\ranalysed %d records", n)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if readErr != nil {
		return fmt.Errorf("reading input: %w", readErr)
	}
	if e.progress {
		fmt.Fprintf(e.stderr, "\ranalysed %d records (%d empty skipped)\n", n, empty)
	}
	if n == 0 {
		return engine.ErrEmpty // as when the same input is not streamed
	}
	return nil
}

type record struct {
	n    int
	text string
}

// readRecords splits input into lines or blank-line-separated paragraphs.
func readRecords(r io.Reader, byLine bool, out chan<- record) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var para strings.Builder
	n := 0
	flush := func() {
		if strings.TrimSpace(para.String()) != "" {
			n++
			out <- record{n, para.String()}
		}
		para.Reset()
	}
	for {
		line, err := br.ReadString('\n')
		if byLine {
			para.WriteString(strings.TrimRight(line, "\r\n"))
			flush()
		} else if strings.TrimSpace(line) == "" {
			flush()
		} else {
			para.WriteString(line)
		}
		if para.Len() > engine.MaxTextBytes {
			return fmt.Errorf("record %d is over 16 MiB", n+1)
		}
		if errors.Is(err, io.EOF) {
			flush()
			return nil
		}
		if err != nil {
			return err
		}
	}
}

type result struct {
	n    int
	text string
	an   engine.Analysis
	err  error
}

// analyzeInOrder fans records out to workers and hands results back in input order. Each record
// travels with its own reply channel, queued in order, so no reordering buffer can grow.
func analyzeInOrder(a *engine.Analyzer, o analyzeOpts, in <-chan record, workers int) <-chan result {
	type job struct {
		rec   record
		reply chan result
	}
	jobs := make(chan job, workers*4)
	order := make(chan chan result, workers*4)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				an, err := a.Analyze(engine.Input{Text: j.rec.text, Context: o.context, Kind: engine.Kind(o.kind)})
				j.reply <- result{n: j.rec.n, text: j.rec.text, an: an, err: err}
			}
		}()
	}
	go func() {
		for rec := range in {
			reply := make(chan result, 1)
			order <- reply
			jobs <- job{rec, reply}
		}
		close(jobs)
		close(order)
	}()
	out := make(chan result, workers*4)
	go func() {
		for reply := range order {
			out <- <-reply
		}
		close(out)
	}()
	return out
}

func writeRecord(w *bufio.Writer, format string, res result) error {
	if format == "json" {
		b, err := json.Marshal(struct {
			Record int `json:"record"`
			engine.Analysis
		}{res.n, res.an})
		if err != nil {
			return err
		}
		b = append(b, '\n')
		_, err = w.Write(b)
		return err
	}
	fmt.Fprintf(w, "record %d: score %d, %d findings", res.n, res.an.Overall, len(res.an.Findings))
	var codes bytes.Buffer
	for i, f := range res.an.Findings {
		if i > 0 {
			codes.WriteString(", ")
		}
		codes.WriteString(string(f.Code))
	}
	if codes.Len() > 0 {
		fmt.Fprintf(w, " (%s)", codes.String())
	}
	return w.WriteByte('\n')
}
