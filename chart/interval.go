package chart

import (
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Interval is a line chart of one estimate per period with its confidence interval, drawn both
// as a shaded band (the shape over time) and as an error bar at each point (each period's own
// width), with the number of observations written under each period: a mean of 3 responses
// must not look as sure as a mean of 300.
type Interval struct {
	ID     string // unique on the page: the title's and desc's IDs are made from it
	Title  string
	Desc   string // optional words said before the summary generated from the data
	Name   string // what the values are, such as "Mean trust"; "Value" when empty
	Labels []string
	Points []IntervalPoint // Points[i] is for Labels[i]; missing points have no value
	// The y axis covers at least [Min, Max]. When both are given (a bounded scale, such as 1 to
	// 5), Min is the baseline; otherwise the axis includes zero.
	Min, Max float64
	Unit     string
	Decimals int
	Width    int // zero means 640
	Height   int // zero means 300
}

// IntervalPoint is one period's estimate. A NaN or infinite Value is no value (a gap); a
// point whose Low or High is not finite has no interval. N is written under the period when
// it is positive, whether or not the value is shown.
type IntervalPoint struct {
	Value, Low, High float64
	N                int
}

const (
	defaultIntervalHeight = 300
	bandOpacity           = "0.16" // the band is a background for the bars, which carry the contrast
	capHalfWidth          = 5
	intervalTicks         = 6 // a 1–5 scale gets a tick per point
)

// SVG draws the chart.
func (c Interval) SVG() template.HTML {
	w := size(c.Width, defaultWidth, minWidth)
	h := size(c.Height, defaultIntervalHeight, minHeight)
	pts := c.points()
	var all []float64
	for _, p := range pts {
		all = append(all, p.Value, p.Low, p.High)
	}
	scale := finite(c.Min) && finite(c.Max) && c.Max > c.Min
	ax := niceAxisFrom(all, c.Min, c.Max, intervalTicks, !scale)
	ticks := make([]string, len(ax.ticks))
	for i, t := range ax.ticks {
		ticks[i] = formatValue(t, ax.decimals(), c.Unit)
	}
	axisLabels := Line{Labels: c.Labels}
	right := 16 + min(textWidth(axisLabels.label(len(c.Labels)-1)), 60)/2
	left := min(max(maxWidth(ticks)+12, textWidth(axisLabels.label(0))/2+4), w/4)
	p := plot{x0: float64(left), x1: float64(w - min(right, w/3)), y0: 14, y1: float64(h - 52), n: len(c.Labels), ax: ax}

	var s svg
	s.open(c.ID, c.Title, c.summary(pts), w, h)
	axisLabels.drawGrid(&s, p, ticks)
	axisLabels.drawXLabels(&s, p)
	c.drawCounts(&s, p, pts)
	if !slices.ContainsFunc(pts, func(q IntervalPoint) bool { return finite(q.Value) }) {
		s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">No data to show</text>`, coord((p.x0+p.x1)/2), coord((p.y0+p.y1)/2), mutedColour)
		return s.close()
	}
	st := styleFor(0)
	drawBands(&s, p, pts, st.colour)
	drawPath(&s, p, pts, st.colour)
	for i, q := range pts {
		if !finite(q.Value) {
			continue
		}
		if hasInterval(q) {
			x, lo, hi := p.x(i), p.y(q.Low), p.y(q.High)
			s.printf(`<path d="M%s,%s L%s,%s M%s,%s L%s,%s M%s,%s L%s,%s" fill="none" stroke="%s" stroke-width="1.5"/>`,
				coord(x), coord(lo), coord(x), coord(hi),
				coord(x-capHalfWidth), coord(lo), coord(x+capHalfWidth), coord(lo),
				coord(x-capHalfWidth), coord(hi), coord(x+capHalfWidth), coord(hi), st.colour)
		}
		drawMarker(&s, st, p.x(i), p.y(q.Value), c.pointText(i, q))
	}
	return s.close()
}

// points returns one point per label; missing ones have no value.
func (c Interval) points() []IntervalPoint {
	out := make([]IntervalPoint, len(c.Labels))
	for i := range out {
		out[i] = IntervalPoint{Value: math.NaN(), Low: math.NaN(), High: math.NaN()}
		if i < len(c.Points) {
			out[i] = c.Points[i]
		}
	}
	return out
}

func (c Interval) name() string {
	if strings.TrimSpace(c.Name) == "" {
		return "Value"
	}
	return c.Name
}

func hasInterval(q IntervalPoint) bool { return finite(q.Low) && finite(q.High) }

// drawCounts writes "n=…" under each period's label.
func (c Interval) drawCounts(s *svg, p plot, pts []IntervalPoint) {
	if p.n == 0 {
		return
	}
	every := 1
	if p.n > 1 {
		widest := 0
		for _, q := range pts {
			widest = max(widest, textWidth("n="+strconv.Itoa(q.N)))
		}
		every = max(1, int(math.Ceil(float64(widest+8)/((p.x1-p.x0)/float64(p.n-1)))))
	}
	for i := 0; i < p.n; i += every {
		if pts[i].N > 0 {
			s.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">n=%d</text>`, coord(p.x(i)), coord(p.y1+36), mutedColour, pts[i].N)
		}
	}
}

// drawBands shades each run of consecutive points that have an interval.
func drawBands(s *svg, p plot, pts []IntervalPoint, colour string) {
	for i := 0; i < len(pts); {
		if !finite(pts[i].Value) || !hasInterval(pts[i]) {
			i++
			continue
		}
		j := i
		for j < len(pts) && finite(pts[j].Value) && hasInterval(pts[j]) {
			j++
		}
		if j-i > 1 {
			var d strings.Builder
			d.WriteString("M" + coord(p.x(i)) + "," + coord(p.y(pts[i].High)))
			for k := i + 1; k < j; k++ {
				d.WriteString(" L" + coord(p.x(k)) + "," + coord(p.y(pts[k].High)))
			}
			for k := j - 1; k >= i; k-- {
				d.WriteString(" L" + coord(p.x(k)) + "," + coord(p.y(pts[k].Low)))
			}
			s.printf(`<path d="%s Z" fill="%s" fill-opacity="%s" stroke="none"/>`, d.String(), colour, bandOpacity)
		}
		i = j
	}
}

// drawPath joins each run of consecutive values with a line; a lone value is its marker alone.
func drawPath(s *svg, p plot, pts []IntervalPoint, colour string) {
	var d strings.Builder
	for i, q := range pts {
		if !finite(q.Value) {
			continue
		}
		switch {
		case i > 0 && finite(pts[i-1].Value):
			d.WriteString(" L" + coord(p.x(i)) + "," + coord(p.y(q.Value)))
		case i+1 < len(pts) && finite(pts[i+1].Value):
			d.WriteString(" M" + coord(p.x(i)) + "," + coord(p.y(q.Value)))
		}
	}
	if d.Len() > 0 {
		s.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"/>`, strings.TrimSpace(d.String()), colour)
	}
}

func (c Interval) pointText(i int, q IntervalPoint) string {
	f := func(v float64) string { return formatValue(v, c.Decimals, c.Unit) }
	t := c.Labels[i] + ": " + c.name() + " " + f(q.Value)
	if hasInterval(q) {
		t += " (95% CI " + f(q.Low) + " to " + f(q.High) + ")"
	}
	return t + ", n=" + strconv.Itoa(q.N)
}

// summary says in words what the chart shows: the periods, the first, last, lowest and highest
// values, and the widest interval.
func (c Interval) summary(pts []IntervalPoint) string {
	var b strings.Builder
	if d := strings.TrimSpace(c.Desc); d != "" {
		b.WriteString(d + " ")
	}
	switch n := len(c.Labels); n {
	case 0:
		b.WriteString("No data to show.")
		return b.String()
	case 1:
		b.WriteString("One period, " + c.Labels[0] + ".")
	default:
		b.WriteString(strconv.Itoa(n) + " periods, from " + c.Labels[0] + " to " + c.Labels[n-1] + ".")
	}
	var shown []int
	for i, q := range pts {
		if finite(q.Value) {
			shown = append(shown, i)
		}
	}
	b.WriteString(" " + c.name() + ": ")
	if len(shown) == 0 {
		b.WriteString("no values.")
		return b.String()
	}
	first, last := shown[0], shown[len(shown)-1]
	lo := slices.MinFunc(shown, func(a, b int) int { return cmpFloat(pts[a].Value, pts[b].Value) })
	hi := slices.MaxFunc(shown, func(a, b int) int { return cmpFloat(pts[a].Value, pts[b].Value) })
	b.WriteString("first " + c.pointText(first, pts[first]) + "; last " + c.pointText(last, pts[last]) +
		"; lowest " + c.pointText(lo, pts[lo]) + "; highest " + c.pointText(hi, pts[hi]) + ".")
	switch missing := len(pts) - len(shown); {
	case missing == 1:
		b.WriteString(" 1 period has no value shown.")
	case missing > 1:
		b.WriteString(" " + strconv.Itoa(missing) + " periods have no value shown.")
	}
	return b.String()
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
