package chart

import (
	"encoding/xml"
	"flag"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var nan = math.NaN()

// levels is a realistic multi-series chart: four empathy levels over five weeks, with a week
// that has no notes.
var levels = Line{
	ID: "levels", Title: "Empathy levels by week", Desc: "Mean rating, 0 none to 2 strong.",
	Labels: []string{"3 Mar", "10 Mar", "17 Mar", "24 Mar", "31 Mar"},
	Series: []Series{
		{"Emotional", []float64{0.2, 0.5, nan, 0.75, 1}},
		{"Cognitive", []float64{1, 1.25, nan, 1.5, 1.4}},
		{"Exploration", []float64{0.5, 0.5, nan, 0.6, 0.9}},
		{"Compassionate", []float64{0, 0.25, nan, 0.5, 0.4}},
	},
	Max: 2, Decimals: 2,
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		svg  template.HTML
	}{
		{"line_levels", levels.SVG()},
		{"line_one_point", Line{ID: "rate", Title: "Open questions", Labels: []string{"March"}, Series: []Series{{"Open-question rate", []float64{42.5}}}, Max: 100, Unit: "%", Decimals: 1}.SVG()},
		{"line_empty", Line{ID: "empty", Title: "Pitfalls per 100 notes"}.SVG()},
		{"bar_suggestions", Bar{ID: "sugg", Title: "Most frequent suggestions", Bars: []BarItem{
			{"Replace \u201cnoncompliant\u201d with \u201cnot taking the medication as prescribed\u201d", 12},
			{"Insert \u201cWhat matters most to you about this?\u201d", 7},
			{"Insert \u201cWould it be all right if I shared an idea?\u201d", 1},
		}}.SVG()},
		{"bar_empty", Bar{ID: "none", Title: "Most frequent suggestions"}.SVG()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkSVG(t, string(tc.svg))
			path := filepath.Join("testdata", tc.name+".svg")
			if *update {
				if err := os.WriteFile(path, []byte(tc.svg+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./chart -update to create it)", err)
			}
			if got := string(tc.svg) + "\n"; got != string(want) {
				t.Errorf("%s differs from the golden file (after checking the change by eye, run go test ./chart -update):\ngot  %s\nwant %s", tc.name, got, want)
			}
		})
	}
}

// TestEdgeCases draws awkward data and checks every result is well-formed, CSP-safe and laid
// out with finite coordinates inside the chart.
func TestEdgeCases(t *testing.T) {
	markup := `<script>alert("x")</script> & 'quotes'`
	for _, tc := range []struct {
		name string
		svg  template.HTML
	}{
		{"no labels", Line{Series: []Series{{"A", []float64{1, 2}}}}.SVG()},
		{"no series", Line{Labels: []string{"a", "b"}}.SVG()},
		{"all NaN", Line{Labels: []string{"a", "b"}, Series: []Series{{"A", []float64{nan, nan}}}}.SVG()},
		{"one point", Line{Labels: []string{"a"}, Series: []Series{{"A", []float64{3}}, {"B", []float64{nan}}}}.SVG()},
		{"lone points between gaps", Line{Labels: []string{"a", "b", "c", "d", "e"}, Series: []Series{{"A", []float64{1, nan, 2, nan, 3}}}}.SVG()},
		{"infinities", Line{Labels: []string{"a", "b", "c"}, Series: []Series{{"A", []float64{math.Inf(1), 1, math.Inf(-1)}}}}.SVG()},
		{"huge", Line{Labels: []string{"a", "b"}, Series: []Series{{"A", []float64{math.MaxFloat64, -math.MaxFloat64}}}}.SVG()},
		{"tiny", Line{Labels: []string{"a", "b"}, Series: []Series{{"A", []float64{5e-324, 1e-310}}}}.SVG()},
		{"negative", Line{Labels: []string{"a", "b"}, Series: []Series{{"A", []float64{-3, -7}}}}.SVG()},
		{"short and long values", Line{Labels: []string{"a", "b", "c"}, Series: []Series{{"A", []float64{1}}, {"B", []float64{1, 2, 3, 4, 5}}}}.SVG()},
		{"many labels", Line{Labels: slices.Repeat([]string{"a long period label"}, 400), Series: []Series{{"A", make([]float64, 400)}}}.SVG()},
		{"many series", Line{Labels: []string{"a", "b"}, Series: slices.Repeat([]Series{{"Same value", []float64{1, 1}}}, 12)}.SVG()},
		{"markup and control characters", Line{ID: `"><x`, Title: markup, Desc: "\x00\x1b\ufffe", Labels: []string{markup, "\xff\xfe"}, Series: []Series{{markup, []float64{1, 2}}, {"\x01", []float64{2, 1}}}, Unit: "<%>"}.SVG()},
		{"odd sizes", Line{Width: -5, Height: 1 << 30, Labels: []string{"a"}, Series: []Series{{"A", []float64{1}}}}.SVG()},
		{"bar NaN and zero", Bar{Bars: []BarItem{{"none", nan}, {"zero", 0}, {"inf", math.Inf(1)}}}.SVG()},
		{"bar negative", Bar{Bars: []BarItem{{"down", -4}, {"up", 2}}}.SVG()},
		{"bar huge", Bar{Bars: []BarItem{{"big", math.MaxFloat64}, {"small", 1}}}.SVG()},
		{"bar markup", Bar{ID: "1", Title: markup, Bars: []BarItem{{markup + strings.Repeat("long ", 80), 3}}, Unit: "\x00"}.SVG()},
	} {
		t.Run(tc.name, func(t *testing.T) { checkSVG(t, string(tc.svg)) })
	}
}

