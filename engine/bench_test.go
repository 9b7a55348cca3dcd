package engine

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

// A typical 60-word message from a case manager to a client.
const message60 = "Hi Maria, I'm so sorry the hearing got moved again. That sounds exhausting after all the waiting. " +
	"You've kept every appointment, which shows how much you care about getting your kids home. " +
	"Would it help if I called the court clerk with you tomorrow at ten? What would make this week easier for you?"

// notes is a corpus of realistic notes and messages of mixed quality, for throughput.
var notes = []string{
	message60,
	"Client is a 45 y/o alcoholic seen again today. Claims he has been sober for two weeks but smelled of ETOH. He is lazy and makes no effort with his treatment.",
	"Met with client at the shelter. She reports feeling overwhelmed by the housing application and worried about her son's school. We completed the first two pages together.",
	"I understand, but you have to follow the plan. Calm down and just call the benefits office tomorrow.",
	"Pt noncompliant with meds, refused the injection, frequent flyer in the ED. Will follow up Tuesday.",
	"It makes sense that you'd feel anxious after that call. What has this week been like for you? I can drop off the bus passes Monday afternoon.",
}

func BenchmarkAnalyzeMessage(b *testing.B) {
	a := mustAnalyzer(b)
	in := Input{Text: message60, Context: "They moved the hearing again and I don't know if I can keep doing this.", Kind: KindMessage}
	b.SetBytes(int64(len(message60)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMessageLatency reports the median and 99th percentile of single analyses, the
// figures the typing-feedback target is stated in.
func BenchmarkMessageLatency(b *testing.B) {
	a := mustAnalyzer(b)
	in := Input{Text: message60, Context: "They moved the hearing again.", Kind: KindMessage}
	var d []time.Duration
	for b.Loop() {
		t := time.Now()
		if _, err := a.Analyze(in); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(t))
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	b.ReportMetric(float64(d[len(d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkBulkNotes measures end-to-end throughput (segmentation, rules, lexicon, models,
// suggestions) over a corpus of notes; with -cpu 1,2 it shows how it scales with cores.
func BenchmarkBulkNotes(b *testing.B) {
	a := mustAnalyzer(b)
	corpus := strings.Join(notes, "\n\n")
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, n := range notes {
				if _, err := a.Analyze(Input{Text: n, Kind: KindNote}); err != nil {
					b.Error(err)
				}
			}
		}
	})
}

// BenchmarkStart measures building an analyzer: decoding the embedded models. The lexicon and
// rule index are parsed once per process; BenchmarkColdStart in cmd/rapport covers a fresh
// process.
func BenchmarkStart(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConversation(b *testing.B) {
	a := mustAnalyzer(b)
	var turns []Turn
	for i := 0; i < 40; i++ {
		turns = append(turns, Turn{Speaker: "Client", Text: "I keep missing my appointments because the bus takes two hours."},
			Turn{Speaker: "Case manager", Practitioner: true, Text: notes[i%len(notes)]})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.AnalyzeConversation(turns); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleAnalyzer_Analyze() {
	a, err := Default()
	if err != nil {
		panic(err)
	}
	an, err := a.Analyze(Input{Text: "You're noncompliant with meds.", Kind: KindMessage})
	if err != nil {
		panic(err)
	}
	for _, f := range an.Findings {
		fmt.Printf("%s %q → %q\n", f.Code, f.Evidence, f.Suggestion.Text)
	}
	// Output:
	// stigmatizing_language "noncompliant with" → "You haven't been taking your meds as prescribed"
}

// BenchmarkLongText analyses one text of 1 MB made of short sentences, each with findings: the
// case where any work that compares every finding with every other shows (see
// TestLinearInLength). The issue allows texts of up to 10 MB.
func BenchmarkLongText(b *testing.B) {
	a := mustAnalyzer(b)
	text := strings.Repeat("I hear you. What happened next? Pt noncompliant with meds. ", 1<<20/59)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := a.Analyze(Input{Text: text, Kind: KindMessage}); err != nil {
			b.Fatal(err)
		}
	}
}
