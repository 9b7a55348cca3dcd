package engine

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporthq/rapport/lexicon"
	"github.com/rapporthq/rapport/textseg"
)

// builder makes the one-click rewrite for a rule's match. It works on the writer's own words, so
// the suggestion keeps their meaning and voice (HAILEY's insert and replace, Sharma et al. 2023).
type builder func(j *job, i int, h hit, sp Span) *Suggestion

// replaceMatch replaces the matched words with the phrase's own rewrite, if it has one.
func replaceMatch(j *job, i int, h hit, fallback string) *Suggestion {
	s := j.sents[i]
	sp := span(s.Tokens, s.words, h.from, h.to)
	text := h.rewrite
	if text == "" {
		text = fallback
	}
	if text == "" {
		return nil
	}
	return &Suggestion{Kind: Replace, Start: sp.Start, End: sp.End, Text: fitCase(text, sp.Start == s.Start)}
}

// fitCase capitalises a replacement that starts a sentence, and lower-cases one that does not
// (keeping "I", "I'm" and acronyms such as "VA").
func fitCase(text string, atStart bool) string {
	r, n := utf8.DecodeRuneInString(text)
	if atStart {
		return string(unicode.ToUpper(r)) + text[n:]
	}
	if r == 'I' && (len(text) == 1 || text[1] == ' ' || text[1] == '\'') {
		return text
	}
	if next, _ := utf8.DecodeRuneInString(text[n:]); unicode.IsUpper(r) && unicode.IsUpper(next) {
		return text
	}
	if _, rest, ok := strings.Cut(text, " "); ok && unicode.IsUpper(r) {
		if second, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(second) {
			return text // a name: "Mental Health Act", "Citizens Advice"
		}
	}
	return string(unicode.ToLower(r)) + text[n:]
}

// rewriteJudgment replaces the verdict with curiosity about what got in the way; in a note, which
// speaks of the client rather than to them, with what is not yet known.
func rewriteJudgment(j *job, i int, h hit, _ Span) *Suggestion {
	if j.kind == KindNote {
		if h.rewrite == "" {
			if s := dropOpinion(j, i, h); s != nil {
				return s
			}
		}
		return replaceClause(j, i, h, "the reasons have not yet been explored")
	}
	if h.rewrite == "" {
		if s := dropAfterBut(j, i, h); s != nil {
			return s // "I get that things were tight, but stealing is stealing." → "I get that things were tight."
		}
	}
	return j.wholePutDown(i, replaceClause(j, i, h, curiosity(j.sents[i])))
}

// dropOpinion deletes a note's judgement where it is most of its clause ("Typical of the men on
// these crews; no further action.", "Callum says he can cook, but I have my doubts."). What is
// left is every fact the note recorded, where a stock line in its place would drop them or
// give a reason no one has found.
func dropOpinion(j *job, i int, h hit) *Suggestion {
	s := j.sents[i]
	ws := s.words
	from, to := h.from, h.to
	for from > 0 && !opinionBreak(s, from) {
		from--
	}
	for to < len(ws) && !opinionBreak(s, to) {
		to++
	}
	// A judgement that opens its clause governs it ("We all know where half of it ends up");
	// elsewhere it must be half the clause, or the clause also records facts.
	if n, m := h.to-h.from, to-from; n*2 < m && (h.from > from || n*5 < m*2) {
		return nil
	}
	switch {
	case from == 0 && to == len(ws), from > 0 && subordinate(ws[0].w) && to == len(ws):
		return dropSentence(j, i)
	case from == 0:
		next := s.Tokens[ws[to+skipJoin(ws, to)].tok]
		return &Suggestion{Kind: Replace, Start: s.Start, End: next.End, Text: fitCase(next.Text, true)}
	}
	prev := s.Tokens[ws[from-1].tok]
	if ws[from-1].w == "," || joins[ws[from-1].w] {
		if p, ok := wordBefore(s.Sentence, prev.Start); ok {
			prev = p
		}
	}
	return &Suggestion{Kind: Replace, Start: prev.End, End: s.Tokens[ws[to-1].tok].End, Text: ""}
}

// opinionBreak reports a clause boundary before word k: a comma, a joining word, or a semicolon,
// colon or dash between it and the word before.
func opinionBreak(s sentence, k int) bool {
	if k == 0 || k >= len(s.words) {
		return true
	}
	if s.words[k-1].w == "," || s.words[k].w == "," || joins[s.words[k].w] {
		return true
	}
	for t := s.words[k-1].tok + 1; t < s.words[k].tok; t++ {
		switch s.Tokens[t].Text {
		case ";", ":", "-", "–", "—":
			return true
		}
	}
	return false
}

var joins = map[string]bool{"and": true, "but": true, "so": true, "though": true, "although": true, "while": true}

// skipJoin counts the comma and joining word at word k that a dropped opening clause leaves.
func skipJoin(ws []word, k int) int {
	n := 0
	for k+n < len(ws)-1 && (ws[k+n].w == "," || joins[ws[k+n].w]) {
		n++
	}
	return n
}

// subordinate reports a sentence that opens with a clause that cannot stand alone ("Given the
// bin fire, hardly a mystery."), so that dropping the rest would leave a fragment.
func subordinate(w string) bool {
	switch w {
	case "given", "if", "because", "since", "as", "when", "although", "though", "while", "considering":
		return true
	}
	return false
}

// dropSentence deletes sentence i with the space before it, or, for a note's first sentence, the
// space after it; a note of one sentence keeps it (nil), since deleting it all helps no one.
func dropSentence(j *job, i int) *Suggestion {
	s := j.sents[i]
	switch {
	case i > 0:
		return &Suggestion{Kind: Replace, Start: j.sents[i-1].End, End: s.End, Text: ""}
	case i+1 < len(j.sents):
		return &Suggestion{Kind: Replace, Start: s.Start, End: j.sents[i+1].Start, Text: ""}
	}
	return nil
}

// curiosity is what replaces blame said to the person: wanting to understand, or, where the
// blame was asked ("Why do you keep lending him your card?"), the question worth asking.
func curiosity(s sentence) string {
	if strings.HasSuffix(strings.TrimSpace(s.Text), "?") {
		return "what has been getting in the way"
	}
	return "I'd like to understand what has been getting in the way"
}

// rewriteMinimizing answers the feeling instead of shrinking it, in the client's own word when
// they named one ("I'm scared" → "it makes sense to feel scared").
// The feeling answers the whole clause, so it replaces the clause: "You need to stay positive"
// → "It makes sense to feel scared", not "You need it makes sense…".
func rewriteMinimizing(j *job, i int, h hit, _ Span) *Suggestion {
	if j.kind == KindNote {
		return noteConcern(j, i, h)
	}
	if !strings.HasSuffix(h.rewrite, " ...") {
		if s := dropAfterBut(j, i, h); s != nil {
			return s
		}
	}
	if f := clientFeeling(j); f != "" {
		h.rewrite = ""
		return j.wholePutDown(i, replaceClause(j, i, h, "it makes sense to feel "+f))
	}
	if strings.HasSuffix(h.rewrite, " ...") {
		return replaceClause(j, i, h, "") // a rewrite of the phrase alone, which the sentence keeps
	}
	return j.wholePutDown(i, replaceClause(j, i, h, "this sounds really hard"))
}

// concernOpen is what a note gains where it records a concern brushed aside.
const concernOpen = "The concern is still open and needs a follow-up."

// noteConcern answers a dismissal or minimising recorded in a note. The writer's own verdict
// ("Overly dramatic; nothing is actually wrong") is deleted where it is most of its clause.
// What the worker told the person ("Told her not to be silly and sat her down") happened, and
// the record must keep it, so the note gains a line saying the concern is still open.
func noteConcern(j *job, i int, h hit) *Suggestion {
	if !reportsAct(j.sents[i].words, h.from) {
		if s := dropOpinion(j, i, h); s != nil {
			return s
		}
	}
	if i+1 < len(j.sents) && strings.HasPrefix(j.sents[i+1].Text, concernOpen) {
		return nil // already added, by this suggestion or by hand
	}
	end := j.sents[i].End
	return &Suggestion{Kind: Insert, Start: end, End: end, Text: " " + concernOpen}
}

