package chart

import (
	"html/template"
	"strconv"
	"strings"
)

// Bar is a horizontal bar chart: one labelled bar per item, top to bottom, each with its value
// written at its end, so no value depends on reading a scale.
type Bar struct {
	ID       string // unique on the page: the title's and desc's IDs are made from it
	Title    string
	Desc     string // optional words said before the summary generated from the data
	Bars     []BarItem
	Unit     string // written after values, such as "%"
	Decimals int
	Width    int // zero means 640; the height follows from the number of bars
}

// BarItem is one bar. A NaN or infinite Value is no value: the bar is left out and says so.
type BarItem struct {
	Label string
	Value float64
}

// Bar layout, in SVG user units.
const (
	barRowHeight  = 46
	barThickness  = 16
	barPad        = 8
	maxBarSummary = 10 // items named in the desc; the table beside the chart lists them all
)

// SVG draws the chart.
func (c Bar) SVG() template.HTML {
	w := size(c.Width, defaultWidth, minWidth)
	h := barPad*2 + max(len(c.Bars), 1)*barRowHeight
	values := make([]float64, len(c.Bars))
	labels := make([]string, len(c.Bars))
	for i, b := range c.Bars {
		values[i] = b.Value
		labels[i] = formatValue(b.Value, c.Decimals, c.Unit)
	}
	ax := niceAxis(values, 0, 0, yTickCount)
	room := float64(min(maxWidth(labels)+barPad*2, w/3)) // for the value written at a bar's end
	x0, x1 := float64(barPad), float64(w)-room
	if ax.lo < 0 {
		x0 += room // negative bars end left of zero, with their value beyond them
	}
	xOf := func(v float64) float64 { return x0 + ax.pos(v)*(x1-x0) }

	var s svg
	s.open(c.ID, c.Title, c.summary(), w, h)
	if len(c.Bars) == 0 {
		s.printf(`<text x="%s" y="%s" text-anchor="middle" dominant-baseline="middle" fill="%s">No data to show</text>`, coord(float64(w)/2), coord(float64(h)/2), mutedColour)
		return s.close()
	}
	zero := xOf(0)
	maxChars := max(4, (w-barPad*2)/charWidth)
	for i, b := range c.Bars {
		top := float64(barPad + i*barRowHeight)
		s.printf(`<g><title>%s</title>`, text(b.Label+": "+labels[i]))
		s.printf(`<text x="%s" y="%s">%s</text>`, coord(x0), coord(top+13), text(truncate(b.Label, maxChars)))
		barY := top + 20
		end := zero
		if finite(b.Value) {
			end = xOf(b.Value)
			left, width := min(zero, end), max(zero, end)-min(zero, end)
			if b.Value != 0 {
				width = max(width, 1) // a tiny value still shows a sliver
			}
			s.printf(`<rect x="%s" y="%s" width="%s" height="%d" fill="%s"/>`, coord(left), coord(barY), coord(width), barThickness, styles[0].colour)
		}
		anchor, vx := "start", max(zero, end)+6
		if finite(b.Value) && b.Value < 0 {
			anchor, vx = "end", min(zero, end)-6
		}
		s.printf(`<text x="%s" y="%s" text-anchor="%s" dominant-baseline="middle" fill="%s">%s</text></g>`, coord(vx), coord(barY+barThickness/2), anchor, mutedColour, text(labels[i]))
	}
	s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, coord(zero), coord(float64(barPad+16)), coord(zero), coord(float64(h-barPad)), mutedColour)
	return s.close()
}

// summary says in words what the chart shows: the number of bars and the first items' values.
func (c Bar) summary() string {
	var b strings.Builder
	if d := strings.TrimSpace(c.Desc); d != "" {
		b.WriteString(d + " ")
	}
	switch len(c.Bars) {
	case 0:
		b.WriteString("No data to show.")
		return b.String()
	case 1:
		b.WriteString("One bar.")
	default:
		b.WriteString(strconv.Itoa(len(c.Bars)) + " bars.")
	}
	for i, item := range c.Bars {
		if i == maxBarSummary {
			b.WriteString(" And " + strconv.Itoa(len(c.Bars)-i) + " more.")
			break
		}
		b.WriteString(" " + item.Label + ": " + formatValue(item.Value, c.Decimals, c.Unit) + ".")
	}
	return b.String()
}
