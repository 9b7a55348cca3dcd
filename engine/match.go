package engine

import (
	"strings"

	"github.com/rapporthq/rapport/textseg"
)

// compiledRule is one phrase of one rule, ready to match.
type compiledRule struct {
	rule *rule
	n    int // the rule's position, for find's per-sentence record of where each rule may match
	pat  pattern
	need wordMask // the words the phrase cannot match without
}

// wordMask is a 64-bit summary of a set of word ids (bit id%64). A phrase whose required words
// are not all in a sentence's mask cannot match there, so most phrases tried at a common first
// word ("you", "i", "is") are turned away by one AND instead of a walk through their slots.
type wordMask uint64

func maskOf(id int32) wordMask { return 1 << (uint32(id) % 64) }

// sentenceMask summarises the ids of a sentence's words.
func sentenceMask(ws []word) wordMask {
	var m wordMask
	for _, w := range ws {
		if w.id > 0 {
			m |= maskOf(w.id)
		}
	}
	return m
}

// required summarises the words every match of p contains: its required slots of one word.
func (p pattern) required() wordMask {
	var m wordMask
	for _, s := range p.slots {
		if !s.optional && len(s.ids) == 1 {
			m |= maskOf(s.ids[0])
		}
	}
	return m
}

// ruleIndex finds rule phrases by their first word, so that matching a sentence costs one map
// look-up per word rather than one attempt per phrase.
type ruleIndex struct {
	lexemes lexemes
	byFirst []firstWord // by the id of the first word
	any     []compiledRule
	nrules  int
}

// firstWord holds the phrases that start with one word: those whose second word is fixed are
// found by it too, so a common first word ("you", "i", "that") costs one map look-up rather
// than an attempt at every phrase that starts with it.
type firstWord struct {
	bySecond map[int32][]compiledRule
	other    []compiledRule
}

func buildIndex(rs []rule) *ruleIndex {
	idx := &ruleIndex{nrules: len(rs)}
	v := vocab{}
	var all []compiledRule
	for i := range rs {
		for _, ph := range rs[i].phrases {
			pat := compile(ph, v)
			all = append(all, compiledRule{rule: &rs[i], n: i, pat: pat, need: pat.required()})
		}
	}
	idx.lexemes = buildLexemes(v)
	idx.byFirst = make([]firstWord, len(v)+1)
	for _, cr := range all {
		first := cr.pat.firstIDs()
		if first == nil {
			idx.any = append(idx.any, cr)
			continue
		}
		second := cr.pat.secondIDs()
		for _, id := range first {
			fw := &idx.byFirst[id]
			if second == nil {
				fw.other = append(fw.other, cr)
				continue
			}
			if fw.bySecond == nil {
				fw.bySecond = map[int32][]compiledRule{}
			}
			for _, id2 := range second {
				fw.bySecond[id2] = append(fw.bySecond[id2], cr)
			}
		}
	}
	return idx
}

// hit is one rule phrase matched in a sentence, in word positions [from, to).
type hit struct {
	rule     *rule
	rewrite  string
	from, to int
}

// find appends to out every match of each rule that does not overlap an earlier match of the
// same rule in the sentence: "here's my cell, text me anytime, we could grab a drink" crosses two
// boundaries, and each is pointed out. A rule whose finding spans the whole sentence fires once.
func (idx *ruleIndex) find(ws []word, out []hit) []hit {
	var small [64]int
	until := small[:] // until[n]: rule n may match again from this word on
	if idx.nrules > len(small) {
		until = make([]int, idx.nrules)
	}
	m := matcher{ws: ws, until: until, mask: sentenceMask(ws)}
	for i := range ws {
		if id := ws[i].id; id > 0 {
			fw := &idx.byFirst[id]
			out = m.try(fw.other, i, out)
			if fw.bySecond != nil && i+1 < len(ws) {
				out = m.trySecond(fw, i, out)
			}
		}
		out = m.try(idx.any, i, out)
	}
	return out
}

// trySecond tries the phrases whose second word follows word i, and, past any intensifiers
// there ("that is really understandable"), those whose second word comes after them.
func (m *matcher) trySecond(fw *firstWord, i int, out []hit) []hit {
	ws := m.ws
	if id := ws[i+1].id; id > 0 {
		out = m.try(fw.bySecond[id], i, out)
	}
	j := i + 1
	for j < len(ws) && ws[j].soft {
		j++
	}
	if j > i+1 && j < len(ws) && ws[j].id > 0 {
		out = m.try(fw.bySecond[ws[j].id], i, out)
	}
	return out
}

// matcher is find's state for one sentence.
type matcher struct {
	ws    []word
	until []int    // until[n]: rule n may match again from this word on
	mask  wordMask // the sentence's words
}