// reportsAct reports a note's account of what the worker said or did, before word k of its
// clause: "Told her not to be silly", "Advised him to leave it in the past".
func reportsAct(ws []word, k int) bool {
	for n := k; n >= 0 && n >= k-8; n-- {
		if ws[n].w == "," {
			return false
		}
		if actVerbs[ws[n].w] {
			return true
		}
	}
	return false
}

var actVerbs = map[string]bool{"told": true, "advised": true, "reassured": true, "encouraged": true, "asked": true,
	"explained": true, "redirected": true, "said": true, "reminded": true, "suggested": true, "informed": true,
	"tell": true, "advise": true, "reassure": true, "encourage": true, "urged": true, "cm": true, "worker": true}

// wholePutDown widens a rewrite of one clause of a brush-off over the clauses beside it that
// carry it on ("Don't worry, nothing's going to happen to him", "Try not to stress, exams
// aren't the end of the world"): answering one clause with understanding while the next still
// waves the worry away reads as a contradiction. A clause with a figure, a plan of the
// worker's or a question is left alone.
func (j *job) wholePutDown(i int, sug *Suggestion) *Suggestion {
	s := j.sents[i]
	if sug == nil || sug.Kind != Replace || !independent(strings.TrimPrefix(sug.Text, ". ")) {
		return sug
	}
	start, end := sug.Start, sug.End
	for {
		prev, ok := clauseBefore(s, start)
		if !ok || !j.putDownIn(s, prev) {
			break
		}
		start = prev.Start
	}
	for {
		next, ok := clauseAfter(s, end)
		if !ok || !hedgeOnly(s, next) && keepsFacts(s, next) {
			break
		}
		end = next.End
	}
	text, cut := strings.CutPrefix(sug.Text, ". ")
	var out *Suggestion
	switch {
	case start == sug.Start && end == sug.End:
		out = sug
	case cut && start == sug.Start:
		// The clause already became a sentence of its own after the comma before it.
		out = &Suggestion{Kind: Replace, Start: start, End: end, Text: ". " + fitCase(text, true)}
	case start == s.Start:
		out = &Suggestion{Kind: Replace, Start: start, End: end, Text: fitCase(text, true)}
	default:
		if comma, ok := tokenBefore(s.Sentence, start); ok && comma.Text == "," {
			out = unspliced(s, Span{Start: start, End: end}, text)
		} else {
			out = &Suggestion{Kind: Replace, Start: start, End: end, Text: fitCase(text, false)}
		}
	}
	return calmEnd(s, out)
}

// hedgeOnly reports a clause of nothing but a tag or a hedge ("shall we?", "I'm afraid",
// "to be honest"), which means nothing once the clause it hung on is rewritten.
func hedgeOnly(s sentence, cl Span) bool {
	n := 0
	for _, w := range s.words {
		if t := s.Tokens[w.tok]; t.Start >= cl.Start && t.End <= cl.End && w.w != "," {
			if !hedgeWords[w.w] {
				return false
			}
			n++
		}
	}
	return n > 0
}

var hedgeWords = map[string]bool{"i": true, "am": true, "afraid": true, "shall": true, "we": true, "to": true,
	"be": true, "honest": true, "you": true, "know": true, "though": true, "really": true, "honestly": true,
	"eh": true, "hey": true, "yeah": true, "right": true, "okay": true, "ok": true, "mind": true, "then": true,
	// question tags: "…, isn't it?", "…, don't you?"
	"is": true, "not": true, "it": true, "are": true, "do": true, "does": true, "did": true, "was": true,
	"were": true, "have": true, "has": true, "they": true, "she": true, "he": true, "there": true, "will": true,
	"would": true, "can": true, "could": true}

// calmEnd ends a rewrite that reaches the end of its sentence with a full stop where the
// sentence ended in "!" or with a tag's "?": "This sounds really hard!" reads as glib, and
// "…, shall we?" leaves a question that is no longer asked.
func calmEnd(s sentence, sug *Suggestion) *Suggestion {
	last := s.Tokens[len(s.Tokens)-1]
	if sug.End != sentenceBody(s) || last.Word || (last.Text != "!" && last.Text != "?") {
		return sug
	}
	if last.Text == "?" && (strings.HasSuffix(strings.TrimSpace(sug.Text), "?") || whQuestion(sug.Text)) {
		return sug
	}
	out := *sug
	out.End, out.Text = last.End, strings.TrimRight(sug.Text, "!?")+"."
	return &out
}

// planVerbs follow "I" or "we" in a plan of the worker's: "I'll ring them", "we can rebook".
var planVerbs = map[string]bool{"will": true, "can": true, "could": true, "shall": true, "would": true, "am": true,
	"are": true, "need": true, "have": true, "might": true, "may": true}

// whQuestion reports a rewrite that asks ("what has been getting in the way").
func whQuestion(text string) bool {
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimPrefix(text, ". ")), " ")
	return first == "what" || first == "how" || first == "when" || first == "where" || first == "who"
}

// putDownIn reports a dismissal or minimising hit inside clause cl of sentence s.
func (j *job) putDownIn(s sentence, cl Span) bool {
	return slices.ContainsFunc(j.hits, func(x hit) bool {
		c := x.rule.code
		if c != Dismissive && c != Minimizing || x.to > len(s.words) {
			return false
		}
		t := s.Tokens[s.words[x.from].tok]
		return t.Start >= cl.Start && t.End <= cl.End
	})
}

// keepsFacts reports a clause that must survive a rewrite of the sentence: one with a figure
// ("we'll rebook for the 14th"), one of the worker's plans ("I'll ring them"), or a question.
func keepsFacts(s sentence, cl Span) bool {
	if cl.End >= sentenceBody(s) && strings.HasSuffix(strings.TrimSpace(s.Text), "?") {
		return true // "…, okay?"
	}
	n := 0
	for _, w := range s.words {
		if t := s.Tokens[w.tok]; t.Start >= cl.Start && t.End <= cl.End && w.w != "," {
			n++
		}
	}
	if n <= 2 {
		return true // "…, pet." "…, hun."
	}
	var prev string
	for _, w := range s.words {
		t := s.Tokens[w.tok]
		if t.Start < cl.Start || t.End > cl.End || w.w == "," {
			continue
		}
		switch {
		case prev == "" && (w.w == "let" || w.w == "please" || w.w == "so"):
			return true
		case (prev == "i" || prev == "we") && planVerbs[w.w]:
			return true // "we'll rebook you"; "we talked about this" is a reproach, not a plan
		}
		if prev == "" {
			prev = w.w
		} else {
			prev = "-"
		}
		if w.w == "?" || w.w != "" && w.w[0] >= '0' && w.w[0] <= '9' {
			return true
		}
	}
	return false
}

// rewriteBlameSentence replaces a sentence whose condition blames ("If you'd followed curfew,
// you wouldn't have lost your bed") with curiosity, or in a note with what is not yet known.
func rewriteBlameSentence(j *job, i int, _ hit, _ Span) *Suggestion {
	text := fitCase(curiosity(j.sents[i]), true) + "."
	if strings.HasSuffix(text, "way.") && strings.HasPrefix(text, "What") {
		text = strings.TrimSuffix(text, ".") + "?"
	}
	if j.kind == KindNote {
		if s := dropSentence(j, i); s != nil {
			return s // the record keeps its other sentences' facts, not a reason no one has found
		}
		text = "The reasons have not yet been explored."
	}
	return replaceSentence(j, i, text)
}

// rewriteDismissalSentence answers the feeling the client named, or asks about it.
func rewriteDismissalSentence(j *job, i int, _ hit, _ Span) *Suggestion {
	if f := clientFeeling(j); f != "" {
		return replaceSentence(j, i, "It makes sense to feel "+f+".")
	}
	return replaceSentence(j, i, "That sounds important; can you tell me more about it?")
}

// replaceSentence replaces sentence i, keeping its closing punctuation's place and any greeting
// or name it opens with ("Mr Okafor, with respect, …").
func replaceSentence(j *job, i int, text string) *Suggestion {
	s := j.sents[i]
	start := afterGreeting(s)
	return &Suggestion{Kind: Replace, Start: start, End: s.End, Text: fitCase(text, start == s.Start)}
}

