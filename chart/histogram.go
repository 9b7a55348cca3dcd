package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Histogram is a vertical bar chart of counts over ordered values, such as how many responses
// had each score: the shape of a distribution, and a pile-up at either end, read at a glance.
// Each bar's count is written above it where there is room, and always in its tooltip.
type Histogram struct {
	ID     string // unique on the page: the title's and desc's IDs are made from it
	Title  string
	Desc   string   // optional words said before the summary generated from the data
	Labels []string // the values along the x axis, in order
	Counts []float64
	Unit   string // written after counts, such as "%"
	Width  int    // zero means 640
	Height int    // zero means 260
}

const (
	defaultHistogramHeight = 260
	columnGap              = 0.2 // of a column's slot
)

// SVG draws the chart.
func (c Histogram) SVG() template.HTML {
	w := size(c.Width, defaultWidth, minWidth)
	h := size(c.Height, defaultHistogramHeight, minHeight)
	counts := make([]float64, len(c.Labels))
	for i := range counts {
		counts[i] = math.NaN()
		if i < len(c.Counts) {
			counts[i] = c.Counts[i]
		}
	}
	ax := niceAxis(counts, 0, 0, yTickCount)
	ticks := make([]string, len(ax.ticks))
	for i, t := range ax.ticks {
		ticks[i] = formatValue(t, ax.decimals(), c.Unit)
	}
	left := min(maxWidth(ticks)+12, w/4)
	p := plot{x0: float64(left), x1: float64(w - 12), y0: 20, y1: float64(h - 36), ax: ax}

	var s svg
	s.open(c.ID, c.Title, c.summary(counts), w, h)
	Line{}.drawGrid(&s, p, ticks)
	if len(counts) == 0 {
		s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">No data to show</text>`, coord((p.x0+p.x1)/2), coord((p.y0+p.y1)/2), mutedColour)
		return s.close()
	}
	slot := (p.x1 - p.x0) / float64(len(counts))
	every := max(1, int(math.Ceil(float64(maxWidth(c.Labels)+6)/slot)))
	for i, v := range counts {
		x := p.x0 + float64(i)*slot
		value := formatValue(v, 0, c.Unit)
		s.printf(`<g><title>%s</title>`, text(c.Labels[i]+": "+value))
		if finite(v) && v != 0 {
			top := p.y(v)
			s.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, coord(x+slot*columnGap/2), coord(top), coord(slot*(1-columnGap)), coord(max(p.y1-top, 1)), styles[0].colour)
			if textWidth(value) <= int(slot) {
				s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, coord(x+slot/2), coord(top-4), mutedColour, text(value))
			}
		}
		if i%every == 0 {
			s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, coord(x+slot/2), coord(p.y1+18), mutedColour, text(c.Labels[i]))
		}
		s.printf(`</g>`)
	}
	return s.close()
}

// summary says in words what the chart shows: the number of values, the total and where the
// most counts are.
func (c Histogram) summary(counts []float64) string {
	var b strings.Builder
	if d := strings.TrimSpace(c.Desc); d != "" {
		b.WriteString(d + " ")
	}
	if len(counts) == 0 {
		b.WriteString("No data to show.")
		return b.String()
	}
	total, top := 0.0, -1
	for i, v := range counts {
		if !finite(v) {
			continue
		}
		total += v
		if top < 0 || v > counts[top] {
			top = i
		}
	}
	b.WriteString(strconv.Itoa(len(counts)) + " values, from " + c.Labels[0] + " to " + c.Labels[len(counts)-1] + "; total " + formatValue(total, 0, c.Unit) + ".")
	if top >= 0 && total > 0 {
		b.WriteString(" Most often " + c.Labels[top] + ": " + formatValue(counts[top], 0, c.Unit) + ".")
	}
	for i, v := range counts {
		b.WriteString(" " + c.Labels[i] + ": " + formatValue(v, 0, c.Unit) + ".")
	}
	return b.String()
}
