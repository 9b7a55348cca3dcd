package qr

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzSVG draws any text with any title: the result is a refusal with a known error, or an SVG
// that parses as XML, so no link or title can break the page it is put on.
func FuzzSVG(f *testing.F) {
	f.Add("https://rapport.example/s/svy_abc", "QR code for the survey link")
	f.Add("", "title")
	f.Add("x", "")
	f.Add("<&\"'>\x00\ufffe", "</title><script>")
	f.Fuzz(func(t *testing.T, text, title string) {
		svg, err := SVG(text, title)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrTooLong) && !errors.Is(err, ErrNoTitle) {
				t.Fatalf("SVG(%q, %q): unexpected error %v", text, title, err)
			}
			return
		}
		d := xml.NewDecoder(strings.NewReader(string(svg)))
		for {
			_, err := d.Token()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("SVG(%q, %q) is not XML: %v", text, title, err)
				}
				return
			}
		}
	})
}
