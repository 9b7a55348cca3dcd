package engine

import (
	"strings"
	"testing"
	"time"
)

func TestZZBad4(t *testing.T) {
	a := mustAnalyzer(t)
	text := strings.Repeat("I hear you. What happened next? ", 10_000_000/32)
	t0 := time.Now()
	an, err := a.Analyze(Input{Text: text, Kind: KindMessage})
	t.Logf("%d bytes: %v, %d findings, %v", len(text), time.Since(t0), len(an.Findings), err)
}
