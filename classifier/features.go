package classifier

import (
	"math"
	"os"
	"strings"

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
const FeatureVersion = 2

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
	NumFamilies
)

// Families names the feature families, in order, as Options.Scale keys them.
var Families = [NumFamilies]string{"word", "ngram", "char", "shape", "question", "last", "context", "ctxwords"}

// extractor accumulates features for one text. The feature families are:
//   - word n-grams (1–3) and character n-grams (3–5), the lexical baseline;
//   - question syntax: what opens each question (wh-word, auxiliary inversion, "tell me"), tag
//     questions and declarative questions, which n-grams see only weakly;
//   - who the sentence is about (you / I / we) and reflection stems ("sounds like", "so you");
//   - context: how much of the client's last turn the text repeats and what it adds, which is
//     what separates simple from complex reflections.
type extractor struct {
	mask     uint32
	scale    *[NumFamilies]float32
	fam      int     // the family being emitted
	s        float32 // its scale
	lenScale float32
	out      []Feature
}

func (e *extractor) family(f int) bool {
	e.fam = f
	e.s = 1
	if e.scale != nil {
		e.s = e.scale[f]
	}
	if e.lenScale != 0 && (f == FamWord || f == FamNgram || f == FamChar) {
		e.s *= e.lenScale
	}
	return e.s != 0
}

func (e *extractor) emit(h hasher, v float32) {
	e.out = append(e.out, Feature{Index: uint32(h) & e.mask, Value: v * e.s})
}

func (e *extractor) flag(name string) { e.emit(newHasher(name), 1) }

// Extract returns the features of text given the client's preceding words (context may be
// empty), every family at scale 1. dim must be a power of two. buf is reused to avoid
// allocation; pass nil if none.
func Extract(text, context string, dim uint32, buf []Feature) []Feature {
	return extract(text, context, dim, nil, buf)
}

// ExtractScaled is Extract with each family multiplied by scales[family]; a family whose scale
// is 0 is skipped. A nil scales means 1 for all.
func ExtractScaled(text, context string, dim uint32, scales []float32, buf []Feature) []Feature {
	var sc *[NumFamilies]float32
	if len(scales) == NumFamilies {
		sc = (*[NumFamilies]float32)(scales)
	}
	return extract(text, context, dim, sc, buf)
}

func extract(text, context string, dim uint32, scales *[NumFamilies]float32, buf []Feature) []Feature {
	e := extractor{mask: dim - 1, scale: scales, out: buf[:0]}
	e.s = 1
	e.flag("bias")
	sents := textseg.Split(text)
	var words []string
	var lastWords []string
	for i, s := range sents {
		w := lowerWords(s.Tokens)
		if i == len(sents)-1 {
			lastWords = w
		}
		words = append(words, w...)
	}
	if e.family(FamWord) {
		e.unigrams(words)
	}
	if expNorm && len(words) > 0 {
		e.lenScale = float32(1 / math.Sqrt(float64(len(words))/8+1))
	}
	if e.family(FamNgram) {
		e.ngrams(words)
	}
	if e.family(FamChar) {
		e.charGrams(words)
	}
	if e.family(FamShape) {
		e.shape(text, words)
	}
	if e.family(FamQuestion) {
		e.questions(sents)
	}
	if e.family(FamLast) && len(sents) > 1 {
		e.last(lastWords)
	}
	var cw []string
	if context != "" && (e.family(FamContext) || e.family(FamCtxWords)) {
		cw = lowerWords(textseg.Tokenize(context))
	}
	if e.family(FamContext) {
		e.context(words, context, cw)
	}
	if e.family(FamCtxWords) {
		e.contextWords(cw)
	}
	return e.out
}

