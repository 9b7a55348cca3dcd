package engine

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/lexicon"
	"github.com/rapporthq/rapport/syntax"
	"github.com/rapporthq/rapport/textseg"
)

// MaxTextBytes bounds one text. Longer inputs (whole files of notes) should be streamed through
// the analyzer a record at a time, which keeps memory flat.
const MaxTextBytes = 16 << 20

// Errors returned by Analyze.
var (
	ErrEmpty   = errors.New("nothing to analyse: the text is empty")
	ErrTooLong = errors.New("text is longer than 16 MiB: split it into notes or messages and analyse them one at a time")
)

// Analyzer runs the rules and models. Build it once with New and share it: it is immutable and
// safe for concurrent use.
type Analyzer struct {
	rules  *ruleIndex
	lex    *lexicon.Lexicon
	models map[string]*classifier.Model // by task; any may be missing
}

// Option configures New.
type Option func(*Analyzer)

// WithModels replaces the embedded models, for example with ones an organisation trained on its
// own coded transcripts (`rapport train`).
func WithModels(b *classifier.Bundle) Option {
	return func(a *Analyzer) { a.models = b.Models }
}

// WithoutModels runs the rules alone, which is what the rule-only evaluations measure.
func WithoutModels() Option {
	return func(a *Analyzer) { a.models = nil }
}

// New builds an analyzer with the embedded lexicon and models.
func New(opts ...Option) (*Analyzer, error) {
	b, err := embeddedModels()
	if err != nil {
		return nil, err
	}
	a := &Analyzer{rules: compiledRules(), lex: lexicon.Default(), models: b.Models}
	for _, o := range opts {
		o(a)
	}
	return a, nil
}

var (
	defaultOnce     sync.Once
	defaultAnalyzer *Analyzer
	defaultErr      error
)

// Default returns a shared analyzer with the embedded lexicon and models.
func Default() (*Analyzer, error) {
	defaultOnce.Do(func() { defaultAnalyzer, defaultErr = New() })
	return defaultAnalyzer, defaultErr
}

var (
	indexOnce sync.Once
	index     *ruleIndex
)

func compiledRules() *ruleIndex {
	indexOnce.Do(func() { index = buildIndex(rules) })
	return index
}

// Analyze analyses one text.
func (a *Analyzer) Analyze(in Input) (Analysis, error) {
	return a.analyze(in, false)
}

// analyze is Analyze, told whether the client already agreed to hear advice earlier in a
// conversation (AnalyzeConversation knows; a single text cannot).
func (a *Analyzer) analyze(in Input, agreed bool) (Analysis, error) {
	if len(in.Text) > MaxTextBytes {
		return Analysis{}, ErrTooLong
	}
	if in.Kind == "" {
		in.Kind = KindMessage
	}
	text := sanitize(in.Text)
	if strings.TrimSpace(text) == "" {
		return Analysis{}, ErrEmpty
	}
	buf := bufPool.Get().(*buffers)
	defer buf.release()
	j := a.newJob(in.Kind, text, sanitize(in.Context), buf)
	j.permitted = j.permitted || agreed
	j.run()
	buf.hits, buf.marks, buf.sents, buf.bySent = j.hits, j.marks, j.sents, j.bySent
	return j.result(), nil
}

// buffers are the per-analysis scratch slices. Reusing them across analyses removes most of
// the allocation (and so the garbage collection) that otherwise dominates bulk analysis.
type buffers struct {
	toks   []textseg.Token
	split  []textseg.Sentence
	sents  []sentence
	words  []word
	hits   []hit
	marks  []mark
	bySent [][]int
}

var bufPool = sync.Pool{New: func() any { return &buffers{} }}

// maxPooledTokens keeps one huge text from pinning a huge buffer in the pool.
const maxPooledTokens = 1 << 16

