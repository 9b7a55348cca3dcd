package lexicon

import (
	"strings"
	"unicode/utf8"
)

// contextWindow is how many words on each side of a match its context rules look at.
const contextWindow = 3

// node is one word of the trie; a phrase is a path from the root.
type node struct {
	next  map[string]*node
	entry *Entry // set where a variant ends
}

func (n *node) child(key []byte) *node {
	return n.next[string(key)] // does not allocate; a nil map reads as empty
}

func (n *node) insert(keys []string, e *Entry) {
	for _, k := range keys {
		c := n.next[k]
		if c == nil {
			if n.next == nil {
				n.next = make(map[string]*node)
			}
			c = &node{}
			n.next[k] = c
		}
		n = c
	}
	n.entry = e
}

// Find returns the matches in text in order of Start. Matches do not overlap: at each word the
// longest variant whose context rules hold wins, and the search goes on after it. The text is
// scanned once and each word starts at most one walk down the trie, whose depth is the longest
// variant, so the time is linear in the length of the text.
func (l *Lexicon) Find(text string) []Match {
	w := wordsPool.Get().(*words)
	defer wordsPool.Put(w)
	scan(text, w)
	runes := runeCounter{text: text}
	var out []Match
	for i := 0; i < len(w.toks); {
		end, e := l.longestAt(w, i)
		if e == nil {
			i++
			continue
		}
		first, last := w.toks[i], w.toks[end-1]
		out = append(out, Match{
			Start:   runes.at(first.start),
			End:     runes.at(last.end),
			Surface: text[first.start:last.end],
			Entry:   e,
		})
		i = end
	}
	return out
}

// wordSet is a Bloom-style filter over words: has may report a false positive, never a false
// negative. Most words of a text begin no variant, and testing one bit is several times cheaper
// than the map lookup it saves.
type wordSet [1 << 14 / 64]uint64

func (s *wordSet) add(word []byte) {
	h := fnv1a(word) % uint32(len(s)*64)
	s[h/64] |= 1 << (h % 64)
}

func (s *wordSet) has(word []byte) bool {
	h := fnv1a(word) % uint32(len(s)*64)
	return s[h/64]&(1<<(h%64)) != 0
}

func fnv1a(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// runeCounter turns byte offsets into rune offsets. Matches come in order, so counting on from
// the previous offset keeps the total work linear. Like a range loop, it counts each invalid
// byte as one rune.
type runeCounter struct {
	text         string
	bytes, runes int
}

func (c *runeCounter) at(b int) int {
	c.runes += utf8.RuneCountInString(c.text[c.bytes:b])
	c.bytes = b
	return c.runes
}

// longestAt returns the end (a token index) and entry of the longest variant that starts at
// token i and whose context rules hold, or a nil entry if there is none. A phrase continues only
// across whitespace, so "clean, urine" is not the phrase "clean urine".
func (l *Lexicon) longestAt(w *words, i int) (int, *Entry) {
	end, best := 0, (*Entry)(nil)
	if !l.starts.has(w.key(i)) {
		return end, best
	}
	n := l.root
	for j := i; j < len(w.toks); j++ {
		if j > i && !w.toks[j].joined {
			break
		}
		if n = n.child(w.key(j)); n == nil {
			break
		}
		if n.entry != nil && n.entry.contextHolds(w, i, j+1) {
			end, best = j+1, n.entry
		}
	}
	return end, best
}

// contextHolds reports whether the words around tokens [i, j) meet e's context rules: at least
// one required word (when any are listed) and no excluded word, looking at most contextWindow
// words either side and never across a sentence or line break.
func (e *Entry) contextHolds(w *words, i, j int) bool {
	if len(e.ContextRequired) == 0 && len(e.ContextExcluded) == 0 && len(e.ExcludedNext) == 0 {
		return true
	}
	lo, hi := w.window(i, j)
	if j < hi && matchesAny(e.ExcludedNext, w.key(j)) {
		return false
	}
	found := len(e.ContextRequired) == 0
	for _, r := range [2][2]int{{lo, i}, {j, hi}} {
		for k := r[0]; k < r[1]; k++ {
			key := w.key(k)
			if matchesAny(e.ContextExcluded, key) {
				return false
			}
			found = found || matchesAny(e.ContextRequired, key)
		}
	}
	return found
}

// window returns the token range around [i, j) that context rules may look at.
func (w *words) window(i, j int) (lo, hi int) {
	lo = i
	for lo > 0 && i-lo < contextWindow && !w.toks[lo].boundary {
		lo--
	}
	hi = j
	for hi < len(w.toks) && hi-j < contextWindow && !w.toks[hi].boundary {
		hi++
	}
	return lo, hi
}

// matchesAny reports whether key is one of the context words; a word ending in "*" is a prefix.
// The string(key) comparisons do not allocate.
func matchesAny(words []string, key []byte) bool {
	for _, w := range words {
		if prefix, ok := strings.CutSuffix(w, "*"); ok {
			if len(key) >= len(prefix) && string(key[:len(prefix)]) == prefix {
				return true
			}
		} else if string(key) == w {
			return true
		}
	}
	return false
}
