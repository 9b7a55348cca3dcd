// Package transcript turns a conversation file into turns and works out
// which speaker is the practitioner. It reads three formats:
//
//   - plain: "Speaker: text" lines; a line without a speaker prefix continues
//     the previous turn, and text before the first prefix has Speaker "".
//   - vtt: WebVTT captions; the speaker comes from a <v Name> voice tag or a
//     "Name:" prefix, and a cue without one continues the previous turn.
//   - csv: a header row naming a speaker and a text column; one row per turn.
//
// Text is cleaned the same way in every format (white space collapsed,
// invalid UTF-8 replaced, NUL bytes dropped), and turns with no text are
// dropped, so one conversation gives the same turns whatever its format.
// All parsers are pure functions over an io.Reader.
package transcript

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Role says which side of the conversation a speaker is on.
type Role string

// Roles a speaker can have.
const (
	Practitioner Role = "practitioner"
	Client       Role = "client"
	Unknown      Role = "unknown"
)

// Turn is one utterance by one speaker.
type Turn struct {
	Speaker string
	Role    Role
	Text    string
	Line    int // 1-based line where the turn starts in the input
}

// Format names an input format.
type Format string

// Supported formats.
const (
	FormatPlain Format = "plain"
	FormatVTT   Format = "vtt"
	FormatCSV   Format = "csv"
)

// DefaultMaxBytes is the input size limit used when Options.MaxBytes is not set.
const DefaultMaxBytes = 64 << 20

// Options controls Parse.
type Options struct {
	Format       Format // empty: detect from the first bytes
	Practitioner string // speaker name given by --practitioner; case-insensitive
	MaxBytes     int64  // <= 0 means DefaultMaxBytes; larger input is an error
}

var (
	// ErrNoTurns is returned when the input holds no utterance at all.
	ErrNoTurns = errors.New("no turns found")
	// ErrTooLarge is returned when the input is longer than Options.MaxBytes.
	ErrTooLarge = errors.New("input too large")
)

// ParseError reports malformed input at a line.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// headSize is how much Detect sees and the read buffer size; a CSV header or
// WEBVTT line is far shorter.
const headSize = 16 << 10

var bom = []byte("\uFEFF")

// Parse reads a whole transcript, splits it into turns and assigns roles.
func Parse(r io.Reader, opt Options) ([]Turn, error) {
	br, err := openInput(r, opt.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	format, err := chooseFormat(br, opt.Format)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	turns, err := parseFormat(br, format)
	if err != nil {
		return nil, fmt.Errorf("transcript: %s: %w", format, err)
	}
	if len(turns) == 0 {
		return nil, fmt.Errorf("transcript: %s: %w", format, ErrNoTurns)
	}
	if err := AssignRoles(turns, opt.Practitioner); err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return turns, nil
}

// openInput wraps r so that reads stop with ErrTooLarge past maxBytes, and
// drops a leading byte order mark, which editors on Windows like to add.
func openInput(r io.Reader, maxBytes int64) (*bufio.Reader, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	br := bufio.NewReaderSize(&limitReader{r: r, left: maxBytes, max: maxBytes}, headSize)
	head, err := br.Peek(len(bom))
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read input: %w", err)
	}
	if bytes.Equal(head, bom) {
		_, _ = br.Discard(len(bom)) // cannot fail: the bytes are buffered
	}
	return br, nil
}

// chooseFormat returns the requested format, or sniffs it from the buffered head.
func chooseFormat(br *bufio.Reader, want Format) (Format, error) {
	if want != "" {
		f := Format(strings.ToLower(strings.TrimSpace(string(want))))
		switch f {
		case FormatPlain, FormatVTT, FormatCSV:
			return f, nil
		}
		return "", fmt.Errorf("unknown format %q (want plain, vtt or csv)", want)
	}
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return "", fmt.Errorf("read input: %w", err)
	}
	return Detect(head), nil
}

func parseFormat(br *bufio.Reader, f Format) ([]Turn, error) {
	switch f {
	case FormatVTT:
		return parseVTT(&lineReader{br: br})
	case FormatCSV:
		return parseCSV(br)
	default:
		return parsePlain(&lineReader{br: br})
	}
}

// Detect sniffs the format from the first bytes of a file: a WEBVTT header
// means vtt, a first line that reads as a CSV header with a speaker and a
// text column means csv, anything else is plain.
func Detect(head []byte) Format {
	head = bytes.TrimPrefix(head, bom)
	first, _, _ := bytes.Cut(head, []byte("\n"))
	line := sanitize(strings.TrimSuffix(string(first), "\r"))
	switch {
	case isVTTHeader(line):
		return FormatVTT
	case isCSVHeader(line):
		return FormatCSV
	}
	return FormatPlain
}