// rewriteDismissive takes the concern up instead of brushing it off. Said to the person, it
// names the feeling that was waved away ("You shouldn't feel guilty" → "It makes sense to feel
// guilty"), or drops a brush-off that follows the worker's own acknowledgement ("That's
// frustrating, but beggars can't be choosers" → "That's frustrating."). A note cannot unsay
// what happened, so it records that the concern is still open rather than claiming it was met.
func rewriteDismissive(j *job, i int, h hit, _ Span) *Suggestion {
	if j.kind == KindNote {
		if h.rewrite != "" && copulas[j.sents[i].words[h.from].w] {
			// A predicate of the person ("Mom is overreacting" → "Mom is very worried") keeps
			// its own rewrite.
			return replaceClause(j, i, h, "")
		}
		return noteConcern(j, i, h)
	}
	if f, about := dismissedFeeling(j, i, h); f != "" {
		h.rewrite = ""
		return j.wholePutDown(i, replaceClause(j, i, h, "it makes sense to feel "+f+about))
	}
	if h.rewrite == "" {
		if s := dropAfterBut(j, i, h); s != nil {
			return s
		}
	}
	if strings.HasSuffix(h.rewrite, " ...") {
		return replaceClause(j, i, h, "")
	}
	return j.wholePutDown(i, replaceClause(j, i, h, "that sounds important, and I want to hear more about it"))
}

// dismissedFeeling returns the feeling a dismissal waves away, from its own clause ("don't get
// so worked up about the move") or else from the client's words, with what it is about where
// the clause says ("about the move").
func dismissedFeeling(j *job, i int, h hit) (feeling, about string) {
	s := j.sents[i]
	ws := s.words
	for k := h.from; k < len(ws) && k < h.to+4 && !isClauseBreak(ws[k].w); k++ {
		f := dismissedFeelings[ws[k].w]
		if f == "" && ws[k].w == "worked" && k+1 < len(ws) && ws[k+1].w == "up" {
			f, k = "upset", k+1
		}
		if f != "" {
			return f, aboutTail(s, k+1)
		}
	}
	return clientFeeling(j), ""
}

// dismissedFeelings maps the words a dismissal uses for a feeling ("stop worrying", "no point
// getting upset", "you shouldn't feel guilty") to the feeling to name instead.
var dismissedFeelings = map[string]string{"worrying": "worried", "worry": "worried", "worried": "worried",
	"stressing": "stressed", "stress": "stressed", "stressed": "stressed", "upset": "upset", "guilty": "guilty",
	"panicking": "scared", "panic": "scared", "scared": "scared", "afraid": "afraid", "anxious": "anxious",
	"nervous": "nervous", "embarrassed": "embarrassed", "ashamed": "ashamed", "angry": "angry", "sad": "sad",
	"frustrated": "frustrated", "fretting": "worried", "fret": "worried"}

// aboutTail returns " about …" to the end of the clause when the words from k begin with
// "about" ("about the caseworker change"), so the feeling keeps its subject.
func aboutTail(s sentence, k int) string {
	if k >= len(s.words) || s.words[k].w != "about" {
		return ""
	}
	end := k
	for end+1 < len(s.words) && !isClauseBreak(s.words[end+1].w) && end-k < 8 {
		end++
	}
	if end == k {
		return ""
	}
	from, to := s.Tokens[s.words[k].tok].Start, s.Tokens[s.words[end].tok].End
	return " " + string([]rune(s.Text)[from-s.Start:to-s.Start])
}

// maxButReach is how many words before a brush-off its "but" may stand ("but honestly a bit of
// hoovering never killed anyone").
const maxButReach = 8

// dropAfterBut removes a brush-off that follows the worker's own acknowledgement after "but"
// ("It's understandable to feel guilty, but really, there's no point dwelling on it."): the
// acknowledgement already says what the rewrite would, and the rest of the sentence only
// carries the brush-off on.
func dropAfterBut(j *job, i int, h hit) *Suggestion {
	s := j.sents[i]
	ws := s.words
	b := -1
	for k := h.from - 1; k > 0 && k >= h.from-maxButReach; k-- {
		if ws[k].w == "but" {
			b = k
			break
		}
	}
	if b < 2 || slices.ContainsFunc(ws[b:h.from], func(w word) bool { return w.w == "." || w.w == "?" || w.w == "!" }) {
		return nil
	}
	prev, ok := wordBefore(s.Sentence, s.Tokens[ws[b].tok].Start)
	if !ok {
		return nil
	}
	return cutFrom(s, prev.End)
}

// rewritePity offers empathy in place of pity, or, where the sentence goes on to say something
// empathic already ("You poor thing, that sounds awful"), drops the pity and keeps the rest.
func rewritePity(j *job, i int, h hit, _ Span) *Suggestion {
	if j.kind == KindNote {
		return notePity(j, i, h)
	}
	s := j.sents[i]
	sp := span(s.Tokens, s.words, h.from, h.to)
	cl := clauseAround(s.Sentence, sp)
	if cl.Start == s.Start && empathyAfter(j.hits, h.to) {
		if next, ok := wordAfter(s.Sentence, cl.End); ok {
			return &Suggestion{Kind: Replace, Start: cl.Start, End: next.End, Text: fitCase(next.Text, true)}
		}
	}
	if vocative(s, cl, h) {
		if sug := dropVocative(j, i, widenVocative(s, cl)); sug != nil {
			return sug
		}
		return replaceSentence(j, i, "That sounds really hard.")
	}
	return replaceClause(j, i, h, "that sounds really hard")
}

// vocative reports pity that is a clause of its own, said to or of the person ("that's awful,
// you poor, poor thing", "Bless him, the poor little mite"): the words around it already say
// what the rewrite would, so it can simply go.
func vocative(s sentence, cl Span, h hit) bool {
	if !slices.ContainsFunc(s.words[h.from:h.to], func(w word) bool { return pityNames[w.w] }) {
		return false // "It's so sad" is a verdict on their life, not a name for them
	}
	for k, w := range s.words {
		if t := s.Tokens[w.tok]; t.Start < cl.Start || t.End > cl.End || (k >= h.from && k < h.to) {
			continue
		}
		if !pityFrame[w.w] {
			return false
		}
	}
	return true
}

var pityNames = map[string]bool{"poor": true, "bless": true, "love": true, "mite": true, "thing": true, "soul": true,
	"lamb": true, "sweetie": true, "pet": true, "dear": true}

// widenVocative takes in the clauses beside cl that are pity too ("you poor, poor man").
func widenVocative(s sentence, cl Span) Span {
	for {
		prev, ok := clauseBefore(s, cl.Start)
		if !ok || !allPityFrame(s, prev) {
			break
		}
		cl.Start = prev.Start
	}
	for {
		next, ok := clauseAfter(s, cl.End)
		if !ok || !allPityFrame(s, next) {
			break
		}
		cl.End = next.End
	}
	return cl
}

// clauseBefore and clauseAfter return the clause just before rune offset r and just after it.
func clauseBefore(s sentence, r int) (Span, bool) {
	w, ok := wordBefore(s.Sentence, r)
	if !ok {
		return Span{}, false
	}
	return clauseAround(s.Sentence, Span{Start: w.Start, End: w.End}), true
}

func clauseAfter(s sentence, r int) (Span, bool) {
	w, ok := wordAfter(s.Sentence, r)
	if !ok {
		return Span{}, false
	}
	return clauseAround(s.Sentence, Span{Start: w.Start, End: w.End}), true
}

func allPityFrame(s sentence, cl Span) bool {
	for _, w := range s.words {
		if t := s.Tokens[w.tok]; t.Start >= cl.Start && t.End <= cl.End && !pityFrame[w.w] {
			return false
		}
	}
	return true
}

var pityFrame = map[string]bool{"oh": true, "aw": true, "aww": true, "ah": true, "god": true, "you": true, "poor": true,
	"the": true, "my": true, "little": true, "so": true, "dear": true, ",": true, "love": true, "bless": true, "him": true,
	"her": true, "them": true, "thing": true, "mite": true, "soul": true, "lamb": true, "sweetie": true, "pet": true}

