package safety

import (
	"strings"
	"testing"
)

// FuzzFind screens arbitrary text: folding is idempotent and never grows a match list, and
// what is found in a text is still found when the text is shouted or padded, so neither case
// nor spacing lets a concerning comment slip through.
func FuzzFind(f *testing.F) {
	f.Add("Some days I don't want to live anymore.")
	f.Add("NO QUIERO VIVIR")
	f.Add("I'm not suicidal")
	f.Add("\u00a0sobre\u0301dosis\x00")
	f.Fuzz(func(t *testing.T, text string) {
		folded := Fold(text)
		if Fold(folded) != folded {
			t.Errorf("Fold is not idempotent on %q", text)
		}
		found := Find(text)
		if len(Find(folded)) != len(found) {
			t.Errorf("Find(%q) = %v, but on its folded form %v", text, found, Find(folded))
		}
		for _, variant := range []string{strings.ToUpper(text), "  " + text + " !", "\n" + text} {
			if got := Find(variant); len(got) < len(found) {
				t.Errorf("Find(%q) = %v, fewer than Find(%q) = %v", variant, got, text, found)
			}
		}
	})
}
