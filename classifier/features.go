package classifier

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rapporthq/rapport/syntax"
	"github.com/rapporthq/rapport/textseg"
)

// Feature is one hashed feature and its value.
type Feature struct {
	Index uint32
	Value float32
}

// FeatureVersion changes whenever Extract changes what it emits, so that weights trained with an
// older extractor are refused rather than silently misread.
const FeatureVersion = 4

// Feature families. Each model scales each family by its own factor (Model.Scales), which with
// an L2 penalty is the same as giving each family its own penalty: a task that gains little from
// a noisy family (character n-grams, say) can shrink it or drop it (scale 0, not even computed).
const (
	FamWord     = iota // word unigrams
	FamNgram           // word bigrams and trigrams
	FamChar            // character 3–5-grams of each word
	FamShape           // length, first and last words, who the text is about, stems, markers
	FamQuestion        // question syntax: the form and opening of each question, above all the last
	FamLast            // unigrams and bigrams of the last sentence, which usually carries the act
	FamContext         // how the text relates to the client's preceding turn
	FamCtxWords        // the client's preceding words themselves
	FamReply           // the client's reply to the turn, known only in a whole transcript
	NumFamilies
)

// Families names the feature families, in order, as Options.Scale keys them.
var Families = [NumFamilies]string{"word", "ngram", "char", "shape", "question", "last", "context", "ctxwords", "reply"}

// extractor accumulates features for one text. The feature families are:
//   - word n-grams (1–3) and character n-grams (3–5), the lexical baseline;
//   - question syntax: what opens each question (wh-word, auxiliary inversion, "tell me"), tag
//     questions and declarative questions, which n-grams see only weakly;
//   - who the sentence is about (you / I / we) and reflection stems ("sounds like", "so you");
//   - context: how much of the client's last turn the text repeats and what it adds, which is
//     what separates simple from complex reflections.
type extractor struct {
	mask  uint32
	scale *[NumFamilies]float32
	s     float32 // the scale of the family being emitted
	out   []Feature
}

func (e *extractor) family(f int) bool {
	e.s = 1
	if e.scale != nil {
		e.s = e.scale[f]
	}
	return e.s != 0
}

func (e *extractor) emit(h hasher, v float32) {
	e.out = append(e.out, Feature{Index: uint32(h) & e.mask, Value: v * e.s})
}

func (e *extractor) flag(name string) { e.emit(newHasher(name), 1) }

// flagOf is flag(prefix + value) without building the string (FNV-1a runs byte by byte, so the
// hash is the same).
func (e *extractor) flagOf(prefix, value string) { e.emit(newHasher(prefix).add(value), 1) }

// Extract returns the features of text given the client's preceding words (context may be
// empty), every family at scale 1. dim must be a power of two. buf is reused to avoid
// allocation; pass nil if none.
func Extract(text, context string, dim uint32, buf []Feature) []Feature {
	return extract(text, context, dim, nil, buf)
}

// ExtractScaled is Extract with each family multiplied by scales[family]; a family whose scale
// is 0 is skipped. A nil scales means 1 for all.
func ExtractScaled(text, context string, dim uint32, scales []float32, buf []Feature) []Feature {
	return extract(text, context, dim, familyScales(scales), buf)
}

func extract(text, context string, dim uint32, scales *[NumFamilies]float32, buf []Feature) []Feature {
	return extractSentences(textseg.Split(text), context, "", dim, scales, buf)
}

// ExtractReply is ExtractScaled for a turn of a whole transcript, whose reply from the client is
// known too ("" where the client never answered). Only a model whose reply family is not
// scaled to 0 reads it.
func ExtractReply(text, context, reply string, dim uint32, scales []float32, buf []Feature) []Feature {
	return extractSentences(textseg.Split(text), context, reply, dim, familyScales(scales), buf)
}

// familyScales views a per-family slice as an array, or nil (all 1) when it has the wrong length.
func familyScales(scales []float32) *[NumFamilies]float32 {
	if len(scales) == NumFamilies {
		return (*[NumFamilies]float32)(scales)
	}
	return nil
}

var wordPool = sync.Pool{New: func() any { b := make([]string, 0, 256); return &b }}

