// Package chart draws small, accessible SVG charts on the server: a line chart of one or more
// series over periods (Line) and a horizontal bar chart (Bar). It does no I/O and keeps no
// state, and the same input always gives the same bytes, so pages can be checked against golden
// files.
//
// The SVG suits a strict Content-Security-Policy: no script, no <style> element and no style
// attribute; colours, strokes and fonts are SVG presentation attributes. Every chart is
// role="img" with a <title> and a <desc> that says what the chart shows in words. No series is
// told apart by colour alone: each has its own dash pattern and marker shape and is labelled
// directly. Values that are NaN or infinite are "no value" (a gap in a line, a bar with no
// length); finite values beyond ±1e300 are drawn at that limit, since the axis arithmetic
// would overflow past it.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Colours. Every series colour has at least 4.5:1 contrast on white, so it is fit for text (the
// direct labels) and well above the 3:1 that lines and markers need (WCAG 1.4.11).
const (
	textColour  = "#1b1b1f"
	mutedColour = "#4b4f58"
	gridColour  = "#d5d9de"
	background  = "#ffffff"
	fontFamily  = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
	fontSize    = 12
	charWidth   = 7 // a generous average advance at fontSize, for laying out labels
)

// style is how one series looks: colour, dash pattern and marker shape all differ, so a series
// can be followed in greyscale or by someone who does not see the colour.
type style struct {
	colour string
	dash   string // stroke-dasharray; "" is solid
	marker marker
}

type marker int

const (
	circle marker = iota
	square
	triangle
	diamond
	triangleDown
)

// styles cycle after the fifth series; the direct labels still tell such series apart.
var styles = []style{
	{"#0a4d8c", "", circle},
	{"#a14500", "8 4", square},
	{"#1e6b34", "2 3", triangle},
	{"#6b2c91", "10 3 2 3", diamond},
	{"#4b4f58", "4 2", triangleDown},
}

func styleFor(i int) style { return styles[i%len(styles)] }

// limit bounds the magnitude of drawn values, so spans and ticks stay finite.
const limit = 1e300

// finite reports whether v is a value to draw.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func clamp(v float64) float64 { return math.Max(-limit, math.Min(limit, v)) }

// axis is a value axis from lo to hi with "nice" ticks: multiples of 1, 2 or 5 × 10^exp.
type axis struct {
	lo, hi float64
	ticks  []float64
	exp    int // the tick step's power of ten, which sets the tick labels' decimals
}

// niceAxis covers every finite value, zero (counts and rates are read from a zero baseline), and
// at least [min, max], with about n ticks.
func niceAxis(values []float64, minimum, maximum float64, n int) axis {
	return niceAxisFrom(values, minimum, maximum, n, true)
}

// niceAxisFrom is niceAxis with zero left out when fromZero is false, for a bounded scale whose
// own floor is the baseline: a mean on a 1–5 scale drawn from 0 would spend a fifth of the
// height on values no one can give.
func niceAxisFrom(values []float64, minimum, maximum float64, n int, fromZero bool) axis {
	lo, hi := 0.0, 0.0
	if finite(minimum) {
		lo = clamp(minimum)
	}
	if finite(maximum) {
		hi = clamp(maximum)
	}
	for _, v := range values {
		if finite(v) {
			lo, hi = math.Min(lo, clamp(v)), math.Max(hi, clamp(v))
		}
	}
	if fromZero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	if hi-lo < 1e-200 { // nothing but zeros (or values too small to place): show 0 to 1
		hi = lo + 1
	}
	raw := (hi - lo) / float64(max(n-1, 1))
	exp := int(math.Floor(math.Log10(raw)))
	mag := math.Pow10(exp)
	var step float64
	switch f := raw / mag; {
	case f <= 1:
		step = mag
	case f <= 2:
		step = 2 * mag
	case f <= 5:
		step = 5 * mag
	default:
		step, exp = 10*mag, exp+1
	}
	first, last := math.Floor(lo/step), math.Ceil(hi/step)
	a := axis{lo: first * step, hi: last * step, exp: exp}
	for k := first; k <= last && len(a.ticks) <= n+2; k++ {
		a.ticks = append(a.ticks, k*step)
	}
	return a
}

// decimals is how many decimals the tick labels need.
func (a axis) decimals() int { return max(0, -a.exp) }

// pos maps v to a fraction of the axis, 0 at lo and 1 at hi.
func (a axis) pos(v float64) float64 {
	return (clamp(v) - a.lo) / (a.hi - a.lo)
}

// formatValue writes v with the given decimals and unit. Magnitudes of ten thousand and more
// are shortened (12.5k, 3M), and beyond a thousand trillion written in exponent form.
func formatValue(v float64, decimals int, unit string) string {
	if !finite(v) {
		return "no value"
	}
	if v == 0 {
		v = 0 // no "-0"
	}
	abs := math.Abs(v)
	var s string
	switch {
	case abs < 1e4:
		s = strconv.FormatFloat(v, 'f', min(decimals, 6), 64)
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-") // a tiny negative rounds to 0, not -0
		}
	case abs < 1e15:
		s = shorten(v)
	default:
		s = strconv.FormatFloat(v, 'e', 2, 64)
	}
	return s + unit
}

// shorten writes 1e4 ≤ |v| < 1e15 with a suffix and at most three significant digits.
func shorten(v float64) string {
	for _, u := range []struct {
		div    float64
		suffix string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}} {
		if math.Abs(v) >= u.div {
			x := v / u.div
			dec := 0
			if math.Abs(x) < 100 {
				dec = 1
			}
			s := strconv.FormatFloat(x, 'f', dec, 64)
			return strings.TrimSuffix(s, ".0") + u.suffix
		}
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// svg accumulates a chart's markup.
type svg struct{ b strings.Builder }

func (s *svg) open(id, title, desc string, width, height int) {
	id = cleanID(id)
	if strings.TrimSpace(title) == "" {
		title = "Chart" // a role="img" needs a name
	}
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%d" fill="%s">`,
		width, height, width, height, id, id, fontFamily, fontSize, textColour)
	s.printf(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, text(title), id, text(desc))
	s.printf(`<rect width="%d" height="%d" fill="%s"/>`, width, height, background)
}

func (s *svg) close() template.HTML {
	s.b.WriteString("</svg>")
	return template.HTML(s.b.String()) // every text and attribute value was escaped by text()
}

// printf writes markup; callers pass text through text() and coordinates through coord().
func (s *svg) printf(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// coord writes a coordinate with one decimal; layout keeps coordinates finite and in the
// chart, so this only guards against a bug turning into malformed SVG.
func coord(v float64) string {
	if !finite(v) {
		v = 0
	}
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// text makes s safe as XML character data or an attribute value: characters XML 1.0 forbids
// (control characters, invalid UTF-8, noncharacters) become U+FFFD, line breaks become spaces,
// and markup characters are escaped.
func text(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return utf8.RuneError
		}
		return r
	}, s)
	return template.HTMLEscapeString(s)
}

// cleanID keeps the letters, digits, - and _ of id, so it is a valid XML ID; the title and desc
// IDs are built from it.
func cleanID(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || b.String()[0] < 'A' { // an XML ID starts with a letter
		return "chart" + b.String()
	}
	return b.String()
}

// truncate shortens s to at most n runes, ending with an ellipsis when it cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// textWidth is the approximate width of s at fontSize.
func textWidth(s string) int { return utf8.RuneCountInString(s) * charWidth }