// lowerWords returns the lower-cased tokens, keeping ? and ! (they carry meaning) but dropping
// other punctuation.
func lowerWords(toks []textseg.Token) []string {
	out := make([]string, 0, len(toks))
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

var expNorm = os.Getenv("EXPNORM") != ""
var expNovel = os.Getenv("EXPNOVEL") != ""

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

func (e *extractor) shape(text string, w []string) {
	e.flag("len:" + bucket(len(w)))
	if len(w) > 0 {
		e.flag("first:" + w[0])
		e.flag("last:" + w[len(w)-1])
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
	e.flag("you:" + bucket(you))
	e.flag("me:" + bucket(me))
	e.flag("we:" + bucket(we))
	for _, stem := range syntax.ReflectionStems {
		if syntax.Contains(w, stem) {
			e.flag("stem:" + strings.Join(stem, " "))
		}
	}
	for _, d := range syntax.DoubleSided {
		if syntax.Contains(w, d) {
			e.flag("double-sided")
			break
		}
	}
	for _, x := range w {
		if syntax.FeelingWords[x] {
			e.flag("feeling")
			break
		}
	}
	// A turn cut off mid-word ("so you're-") or picking up where the client left off ("-and
	// that's why") is a spoken fragment, often the therapist finishing the client's sentence.
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "—") || strings.HasPrefix(t, ".") {
		e.flag("starts-mid")
	}
	if strings.HasSuffix(t, "-") || strings.HasSuffix(t, "—") || strings.HasSuffix(t, "...") {
		e.flag("ends-cut")
	}
}

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
		w := syntax.Words(s.Tokens)
		f := syntax.Form(w)
		lastIsQ = f != syntax.NotQuestion
		if f == syntax.NotQuestion {
			continue
		}
		last, lastQ = f, w
		n++
		if f.Open() {
			open++
		}
		e.flag("qform:" + string(f))
	}
	e.flag("qcount:" + bucket(n))
	e.flag("qopen:" + bucket(open))
	e.flag("qlast:" + string(last))
	e.flag("sents:" + bucket(len(sents)))
	if n == 0 {
		return
	}
	if lastIsQ {
		e.flag("q-at-end:" + string(last))
	} else {
		e.flag("q-then-more")
	}
	// The opening of the clause that carries the last question.
	c := syntax.QuestionClause(lastQ)
	if len(c) > 0 {
		e.flag("qw1:" + c[0])
		if len(c) > 1 {
			e.emit(newHasher("qw2:").add(c[0]).sep().add(c[1]), 1)
		}
		if len(c) > 2 {
			e.emit(newHasher("qw3:").add(c[0]).sep().add(c[1]).sep().add(c[2]), 1)
		}
		e.flag("qlen:" + bucket(len(c)))
	}
}

// context compares the text with the client's preceding words: a simple reflection repeats them,
// a complex one adds feeling or meaning, and a reply to a client's question is often input.
func (e *extractor) context(w []string, context string, cw []string) {
	if context == "" {
		e.flag("ctx:none")
		return
	}
	e.flag("ctxlen:" + bucket(len(cw)))
	if len(cw) > 0 && cw[len(cw)-1] == "?" {
		e.flag("ctx:question")
	}
	seen := make(map[string]bool, len(cw))
	for _, x := range cw {
		if !syntax.StopWord(x) {
			seen[syntax.Stem(x)] = true
		}
	}
	shared, added, newFeel, newValue, content := 0, 0, 0, 0, 0
	for _, x := range w {
		if syntax.StopWord(x) || x == "?" || x == "!" {
			continue
		}
		content++
		if seen[syntax.Stem(x)] {
			if expNovel {
				e.emit(newHasher("rep").add(x), 1)
			}
			shared++
			continue
		}
		added++
		if expNovel {
			e.emit(newHasher("new").add(x), 1)
		}
		if syntax.FeelingWords[x] {
			newFeel++
		}
		if syntax.ValueWords[x] {
			newValue++
		}
	}
	e.flag("shared:" + bucket(shared))
	e.flag("added:" + bucket(added))
	e.flag("newfeel:" + bucket(newFeel))
	e.flag("newvalue:" + bucket(newValue))
	e.flag("ratio:" + ratioBucket(shared, shared+added))
	// Length of the text against the client's turn: a reflection much longer than what it
	// reflects has added something.
	cc := 0
	for _, x := range cw {
		if !syntax.StopWord(x) && x != "?" && x != "!" {
			cc++
		}
	}
	e.flag("relen:" + ratioBucket2(content, cc))
	if len(cw) <= 3 {
		e.flag("ctx:short") // "Yeah." "Mm-hmm.": the therapist goes on with their own line
	}
}

func (e *extractor) contextWords(cw []string) {
	if len(cw) == 0 {
		e.flag("cw:none")
		return
	}
	for i, x := range cw {
		if i >= 40 {
			break
		}
		e.emit(newHasher("cw").add(x), 0.5)
	}
	e.flag("cwfirst:" + cw[0])
	e.flag("cwlast:" + cw[len(cw)-1])
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