func extractSentences(sents []textseg.Sentence, context, reply string, dim uint32, scales *[NumFamilies]float32, buf []Feature) []Feature {
	e := extractor{mask: dim - 1, scale: scales, out: buf[:0]}
	e.s = 1
	e.flag("bias")
	wp := wordPool.Get().(*[]string)
	defer func() {
		if cap(*wp) <= 4096 { // an enormous text's buffer is left to the collector
			clear(*wp)
			wordPool.Put(wp)
		}
	}()
	words := (*wp)[:0]
	lastStart := 0
	for _, s := range sents {
		lastStart = len(words)
		words = appendWords(words, s.Tokens)
	}
	*wp = words
	lastWords := words[lastStart:]
	if e.family(FamWord) {
		e.unigrams(words)
	}
	if e.family(FamNgram) {
		e.ngrams(words)
	}
	if e.family(FamChar) {
		e.charGrams(words)
	}
	if e.family(FamShape) {
		e.shape(sents, words)
	}
	if e.family(FamQuestion) {
		e.questions(sents)
	}
	if e.family(FamLast) && len(sents) > 1 {
		e.last(lastWords)
	}
	var ci *ctxInfo
	if context != "" && (e.family(FamContext) || e.family(FamCtxWords)) {
		ci = contextInfo(context)
	}
	if e.family(FamContext) {
		e.context(words, ci)
	}
	if e.family(FamCtxWords) {
		e.contextWords(ci)
	}
	if e.family(FamReply) {
		e.reply(reply)
	}
	return e.out
}

// lowerWords returns the lower-cased tokens, keeping ? and ! (they carry meaning) but dropping
// other punctuation.
func lowerWords(toks []textseg.Token) []string {
	return appendWords(make([]string, 0, len(toks)), toks)
}

func appendWords(out []string, toks []textseg.Token) []string {
	for _, t := range toks {
		if t.Word || t.Lower == "?" || t.Lower == "!" {
			out = append(out, t.Lower)
		}
	}
	return out
}

func (e *extractor) unigrams(w []string) {
	for _, x := range w {
		e.emit(newHasher("w").add(x), 1)
	}
}

func (e *extractor) ngrams(w []string) {
	prev2, prev := "<s>", "<s>"
	for _, x := range w {
		e.emit(newHasher("b").add(prev).sep().add(x), 1)
		e.emit(newHasher("t").add(prev2).sep().add(prev).sep().add(x), 1)
		prev2, prev = prev, x
	}
	e.emit(newHasher("b").add(prev).sep().add("</s>"), 1)
}

// last repeats the unigrams and bigrams of the last sentence under their own names: in a turn
// of several sentences ("Okay. That's hard. What would help?") the last one usually decides
// what the turn does.
func (e *extractor) last(w []string) {
	prev := "<s>"
	for _, x := range w {
		e.emit(newHasher("Lw").add(x), 1)
		e.emit(newHasher("Lb").add(prev).sep().add(x), 1)
		prev = x
	}
	e.emit(newHasher("Lb").add(prev).sep().add("</s>"), 1)
}

// charGrams hashes character 3–5-grams of each word padded with spaces, which lets the model
// generalise across inflections (worried, worrying) and misspellings.
func (e *extractor) charGrams(w []string) {
	const scale = 0.3 // many per word; scaled so they do not drown the word features
	for _, x := range w {
		if len(x) > 24 {
			continue
		}
		h0 := newHasher("c")
		// p = " " + x + " ", without allocating
		n := len(x) + 2
		at := func(i int) byte {
			if i == 0 || i == n-1 {
				return ' '
			}
			return x[i-1]
		}
		for i := 0; i+3 <= n; i++ {
			h := h0.addByte(at(i)).addByte(at(i + 1)).addByte(at(i + 2))
			e.emit(h, scale)
			if i+4 <= n {
				h = h.addByte(at(i + 3))
				e.emit(h, scale)
				if i+5 <= n {
					e.emit(h.addByte(at(i+4)), scale)
				}
			}
		}
	}
}

