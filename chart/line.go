package chart

import (
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Line is a line chart of one or more series over the same periods.
type Line struct {
	ID       string   // unique on the page: the title's and desc's IDs are made from it
	Title    string   // what the chart shows, said first by screen readers
	Desc     string   // optional words said before the summary generated from the data
	Labels   []string // the periods along the x axis, in order
	Series   []Series
	Min, Max float64 // the y axis covers at least [Min, Max], and always zero
	Unit     string  // written after values and tick labels, such as "%"
	Decimals int     // decimals of values in the summary and the points' tooltips
	Width    int     // zero means 640
	Height   int     // zero means 280
}

// Series is one line. Values[i] is the value for Labels[i]; NaN or an infinity is no value and
// breaks the line. Values beyond the labels are ignored, and missing ones are no value.
type Series struct {
	Name   string
	Values []float64
}

// Sizes, in SVG user units (pixels at 100%).
const (
	defaultWidth      = 640
	defaultLineHeight = 280
	minWidth          = 240
	minHeight         = 140
	maxSize           = 4000
	yTickCount        = 5
	legendRowHeight   = 22
	legendSample      = 24 // the length of the line drawn beside each legend entry
	labelSpacing      = 14 // the least vertical distance between two direct labels
	maxNameChars      = 22
	maxXLabelChars    = 14
)

// size bounds a requested dimension to [least, maxSize]; zero means def.
func size(v, def, least int) int {
	if v == 0 {
		return def
	}
	return min(max(v, least), maxSize)
}

// plot is where the lines go, and how values and periods map into it.
type plot struct {
	x0, x1, y0, y1 float64
	n              int
	ax             axis
}

func (p plot) x(i int) float64 {
	if p.n <= 1 {
		return (p.x0 + p.x1) / 2
	}
	return p.x0 + float64(i)*(p.x1-p.x0)/float64(p.n-1)
}

func (p plot) y(v float64) float64 { return p.y1 - p.ax.pos(v)*(p.y1-p.y0) }

// SVG draws the chart.
func (l Line) SVG() template.HTML {
	w := size(l.Width, defaultWidth, minWidth)
	h := size(l.Height, defaultLineHeight, minHeight)
	vals := l.values()
	ax := niceAxis(slices.Concat(vals...), l.Min, l.Max, yTickCount)
	ticks := make([]string, len(ax.ticks))
	for i, t := range ax.ticks {
		ticks[i] = formatValue(t, ax.decimals(), l.Unit)
	}
	multi := len(l.Series) > 1
	names := make([]string, len(l.Series))
	right := 16 + min(textWidth(l.label(len(l.Labels)-1)), 60)/2
	for i, s := range l.Series {
		names[i] = truncate(s.Name, maxNameChars)
		if multi {
			right = max(right, textWidth(names[i])+16)
		}
	}
	right = min(right, w/3)
	left := min(maxWidth(ticks)+12, w/4)
	legend := l.legendRows(w, names)
	p := plot{x0: float64(left), x1: float64(w - right), y0: float64(14 + legend*legendRowHeight), y1: float64(h - 36), n: len(l.Labels), ax: ax}

	var s svg
	s.open(l.ID, l.Title, l.summary(vals), w, h)
	l.drawGrid(&s, p, ticks)
	l.drawXLabels(&s, p)
	if !slices.ContainsFunc(slices.Concat(vals...), finite) {
		s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">No data to show</text>`, coord((p.x0+p.x1)/2), coord((p.y0+p.y1)/2), mutedColour)
		return s.close()
	}
	for i := range l.Series {
		l.drawSeries(&s, p, i, vals[i])
	}
	if multi {
		drawDirectLabels(&s, p, names, vals)
		drawLegend(&s, w, names)
	}
	return s.close()
}

// values returns each series' values, one per label.
func (l Line) values() [][]float64 {
	out := make([][]float64, len(l.Series))
	for i, s := range l.Series {
		out[i] = make([]float64, len(l.Labels))
		for j := range out[i] {
			out[i][j] = math.NaN()
			if j < len(s.Values) && finite(s.Values[j]) {
				out[i][j] = s.Values[j]
			}
		}
	}
	return out
}

// label returns the i-th period's label, shortened for the axis.
func (l Line) label(i int) string {
	if i < 0 || i >= len(l.Labels) {
		return ""
	}
	return truncate(l.Labels[i], maxXLabelChars)
}

func maxWidth(labels []string) int {
	w := 0
	for _, s := range labels {
		w = max(w, textWidth(s))
	}
	return w
}

// drawGrid draws a horizontal rule and a label at each tick; the zero line is darker, as the
// baseline values are read from.
func (l Line) drawGrid(s *svg, p plot, ticks []string) {
	for i, t := range p.ax.ticks {
		y := coord(p.y(t))
		colour := gridColour
		if t == 0 {
			colour = mutedColour
		}
		s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, coord(p.x0), y, coord(p.x1), y, colour)
		s.printf(`<text x="%s" y="%s" text-anchor="end" dominant-baseline="middle" fill="%s">%s</text>`, coord(p.x0-6), y, mutedColour, text(ticks[i]))
	}
}

