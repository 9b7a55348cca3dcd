package engine

import (
	"strings"
	"testing"
	"time"
)

func TestZZBad5(t *testing.T) {
	a := mustAnalyzer(t)
	unit := "I've been there too, when my dad died I lived on toast for months. What was it like for you? "
	var d [3]time.Duration
	for k, n := range []int{100_000, 200_000, 400_000} {
		text := strings.Repeat(unit, n/len(unit))
		t0 := time.Now()
		a.Analyze(Input{Text: text, Context: "Since my wife died I can't face cooking.", Kind: KindMessage})
		d[k] = time.Since(t0)
	}
	t.Logf("%v", d)
}