func (e *extractor) shape(sents []textseg.Sentence, w []string) {
	e.flagOf("len:", bucket(len(w)))
	if len(w) > 0 {
		e.flagOf("first:", w[0])
		e.flagOf("last:", w[len(w)-1])
	}
	if len(w) > 1 {
		e.emit(newHasher("first2:").add(w[0]).sep().add(w[1]), 1)
	}
	you, me, we := 0, 0, 0
	for _, x := range w {
		switch x {
		case "you", "you're", "your", "you've", "you'd", "you'll", "yourself":
			you++
		case "i", "i'm", "me", "my", "i've", "i'd", "i'll":
			me++
		case "we", "we're", "us", "our", "let's":
			we++
		}
	}
	e.flagOf("you:", bucket(you))
	e.flagOf("me:", bucket(me))
	e.flagOf("we:", bucket(we))
	// Reflection stems and double-sided markers, each flagged once, found in one pass through
	// an index by first word.
	var found uint64
	feeling := false
	for i, x := range w {
		for _, p := range phraseIndex[x] {
			if found&(1<<p.id) == 0 && syntax.HasPrefix(w[i:], p.words) {
				found |= 1 << p.id
				e.emit(p.h, 1)
			}
		}
		feeling = feeling || syntax.FeelingWords[x]
	}
	if feeling {
		e.flag("feeling")
	}
	// A turn cut off mid-word ("so you're-") or picking up where the client left off ("-and
	// that's why") is a spoken fragment, often the therapist finishing the client's sentence.
	if len(sents) == 0 {
		return
	}
	if t := sents[0].Text; strings.HasPrefix(t, "-") || strings.HasPrefix(t, "—") || strings.HasPrefix(t, ".") {
		e.flag("starts-mid")
	}
	if t := sents[len(sents)-1].Text; strings.HasSuffix(t, "-") || strings.HasSuffix(t, "—") || strings.HasSuffix(t, "...") {
		e.flag("ends-cut")
	}
}

// phrase is a multi-word marker with the hash of the feature it sets.
type phrase struct {
	words []string
	id    uint
	h     hasher
}

// phraseIndex maps a first word to the reflection stems and double-sided markers that start with
// it. All double-sided markers share one feature (and one id, so it is emitted once).
var phraseIndex = func() map[string][]phrase {
	m := map[string][]phrase{}
	id := uint(0)
	for _, s := range syntax.ReflectionStems {
		if len(s) == 0 || id >= 63 {
			continue
		}
		m[s[0]] = append(m[s[0]], phrase{s, id, newHasher("stem:" + strings.Join(s, " "))})
		id++
	}
	for _, s := range syntax.DoubleSided {
		if len(s) > 0 {
			m[s[0]] = append(m[s[0]], phrase{s, 63, newHasher("double-sided")})
		}
	}
	return m
}()

// bucket maps a count to a coarse, log-spaced bin name.
func bucket(n int) string {
	switch {
	case n == 0:
		return "0"
	case n == 1:
		return "1"
	case n <= 3:
		return "2-3"
	case n <= 6:
		return "4-6"
	case n <= 12:
		return "7-12"
	case n <= 25:
		return "13-25"
	case n <= 50:
		return "26-50"
	}
	return "51+"
}

// questions emits the form of each sentence's question, how many questions there are, and
// whether the turn ends with one (a turn that ends in a question is usually coded as a question).
// The last question gets its own features, with the words that open it: in "So you've cut down.
// How did you manage that?" it is "how did" that makes the turn an open question.
func (e *extractor) questions(sents []textseg.Sentence) {
	n, open := 0, 0
	last := syntax.NotQuestion
	var lastQ []string
	lastIsQ := false
	for _, s := range sents {
		f, c := syntax.FormClause(syntax.Words(s.Tokens))
		lastIsQ = f != syntax.NotQuestion
		if f == syntax.NotQuestion {
			continue
		}
		last, lastQ = f, c
		n++
		if f.Open() {
			open++
		}
		e.flagOf("qform:", string(f))
	}
	e.flagOf("qcount:", bucket(n))
	e.flagOf("qopen:", bucket(open))
	e.flagOf("qlast:", string(last))
	e.flagOf("sents:", bucket(len(sents)))
	if n == 0 {
		return
	}
	if lastIsQ {
		e.flagOf("q-at-end:", string(last))
	} else {
		e.flag("q-then-more")
	}
	// The opening of the clause that carries the last question.
	if c := lastQ; len(c) > 0 {
		e.flagOf("qw1:", c[0])
		if len(c) > 1 {
			e.emit(newHasher("qw2:").add(c[0]).sep().add(c[1]), 1)
		}
		if len(c) > 2 {
			e.emit(newHasher("qw3:").add(c[0]).sep().add(c[1]).sep().add(c[2]), 1)
		}
		e.flagOf("qlen:", bucket(len(c)))
	}
}

