package engine

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
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
	buf.hits, buf.marks, buf.sents, buf.found = j.hits, j.marks, j.sents, j.found
	return j.result(), nil
}

// buffers are the per-analysis scratch slices. Reusing them across analyses removes most of
// the allocation (and so the garbage collection) that otherwise dominates bulk analysis.
type buffers struct {
	toks  []textseg.Token
	split []textseg.Sentence
	sents []sentence
	words []word
	hits  []hit
	marks []mark
	found []codeSet
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
	b.hits, b.marks, b.found = b.hits[:0], b.marks[:0], b.found[:0]
	bufPool.Put(b)
}

// sanitize replaces each invalid byte with U+FFFD and each NUL with a space, and blanks HTML
// markup (see blankMarkup). One rune for one rune keeps every offset the same as in the text the
// caller holds.
func sanitize(s string) string {
	s = blankMarkup(s)
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

// blankMarkup turns HTML tags, the contents of script and style elements, and character
// references into spaces, rune for rune, so that text pasted from an e-mail or a rich editor
// reads as its words: "You're <b>lazy</b>" is "You're lazy", a judgement. A character
// reference keeps its character in its first place ("&amp;" is "&" and four spaces). A "<" that
// does not open a tag ("BP < 140", "<3") is left alone. The time is linear in the text.
func blankMarkup(s string) string {
	// Two byte searches, which are vectorised, instead of ContainsAny's loop over every byte.
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 {
		return s
	}
	m := markup{s: s}
	var b strings.Builder
	done := 0 // s[:done] is written
	for i := 0; i < len(s); i++ {
		end, repl := m.at(i)
		if end <= i {
			continue
		}
		if done == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[done:i])
		blank(&b, s[i:end], repl)
		done, i = end, end-1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// markup scans one text for markup.
type markup struct {
	s         string
	lastClose map[string]int // where the last "</script" and "</style" start, or -1
}

var hiddenElements = []string{"script", "style"}

// at returns the end of a tag, hidden element or character reference starting at byte i (or i
// if there is none), and the character that a reference stands for.
func (m *markup) at(i int) (end int, repl byte) {
	s := m.s
	switch s[i] {
	case '&':
		return referenceAt(s, i)
	case '<':
		end := tagEnd(s, i)
		if end <= i {
			return i, 0
		}
		for _, el := range hiddenElements {
			if len(s)-i > len(el) && strings.EqualFold(s[i+1:i+1+len(el)], el) {
				if c := m.closing(end, el); c >= 0 {
					if e := tagEnd(s, c); e > c {
						return e, 0
					}
				}
			}
		}
		return end, 0
	}
	return i, 0
}

// closing returns where the first "</el" (any case) at or after from starts, or -1. The last
// one in the text is found once, so an element that is never closed costs nothing more, and
// the search forward stops at the next one, whose element is then consumed whole: each byte is
// searched at most once or twice.
func (m *markup) closing(from int, el string) int {
	if m.lastClose == nil {
		m.lastClose = map[string]int{}
	}
	last, ok := m.lastClose[el]
	if !ok {
		last = -1
		for j := len(m.s) - 2; j >= 0; j-- {
			if m.closesAt(j, el) {
				last = j
				break
			}
		}
		m.lastClose[el] = last
	}
	for j := from; j <= last; j++ {
		if m.closesAt(j, el) {
			return j
		}
	}
	return -1
}

func (m *markup) closesAt(j int, el string) bool {
	s := m.s
	return s[j] == '<' && j+2+len(el) <= len(s) && s[j+1] == '/' && strings.EqualFold(s[j+2:j+2+len(el)], el)
}

// tagEnd returns the byte after the ">" of a tag opening at i, or i: a tag starts "<x", "</x" or
// "<!" with x a letter, and closes within 512 bytes without another "<".
func tagEnd(s string, i int) int {
	if i+1 >= len(s) {
		return i
	}
	c := s[i+1]
	if c == '/' && i+2 < len(s) {
		c = s[i+2]
	}
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '!') {
		return i
	}
	for j := i + 1; j < len(s) && j < i+512; j++ {
		switch s[j] {
		case '>':
			return j + 1
		case '<':
			return i
		}
	}
	return i
}

var references = map[string]byte{"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\'', "#39": '\'',
	"nbsp": ' ', "rsquo": '\'', "lsquo": '\'', "ldquo": '"', "rdquo": '"', "ndash": '-', "mdash": '-'}

// referenceAt recognises "&name;" and "&#123;" from byte i.
func referenceAt(s string, i int) (int, byte) {
	for j := i + 1; j < len(s) && j <= i+10; j++ {
		c := s[j]
		if c == ';' && j > i+1 {
			if r, ok := references[strings.ToLower(s[i+1:j])]; ok {
				return j + 1, r
			}
			return j + 1, ' '
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '#') {
			break
		}
	}
	return i, 0
}

// blank writes one space for each rune of markup, repl (if any) in place of the first, so the
// rune count never changes.
func blank(b *strings.Builder, markup string, repl byte) {
	if repl == 0 {
		repl = ' '
	}
	b.WriteByte(repl)
	for range utf8.RuneCountInString(markup) - 1 {
		b.WriteByte(' ')
	}
}

// sentence is one sentence with what the rules need.
type sentence struct {
	textseg.Sentence
	words []word
	form  syntax.QuestionForm
	// quotesMarked, inQuotes and wordsOutside are filled on first need by markQuotes; inQuotes
	// stays nil when the sentence has no quotation marks.
	quotesMarked bool
	inQuotes     []bool
	wordsOutside bool
}

// job is the state of one analysis.
type job struct {
	a          *Analyzer
	kind       Kind
	text       string
	context    string
	ctxWords   map[string]bool
	ctxNegated bool // the client's words hold a negation ("I can't", "I don't")
	// ctxSelfView: the client's words give their own view of themselves or their fears ("I
	// feel ridiculous", "I think they're poisoning me"), which "That's ridiculous" dismisses.
	ctxSelfView bool
	permitted   bool // the client asked for advice, or the writer asked permission first
	sents       []sentence
	findings    []Finding
	found       []codeSet // the codes found so far in each sentence, so checking one costs O(1)
	marks       []mark    // rune→byte offsets at every token edge, for slicing spans cheaply
	askedAt     int       // start of the first asking_permission finding, or -1
	hits        []hit     // reused by the rule matcher
	viewSought  bool      // lastView is known (see asksViewAfter)
	// judges: the reply judges, dismisses or pities the person somewhere, so no sentence of it
	// gives their meaning back ("Look, people in your situation end up dead. You're being
	// really irresponsible."); a reflection in it would earn credit the reply has thrown away.
	judges   bool
	lastView int // the last sentence that asks the person's view, or -1
}

type mark struct{ r, b int }

func (a *Analyzer) newJob(kind Kind, text, context string, buf *buffers) *job {
	j := &job{a: a, kind: kind, text: text, context: context, findings: make([]Finding, 0, 8)}
	if context != "" {
		j.ctxWords = map[string]bool{}
		ws := normalise(textseg.Tokenize(context), a.rules.lexemes, nil)
		for _, w := range ws {
			j.ctxWords[w.w] = true
			j.ctxNegated = j.ctxNegated || negators[w.w]
		}
		j.ctxSelfView = selfView(ws)
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
	if n := len(j.sents); cap(buf.found) >= n {
		j.found = buf.found[:n]
		clear(j.found)
	} else {
		j.found = make([]codeSet, n)
	}
	return j
}

func (j *job) run() {
	for i := range j.sents {
		j.sentenceRules(i)
		j.inferredFeeling(i)
		if !j.has(i, EmotionalReaction) || j.onlyWeak(i, EmotionalReaction) {
			j.ownFeeling(i)
		}
		j.butAfterPraise(i)
	}
	j.butAcrossSentences()
	j.stigma()
	if j.kind == KindNote {
		j.doubtQuotes()
	}
	if j.kind != KindNote {
		j.focusShift()
		j.sharedExperience()
	}
	if j.kind != KindNote {
		j.jargon()
	}
	j.judges = j.anyFound(Judgment, Dismissive) || j.pities()
	for i := range j.sents {
		j.questions(i)
		j.statements(i)
	}
	j.changesSubject()
	j.butAfterReflection()
	j.feelingEmoji()
	j.namedFeelings()
	j.givenBack()
	j.sorryForDiagnosis()
	j.resolveOverlaps()
}

func (j *job) add(f Finding) {
	if f.Evidence == "" {
		f.Evidence = j.slice(f.Start, f.End)
	}
	if f.Code == AskingPermission && (j.askedAt < 0 || f.Start < j.askedAt) {
		j.askedAt = f.Start
	}
	if f.Suggestion != nil && f.Code.Pitfall() {
		f.Suggestion = j.notTwice(f.Suggestion)
	}
	j.found[j.sentOf(f.Start)].add(f.Code)
	j.findings = append(j.findings, f)
}

// onlyWeak reports that every finding with the code in sentence i is generic ("That's great
// news", "I'm so sorry"), so a stronger reading of the same sentence ("…, I'm really glad!",
// "…, I'm really upset no one heard you") may still be added.
func (j *job) onlyWeak(i int, code Code) bool {
	for k := len(j.findings) - 1; k >= 0 && j.sentOf(j.findings[k].Start) == i; k-- {
		f := j.findings[k]
		if f.Code == code && (f.strength == 2 || f.strength == 0 && specific(f.Evidence, f.Code)) {
			return false
		}
	}
	return true
}

// sentOf returns the sentence holding rune offset r.
func (j *job) sentOf(r int) int {
	i := sort.Search(len(j.sents), func(k int) bool { return j.sents[k].End > r })
	return min(i, len(j.sents)-1)
}

// has reports a finding with the code that starts in sentence i.
func (j *job) has(i int, code Code) bool {
	return j.found[i].has(code)
}

// codeSet is a set of codes, one bit each in the order of Codes.
type codeSet uint32

var codeBits = func() map[Code]codeSet {
	m := make(map[Code]codeSet, len(Codes))
	for i, c := range Codes {
		m[c] = 1 << i
	}
	return m
}()

func (s *codeSet) add(c Code)     { *s |= codeBits[c] }
func (s codeSet) has(c Code) bool { return s&codeBits[c] != 0 }

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
	an.Findings = slices.DeleteFunc(an.Findings, func(f Finding) bool { return f.levelOnly })
	an.Findings = j.mergeRepeats(an.Findings)
	an.Overall = overall(j.kind, an.Levels, an.Findings)
	an.NotEnglish = !english(j.sents)
	return an
}

// mergeRepeats folds a finding into an earlier one of the same code whose words it shares, as
// when "I'm really sorry" and "sorry about your dad" both match one apology, or two rules both
// match "Oh no": the reader sees one finding over the joined words. Findings with a suggestion
// are kept apart, since each rewrite applies to its own span. fs is sorted by Start.
func (j *job) mergeRepeats(fs []Finding) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if k := sharesWords(out, f); k >= 0 {
			if f.End > out[k].End {
				out[k].End = f.End
				out[k].Evidence = j.slice(out[k].Start, out[k].End)
			}
			out[k].Confidence = max(out[k].Confidence, f.Confidence)
			continue
		}
		out = append(out, f)
	}
	return out
}

