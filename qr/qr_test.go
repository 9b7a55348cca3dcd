package qr

import (
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/skip2/go-qrcode"
)

// svgDoc is the shape draw promises: a titled image with one background and one path.
type svgDoc struct {
	XMLName        xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	Role           string   `xml:"role,attr"`
	Class          string   `xml:"class,attr"`
	ViewBox        string   `xml:"viewBox,attr"`
	ShapeRendering string   `xml:"shape-rendering,attr"`
	Title          string   `xml:"title"`
	Rect           struct {
		Width  int    `xml:"width,attr"`
		Height int    `xml:"height,attr"`
		Fill   string `xml:"fill,attr"`
	} `xml:"rect"`
	Path struct {
		Fill string `xml:"fill,attr"`
		D    string `xml:"d,attr"`
	} `xml:"path"`
}

// parse checks that svg is well-formed XML of the expected shape and returns it with its
// modules (grid[y][x], true is dark), read back from the path.
func parse(t *testing.T, svg string) (svgDoc, [][]bool) {
	t.Helper()
	// A strict token pass catches what Unmarshal would skip over.
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
	}
	var doc svgDoc
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	var size int
	if _, err := fmt.Sscanf(doc.ViewBox, "0 0 %d %d", &size, new(int)); err != nil {
		t.Fatalf("viewBox %q: %v", doc.ViewBox, err)
	}
	grid := make([][]bool, size)
	for y := range grid {
		grid[y] = make([]bool, size)
	}
	for _, seg := range strings.Split(strings.TrimSuffix(doc.Path.D, "z"), "z") {
		var x, y, w, back int
		if _, err := fmt.Sscanf(seg, "M%d %dh%dv1h-%d", &x, &y, &w, &back); err != nil || w != back || w < 1 {
			t.Fatalf("path segment %q is not a run of modules (%v)", seg, err)
		}
		for i := x; i < x+w; i++ {
			grid[y][i] = true
		}
	}
	return doc, grid
}

// decode scans the modules as a camera would see them: a 4-pixel-per-module image, read by
// ZXing's full detector (no hint that the image holds only a clean symbol).
func decode(t *testing.T, grid [][]bool) string {
	t.Helper()
	const px = 4
	img := image.NewGray(image.Rect(0, 0, len(grid)*px, len(grid)*px))
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			c := color.Gray{Y: 255}
			if grid[y/px][x/px] {
				c.Y = 0
			}
			img.SetGray(x, y, c)
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8"}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("decoding the drawn code: %v", err)
	}
	return res.GetText()
}

func surveyLink(n int) string {
	const prefix = "https://rapport.example.org/s/"
	return prefix + strings.Repeat("Ab3_-x9Z", n)[:n-len(prefix)]
}

// TestSVGDecodes draws codes from one module run to MaxBytes, across versions 1 to about 22,
// and checks that each is well-formed, has an empty quiet zone, holds exactly the encoder's
// modules and scans back to the text.
func TestSVGDecodes(t *testing.T) {
	texts := []string{
		"a",
		"https://rapport.example.org/s/Jd8_q2LkVx0mPz7RtYc4Wn",
		"¿Cómo le fue? Encuesta de confianza — 信頼",
		`<b>&"quotes"</b>`,
		strings.Repeat("7", 60), // numeric mode
	}
	for n := 40; n <= MaxBytes; n += 120 {
		texts = append(texts, surveyLink(n))
	}
	texts = append(texts, surveyLink(MaxBytes))
	for _, text := range texts {
		name := text
		if len(name) > 30 {
			name = fmt.Sprintf("%d bytes", len(text))
		}
		t.Run(name, func(t *testing.T) {
			svg, err := SVG(text, "QR code for the survey link")
			if err != nil {
				t.Fatal(err)
			}
			_, grid := parse(t, string(svg))
			checkQuietZone(t, grid)
			checkModules(t, grid, text)
			if got := decode(t, grid); got != text {
				t.Errorf("decoded %q, want %q", got, text)
			}
		})
	}
}

func checkQuietZone(t *testing.T, grid [][]bool) {
	t.Helper()
	size := len(grid)
	for y, row := range grid {
		for x, dark := range row {
			inside := x >= quietZone && x < size-quietZone && y >= quietZone && y < size-quietZone
			if dark && !inside {
				t.Fatalf("dark module at (%d, %d), inside the %d-module quiet zone", x, y, quietZone)
			}
		}
	}
}

// checkModules compares the drawn symbol with the encoder's own bitmap, module by module.
func checkModules(t *testing.T, grid [][]bool, text string) {
	t.Helper()
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	code.DisableBorder = true
	want := code.Bitmap()
	if len(grid) != len(want)+2*quietZone {
		t.Fatalf("drawn %d modules square, want %d plus the quiet zone", len(grid), len(want))
	}
	for y, row := range want {
		for x, dark := range row {
			if grid[y+quietZone][x+quietZone] != dark {
				t.Fatalf("module (%d, %d) drawn %v, encoder has %v", x, y, !dark, dark)
			}
		}
	}
}

func TestSVGDocument(t *testing.T) {
	tests := []struct{ title, wantTitle string }{
		{"QR code for the survey link", "QR code for the survey link"},
		{`Sam's <survey> & "link"`, `Sam's <survey> & "link"`},
		{"bell\x07 and\x00 nul", "bell and nul"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			svg, err := SVG("https://rapport.example.org/s/abc", tt.title)
			if err != nil {
				t.Fatal(err)
			}
			doc, grid := parse(t, string(svg))
			size := len(grid)
			if doc.Title != tt.wantTitle || doc.Role != "img" || doc.Class != "qr" ||
				doc.ShapeRendering != "crispEdges" || doc.Path.Fill != "#000" ||
				doc.Rect.Fill != "#fff" || doc.Rect.Width != size || doc.Rect.Height != size {
				t.Errorf("document %+v (size %d), want title %q", doc, size, tt.wantTitle)
			}
			if strings.Contains(string(svg), "style") {
				t.Errorf("SVG has a style attribute or element, which a strict CSP blocks:\n%s", svg)
			}
		})
	}
}

func TestSVGErrors(t *testing.T) {
	tests := []struct {
		name, text, title string
		want              error
	}{
		{"empty text", "", "QR code", ErrEmpty},
		{"one byte too long", surveyLink(MaxBytes + 1), "QR code", ErrTooLong},
		{"no title", "https://rapport.example.org/s/abc", "", ErrNoTitle},
		{"blank title", "https://rapport.example.org/s/abc", " \t", ErrNoTitle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg, err := SVG(tt.text, tt.title)
			if !errors.Is(err, tt.want) || svg != "" {
				t.Errorf("SVG = %.40q, %v; want %v", svg, err, tt.want)
			}
		})
	}
}
