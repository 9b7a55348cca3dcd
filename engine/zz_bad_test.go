package engine

import (
	"strings"
	"testing"
	"time"
)

func TestZZBadTiming(t *testing.T) {
	a := mustAnalyzer(t)
	for _, unit := range []string{
		"I hear you. What happened next? ",
		"Just relax. You should stop worrying about it. ",
		"I'm so sorry, that sounds really hard. Everyone goes through that. ",
		"I understand, but you need to calm down. You're being dramatic. ",
		"It makes sense you're scared. Have you tried calling them? ",
		"Pt noncompliant with meds, drug seeking, refused care. ",
		"Call me on my personal cell and we can grab a coffee sometime! ",
		"You've got this, I'm proud of you for showing up. What would help most? ",
		"🙂 ",
		"a ",
	} {
		var d [2]time.Duration
		for k, n := range []int{250_000, 500_000} {
			text := strings.Repeat(unit, n/len(unit))
			t0 := time.Now()
			if _, err := a.Analyze(Input{Text: text, Context: "I'm scared and I feel ridiculous.", Kind: KindMessage}); err != nil {
				t.Fatal(err)
			}
			d[k] = time.Since(t0)
		}
		t.Logf("%-40.40q 250k %v 500k %v ratio %.1f", unit, d[0], d[1], float64(d[1])/float64(d[0]))
	}
}
