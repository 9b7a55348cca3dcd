package engine

import "github.com/rapporthq/rapport/textseg"

// compiledRule is one phrase of one rule, ready to match.
type compiledRule struct {
	rule *rule
	pat  pattern
}

// ruleIndex finds rule phrases by their first word, so that matching a sentence costs one map
// look-up per word rather than one attempt per phrase.
type ruleIndex struct {
	byFirst map[string][]compiledRule
	any     []compiledRule
}

func buildIndex(rs []rule) *ruleIndex {
	idx := &ruleIndex{byFirst: map[string][]compiledRule{}}
	for i := range rs {
		for _, ph := range rs[i].phrases {
			cr := compiledRule{rule: &rs[i], pat: compile(ph)}
			first := cr.pat.firstWords()
			if first == nil {
				idx.any = append(idx.any, cr)
				continue
			}
			for _, w := range first {
				idx.byFirst[w] = append(idx.byFirst[w], cr)
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

// find returns, for each rule, its first match in the sentence (a rule fires once per sentence;
// the first match is the one a reader sees first).
func (idx *ruleIndex) find(ws []word) []hit {
	var out []hit
	fired := map[*rule]bool{}
	try := func(cr compiledRule, i int) {
		if fired[cr.rule] {
			return
		}
		if end := cr.pat.matchAt(ws, i); end > i {
			if cr.rule.negatable && negatedBefore(ws, i) {
				return
			}
			fired[cr.rule] = true
			out = append(out, hit{rule: cr.rule, rewrite: cr.pat.rewrite, from: i, to: end})
		}
	}
	for i := range ws {
		for _, cr := range idx.byFirst[ws[i].w] {
			try(cr, i)
		}
		for _, cr := range idx.any {
			try(cr, i)
		}
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
