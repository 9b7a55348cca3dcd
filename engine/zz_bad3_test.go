package engine

import (
	"strings"
	"testing"
)

func TestZZBad3(t *testing.T) {
	a := mustAnalyzer(t)
	unit := "You might want to write it down. What do you think? "
	text := strings.Repeat(unit, 2_000_000/len(unit))
	if _, err := a.Analyze(Input{Text: text, Context: "I'm scared, I can't cope.", Kind: KindMessage}); err != nil {
		t.Fatal(err)
	}
}