// drawXLabels labels the periods, skipping some when they would overlap.
func (l Line) drawXLabels(s *svg, p plot) {
	if p.n == 0 {
		return
	}
	every := 1
	if p.n > 1 {
		widest := 0
		for i := range p.n {
			widest = max(widest, textWidth(l.label(i)))
		}
		slot := (p.x1 - p.x0) / float64(p.n-1)
		every = max(1, int(math.Ceil(float64(widest+8)/slot)))
	}
	for i := 0; i < p.n; i += every {
		s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, coord(p.x(i)), coord(p.y1+18), mutedColour, text(l.label(i)))
	}
}

// drawSeries draws one series: a path through each run of consecutive values (a missing value
// breaks the line) and a marker, with a tooltip, at every value.
func (l Line) drawSeries(s *svg, p plot, i int, vals []float64) {
	st := styleFor(i)
	var d strings.Builder
	for j := 0; j < len(vals); j++ {
		if !finite(vals[j]) {
			continue
		}
		cmd := "L"
		if j == 0 || !finite(vals[j-1]) {
			cmd = "M"
			if j+1 == len(vals) || !finite(vals[j+1]) {
				continue // a lone value: its marker shows it
			}
		}
		d.WriteString(cmd + coord(p.x(j)) + "," + coord(p.y(vals[j])) + " ")
	}
	if d.Len() > 0 {
		dash := ""
		if st.dash != "" {
			dash = ` stroke-dasharray="` + st.dash + `"`
		}
		s.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, strings.TrimSpace(d.String()), st.colour, dash)
	}
	for j, v := range vals {
		if finite(v) {
			tip := l.Series[i].Name + ", " + l.Labels[j] + ": " + formatValue(v, l.Decimals, l.Unit)
			drawMarker(s, st, p.x(j), p.y(v), tip)
		}
	}
}

// drawMarker draws the style's marker centred on (x, y) with a tooltip.
func drawMarker(s *svg, st style, x, y float64, tip string) {
	common := `fill="` + st.colour + `" stroke="` + background + `" stroke-width="1"`
	title := "<title>" + text(tip) + "</title>"
	switch st.marker {
	case circle:
		s.printf(`<circle cx="%s" cy="%s" r="4.5" %s>%s</circle>`, coord(x), coord(y), common, title)
	case square:
		s.printf(`<rect x="%s" y="%s" width="8" height="8" %s>%s</rect>`, coord(x-4), coord(y-4), common, title)
	default:
		var pts [][2]float64
		switch st.marker {
		case triangle:
			pts = [][2]float64{{0, -5.5}, {5, 4}, {-5, 4}}
		case triangleDown:
			pts = [][2]float64{{0, 5.5}, {5, -4}, {-5, -4}}
		default: // diamond
			pts = [][2]float64{{0, -5.5}, {5.5, 0}, {0, 5.5}, {-5.5, 0}}
		}
		d := "M"
		for k, pt := range pts {
			if k > 0 {
				d += " L"
			}
			d += coord(x+pt[0]) + "," + coord(y+pt[1])
		}
		s.printf(`<path d="%s Z" %s>%s</path>`, d, common, title)
	}
}