// checkSVG parses s as XML and checks what every chart promises: an svg root with role="img"
// whose aria-labelledby names a non-empty title and desc; no script, style element or style
// attribute (the page CSP and tests forbid them); no event handlers; and finite numeric
// coordinates for every shape, inside the viewBox.
func checkSVG(t testing.TB, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var w, h float64
	texts := map[string]string{} // id → text
	var labelledBy string
	var stack []string
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			name := el.Name.Local
			stack = append(stack, "")
			if depth == 1 {
				if name != "svg" {
					t.Fatalf("root element %s, want svg", name)
				}
				attrs := attrMap(el)
				if attrs["role"] != "img" {
					t.Errorf("svg role=%q, want img", attrs["role"])
				}
				labelledBy = attrs["aria-labelledby"]
				var err1, err2 error
				w, err1 = strconv.ParseFloat(attrs["width"], 64)
				h, err2 = strconv.ParseFloat(attrs["height"], 64)
				if err1 != nil || err2 != nil || attrs["viewBox"] != fmt.Sprintf("0 0 %s %s", attrs["width"], attrs["height"]) {
					t.Errorf("svg size: width %q height %q viewBox %q", attrs["width"], attrs["height"], attrs["viewBox"])
				}
			}
			if name == "script" || name == "style" || name == "foreignObject" {
				t.Errorf("<%s> element in a chart", name)
			}
			if name == "title" || name == "desc" {
				stack[len(stack)-1] = attrMap(el)["id"]
			}
			for _, a := range el.Attr {
				checkAttr(t, name, a, w, h)
			}
		case xml.CharData:
			if id := stack[len(stack)-1]; id != "" {
				texts[id] += string(el)
			}
		case xml.EndElement:
			depth--
			stack = stack[:len(stack)-1]
		}
	}
	ids := strings.Fields(labelledBy)
	if len(ids) != 2 || !strings.HasSuffix(ids[0], "-title") || !strings.HasSuffix(ids[1], "-desc") {
		t.Fatalf("aria-labelledby=%q, want a title and a desc", labelledBy)
	}
	for _, id := range ids {
		if strings.TrimSpace(texts[id]) == "" {
			t.Errorf("the element %s named by aria-labelledby is missing or empty", id)
		}
	}
}

var coordAttrs = map[string]bool{"x": true, "y": true, "x1": true, "x2": true, "y1": true, "y2": true, "cx": true, "cy": true, "width": true, "height": true, "r": true}

func checkAttr(t testing.TB, el string, a xml.Attr, w, h float64) {
	t.Helper()
	name := strings.ToLower(a.Name.Local)
	switch {
	case name == "style":
		t.Errorf("<%s> has a style attribute, which the CSP forbids", el)
	case strings.HasPrefix(name, "on") || a.Name.Space == "xlink" || name == "href":
		t.Errorf("<%s> has the attribute %s", el, name)
	case el == "svg":
	case coordAttrs[name]:
		checkNumber(t, el, name, a.Value, w, h)
	case name == "d":
		for _, f := range strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == 'M' || r == 'L' || r == 'Z' }) {
			checkNumber(t, el, name, f, w, h)
		}
	}
}

func checkNumber(t testing.TB, el, attr, s string, w, h float64) {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		t.Errorf("<%s %s=%q> is not a finite number", el, attr, s)
		return
	}
	if v < -1 || v > max(w, h)+1 {
		t.Errorf("<%s %s=%s> lies outside the %gx%g chart", el, attr, s, w, h)
	}
}