// dropVocative deletes the pitying clause cl of sentence i with its comma. Where the clause is
// the whole sentence ("Oh, you poor thing."), it may be the reply's only warmth, so it is
// answered rather than deleted (nil).
func dropVocative(j *job, i int, cl Span) *Suggestion {
	s := j.sents[i]
	prev, hasPrev := wordBefore(s.Sentence, cl.Start)
	next, hasNext := wordAfter(s.Sentence, cl.End)
	switch {
	case hasPrev:
		return &Suggestion{Kind: Replace, Start: prev.End, End: cl.End, Text: ""}
	case hasNext:
		return &Suggestion{Kind: Replace, Start: cl.Start, End: next.End, Text: fitCase(next.Text, true)}
	}
	return nil
}

// notePity takes the pity out of a note and keeps the facts, since the record must stay true
// and is not spoken to the client: "Poor woman has lost her flat" → "She has lost her flat";
// "I feel so sorry for her, she has nobody" → "She has nobody"; "Pt is a sad case" → "Pt has
// been through a great deal".
func notePity(j *job, i int, h hit) *Suggestion {
	s := j.sents[i]
	ws := s.words
	sp := span(s.Tokens, ws, h.from, h.to)
	cl := clauseAround(s.Sentence, sp)
	if who, ok := pitiedPerson[ws[h.to-1].w]; ok && h.to < len(ws) && !isClauseBreak(ws[h.to].w) {
		start := sp.Start
		if h.from > 0 && (ws[h.from-1].w == "the" || ws[h.from-1].w == "this") {
			start = s.Tokens[ws[h.from-1].tok].Start
		}
		return &Suggestion{Kind: Replace, Start: start, End: sp.End, Text: fitCase(who, start == s.Start)}
	}
	if be := copulaBefore(ws, h.from); be >= 0 {
		text := agreeWithVerb("has been through a great deal", ws[be].w)
		return &Suggestion{Kind: Replace, Start: s.Tokens[ws[be].tok].Start, End: cl.End, Text: text}
	}
	if next, ok := wordAfter(s.Sentence, cl.End); ok {
		return &Suggestion{Kind: Replace, Start: cl.Start, End: next.End, Text: fitCase(next.Text, cl.Start == s.Start)}
	}
	if prev, ok := wordBefore(s.Sentence, cl.Start); ok {
		return &Suggestion{Kind: Replace, Start: prev.Start, End: cl.End, Text: prev.Text}
	}
	return replaceSentence(j, i, "Client is going through a hard time.")
}

// pitiedPerson maps the noun of a pitying name ("poor woman") to the plain subject a note uses.
var pitiedPerson = map[string]string{
	"woman": "she", "girl": "she", "lady": "she", "man": "he", "guy": "he", "fella": "he", "boy": "he",
	"thing": "client", "soul": "client", "dear": "client", "kid": "client", "baby": "client",
}

// copulaBefore returns the index of "is/was/are/were" before word k, across an article or an
// intensifier ("is such a sad case"), or -1.
func copulaBefore(ws []word, k int) int {
	for k--; k >= 0; k-- {
		switch ws[k].w {
		case "a", "an", "such", "so", "just", "really", "very", "truly":
			continue
		case "is", "was", "are", "were":
			return k
		}
		return -1
	}
	return -1
}

// wordBefore returns the last word token before rune offset r in sentence s.
func wordBefore(s textseg.Sentence, r int) (textseg.Token, bool) {
	for k := len(s.Tokens) - 1; k >= 0; k-- {
		if t := s.Tokens[k]; t.End <= r && t.Word {
			return t, true
		}
	}
	return textseg.Token{}, false
}

// empathyAfter reports a rule hit of understanding or warmth after word k of the sentence
// being matched (its findings are not all added yet).
func empathyAfter(hits []hit, k int) bool {
	for _, x := range hits {
		if x.from >= k && (x.rule.code == Interpretation || x.rule.code == EmotionalReaction || x.rule.code == Validation) {
			return true
		}
	}
	return false
}

// wordAfter returns the first word token after rune offset r in sentence s.
func wordAfter(s textseg.Sentence, r int) (textseg.Token, bool) {
	for _, t := range s.Tokens {
		if t.Start >= r && t.Word {
			return t, true
		}
	}
	return textseg.Token{}, false
}

// replaceClause rewrites a matched phrase so that the sentence still reads as a sentence. A
// phrase's own rewrite comes in three shapes, told apart by where the phrase stands:
//   - one that ends in "..." leads into the words after it and replaces the phrase alone
//     ("at least you have a roof" → "that is a real loss, and it matters that you have a roof");
//   - at the start of a clause, it is a clause of its own and replaces the whole clause, so no
//     words are left dangling ("You only have yourself to blame for this" → "A lot of things
//     led up to this");
//   - after the clause's subject, it is a predicate and replaces the rest of the clause ("The
//     client is lazy about groups" → "The client has had low energy").
//
// A phrase with no rewrite gives way to fallback, which replaces the whole clause: "That was a
// stupid decision" cannot be mended word by word.
func replaceClause(j *job, i int, h hit, fallback string) *Suggestion {
	s := j.sents[i]
	sp := span(s.Tokens, s.words, h.from, h.to)
	cl := clauseAround(s.Sentence, sp)
	target, text := cl, fallback
	if lead, ok := strings.CutSuffix(h.rewrite, " ..."); ok {
		target, text = sp, lead
	} else if h.rewrite != "" && !speakerPredicate(s.words, h) {
		text = h.rewrite
		if h.to-h.from >= 2 && personWords[s.words[h.from].w] && copulas[s.words[h.from+1].w] {
			// "Client is difficult and demanding" → "Client has found this hard": the phrase
			// names its subject, and the rewrite replaces only what is said of them.
			target.Start = s.Tokens[s.words[h.from+1].tok].Start
			text = agreeWithVerb(text, s.words[h.from+1].w)
		} else if sp.Start > cl.Start && !afterOrder(s.words, h.from) && !onlyDeterminerBefore(s, cl, h.from) {
			target.Start = sp.Start
			text = agreeWithVerb(text, verbOf(s.words, h.from))
		}
	}
	if target == cl && independent(text) {
		return unspliced(s, cl, text)
	}
	if target.Start == sp.Start && h.from > 0 && s.words[h.from-1].tok == s.words[h.from].tok {
		// The phrase begins inside a contraction ("exams aren't the end of the world"), whose
		// token the replacement takes whole: give its verb back ("are a real setback").
		text = s.words[h.from-1].w + " " + text
	}
	return &Suggestion{Kind: Replace, Start: target.Start, End: target.End, Text: fitCase(text, target.Start == s.Start)}
}

// independent reports a rewrite that is a sentence of its own ("this sounds really hard"), not
// a phrase that fits into the writer's clause ("has had low energy").
func independent(text string) bool {
	first, _, _ := strings.Cut(strings.ToLower(text), " ")
	first, _, _ = strings.Cut(first, "'")
	switch first {
	case "this", "that", "it", "i", "there", "we", "let's", "let", "what":
		return true
	}
	return false
}

// unspliced replaces clause cl of sentence s with a whole sentence without joining two sentences
// by a comma: "…since last summer, so you're not doing too badly." → "…since last summer. This
// sounds really hard." The comma before the clause becomes a full stop.
func unspliced(s sentence, cl Span, text string) *Suggestion {
	sug := &Suggestion{Kind: Replace, Start: cl.Start, End: cl.End, Text: fitCase(text, cl.Start == s.Start)}
	comma, ok := tokenBefore(s.Sentence, cl.Start)
	if !ok || comma.Text != "," || len(s.words) == 0 || subordinate(s.words[0].w) || openerOnly(s, comma.Start) {
		return sug // "If you turn up late, …" and "Honestly, …" cannot stand alone
	}
	sug.Start, sug.Text = comma.Start, ". "+fitCase(text, true)
	return sug
}

// openerOnly reports a sentence whose words before rune offset r are only discourse markers
// ("Honestly, …", "But honestly, …", "Oh, …"), which a new sentence should not be cut from.
func openerOnly(s sentence, r int) bool {
	for _, w := range s.words {
		if s.Tokens[w.tok].Start >= r {
			break
		}
		if !markers[w.w] {
			return false
		}
	}
	return true
}