// ctxInfo is what the context features need from the client's turn. The engine scores every
// sentence of a message, with several models, against the same client turn, so the last one is
// kept (immutable, behind an atomic pointer, so safe for concurrent use).
type ctxInfo struct {
	text    string
	words   []string
	stems   map[string]bool // stems of its content words
	content int             // number of content words
}

var lastContext atomic.Pointer[ctxInfo]

func contextInfo(context string) *ctxInfo {
	if c := lastContext.Load(); c != nil && c.text == context {
		return c
	}
	c := &ctxInfo{text: context, words: lowerWords(textseg.Tokenize(context))}
	c.stems = make(map[string]bool, len(c.words))
	for _, x := range c.words {
		if !syntax.StopWord(x) && x != "?" && x != "!" {
			c.stems[syntax.Stem(x)] = true
			c.content++
		}
	}
	lastContext.Store(c)
	return c
}

// context compares the text with the client's preceding words: a simple reflection repeats them,
// a complex one adds feeling or meaning, and a reply to a client's question is often input.
func (e *extractor) context(w []string, c *ctxInfo) {
	if c == nil {
		e.flag("ctx:none")
		return
	}
	cw := c.words
	e.flagOf("ctxlen:", bucket(len(cw)))
	if len(cw) > 0 && cw[len(cw)-1] == "?" {
		e.flag("ctx:question")
	}
	shared, added, newFeel, newValue, content := 0, 0, 0, 0, 0
	for _, x := range w {
		if syntax.StopWord(x) || x == "?" || x == "!" {
			continue
		}
		content++
		if c.stems[syntax.Stem(x)] {
			shared++
			continue
		}
		added++
		if syntax.FeelingWords[x] {
			newFeel++
		}
		if syntax.ValueWords[x] {
			newValue++
		}
	}
	e.flagOf("shared:", bucket(shared))
	e.flagOf("added:", bucket(added))
	e.flagOf("newfeel:", bucket(newFeel))
	e.flagOf("newvalue:", bucket(newValue))
	e.flagOf("ratio:", ratioBucket(shared, shared+added))
	// Length of the text against the client's turn: a reflection much longer than what it
	// reflects has added something.
	e.flagOf("relen:", ratioBucket2(content, c.content))
	if len(cw) <= 3 {
		e.flag("ctx:short") // "Yeah." "Mm-hmm.": the therapist goes on with their own line
	}
}

func (e *extractor) contextWords(c *ctxInfo) {
	if c == nil || len(c.words) == 0 {
		e.flag("cw:none")
		return
	}
	cw := c.words
	for i, x := range cw {
		if i >= 40 {
			break
		}
		e.emit(newHasher("cw").add(x), 0.5)
	}
	e.flagOf("cwfirst:", cw[0])
	e.flagOf("cwlast:", cw[len(cw)-1])
}

func ratioBucket(a, b int) string {
	if b == 0 {
		return "na"
	}
	switch r := float64(a) / float64(b); {
	case r == 0:
		return "0"
	case r < 0.25:
		return "<25"
	case r < 0.5:
		return "<50"
	case r < 0.75:
		return "<75"
	}
	return "75+"
}

// ratioBucket2 bins a/b on a log scale (much shorter … much longer).
func ratioBucket2(a, b int) string {
	switch {
	case b == 0:
		return "na"
	case a*4 < b:
		return "<1/4"
	case a*2 < b:
		return "<1/2"
	case a <= b:
		return "<=1"
	case a <= 2*b:
		return "<=2"
	case a <= 4*b:
		return "<=4"
	}
	return ">4"
}

// reply describes the client's answer to the turn: a closed question is answered "yes" or "no",
// an open one at length; a reflection is met with "yeah" or a correction, advice with "okay".
func (e *extractor) reply(reply string) {
	rw := lowerWords(textseg.Tokenize(reply))
	if len(rw) == 0 {
		e.flag("re:none")
		return
	}
	e.flagOf("relen:", bucket(len(rw)))
	e.flagOf("refirst:", rw[0])
	if len(rw) > 1 {
		e.emit(newHasher("refirst2:").add(rw[0]).sep().add(rw[1]), 1)
	}
	for i, x := range rw {
		if i >= 12 {
			break
		}
		e.emit(newHasher("rw").add(x), 0.5)
	}
	if rw[len(rw)-1] == "?" {
		e.flag("re:question")
	}
}