func attrMap(el xml.StartElement) map[string]string {
	m := map[string]string{}
	for _, a := range el.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}

func TestNiceAxis(t *testing.T) {
	for _, tc := range []struct {
		values     []float64
		min, max   float64
		ticks      []float64
		decimalsTo int
	}{
		{nil, 0, 0, []float64{0, 0.5, 1}, 1},
		{[]float64{0.3, 1.7}, 0, 2, []float64{0, 0.5, 1, 1.5, 2}, 1},
		{[]float64{37}, 0, 0, []float64{0, 10, 20, 30, 40}, 0},
		{[]float64{12.5, 80}, 0, 100, []float64{0, 50, 100}, 0},
		{[]float64{-3, 7}, 0, 0, []float64{-5, 0, 5, 10}, 0},
		{[]float64{nan, math.Inf(1), 4}, 0, 0, []float64{0, 1, 2, 3, 4}, 0},
		{[]float64{0.012}, 0, 0, []float64{0, 0.005, 0.01, 0.015}, 3},
		{[]float64{3.2e9}, 0, 0, []float64{0, 1e9, 2e9, 3e9, 4e9}, 0},
	} {
		a := niceAxis(tc.values, tc.min, tc.max, yTickCount)
		if !slices.EqualFunc(a.ticks, tc.ticks, func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(y)) }) || a.decimals() != tc.decimalsTo {
			t.Errorf("niceAxis(%v, %g, %g): ticks %v decimals %d, want %v and %d", tc.values, tc.min, tc.max, a.ticks, a.decimals(), tc.ticks, tc.decimalsTo)
		}
		if a.lo != a.ticks[0] || a.hi != a.ticks[len(a.ticks)-1] {
			t.Errorf("niceAxis(%v): the axis %g..%g does not end on ticks %v", tc.values, a.lo, a.hi, a.ticks)
		}
	}
	// A bounded scale's floor is its baseline.
	if a := niceAxisFrom([]float64{3.2, 4.6}, 1, 5, intervalTicks, false); !slices.Equal(a.ticks, []float64{1, 2, 3, 4, 5}) {
		t.Errorf("a 1–5 scale: ticks %v, want 1 to 5", a.ticks)
	}
	huge := niceAxis([]float64{math.MaxFloat64, -math.MaxFloat64}, 0, 0, yTickCount)
	if !finite(huge.lo) || !finite(huge.hi) || huge.lo >= huge.hi || len(huge.ticks) > yTickCount+3 {
		t.Errorf("huge values: axis %g..%g with ticks %v", huge.lo, huge.hi, huge.ticks)
	}
}

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		v        float64
		decimals int
		unit     string
		want     string
	}{
		{0, 0, "", "0"},
		{math.Copysign(0, -1), 1, "", "0.0"},
		{-0.001, 1, "", "0.0"},
		{42.25, 1, "%", "42.2%"},
		{1.5, 2, "", "1.50"},
		{9999, 0, "", "9999"},
		{12500, 0, "", "12.5k"},
		{250000, 0, "", "250k"},
		{3e6, 0, "", "3M"},
		{-4.2e9, 0, "", "-4.2B"},
		{7e13, 0, "", "70T"},
		{2e20, 0, "", "2.00e+20"},
		{nan, 2, "%", "no value"},
		{3, 99, "", "3.000000"},
	} {
		if got := formatValue(tc.v, tc.decimals, tc.unit); got != tc.want {
			t.Errorf("formatValue(%g, %d, %q) = %q, want %q", tc.v, tc.decimals, tc.unit, got, tc.want)
		}
	}
}

func TestSummaries(t *testing.T) {
	for _, tc := range []struct {
		name string
		svg  template.HTML
		want string
	}{
		{"line", levels.SVG(), "Mean rating, 0 none to 2 strong. 5 periods, from 3 Mar to 31 Mar. Emotional: first 0.20, last 1.00, lowest 0.20, highest 1.00. " +
			"Cognitive: first 1.00, last 1.40, lowest 1.00, highest 1.50. Exploration: first 0.50, last 0.90, lowest 0.50, highest 0.90. " +
			"Compassionate: first 0.00, last 0.40, lowest 0.00, highest 0.50."},
		{"one point", Line{Labels: []string{"March"}, Series: []Series{{"Rate", []float64{40}}, {"Other", nil}}, Unit: "%"}.SVG(), "One period, March. Rate: 40%. Other: no values."},
		{"empty line", Line{}.SVG(), "No data to show."},
		{"bars", Bar{Bars: []BarItem{{"A", 3}, {"B", nan}}}.SVG(), "2 bars. A: 3. B: no value."},
		{"many bars", Bar{Bars: slices.Repeat([]BarItem{{"x", 1}}, 12)}.SVG(), "12 bars." + strings.Repeat(" x: 1.", 10) + " And 2 more."},
	} {
		if m := descOf(string(tc.svg)); m != tc.want {
			t.Errorf("%s: desc %q, want %q", tc.name, m, tc.want)
		}
	}
}