var markers = map[string]bool{"but": true, "and": true, "so": true, "honestly": true, "oh": true, "well": true,
	"ah": true, "aw": true, "aww": true, "look": true, "listen": true, "okay": true, "ok": true, "right": true,
	"sure": true, "nah": true, "still": true, "really": true, "yeah": true, "hey": true, "hi": true, "hmm": true,
	"eish": true, "arre": true, "anyway": true, "now": true, "see": true, "mate": true, "love": true, "pet": true}

// tokenBefore returns the last token before rune offset r that is not a space.
func tokenBefore(s textseg.Sentence, r int) (textseg.Token, bool) {
	for k := len(s.Tokens) - 1; k >= 0; k-- {
		if t := s.Tokens[k]; t.End <= r && strings.TrimSpace(t.Text) != "" {
			return t, true
		}
	}
	return textseg.Token{}, false
}

// onlyDeterminerBefore reports a phrase whose clause holds nothing before it but a determiner:
// "That poor baby." is rewritten whole ("That sounds like so much at once."), not as "That that
// sounds…".
func onlyDeterminerBefore(s sentence, cl Span, from int) bool {
	for k := from - 1; k >= 0; k-- {
		w := s.words[k]
		if s.Tokens[w.tok].Start < cl.Start {
			return true
		}
		if !determiners[w.w] && w.w != "these" && w.w != "those" && w.w != "such" {
			return false
		}
	}
	return true
}

// speakerPredicate reports a predicate rewrite written about someone else ("has not been able
// to") whose phrase follows "I", "you" or "we": "I can't be bothered holding your place" cannot
// become "I has not been able to…", so the whole clause gets the fallback.
func speakerPredicate(ws []word, h hit) bool {
	if h.from == 0 {
		return false
	}
	switch ws[h.from-1].w {
	case "i", "you", "we":
		first, _, _ := strings.Cut(h.rewrite, " ")
		_, predicate := pluralForms[first]
		return predicate
	}
	return false
}

// agreeWithVerb makes a predicate rewrite, written for one person in the present ("has had low energy",
// "is trying hard"), agree with the verb it replaces: "They are lazy" → "They have had low
// energy", "She was manipulative" → "She was trying hard".
func agreeWithVerb(text, verb string) string {
	first, rest, ok := strings.Cut(text, " ")
	if !ok {
		return text
	}
	plural, ok := pluralForms[first]
	if !ok {
		return text
	}
	if verb == "are" || verb == "were" {
		first = plural
	}
	if verb == "was" || verb == "were" {
		if past, ok := pastForms[first]; ok {
			first = past
		}
	}
	return first + " " + rest
}

// verbOf returns the verb a predicate match opens with, or "are" for a plural subject just
// before it ("They brought this on themselves").
func verbOf(ws []word, from int) string {
	switch w := ws[from].w; {
	case copulas[w]:
		return w
	case from > 0 && (ws[from-1].w == "they" || ws[from-1].w == "we"):
		return "are"
	default:
		return w
	}
}

var copulas = map[string]bool{"is": true, "are": true, "was": true, "were": true}

// personWords are the subjects a verdict phrase may name: "client is…", "mum was…".
var personWords = map[string]bool{"client": true, "pt": true, "patient": true, "veteran": true, "resident": true,
	"mother": true, "mum": true, "mom": true, "father": true, "dad": true, "he": true, "she": true, "they": true}

// pluralForms gives the plural of the verbs predicate rewrites open with; pastForms their past.
var (
	pluralForms = map[string]string{"has": "have", "is": "are"}
	pastForms   = map[string]string{"is": "was", "are": "were", "has": "had", "have": "had"}
)

// afterOrder reports a phrase that completes an order ("you need to calm down", "just calm
// down", "please settle down"): its rewrite, a clause of its own, replaces the whole clause,
// since "you need to I can see how upsetting this is" is not a sentence.
func afterOrder(ws []word, from int) bool {
	if from == 0 {
		return false
	}
	switch ws[from-1].w {
	case "to", "just", "please", "need", "should", "must":
		return true
	}
	return false
}

// clauseAround returns the clause of sentence s that holds span sp: its words between the
// nearest clause marks (commas, semicolons, colons, dashes) around sp, without the sentence's
// closing punctuation.
func clauseAround(s textseg.Sentence, sp Span) Span {
	toks := s.Tokens
	first := sort.Search(len(toks), func(k int) bool { return toks[k].Start >= sp.Start })
	cl := sp
	for k := first - 1; k >= 0 && first-k <= maxClauseTokens && !clauseMark(toks[k].Text); k-- {
		cl.Start = toks[k].Start
	}
	after := sort.Search(len(toks), func(k int) bool { return toks[k].Start >= sp.End })
	for k := after; k < len(toks) && k-after < maxClauseTokens && !clauseMark(toks[k].Text); k++ {
		if toks[k].Word {
			cl.End = toks[k].End
		}
	}
	return cl
}

// maxClauseTokens bounds how far a clause reaches either side of a phrase. Written clauses are
// far shorter; one enormous run of words without a comma would otherwise make every rewrite in
// it scan all of it.
const maxClauseTokens = 64

func clauseMark(tok string) bool {
	switch tok {
	case ",", ";", ":", "-", "--", "–", "—":
		return true
	}
	return false
}

const reviewedNote = "To discuss in supervision"

// rewriteBoundary offers professional wording in place of the personal. A note records what
// happened and must stay true, so there the suggestion adds what the record also needs: the
// plan to take the crossing to supervision, written as a plan, since no one has reviewed it yet.
func rewriteBoundary(j *job, i int, h hit, _ Span) *Suggestion {
	if j.kind == KindNote {
		end := j.sents[i].End
		if i+1 < len(j.sents) && strings.HasPrefix(j.sents[i+1].Text, reviewedNote) {
			return nil // already added, by this suggestion or by hand
		}
		return &Suggestion{Kind: Insert, Start: end, End: end, Text: " " + reviewedNote + "; future needs to go through agency resources and channels."}
	}
	s := j.sents[i]
	if h.rewrite != "" && !numberAfter(s, h.to) {
		return replaceMatch(j, i, h, "")
	}
	kind := boundaryKind(s.words[h.from:h.to])
	if kind == workerStory {
		return j.replaceOwnStory(i)
	}
	start := afterGreeting(s)
	return &Suggestion{Kind: Replace, Start: start, End: s.End, Text: fitCase(boundaryLines[kind], start == s.Start)}
}

// afterGreeting returns where a sentence goes on after an opening greeting ("Hi Ifeoma, …",
// "Hey brother, …"), which a rewrite of the sentence keeps; the sentence's start if it has none.
func afterGreeting(s sentence) int {
	if len(s.words) < 3 || !greetings[s.words[0].w] && !titles[s.words[0].w] {
		return s.Start
	}
	for k := 1; k < len(s.words)-1 && k <= 3; k++ {
		if s.words[k].w == "," {
			if next, ok := wordAfter(s.Sentence, s.Tokens[s.words[k].tok].End); ok {
				return next.Start
			}
		}
	}
	return s.Start
}

var (
	greetings = map[string]bool{"hi": true, "hey": true, "hello": true, "dear": true, "morning": true, "evening": true}
	titles    = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "mx": true}
)

// numberAfter reports a phone number or other figure just after word k ("my personal mobile is
// 07700 900123"): renaming the number "the office line" would make the message untrue.
func numberAfter(s sentence, k int) bool {
	for n := k; n < len(s.words) && n < k+3; n++ {
		if w := s.words[n].w; w != "" && w[0] >= '0' && w[0] <= '9' {
			return true
		}
	}
	return false
}

// The kinds of boundary crossing, each answered by the line a worker would use instead.
const (
	socialTie       = iota // friendship, affection, being special
	goingOut               // coffee, a pint, a date
	secrecy                // "our secret", "don't tell anyone"
	workerStory            // the worker's own story taking over
	personalContact        // a personal number or social media
	personalFavour         // money, gifts, lifts, the worker's home
)

