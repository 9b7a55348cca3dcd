//go:build unix

package engine

import (
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLinearInLength guards against quadratic work on long texts: each text below once took
// time growing with the square of its length (every finding compared with every other, or
// every sentence searched for each finding's), so 1 MB took 14 s and 10 MB would have taken
// most of an hour. Four times the text must take well under sixteen times as long. The ratio,
// not the time, is checked, and in CPU time rather than wall time, so a slow or busy machine
// does not decide it; the best of three runs keeps a pause of the collector from deciding it
// either. The race detector slows the engine unevenly, so the test does not run under it.
func TestLinearInLength(t *testing.T) {
	if raceEnabled {
		t.Skip("timing ratios mean nothing under the race detector")
	}
	a := mustAnalyzer(t)
	for _, unit := range []string{
		"I hear you. What happened next? ",                         // many findings of one kind
		"Pt noncompliant with meds, drug seeking, refused care. ",  // a rewrite that looked up its sentence
		"Just relax, you should stop worrying about it. ",          // advice and dismissal compared
		"You might want to write it down. What do you think? ",     // soft advice, then a view asked
		"I've been there too, when my dad died I lived on toast. ", // shared stories widened
	} {
		small, large := bestOf3(t, a, unit, 100_000), bestOf3(t, a, unit, 400_000)
		ratio := float64(large) / float64(small)
		t.Logf("%q: 4× the text, %.1f× the CPU time", unit, ratio)
		if ratio > 8 {
			t.Errorf("%q: 4× the text took %.1f× the CPU time (%v → %v); the work grows faster than the text", unit, ratio, small, large)
		}
	}
}

func bestOf3(t *testing.T, a *Analyzer, unit string, size int) time.Duration {
	text := strings.Repeat(unit, size/len(unit))
	best := time.Duration(1<<63 - 1)
	// The collector's share grows with the heap, not with the algorithm: measure without it.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for range 3 {
		runtime.GC()
		start := cpuTime(t)
		if _, err := a.Analyze(Input{Text: text, Context: "I'm scared, I can't cope since my wife died.", Kind: KindMessage}); err != nil {
			t.Fatal(err)
		}
		best = min(best, cpuTime(t)-start)
	}
	return best
}

// cpuTime is the process's user and system time so far.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
