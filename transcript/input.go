package transcript

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// limitReader fails with ErrTooLarge as soon as more than max bytes arrive,
// so an oversized input is rejected without reading all of it.
type limitReader struct {
	r    io.Reader
	left int64
	max  int64
	err  error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	// Ask for one byte beyond the limit: that is how we learn it was crossed.
	if int64(len(p))-1 > l.left {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.err = fmt.Errorf("%w: more than %d bytes", ErrTooLarge, l.max)
		return n + int(l.left), l.err
	}
	return n, err
}

// lineReader yields sanitized lines and counts them. It uses
// bufio.Reader.ReadString rather than bufio.Scanner because a transcript may
// hold one enormous line, which Scanner rejects past its buffer size.
type lineReader struct {
	br *bufio.Reader
	n  int // number of the line last returned
}

// next returns the next line without its terminator; ok is false at the end.
func (lr *lineReader) next() (line string, ok bool, err error) {
	s, err := lr.br.ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, fmt.Errorf("read line %d: %w", lr.n+1, err)
	}
	if err == io.EOF && s == "" {
		return "", false, nil
	}
	lr.n++
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	return sanitize(s), true, nil
}

// srcLine is a line with its 1-based number in the input.
type srcLine struct {
	text string
	n    int
}

// sanitize repairs invalid UTF-8 and drops NUL bytes, which show up in files
// exported from other tools and would otherwise leak into reports.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "")
}

// cleanText trims s and collapses every run of white space (including the
// newlines of joined lines and no-break spaces) into one space, so the same
// utterance reads the same whatever format it came from. It runs over every
// byte of the input, so text that is already clean is returned uncopied and
// the rest is copied a word at a time.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	i := firstUnclean(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for s = s[i:]; ; {
		s = s[spaceLen(s):]
		if s == "" {
			return b.String()
		}
		b.WriteByte(' ')
		n := wordLen(s)
		b.WriteString(s[:n])
		s = s[n:]
	}
}

// firstUnclean returns the index of the first white space in s, which has no
// space at either end, that is not a lone ' ' between words; len(s) if none.
func firstUnclean(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			if spaceLen(s[i+1:]) > 0 {
				return i
			}
			i++
		case c < utf8.RuneSelf:
			if isSpace(rune(c)) {
				return i
			}
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return i
			}
			i += size
		}
	}
	return len(s)
}

// spaceLen returns the length of the white space that s starts with.
func spaceLen(s string) int {
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isSpace(r) {
			break
		}
		i += size
	}
	return i
}

// wordLen returns the length of the non-space run that s starts with.
func wordLen(s string) int {
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			break
		}
		i += size
	}
	return i
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

// turnBuilder collects turns whose text may arrive over several lines.
type turnBuilder struct {
	turns []Turn
	cur   Turn
	parts []string
	open  bool
}

// start begins a new turn by speaker at line n.
func (b *turnBuilder) start(speaker, text string, n int) {
	b.flush()
	b.cur = Turn{Speaker: speaker, Role: Unknown, Line: n}
	b.parts = append(b.parts[:0], text)
	b.open = true
}

// add continues the current turn, or starts one with no speaker if there is none.
func (b *turnBuilder) add(text string, n int) {
	if !b.open {
		b.start("", text, n)
		return
	}
	b.parts = append(b.parts, text)
}

// flush closes the current turn; a turn with no text is dropped because it
// carries no utterance to analyse.
func (b *turnBuilder) flush() {
	if !b.open {
		return
	}
	b.open = false
	b.cur.Text = cleanText(strings.Join(b.parts, " "))
	if b.cur.Text != "" {
		b.turns = append(b.turns, b.cur)
	}
}

func (b *turnBuilder) finish() []Turn {
	b.flush()
	return b.turns
}