var boundaryLines = [...]string{
	socialTie:       "I've really valued working with you, and I'll keep supporting you in my role here.",
	goingOut:        "Let's keep talking at our next appointment.",
	secrecy:         "I can't keep things just between us, but if I ever need to share something, I'll tell you first and why.",
	personalContact: "You can reach me through the office line during working hours.",
	personalFavour:  "I can't do that myself, but let's look at what the service can arrange for you.",
}

// boundaryKind tells the kind of crossing from the words the rule matched.
func boundaryKind(ws []word) int {
	kind := socialTie
	for _, w := range ws {
		switch k, ok := boundaryWords[w.w]; {
		case !ok:
		case k == secrecy || k == workerStory:
			return k // "don't tell anyone I gave you money" is first of all a secret
		case kind == socialTie:
			kind = k
		}
	}
	return kind
}

var boundaryWords = func() map[string]int {
	m := map[string]int{}
	for k, words := range map[int]string{
		secrecy:         "secret secrets anyone nobody soul between quiet supervisor office manager boss record probation",
		workerStory:     "saga twenties thirties teens story struggles divorce marriage partner life age let happened",
		personalContact: "number mobile cell phone text ring whatsapp facebook instagram snapchat tiktok dm email gmail hotmail insta follow request add",
		goingOut:        "coffee drink drinks pint pints beer beers lunch dinner meal bite hang date party wedding barbecue bbq match film movie meet sometime",
		personalFavour:  "lend lent pay paying cover money quid dollars bucks pounds euros tenner fiver twenty purse wallet pocket gift present cake clothes soup lasagne lasagna casserole curry drive car van lift babysit sofa couch settee crash stay mine ours yours round pop login password pin card funds",
	} {
		for _, w := range strings.Fields(words) {
			m[w] = k
		}
	}
	return m
}()

// replaceOwnStory replaces the worker's story, from sentence i over the sentences around it that
// tell it too, with a turn back to the person.
func (j *job) replaceOwnStory(i int) *Suggestion {
	from, to := i, i
	for from > 0 && aboutWorker(&j.sents[from-1]) {
		from--
	}
	for to+1 < len(j.sents) && aboutWorker(&j.sents[to+1]) {
		to++
	}
	return &Suggestion{Kind: Replace, Start: j.sents[from].Start, End: j.sents[to].End,
		Text: "That sounds like a lot to carry. How are you doing with it?"}
}

// rewriteBut swaps the cancelling "but"/"however" for "and", which keeps both halves true. Where
// what follows is itself a put-down ("I know your back's bad, but a bit of hoovering never
// killed anyone"), "and" would keep it, so the sentence ends with the acknowledgement instead.
func rewriteBut(j *job, i int, h hit, _ Span) *Suggestion {
	s := j.sents[i]
	last := s.words[h.to-1]
	t := s.Tokens[last.tok]
	if t.Start > s.Start && putDownAfter(j.hits, h.to) {
		if prev, ok := wordBefore(s.Sentence, t.Start); ok {
			return cutFrom(s, prev.End)
		}
	}
	return &Suggestion{Kind: Replace, Start: t.Start, End: t.End, Text: fitCase("and", t.Start == s.Start)}
}

// putDownAfter reports a judgement, dismissal or minimising hit from word k of the sentence on.
func putDownAfter(hits []hit, k int) bool {
	return slices.ContainsFunc(hits, func(x hit) bool {
		c := x.rule.code
		return x.from >= k && (c == Judgment || c == Dismissive || c == Minimizing)
	})
}

// cutFrom ends sentence s at rune offset r, keeping its full stop or "!"; a question cut down
// to the acknowledgement before its "but" ("Well, it's your choice, but have you really
// thought…?") ends with a full stop, since nothing is asked any more.
func cutFrom(s sentence, r int) *Suggestion {
	if last := s.Tokens[len(s.Tokens)-1]; last.Text == "?" {
		return &Suggestion{Kind: Replace, Start: r, End: last.End, Text: "."}
	}
	return &Suggestion{Kind: Replace, Start: r, End: sentenceBody(s), Text: ""}
}

// sentenceBody returns where sentence s ends before its closing punctuation, which a rewrite
// that cuts the sentence short keeps.
func sentenceBody(s sentence) int {
	if last := s.Tokens[len(s.Tokens)-1]; !last.Word {
		return last.Start
	}
	return s.End
}

// rewriteAdvice asks permission and offers the writer's own advice as one option:
// "You need to stop drinking." → "Would it be okay if I shared an idea? One option might be to
// stop drinking. What do you think?"
func rewriteAdvice(j *job, i int, h hit, _ Span) *Suggestion {
	if requirement(j.sents[i].words) {
		return explainFirst(j, i, h)
	}
	if h.rewrite != "" {
		return replaceMatch(j, i, h, "")
	}
	s := j.sents[i]
	k := skipFillers(s.words, h.to)
	if h.from > 0 && cleft(s.words, h) {
		var ok bool
		if k, ok = cleftAdvice(s.words, k); !ok {
			return askFirst(j, i)
		}
	}
	to := h.to
	if w := s.words[to-1].w; determiners[w] || strings.HasSuffix(w, "ing") {
		to, k = to-1, to-1 // the hit took the advice's first word: "what about [a] pill box"
	}
	k, ok := adviceStart(s.words, to, k)
	negated := k+1 < len(s.words) && s.words[k].w == "do" && s.words[k+1].w == "not"
	if negated {
		k += 2 // "make sure you don't eat" → "not to eat"
	}
	rest := j.tail(i, k)
	if !ok || rest == "" {
		return askFirst(j, i) // "I'd call them today if I were you"
	}
	option := adviceOption(s.words, to, k, rest)
	if negated {
		option = "One option might be not to " + rest
	}
	return &Suggestion{Kind: Replace, Start: s.Start, End: s.End,
		Text: leadIn(j, i, h) + "Would it be okay if I shared an idea? " + option + ". What do you think?"}
}

// adviceStart steps from word k, just after the hit, to where the advice itself begins:
// "suggest [that you] stop", "if I were you [I'd] keep taking them", "people find [it helps
// to] plan", "the best thing you can do [this week is] rest". It reports false where the
// advice cannot be found in a form that reads as an option.
func adviceStart(ws []word, to, k int) (int, bool) {
	at := func(n int, w string) bool { return n < len(ws) && ws[n].w == w }
	switch ws[to-1].w {
	case "find": // "some people find it (really) helps to get a cleaner"
		k = skipFillers(ws, skipWord(ws, k, "it"))
		if !at(k, "helps") && !at(k, "help") {
			return k, false
		}
		return skipWord(ws, k+1, "to"), true
	case "do": // "the best thing you can do this week is rest"
		for n := k; n < len(ws) && n < k+5; n++ {
			if ws[n].w == "is" {
				return skipFillers(ws, n+1), true
			}
		}
		return k, false
	}
	k = skipWord(ws, k, "that")
	if at(k, "you") && k+1 < len(ws) && ws[k+1].w != "know" {
		k++ // "I'd suggest you stop the ibuprofen"
	}
	if at(k, "i") && at(k+1, "would") {
		k += 2 // "if I were you I'd keep taking them"
	}
	return skipFillers(ws, k), true
}

func skipWord(ws []word, k int, w string) int {
	if k < len(ws) && ws[k].w == w {
		return k + 1
	}
	return k
}

// adviceOption words the advice that follows the hit (which ends before word to) as one
// option. The words the hit ends on decide the grammar: a verb the hit took in ("why not call",
// "I'd give it") goes back in front; after "have you tried", "considered" or "what about" the
// advice may be a thing rather than an act ("a pill box").
func adviceOption(ws []word, to, k int, rest string) string {
	head := ws[to-1].w
	first, _, _ := strings.Cut(rest, " ")
	switch {
	case strings.HasSuffix(first, "ing") && !ingVerbs[first]:
		return "One option might be " + rest // "…be cutting out coffee", not "…to cutting"
	case to >= 3 && ws[to-3].w == "why" && ws[to-2].w == "not" && head != "just":
		return "One option might be to " + head + " " + rest // "why not call the helpline"
	case head == "tried" || head == "try" && k < len(ws) && determiners[ws[k].w]:
		if first == "to" {
			return "One option might be " + rest // "have you tried to call them"
		}
		return "One option might be to try " + rest // "…try, like, a sticker chart" keeps its verb
	}
	if verb := wouldVerb(ws, to); verb != "" {
		return "One option might be to " + verb + " " + rest // "I'd wait at least a year"
	}
	if head == "considered" || head == "about" || head == "into" || determiners[first] {
		return "One option might be " + rest // "have you considered respite", "you just need a break"
	}
	return "One option might be to " + rest // "…to stop drinking"
}