// mergeWindow is how many findings back sharesWords looks: overlapping findings lie in one
// sentence, next to each other, and a bound keeps a huge text with many findings linear.
const mergeWindow = 16

// sharesWords returns the index in out of a finding with f's code and no suggestion that
// overlaps f among the last mergeWindow, or -1.
func sharesWords(out []Finding, f Finding) int {
	if f.Suggestion != nil {
		return -1
	}
	for k := len(out) - 1; k >= 0 && k >= len(out)-mergeWindow; k-- {
		if g := out[k]; g.Code == f.Code && g.Suggestion == nil && g.End > f.Start {
			return k
		}
	}
	return -1
}

// english reports whether the text reads as English, judged on its first 400 words: it is not
// when most of its letters are in another script (Chinese, Arabic, Cyrillic…), or when common
// words of Spanish, French, Portuguese or German outnumber common English ones two to one (at
// least three of them). Counting the other languages' words, not only the absence of English
// ones, keeps telegraphic clinical English ("Pt A&O x3, VSS, tolerating PO diet.") English.
func english(sents []sentence) bool {
	words, common, foreign, latin, other := 0, 0, 0, 0, 0
	for _, s := range sents {
		for _, w := range s.words {
			if w.w == "," || w.w == "?" || w.w == "!" {
				continue
			}
			words++
			switch {
			case w.is(classFunction):
				common++
			case w.is(classForeign):
				foreign++
			}
			if r := w.w[0]; r < utf8.RuneSelf {
				latin++
			} else if r, _ := utf8.DecodeRuneInString(w.w); unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
				other += utf8.RuneCountInString(w.w) // "你好" is one token of two words' worth
			}
			if words == 400 {
				break
			}
		}
		if words == 400 {
			break
		}
	}
	if other > latin && other >= 6 {
		return false
	}
	return foreign < 3 || foreign <= 2*common
}

