package engine

import (
	"strings"
	"testing"
	"time"
)

func TestZZBad2(t *testing.T) {
	a := mustAnalyzer(t)
	for _, unit := range []string{
		"Pt noncompliant with meds, drug seeking, refused care. ",
		"You could try calling them tomorrow. ",
		"Maybe you could look into the food bank? ",
		"I'm sorry you feel the service has been lacking. That's ridiculous. ",
		"That must sting. You sound shattered. ",
		"Client \"forgot\" to mention it. Shocking. ",
		"So you're saying you feel stuck, and you want things to change. ",
		"Don't worry, it's not a big deal, at least you have a roof. ",
		"I did the same for my mum, gave up my job, lost my flat and my car. ",
		"Please do NOT stop taking the ABC and XYZ q4h. ",
		"Aw pet ❤️ so proud of u!! ",
		"What's been the hardest part? How are you feeling about it? ",
	} {
		var d [3]time.Duration
		for k, n := range []int{250_000, 500_000, 1_000_000} {
			text := strings.Repeat(unit, n/len(unit))
			t0 := time.Now()
			if _, err := a.Analyze(Input{Text: text, Context: "I'm scared and exhausted, I can't cope.", Kind: KindMessage}); err != nil {
				t.Fatal(err)
			}
			d[k] = time.Since(t0)
		}
		t.Logf("%-30.30q %v %v %v  ratio %.1f", unit, d[0], d[1], d[2], float64(d[2])/float64(d[1]))
	}
}