// drawDirectLabels writes each series' name right of the plot, level with its last value,
// moving labels apart where they would overlap.
func drawDirectLabels(s *svg, p plot, names []string, vals [][]float64) {
	type label struct {
		i int
		y float64
	}
	var labels []label
	for i, vs := range vals {
		for j := len(vs) - 1; j >= 0; j-- {
			if finite(vs[j]) {
				labels = append(labels, label{i, p.y(vs[j])})
				break
			}
		}
	}
	slices.SortStableFunc(labels, func(a, b label) int {
		switch {
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		}
		return a.i - b.i
	})
	for k := 1; k < len(labels); k++ {
		labels[k].y = max(labels[k].y, labels[k-1].y+labelSpacing)
	}
	if n := len(labels); n > 0 && labels[n-1].y > p.y1+labelSpacing {
		labels[n-1].y = p.y1 + labelSpacing
		for k := n - 2; k >= 0; k-- {
			labels[k].y = min(labels[k].y, labels[k+1].y-labelSpacing)
		}
	}
	for _, lb := range labels {
		st := styleFor(lb.i)
		s.printf(`<text x="%s" y="%s" dominant-baseline="middle" fill="%s">%s</text>`, coord(p.x1+8), coord(lb.y), st.colour, text(names[lb.i]))
	}
}

// legendRows is how many rows the legend takes (none for a single series).
func (l Line) legendRows(w int, names []string) int {
	if len(names) < 2 {
		return 0
	}
	rows, x := 1, 0
	for _, n := range names {
		entry := legendEntryWidth(n)
		if x > 0 && x+entry > w-16 {
			rows, x = rows+1, 0
		}
		x += entry
	}
	return rows
}

func legendEntryWidth(name string) int { return legendSample + 6 + textWidth(name) + 16 }

// drawLegend shows each series' dash pattern and marker beside its name, above the plot.
func drawLegend(s *svg, w int, names []string) {
	x, row := 8, 0
	for i, n := range names {
		entry := legendEntryWidth(n)
		if x > 8 && x+entry > w-8 {
			x, row = 8, row+1
		}
		st := styleFor(i)
		y := float64(10 + row*legendRowHeight)
		dash := ""
		if st.dash != "" {
			dash = ` stroke-dasharray="` + st.dash + `"`
		}
		s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`, coord(float64(x)), coord(y), coord(float64(x+legendSample)), coord(y), st.colour, dash)
		drawMarker(s, st, float64(x+legendSample/2), y, n)
		s.printf(`<text x="%s" y="%s" dominant-baseline="middle">%s</text>`, coord(float64(x+legendSample+6)), coord(y), text(n))
		x += entry
	}
}

// summary says in words what the chart shows: the periods, and for each series its first,
// last, lowest and highest values.
func (l Line) summary(vals [][]float64) string {
	var b strings.Builder
	if d := strings.TrimSpace(l.Desc); d != "" {
		b.WriteString(d + " ")
	}
	n := len(l.Labels)
	switch n {
	case 0:
		b.WriteString("No data to show.")
		return b.String()
	case 1:
		b.WriteString("One period, " + l.Labels[0] + ".")
	default:
		b.WriteString(strconv.Itoa(n) + " periods, from " + l.Labels[0] + " to " + l.Labels[n-1] + ".")
	}
	f := func(v float64) string { return formatValue(v, l.Decimals, l.Unit) }
	for i, s := range l.Series {
		var got []float64
		for _, v := range vals[i] {
			if finite(v) {
				got = append(got, v)
			}
		}
		b.WriteString(" " + s.Name + ": ")
		switch len(got) {
		case 0:
			b.WriteString("no values.")
		case 1:
			b.WriteString(f(got[0]) + ".")
		default:
			b.WriteString("first " + f(got[0]) + ", last " + f(got[len(got)-1]) +
				", lowest " + f(slices.Min(got)) + ", highest " + f(slices.Max(got)) + ".")
		}
	}
	return b.String()
}