// descOf returns the text of the chart's desc element.
func descOf(s string) string {
	open := strings.Index(s, "<desc")
	if open < 0 {
		return ""
	}
	s = s[open:]
	s = s[strings.Index(s, ">")+1:]
	return strings.ReplaceAll(s[:strings.Index(s, "</desc>")], "&#39;", "'")
}

// TestSeriesDistinguishable: series differ in dash and marker, not only colour, and every
// colour is dark enough on white for text (4.5:1), so the direct labels can use it.
func TestSeriesDistinguishable(t *testing.T) {
	seen := map[string]bool{}
	for i, st := range styles {
		key := fmt.Sprint(st.dash, st.marker)
		if seen[key] {
			t.Errorf("style %d repeats another's dash and marker", i)
		}
		seen[key] = true
		if r := contrast(st.colour, background); r < 4.5 {
			t.Errorf("style %d colour %s has contrast %.2f on white, want ≥ 4.5", i, st.colour, r)
		}
	}
	if r := contrast(mutedColour, background); r < 4.5 {
		t.Errorf("muted text contrast %.2f", r)
	}
	svg := string(levels.SVG())
	for _, name := range []string{"Emotional", "Cognitive", "Exploration", "Compassionate"} {
		if strings.Count(svg, ">"+name+"</text>") != 2 { // the legend and the direct label
			t.Errorf("%s is not labelled in both the legend and at its line's end", name)
		}
	}
	if n := strings.Count(svg, "stroke-dasharray"); n != 6 { // 3 dashed series, each in the legend too
		t.Errorf("%d dashed lines, want 6", n)
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}

func TestDeterministic(t *testing.T) {
	if first, second := levels.SVG(), levels.SVG(); first != second {
		t.Error("the same chart drew differently twice")
	}
}

// FuzzLine draws charts from arbitrary labels and values: each must be well-formed and safe.
func FuzzLine(f *testing.F) {
	f.Add("a|b|c", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, 2, "%", 640, 280)
	f.Add("", []byte{}, 0, "", 0, 0)
	f.Add("<x>|\x00", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0x7f, 1, 0, 0, 0, 0, 0, 0xf0, 0x7f}, 3, "&", -1, 99999)
	f.Fuzz(func(t *testing.T, labels string, raw []byte, nSeries int, unit string, w, h int) {
		ls := strings.Split(labels, "|")
		vals := floats(raw)
		nSeries = min(max(nSeries, 0), 8)
		var series []Series
		for i := range nSeries {
			series = append(series, Series{Name: fmt.Sprint("S", i, labels), Values: vals[min(i, len(vals)):]})
		}
		checkSVG(t, string(Line{ID: labels, Title: labels, Labels: ls, Series: series, Unit: unit, Decimals: nSeries, Width: w, Height: h}.SVG()))
	})
}

// FuzzBar draws bar charts from arbitrary labels and values.
func FuzzBar(f *testing.F) {
	f.Add("a|b", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f}, "", 640)
	f.Add("\xff", []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f}, "<", 0)
	f.Fuzz(func(t *testing.T, labels string, raw []byte, unit string, w int) {
		vals := floats(raw)
		var bars []BarItem
		for i, l := range strings.Split(labels, "|") {
			v := 0.0
			if i < len(vals) {
				v = vals[i]
			}
			bars = append(bars, BarItem{l, v})
		}
		checkSVG(t, string(Bar{ID: labels, Title: labels, Bars: bars, Unit: unit, Width: w}.SVG()))
	})
}

// floats reads raw as little-endian float64s, so the fuzzer reaches NaN, infinities, subnormals
// and the extremes.
func floats(raw []byte) []float64 {
	var out []float64
	for len(raw) >= 8 {
		var bits uint64
		for i := 7; i >= 0; i-- {
			bits = bits<<8 | uint64(raw[i])
		}
		out = append(out, math.Float64frombits(bits))
		raw = raw[8:]
	}
	return out
}