// functionWords are frequent English words that the other languages rarely share.
var functionWords = map[string]bool{"the": true, "you": true, "i": true, "to": true, "and": true, "is": true,
	"it": true, "of": true, "that": true, "in": true, "your": true, "for": true, "my": true, "this": true,
	"was": true, "are": true, "be": true, "have": true, "with": true, "not": true, "we": true, "can": true,
	"do": true, "what": true, "how": true, "will": true, "on": true, "at": true, "if": true, "but": true,
	"they": true, "he": true, "she": true, "about": true, "would": true, "so": true, "just": true,
	"am": true, "has": true, "had": true, "did": true, "been": true, "there": true, "an": true}

// foreignWords are frequent words of Spanish, French, Portuguese and German that are not English
// words ("de", "la" and "que" are; "a", "me", "no" and "die" are left out as English too).
var foreignWords = map[string]bool{"el": true, "la": true, "los": true, "las": true, "de": true, "del": true,
	"que": true, "y": true, "en": true, "es": true, "por": true, "para": true, "con": true, "una": true,
	"un": true, "su": true, "sus": true, "lo": true, "se": true, "te": true, "tu": true, "muy": true,
	"pero": true, "como": true, "está": true, "usted": true, "yo": true, "mi": true, "nada": true,
	"le": true, "les": true, "des": true, "et": true, "est": true, "vous": true, "je": true, "pas": true,
	"pour": true, "avec": true, "une": true, "dans": true, "sur": true, "qui": true, "ce": true,
	"il": true, "elle": true, "nous": true, "você": true, "não": true, "com": true, "uma": true,
	"os": true, "da": true, "em": true, "der": true, "das": true, "und": true, "ist": true,
	"nicht": true, "ich": true, "sie": true, "mit": true, "zu": true, "ein": true, "eine": true,
	"den": true, "dem": true, "sind": true, "auf": true}

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

// pities reports pity that looks down on the person ("You poor thing", "such a tragedy"), which
// like a judgement leaves no sentence of the reply giving their meaning back. A blessing ("Bless
// you", "God love you") is listed as pity too, but EPITOME's raters read it as warmth, and the
// reply around it can still reflect.
func (j *job) pities() bool {
	for _, f := range j.findings {
		if f.Code != SympathyPity {
			continue
		}
		if e := strings.ToLower(f.Evidence); !strings.Contains(e, "bless") && !strings.Contains(e, "god love") {
			return true
		}
	}
	return false
}
