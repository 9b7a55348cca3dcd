// Package qr draws QR codes as accessible SVG for survey links.
//
// It draws in-process because a private survey link is a credential: sending it to an outside
// QR service would leak it, and the client's page must load nothing from third parties. The
// symbol is encoded by github.com/skip2/go-qrcode; this package only draws it, as one compact
// <path> that needs no style attribute, so it is safe under a strict Content-Security-Policy
// and prints crisply at any size.
package qr

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/skip2/go-qrcode"
)

// MaxBytes bounds the text a code may carry. A survey link is far shorter; beyond this the
// symbol gets too dense to scan from a printed page or a phone screen.
const MaxBytes = 1000

// quietZone is the empty margin, in modules, that ISO/IEC 18004 requires around the symbol so
// that scanners can find it.
const quietZone = 4

var (
	ErrEmpty   = errors.New("qr: nothing to encode: the text is empty")
	ErrTooLong = fmt.Errorf("qr: text is longer than %d bytes, too dense to scan reliably", MaxBytes)
	ErrNoTitle = errors.New("qr: a title is required: it is what screen readers announce")
)

// SVG returns an SVG image of a QR code for text, at error-correction level M (15% of the
// symbol may be damaged or smudged and it still scans). title is the image's accessible name,
// such as "QR code for the survey link"; it is escaped here. The SVG has no width or height:
// size it with CSS (it has class "qr"); the viewBox keeps it square.
func SVG(text, title string) (template.HTML, error) {
	switch {
	case text == "":
		return "", ErrEmpty
	case len(text) > MaxBytes:
		return "", ErrTooLong
	case strings.TrimSpace(title) == "":
		return "", ErrNoTitle
	}
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr: encoding %d bytes: %w", len(text), err)
	}
	code.DisableBorder = true // we draw our own quiet zone
	return template.HTML(draw(code.Bitmap(), title)), nil
}

// draw renders the modules (bits[y][x], true is dark) inside a quiet zone. Each horizontal run
// of dark modules becomes one rectangle in a single path, which keeps the code for a typical
// survey link (version 5, 37 modules square) under 5 KB.
func draw(bits [][]bool, title string) string {
	size := strconv.Itoa(len(bits) + 2*quietZone)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" viewBox="0 0 ` +
		size + " " + size + `" shape-rendering="crispEdges"><title>`)
	b.WriteString(template.HTMLEscapeString(xmlChars(title)))
	// The white background makes the quiet zone real on dark pages and on coloured paper.
	b.WriteString(`</title><rect width="` + size + `" height="` + size + `" fill="#fff"/><path fill="#000" d="`)
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start+quietZone, y+quietZone, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

// xmlChars drops the characters XML 1.0 cannot carry even escaped, so that a title taken from
// user data cannot break the document. (strings.Map already turns invalid UTF-8 into U+FFFD.)
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}