func (b *buffers) release() {
	if cap(b.toks) > maxPooledTokens {
		return
	}
	// Drop references to the text so that it can be collected while the buffers wait.
	clear(b.toks[:cap(b.toks)])
	clear(b.split[:cap(b.split)])
	clear(b.sents[:cap(b.sents)])
	clear(b.words[:cap(b.words)])
	b.toks, b.split, b.sents, b.words = b.toks[:0], b.split[:0], b.sents[:0], b.words[:0]
	b.hits, b.marks, b.bySent = b.hits[:0], b.marks[:0], b.bySent[:0]
	bufPool.Put(b)
}

// sanitize replaces each invalid byte with U+FFFD and each NUL with a space. One rune for one
// byte keeps every rune offset the same as in the text the caller holds.
func sanitize(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0:
			b.WriteByte(' ')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// sentence is one sentence with what the rules need.
type sentence struct {
	textseg.Sentence
	words []word
	form  syntax.QuestionForm
}

// job is the state of one analysis.
type job struct {
	a          *Analyzer
	kind       Kind
	text       string
	context    string
	ctxWords   map[string]bool
	ctxNegated bool // the client's words hold a negation ("I can't", "I don't")
	permitted  bool // the client asked for advice, or the writer asked permission first
	sents      []sentence
	findings   []Finding
	bySent     [][]int // indexes into findings, per sentence, so per-sentence checks stay local
	marks      []mark  // rune→byte offsets at every token edge, for slicing spans cheaply
	askedAt    int     // start of the first asking_permission finding, or -1
	hits       []hit   // reused by the rule matcher
}

type mark struct{ r, b int }

func (a *Analyzer) newJob(kind Kind, text, context string, buf *buffers) *job {
	j := &job{a: a, kind: kind, text: text, context: context, findings: make([]Finding, 0, 8)}
	if context != "" {
		j.ctxWords = map[string]bool{}
		for _, w := range normalise(textseg.Tokenize(context), a.rules.lexemes, nil) {
			j.ctxWords[w.w] = true
			j.ctxNegated = j.ctxNegated || negators[w.w]
		}
	}
	j.permitted = clientAskedForAdvice(context)
	j.askedAt = -1
	buf.toks = textseg.TokenizeAppend(buf.toks[:0], text)
	j.hits = buf.hits
	j.marks = buf.marks[:0]
	if cap(j.marks) < 2*len(buf.toks) {
		j.marks = make([]mark, 0, 2*len(buf.toks))
	}
	if cap(buf.words) < len(buf.toks)+len(buf.toks)/4 {
		buf.words = make([]word, 0, len(buf.toks)+len(buf.toks)/4)
	}
	buf.split = textseg.SplitTokensAppend(buf.split[:0], text, buf.toks)
	j.sents = buf.sents[:0]
	for _, s := range buf.split {
		start := len(buf.words)
		buf.words = normalise(s.Tokens, a.rules.lexemes, buf.words)
		j.sents = append(j.sents, sentence{Sentence: s, words: buf.words[start:len(buf.words):len(buf.words)], form: questionForm(s.Tokens)})
		for _, t := range s.Tokens {
			j.marks = append(j.marks, mark{t.Start, t.BStart}, mark{t.End, t.BEnd()})
		}
	}
	if n := len(j.sents); cap(buf.bySent) >= n {
		j.bySent = buf.bySent[:n]
		for i := range j.bySent {
			j.bySent[i] = j.bySent[i][:0]
		}
	} else {
		j.bySent = make([][]int, n)
	}
	return j
}

func (j *job) run() {
	for i := range j.sents {
		j.sentenceRules(i)
		if !j.has(i, EmotionalReaction) {
			j.ownFeeling(i)
		}
	}
	j.butAcrossSentences()
	j.stigma()
	if j.kind != KindNote {
		j.focusShift()
	}
	if j.kind != KindNote {
		j.jargon()
	}
	for i := range j.sents {
		j.questions(i)
		j.statements(i)
	}
	j.resolveOverlaps()
}

func (j *job) add(f Finding) {
	if f.Evidence == "" {
		f.Evidence = j.slice(f.Start, f.End)
	}
	if f.Code == AskingPermission && (j.askedAt < 0 || f.Start < j.askedAt) {
		j.askedAt = f.Start
	}
	i := j.sentOf(f.Start)
	j.bySent[i] = append(j.bySent[i], len(j.findings))
	j.findings = append(j.findings, f)
}

// sentOf returns the sentence holding rune offset r.
func (j *job) sentOf(r int) int {
	i := sort.Search(len(j.sents), func(k int) bool { return j.sents[k].End > r })
	return min(i, len(j.sents)-1)
}

// has reports a finding with the code that starts in sentence i.
func (j *job) has(i int, code Code) bool {
	for _, k := range j.bySent[i] {
		if j.findings[k].Code == code {
			return true
		}
	}
	return false
}

func (j *job) result() Analysis {
	slices.SortStableFunc(j.findings, func(x, y Finding) int { return x.Start - y.Start })
	an := Analysis{Kind: j.kind, Findings: j.findings, Sentences: make([]Sentence, len(j.sents))}
	if an.Findings == nil {
		an.Findings = []Finding{}
	}
	for i, s := range j.sents {
		an.Sentences[i] = Sentence{Span: Span{s.Start, s.End}, Text: s.Text}
	}
	an.Levels = levels(an.Findings)
	an.Overall = overall(j.kind, an.Levels, an.Findings)
	return an
}

// slice returns the text between two rune offsets that fall on token edges.
func (j *job) slice(start, end int) string {
	return j.text[j.byteAt(start):j.byteAt(end)]
}

func (j *job) byteAt(r int) int {
	k := sort.Search(len(j.marks), func(i int) bool { return j.marks[i].r >= r })
	if k < len(j.marks) && j.marks[k].r == r {
		return j.marks[k].b
	}
	return len(j.text)
}

// questionForm runs syntax.Form only on sentences that can be questions: those with a "?" or
// opening like a directive to tell ("Tell me…", "Can you say more…", "I wonder…"). Most
// sentences are statements, and this keeps their cost to one pass over the tokens.
func questionForm(toks []textseg.Token) syntax.QuestionForm {
	for _, t := range toks {
		if t.Lower == "?" {
			return syntax.Form(formWords(toks))
		}
	}
	k := 0
	for k < len(toks) && (!toks[k].Word || leadIns[toks[k].Lower]) {
		k++
	}
	if k < len(toks) && (directiveOpeners[toks[k].Lower] || wondering(toks[k:])) {
		return syntax.Form(formWords(toks))
	}
	return syntax.NotQuestion
}

// wondering recognises "I wonder…", "I was wondering…" and "I'm curious…", which ask without a
// question mark.
func wondering(toks []textseg.Token) bool {
	if len(toks) < 2 {
		return false
	}
	a, b := toks[0].Lower, toks[1].Lower
	if a == "i" && (b == "was" || b == "am") && len(toks) > 2 {
		b = toks[2].Lower // "I was wondering…", "I am curious…"
	}
	return (a == "i" && (b == "wonder" || b == "wondered" || b == "wondering" || b == "curious")) || (a == "i'm" && (b == "curious" || b == "wondering"))
}

var (
	leadIns          = map[string]bool{"so": true, "and": true, "okay": true, "ok": true, "well": true, "now": true}
	directiveOpeners = map[string]bool{"tell": true, "say": true, "talk": true, "walk": true, "help": true,
		"describe": true, "share": true, "can": true, "could": true, "would": true}
)

// formWords gives syntax.Form its words, treating dashes, semicolons and colons as the clause
// breaks they are in writing ("Your test came back negative — how are you feeling?").
func formWords(toks []textseg.Token) []string {
	w := make([]string, 0, len(toks))
	for _, t := range toks {
		switch {
		case t.Word || t.Lower == "?" || t.Lower == ",":
			w = append(w, t.Lower)
		case t.Lower == "—" || t.Lower == "–" || t.Lower == ";" || t.Lower == ":":
			w = append(w, ",")
		}
	}
	return w
}
