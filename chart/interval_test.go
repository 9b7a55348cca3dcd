package chart

import (
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// trust is a realistic interval chart: monthly mean trust with 95% intervals, a month with
// no responses and a month with one (a value but no interval).
var trust = Interval{
	ID: "trust", Title: "Mean trust per month", Name: "Mean trust", Desc: "Trust pulse, 1 to 5.",
	Labels: []string{"Oct 2024", "Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025", "Mar 2025"},
	Points: []IntervalPoint{
		{4.1, 3.8, 4.4, 24}, {4.3, 4.0, 4.6, 19}, {nan, nan, nan, 0}, {4.0, 3.2, 4.8, 6}, {5, nan, nan, 1}, {4.4, 4.25, 4.55, 61},
	},
	Min: 1, Max: 5, Decimals: 2,
}

var scores = Histogram{ID: "dist", Title: "Responses by score", Labels: []string{"1", "2", "3", "4", "5"}, Counts: []float64{1, 0, 7, 30, 62}}

func TestIntervalGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		svg  template.HTML
	}{
		{"interval_trust", trust.SVG()},
		{"interval_empty", Interval{ID: "none", Title: "Mean trust per month"}.SVG()},
		{"histogram_scores", scores.SVG()},
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

// TestIntervalDrawing checks what the golden file cannot say in words: one band per run of
// intervals, an error bar per interval, a marker per value, and n under each period.
func TestIntervalDrawing(t *testing.T) {
	svg := string(trust.SVG())
	// Oct–Nov is one run, Jan alone (no band), Feb has no interval, Mar alone.
	if n := strings.Count(svg, `fill-opacity="`+bandOpacity+`"`); n != 1 {
		t.Errorf("%d bands, want 1", n)
	}
	if n := strings.Count(svg, `stroke-width="1.5"`); n != 4 {
		t.Errorf("%d error bars, want 4", n)
	}
	if n := strings.Count(svg, "<circle"); n != 5 {
		t.Errorf("%d markers, want 5", n)
	}
	for _, want := range []string{">n=24<", ">n=1<", ">n=61<", "Mar 2025: Mean trust 4.40 (95% CI 4.25 to 4.55), n=61", "Feb 2025: Mean trust 5.00, n=1"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if strings.Contains(svg, ">n=0<") {
		t.Error("a period with no responses is labelled n=0")
	}
}

func TestIntervalAndHistogramSummaries(t *testing.T) {
	for _, tc := range []struct {
		svg  template.HTML
		want string
	}{
		{trust.SVG(), "Trust pulse, 1 to 5. 6 periods, from Oct 2024 to Mar 2025. Mean trust: first Oct 2024: Mean trust 4.10 (95% CI 3.80 to 4.40), n=24; " +
			"last Mar 2025: Mean trust 4.40 (95% CI 4.25 to 4.55), n=61; lowest Jan 2025: Mean trust 4.00 (95% CI 3.20 to 4.80), n=6; " +
			"highest Feb 2025: Mean trust 5.00, n=1. 1 period has no value shown."},
		{Interval{Labels: []string{"May"}, Points: []IntervalPoint{{nan, nan, nan, 2}}}.SVG(), "One period, May. Value: no values."},
		{scores.SVG(), "5 values, from 1 to 5; total 100. Most often 5: 62. 1: 1. 2: 0. 3: 7. 4: 30. 5: 62."},
		{Histogram{}.SVG(), "No data to show."},
	} {
		if got := descOf(string(tc.svg)); got != tc.want {
			t.Errorf("desc:\ngot  %q\nwant %q", got, tc.want)
		}
	}
}

func TestIntervalEdgeCases(t *testing.T) {
	markup := `<script>alert("x")</script> & 'quotes'`
	for _, tc := range []struct {
		name string
		svg  template.HTML
	}{
		{"no points", Interval{Labels: []string{"a", "b"}}.SVG()},
		{"more points than labels", Interval{Labels: []string{"a"}, Points: []IntervalPoint{{1, 0, 2, 3}, {2, 1, 3, 3}}}.SVG()},
		{"interval without value", Interval{Labels: []string{"a", "b"}, Points: []IntervalPoint{{nan, 1, 2, 3}, {1, 0, 2, 3}}}.SVG()},
		{"inverted and infinite", Interval{Labels: []string{"a", "b"}, Points: []IntervalPoint{{1, 3, -2, 1}, {math.Inf(1), math.Inf(-1), math.MaxFloat64, -4}}}.SVG()},
		{"many periods", Interval{Labels: slices.Repeat([]string{"a long period label"}, 300), Points: slices.Repeat([]IntervalPoint{{1, 0.5, 1.5, 123456}}, 300)}.SVG()},
		{"markup", Interval{ID: `"><x`, Title: markup, Name: markup, Desc: "\x00", Labels: []string{markup}, Points: []IntervalPoint{{1, 0, 2, 1}}, Unit: "<%>"}.SVG()},
		{"histogram NaN, negative, huge", Histogram{Labels: []string{"a", "b", "c", "d"}, Counts: []float64{nan, -3, math.MaxFloat64}}.SVG()},
		{"histogram many", Histogram{Labels: slices.Repeat([]string{"10.25"}, 500), Counts: slices.Repeat([]float64{7}, 500), Width: 1}.SVG()},
		{"histogram markup", Histogram{ID: "1", Title: markup, Labels: []string{markup}, Counts: []float64{2}, Unit: "\x00"}.SVG()},
	} {
		t.Run(tc.name, func(t *testing.T) { checkSVG(t, string(tc.svg)) })
	}
}

// FuzzInterval draws interval charts and histograms from arbitrary labels and values.
func FuzzInterval(f *testing.F) {
	f.Add("a|b|c", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40}, "", 640, 280)
	f.Add("\xff", []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f}, "<", -1, 1<<20)
	f.Fuzz(func(t *testing.T, labels string, raw []byte, unit string, w, h int) {
		ls := strings.Split(labels, "|")
		vals := floats(raw)
		var pts []IntervalPoint
		for i := 0; i+2 < len(vals); i += 3 {
			pts = append(pts, IntervalPoint{vals[i], vals[i+1], vals[i+2], i})
		}
		checkSVG(t, string(Interval{ID: labels, Title: labels, Labels: ls, Points: pts, Unit: unit, Width: w, Height: h}.SVG()))
		checkSVG(t, string(Histogram{ID: labels, Title: labels, Labels: ls, Counts: vals, Unit: unit, Width: w, Height: h}.SVG()))
	})
}