// wouldVerb returns the verb a hit like "I would wait" or "I would give it" ends with, or "" if
// the hit does not end so, or ends with a verb of advising ("I would suggest").
func wouldVerb(ws []word, to int) string {
	for p := to - 2; p >= 1 && p >= to-3; p-- {
		if ws[p].w != "would" || ws[p-1].w != "i" {
			continue
		}
		if adviceVerbs[ws[p+1].w] {
			return ""
		}
		words := make([]string, 0, to-p-1)
		for _, w := range ws[p+1 : to] {
			words = append(words, w.w)
		}
		return strings.Join(words, " ")
	}
	return ""
}

// adviceVerbs introduce advice rather than being it.
var adviceVerbs = map[string]bool{"suggest": true, "recommend": true, "say": true, "advise": true, "strongly": true}

var determiners = map[string]bool{"a": true, "an": true, "the": true, "some": true, "this": true, "that": true,
	"your": true, "one": true, "another": true}

// skipFillers steps over words that only pad the advice: "you should just leave" offers "to
// leave", and "maybe you could try, like, a sticker chart" offers "a sticker chart".
func skipFillers(ws []word, k int) int {
	for k < len(ws) {
		switch {
		case fillers[ws[k].w] || ws[k].w == "," || ws[k].w == "like":
			k++
		case ws[k].w == "you" && k+1 < len(ws) && ws[k+1].w == "know":
			k += 2
		default:
			return k
		}
	}
	return k
}

// cleftAdvice steps from the end of "what I would recommend" or "that's why I recommend" to the
// advice itself: "…is that you avoid cold remedies" → "avoid cold remedies". It fails where the
// advice is not addressed to the person ("…that all my patients not drink").
func cleftAdvice(ws []word, k int) (int, bool) {
	for k < len(ws) && (ws[k].w == "then" || ws[k].w == "," || ws[k].w == "is" || ws[k].w == "that") {
		k++
	}
	if k < len(ws) && ws[k].w == "you" {
		k++
	} else if k < len(ws) && ws[k].w == "to" {
		k++
	}
	return k, k < len(ws) && (imperativeVerbs[ws[k].w] || nudgeVerbs[ws[k].w])
}

// askFirst asks leave before advice whose wording cannot be turned into an offer: the advice
// stays, and the person's yes makes it advice they agreed to hear.
func askFirst(j *job, i int) *Suggestion {
	s := j.sents[i]
	return &Suggestion{Kind: Insert, Start: s.Start, End: s.Start, Text: "Would it be okay if I shared an idea? "}
}

// requirement reports an instruction that carries its consequence ("you still need to make the
// 9 a.m. or they'll close the referral", "…, otherwise the claim lapses"): a rule the person is
// held to, which "One option might be…" would turn into something they may decline.
func requirement(ws []word) bool {
	for k, w := range ws {
		switch w.w {
		case "otherwise", "deadline", "required", "mandatory", "legally":
			return true
		case "or":
			for n := k + 1; n < len(ws) && n <= k+3; n++ {
				if ws[n].w == "will" {
					return true
				}
			}
		}
	}
	return false
}

// explainFirst asks before informing, and keeps the requirement as it stands: "I can hear how
// exhausted you are, but you still need to make the 9 a.m. or they'll close the referral." →
// "I can hear how exhausted you are. Can I go over what's needed and why? You still need to make
// the 9 a.m. or they'll close the referral."
func explainFirst(j *job, i int, h hit) *Suggestion {
	s := j.sents[i]
	lead := leadIn(j, i, h)
	from := s.Start
	if lead != "" {
		from = clauseAround(s.Sentence, span(s.Tokens, s.words, h.from, h.to)).Start
	}
	rest := strings.TrimLeft(j.slice(from, s.End), " ,")
	for _, c := range []string{"but ", "and ", "so ", "however ", "though "} {
		if len(rest) > len(c) && strings.EqualFold(rest[:len(c)], c) {
			rest = rest[len(c):]
		}
	}
	return &Suggestion{Kind: Replace, Start: s.Start, End: s.End,
		Text: lead + "Can I go over what's needed and why? " + fitCase(rest, true)}
}

// leadIn keeps the clauses before the advice as a sentence of their own, without the
// conjunction that tied them to it: "I understand, but you need to call the landlord" keeps "I
// understand. " in front of the question.
func leadIn(j *job, i int, h hit) string {
	s := j.sents[i]
	sp := span(s.Tokens, s.words, h.from, h.to)
	cl := clauseAround(s.Sentence, sp)
	if cl.Start <= s.Start {
		return ""
	}
	lead := strings.TrimRight(j.slice(s.Start, cl.Start), " ,;:—–-")
	for {
		trimmed := lead
		for _, c := range []string{" but", " and", " so", " however", " though", ","} {
			trimmed = strings.TrimSuffix(trimmed, c)
		}
		trimmed = strings.TrimRight(trimmed, " ,")
		if trimmed == lead {
			break
		}
		lead = trimmed
	}
	if lead == "" || !strings.ContainsFunc(lead, unicode.IsLetter) {
		return ""
	}
	return lead + ". "
}

// fillers after an adviser's modal add pressure, not meaning: "you should just", "you really
// need to honestly".
var fillers = map[string]bool{"just": true, "really": true, "honestly": true, "definitely": true, "seriously": true,
	"also": true, "probably": true, "actually": true}

// ingVerbs are verbs whose plain form ends in "ing", which are not gerunds.
var ingVerbs = map[string]bool{"bring": true, "sing": true, "ring": true, "sting": true, "swing": true,
	"cling": true, "fling": true, "sling": true, "spring": true, "string": true, "wring": true}

// rewriteImperative turns a bare instruction into a question the person can answer:
// "Just call them." → "Would it help to call them?"
func rewriteImperative(j *job, i, clause, k int) *Suggestion {
	s := j.sents[i]
	lead := "would it help to "
	if k+1 < len(s.words) && s.words[k].w == "do" && s.words[k+1].w == "not" {
		lead, k = "would it help not to ", k+2 // "Don't skip the dose" → "Would it help not to skip the dose?"
	}
	rest := j.tail(i, k)
	if rest == "" {
		return nil
	}
	if tagged(s.words) {
		if c := strings.LastIndex(rest, ","); c > 0 {
			rest = strings.TrimSpace(rest[:c]) // "sleep early, okay" → "sleep early"
		}
	}
	if o := skipOpeners(s.words, 0); clause > 0 && o < len(s.words) && conditions[s.words[o].w] {
		// "If the cravings hit, go for a walk" → "If the cravings hit, would it help to go for a walk?"
		start := s.Tokens[s.words[k].tok].Start
		return &Suggestion{Kind: Replace, Start: start, End: s.End, Text: lead + rest + "?"}
	}
	if clause > 0 && s.words[clause].w == "but" && s.words[clause-1].w == "," {
		clause-- // "…to watch, but try to remember…" → "…to watch. Would it help to…", no stray comma
	}
	if clause > 0 {
		// The instruction ends a sentence that says something else first: it becomes a question
		// of its own. "…was high, so cut out bananas." → "…was high. Would it help to cut out bananas?"
		start := s.Tokens[s.words[clause].tok].Start
		return &Suggestion{Kind: Replace, Start: start, End: s.End, Text: ". " + fitCase(lead, true) + rest + "?"}
	}
	if c := slices.IndexFunc(s.words, func(w word) bool { return w.w == ":" }); c >= 0 && c+1 < len(s.words) {
		// Keep what stands before the colon: "About the missed dose: would it help to…?"
		start := s.Tokens[s.words[c+1].tok].Start
		return &Suggestion{Kind: Replace, Start: start, End: s.End, Text: lead + rest + "?"}
	}
	return &Suggestion{Kind: Replace, Start: s.Start, End: s.End, Text: fitCase(lead, true) + rest + "?"}
}