// try matches the phrases crs at word i. Of two phrases of one rule that match at the same word,
// the longer wins: "is lazy and unmotivated" has a rewrite of its own that "is lazy" lacks.
func (m *matcher) try(crs []compiledRule, i int, out []hit) []hit {
	ws, until := m.ws, m.until
	for _, cr := range crs {
		if cr.need&^m.mask != 0 {
			continue
		}
		same := -1 // this rule's hit at word i, if it has one
		if i < until[cr.n] {
			if same = hitAt(out, cr.rule, i); same < 0 {
				continue
			}
		}
		if cr.pat.anchored && !atSentenceStart(ws, i) {
			continue
		}
		end := cr.pat.matchAt(ws, i)
		if end <= i || (cr.rule.negatable && negatedBefore(ws, i)) || same >= 0 && end <= out[same].to {
			continue
		}
		until[cr.n] = end
		if cr.rule.sentence {
			until[cr.n] = len(ws) + 1
		}
		h := hit{rule: cr.rule, rewrite: cr.pat.rewrite, from: i, to: end}
		if same >= 0 {
			out[same] = h
			continue
		}
		out = append(out, h)
	}
	return out
}

// atSentenceStart reports that only openers ("so", "oh", "honestly", commas) come before word i.
func atSentenceStart(ws []word, i int) bool {
	for k := 0; k < i; k++ {
		if !ws[k].is(classOpener | classInterjection) {
			return false
		}
	}
	return true
}

// interjections may open a sentence before an anchored phrase: "Oh honey, let it go."
var interjections = map[string]bool{"oh": true, "ah": true, "aw": true, "aww": true, "eh": true, "nah": true,
	"hey": true, "mm": true, "hmm": true, "right": true, "yeah": true, "honey": true, "sweetie": true, "love": true,
	"hun": true, "dear": true, "and": true, "but": true, "anyway": true, "now": true, "wow": true, "omg": true,
	"yes": true, "yess": true, "yesss": true, "yay": true, "woohoo": true, "ahh": true, "ohh": true, "awww": true,
	"och": true, "ach": true, "ooh": true, "oof": true, "ugh": true}

// hitAt returns the index in out of rule r's hit starting at word i, or -1.
func hitAt(out []hit, r *rule, i int) int {
	for k := len(out) - 1; k >= 0 && out[k].from == i; k-- {
		if out[k].rule == r {
			return k
		}
	}
	return -1
}

var negators = map[string]bool{"not": true, "never": true, "no": true, "nobody": true, "nothing": true, "nor": true}

// negatedBefore reports a negation in the same clause shortly before position i: "I don't think
// you're lazy", "nobody here thinks you're a failure". A negation that is part of the matched
// phrase itself ("you are not trying") is inside the match, not before it, so it does not count.
func negatedBefore(ws []word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		w := ws[j].w
		if isClauseBreak(w) {
			return false
		}
		if negators[w] && !negativeQuestion(ws, j) && !prohibition(ws, j) && !gerundSubject(ws, j) && !dismay(ws, j) {
			return true
		}
	}
	return false
}

// dismay reports the "no" of "oh no" or "ah, no": an exclamation, not a negation, however
// the writer punctuates what follows ("oh no that must be so frightening").
func dismay(ws []word, j int) bool {
	if ws[j].w != "no" || j == 0 {
		return false
	}
	k := j - 1
	if ws[k].w == "," && k > 0 {
		k--
	}
	return ws[k].is(classInterjection) || ws[k].w == "god"
}

// gerundSubject reports "not" opening a gerund that is the subject of what follows: "not
// trusting me either makes complete sense", "not opening them is an understandable way to
// cope". After a form of "be" or "do" ("I'm not saying…") it negates as usual.
func gerundSubject(ws []word, j int) bool {
	if ws[j].w != "not" || j+1 >= len(ws) || !strings.HasSuffix(ws[j+1].w, "ing") || len(ws[j+1].w) < 5 {
		return false
	}
	if j == 0 {
		return true
	}
	switch ws[j-1].w {
	case "am", "is", "are", "was", "were", "be", "been", "do", "does", "did", "will", "would", "can", "could", "should", "i", "you", "we", "they", "he", "she":
		return false
	}
	return true
}

// negativeQuestion reports "not" in "don't you think…", "isn't she…": a question that presses
// its point, not a negation of what follows.
func negativeQuestion(ws []word, j int) bool {
	if j+1 >= len(ws) || ws[j].w != "not" {
		return false
	}
	switch ws[j+1].w {
	case "you", "he", "she", "they", "we":
		return true
	}
	return false
}

// prohibition reports "can't be" as an order ("You can't be sitting around feeling sorry for
// yourself"): what follows is still said of the person.
func prohibition(ws []word, j int) bool {
	if ws[j].w != "not" || j == 0 || j+1 >= len(ws) || ws[j+1].w != "be" {
		return false
	}
	// "Don't be late like last time" forbids; it does not deny the jab after it.
	return ws[j-1].w == "can" || ws[j-1].w == "do" && atSentenceStart(ws, j-1)
}

// span converts word positions to rune offsets in the text.
func span(toks []textseg.Token, ws []word, from, to int) Span {
	return Span{Start: toks[ws[from].tok].Start, End: toks[ws[to-1].tok].End}
}
