package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/rapporthq/rapport/engine"
)

const (
	red   = "\x1b[31m"
	green = "\x1b[32m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// writeAnalysis prints the text with each finding's span marked — [brackets]¹ with the finding's
// number, or colour on a terminal (red for pitfalls, green for skills) — then each finding with
// its reason and suggestion, the empathy levels and the score.
func writeAnalysis(w io.Writer, text string, an engine.Analysis, color bool) {
	fmt.Fprintf(w, "%s\n\n", markSpans(text, an.Findings, color))
	for i, f := range an.Findings {
		fmt.Fprintf(w, "%d. %s (%.0f%%) %q\n   %s\n", i+1, paint(string(f.Code), f.Code.Pitfall(), color), f.Confidence*100, f.Evidence, f.Reason)
		if s := f.Suggestion; s != nil && s.Deletes() {
			fmt.Fprintf(w, "   suggestion: delete %q\n", string([]rune(text)[s.Start:s.End]))
		} else if s != nil {
			fmt.Fprintf(w, "   suggestion: %s %q\n", s.Kind, s.Text)
		}
	}
	if len(an.Findings) == 0 {
		fmt.Fprintln(w, "No findings.")
	}
	l := an.Levels
	fmt.Fprintf(w, "\nEmpathy: emotional %d/2, cognitive %d/2, exploration %d/2, compassionate %d/2\n",
		l.Emotional.Rating, l.Cognitive.Rating, l.Exploration.Rating, l.Compassionate.Rating)
	for _, lv := range []struct {
		name  string
		level engine.Level
	}{{"emotional", l.Emotional}, {"cognitive", l.Cognitive}, {"exploration", l.Exploration}, {"compassionate", l.Compassionate}} {
		if q := quoteWords(lv.level.Words(text)); q != "" {
			fmt.Fprintf(w, "  %s: %s\n", lv.name, q)
		}
	}
	fmt.Fprintf(w, "Score: %d/100\n", an.Overall)
	if an.NotEnglish {
		fmt.Fprintln(w, "Note: this text does not look like English. Rapport reads English only, so it may miss what the text says.")
	}
}

// quoteWords quotes the words behind a level, shortening long ones.
func quoteWords(words []string) string {
	quoted := make([]string, len(words))
	for i, q := range words {
		if r := []rune(q); len(r) > 60 {
			q = string(r[:57]) + "…"
		}
		quoted[i] = fmt.Sprintf("%q", q)
	}
	return strings.Join(quoted, ", ")
}

func paint(s string, pitfall, color bool) string {
	if !color {
		return s
	}
	c := green
	if pitfall {
		c = red
	}
	return c + s + reset
}

type marker struct {
	at    int
	open  bool
	label string
}

func markSpans(text string, fs []engine.Finding, color bool) string {
	var ms []marker
	for i, f := range fs {
		open, close := "[", fmt.Sprintf("]%d", i+1)
		if color {
			c := green
			if f.Code.Pitfall() {
				c = red
			}
			open, close = c+bold, reset+fmt.Sprintf("%s%d%s", c, i+1, reset)
		}
		ms = append(ms, marker{f.Start, true, open}, marker{f.End, false, close})
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].at != ms[j].at {
			return ms[i].at < ms[j].at
		}
		return !ms[i].open && ms[j].open // close before open at the same place
	})
	var b strings.Builder
	pos, k := 0, 0
	for _, r := range text {
		for k < len(ms) && ms[k].at == pos {
			b.WriteString(ms[k].label)
			k++
		}
		b.WriteRune(r)
		pos++
	}
	for ; k < len(ms); k++ {
		b.WriteString(ms[k].label)
	}
	return b.String()
}