// tail returns the sentence's text from word k to the end, without closing punctuation, with the
// first letter lower-cased and "your" kept (the advice stays addressed to the client).
func (j *job) tail(i, k int) string {
	s := j.sents[i]
	if k >= len(s.words) {
		return ""
	}
	start := s.Tokens[s.words[k].tok].Start
	if s.words[k].tok > 0 && k > 0 && s.words[k-1].tok == s.words[k].tok {
		return "" // the match ended inside a contraction; there is no clean tail
	}
	rest := strings.TrimRight(j.slice(start, s.End), " .!?…")
	rest = strings.TrimSpace(rest)
	r, n := utf8.DecodeRuneInString(rest)
	if r == utf8.RuneError || n == 0 {
		return ""
	}
	return string(unicode.ToLower(r)) + rest[n:]
}

// clientFeeling returns the first feeling the client named in their words, or "". It reads
// the context in order, so the answer does not depend on map iteration.
func clientFeeling(j *job) string {
	for _, t := range textseg.Tokenize(j.context) {
		if feelingNames[t.Lower] {
			return t.Lower
		}
	}
	return ""
}

var feelingNames = map[string]bool{"scared": true, "worried": true, "anxious": true, "angry": true,
	"sad": true, "frustrated": true, "overwhelmed": true, "stressed": true, "lonely": true,
	"afraid": true, "exhausted": true, "upset": true, "hurt": true, "ashamed": true, "terrified": true,
	"alone": true}

// noncompliantRewrite rewrites the whole clause around "noncompliant with X" into a person-first,
// non-blaming description that keeps the meaning: "You're noncompliant with meds" → "You haven't
// been taking your meds as prescribed".
func noncompliantRewrite(j *job, m lexicon.Match) *Suggestion {
	if m.Entry.Category != "compliance" && !strings.Contains(strings.ToLower(m.Surface), "complian") {
		return nil
	}
	i := j.sentOf(m.Start)
	if s := j.sents[i]; m.Start < s.Start || m.End > s.End {
		return nil
	}
	return complianceClause(j, i, m)
}

func complianceClause(j *job, i int, m lexicon.Match) *Suggestion {
	s := j.sents[i]
	ws := s.words
	at := -1
	for k, w := range ws {
		if s.Tokens[w.tok].Start == m.Start {
			at = k
			break
		}
	}
	if at < 1 || at+2 > len(ws) || ws[at+1].w != "with" {
		return nil
	}
	subj, be := subjectBefore(ws, at)
	if subj < 0 {
		return nil
	}
	object := j.phraseAfter(i, at+2)
	if object == "" {
		return nil
	}
	you := ws[subj].w == "you"
	if you && !hasDeterminer(object) {
		object = "your " + object
	}
	verb := "has not been"
	if you {
		verb = "haven't been"
	}
	start := s.Tokens[ws[subj].tok].Start
	subject := j.slice(start, s.Tokens[ws[subj].tok].End)
	if you {
		subject = fitCase("you", start == s.Start)
	}
	phrase := subject + " " + verb + " taking " + object + " as prescribed"
	_, objEnd := j.phraseSpan(i, at+2)
	if and := wordIndexAt(s, objEnd); and >= 0 && sharesCopula(ws, and) {
		// "Client is noncompliant with meds and lazy": the rest still needs its "is".
		phrase += " and " + j.slice(s.Tokens[ws[be].tok].Start, s.Tokens[ws[be].tok].End)
		objEnd = s.Tokens[ws[and].tok].End
	}
	return &Suggestion{Kind: Replace, Start: start, End: objEnd, Text: phrase}
}

// wordIndexAt returns the index of the first normalised word of sentence s that starts at or
// after rune offset r, or -1.
func wordIndexAt(s sentence, r int) int {
	for k, w := range s.words {
		if s.Tokens[w.tok].Start >= r {
			return k
		}
	}
	return -1
}

// sharesCopula reports "and" followed by a bare predicate ("and lazy", "and a poor historian")
// rather than a verb or a new subject ("and has missed", "and she").
func sharesCopula(ws []word, and int) bool {
	if ws[and].w != "and" || and+1 >= len(ws) {
		return false
	}
	next := ws[and+1].w
	return !clauseStarts[next] && !strings.HasSuffix(next, "ed") && !strings.HasSuffix(next, "s")
}

var clauseStarts = map[string]bool{"he": true, "she": true, "they": true, "i": true, "we": true, "you": true,
	"client": true, "pt": true, "patient": true, "is": true, "was": true, "are": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "did": true, "does": true, "do": true, "can": true, "could": true,
	"continues": true, "remains": true, "missed": true, "not": true, "also": true, "then": true}

// subjectBefore finds "X is/are/'re (being/still) noncompliant", "X remains noncompliant" and
// "X continues to be noncompliant": the subject word and the verb.
func subjectBefore(ws []word, at int) (subj, be int) {
	k := at - 1
	for k >= 0 && (ws[k].w == "being" || ws[k].w == "been" || ws[k].w == "still" || ws[k].w == "be" || ws[k].w == "to") {
		k--
	}
	if k < 1 {
		return -1, -1
	}
	switch ws[k].w {
	case "is", "are", "was", "were", "has", "have", "remains", "remain", "continues", "continue":
		return k - 1, k
	}
	return -1, -1
}

// phraseAfter returns the words from k up to the next clause break, as written.
func (j *job) phraseAfter(i, k int) string {
	start, end := j.phraseSpan(i, k)
	if end <= start {
		return ""
	}
	return j.slice(start, end)
}

func (j *job) phraseSpan(i, k int) (int, int) {
	s := j.sents[i]
	if k >= len(s.words) {
		return 0, 0
	}
	end := k
	for end < len(s.words) && !isClauseBreak(s.words[end].w) && s.words[end].w != "and" {
		end++
	}
	if end == k {
		return 0, 0
	}
	return s.Tokens[s.words[k].tok].Start, s.Tokens[s.words[end-1].tok].End
}

func hasDeterminer(phrase string) bool {
	first, _, _ := strings.Cut(strings.ToLower(phrase), " ")
	switch first {
	case "the", "his", "her", "their", "your", "my", "a", "an", "this", "that", "these", "those":
		return true
	}
	return false
}

func aboutWorker(s *sentence) bool {
	story, _ := ownStory(s)
	return story
}

// notTwice turns a rewrite that would put a line of understanding beside another ("It makes
// sense to feel worried. It makes sense to feel worried.", after a second brush-off is
// accepted) into a deletion of what it replaces: the sentence beside it already says it.
func (j *job) notTwice(sug *Suggestion) *Suggestion {
	if sug.Kind != Replace || !stockLine(strings.TrimPrefix(sug.Text, ". ")) {
		return sug
	}
	i := j.sentOf(sug.Start)
	s := j.sents[i]
	before := i > 0 && stockLine(j.sents[i-1].Text)
	after := i+1 < len(j.sents) && stockLine(j.sents[i+1].Text)
	switch {
	case strings.HasPrefix(sug.Text, ". ") && (before || after || stockLine(j.slice(s.Start, sug.Start))):
		return &Suggestion{Kind: Replace, Start: sug.Start, End: sug.End, Text: ""}
	case sug.Start > s.Start || sug.End < sentenceBody(s):
		return sug
	case before:
		return &Suggestion{Kind: Replace, Start: j.sents[i-1].End, End: s.End, Text: ""}
	case after:
		return &Suggestion{Kind: Replace, Start: s.Start, End: j.sents[i+1].Start, Text: ""}
	}
	return sug
}

// stockLine reports text that opens with one of the lines of understanding the rewrites use.
func stockLine(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	for _, p := range stockOpenings {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

var stockOpenings = []string{"it makes sense to feel", "this sounds really hard", "that sounds really hard",
	"that sounds important", "i'd like to understand what has been getting in the way",
	"what has been getting in the way", "this is a lot to", "i can see how upsetting this is",
	"that sounds like a lot to carry"}
