package engine

import "github.com/rapporthq/rapport/textseg"

// compiledRule is one phrase of one rule, ready to match.
type compiledRule struct {
	rule *rule
	n    int // the rule's position, for the per-sentence "fired" flags
	pat  pattern
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
			all = append(all, compiledRule{rule: &rs[i], n: i, pat: compile(ph, v)})
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

// find appends to out, for each rule, its first match in the sentence (a rule fires once per
// sentence; the first match is the one a reader sees first).
func (idx *ruleIndex) find(ws []word, out []hit) []hit {
	var small [64]bool
	fired := small[:]
	if idx.nrules > len(small) {
		fired = make([]bool, idx.nrules)
	}
	for i := range ws {
		if id := ws[i].id; id > 0 {
			fw := &idx.byFirst[id]
			out = idx.try(fw.other, ws, i, fired, out)
			if fw.bySecond != nil && i+1 < len(ws) && ws[i+1].id > 0 {
				out = idx.try(fw.bySecond[ws[i+1].id], ws, i, fired, out)
			}
		}
		out = idx.try(idx.any, ws, i, fired, out)
	}
	return out
}

func (idx *ruleIndex) try(crs []compiledRule, ws []word, i int, fired []bool, out []hit) []hit {
	for _, cr := range crs {
		if fired[cr.n] {
			continue
		}
		end := cr.pat.matchAt(ws, i)
		if end <= i || (cr.rule.negatable && negatedBefore(ws, i)) {
			continue
		}
		fired[cr.n] = true
		out = append(out, hit{rule: cr.rule, rewrite: cr.pat.rewrite, from: i, to: end})
	}
	return out
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
		if negators[w] {
			return true
		}
	}
	return false
}

// span converts word positions to rune offsets in the text.
func span(toks []textseg.Token, ws []word, from, to int) Span {
	return Span{Start: toks[ws[from].tok].Start, End: toks[ws[to-1].tok].End}
}
