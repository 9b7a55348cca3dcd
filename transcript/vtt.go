package transcript

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// vttTime matches a WebVTT timestamp, hours optional. A comma before the
// milliseconds is accepted too because SRT-minded tools write one.
var vttTime = regexp.MustCompile(`^(\d+:)?\d{2}:\d{2}[.,]\d{3}$`)

// isVTTHeader reports whether line is a WebVTT signature line.
func isVTTHeader(line string) bool {
	rest, ok := strings.CutPrefix(line, "WEBVTT")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// parseVTT reads WebVTT captions. Each cue whose payload names a speaker
// starts a turn; cues without one continue the previous turn.
func parseVTT(lr *lineReader) ([]Turn, error) {
	header, err := readBlock(lr)
	if err != nil {
		return nil, err
	}
	if len(header) == 0 || header[0].n != 1 || !isVTTHeader(header[0].text) {
		return nil, &ParseError{Line: 1, Msg: `missing "WEBVTT" header`}
	}
	var b turnBuilder
	block := cueAfterHeader(header[1:])
	for {
		if err := addCue(&b, block); err != nil {
			return nil, err
		}
		block, err = readBlock(lr)
		if err != nil {
			return nil, err
		}
		if block == nil {
			return b.finish(), nil
		}
	}
}

// cueAfterHeader returns the cue that some writers put straight under the
// header lines with no blank line between, or nil.
func cueAfterHeader(lines []srcLine) []srcLine {
	for i, l := range lines {
		if strings.Contains(l.text, "-->") {
			return lines[i:]
		}
	}
	return nil
}

// readBlock returns the next run of non-blank lines, or nil at the end.
func readBlock(lr *lineReader) ([]srcLine, error) {
	var block []srcLine
	for {
		line, ok, err := lr.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return block, nil
		}
		if strings.TrimSpace(line) == "" {
			if block != nil {
				return block, nil
			}
			continue
		}
		block = append(block, srcLine{line, lr.n})
	}
}

// addCue adds the payload of one cue block. Blocks without a timing line
// (NOTE, STYLE, REGION or stray text) are skipped, as WebVTT parsers do.
func addCue(b *turnBuilder, block []srcLine) error {
	t := timingIndex(block)
	if t < 0 {
		return nil
	}
	if !validTiming(block[t].text) {
		return &ParseError{Line: block[t].n, Msg: "malformed cue timing " + quoteShort(block[t].text)}
	}
	cueSpeaker := ""
	for i, l := range block[t+1:] {
		speaker, text := vttPayload(l.text)
		if speaker != "" && (i == 0 || speaker != cueSpeaker) {
			b.start(speaker, text, l.n)
			cueSpeaker = speaker
		} else {
			b.add(text, l.n)
		}
	}
	return nil
}

// timingIndex finds the timing line, which comes first or after a cue
// identifier; -1 means the block is not a cue.
func timingIndex(block []srcLine) int {
	if len(block) == 0 || isCommentBlock(block[0].text) {
		return -1
	}
	for i := 0; i < len(block) && i < 2; i++ {
		if strings.Contains(block[i].text, "-->") {
			return i
		}
	}
	return -1
}

func isCommentBlock(line string) bool {
	for _, kw := range []string{"NOTE", "STYLE", "REGION"} {
		if rest, ok := strings.CutPrefix(line, kw); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// validTiming checks "start --> end [settings]".
func validTiming(line string) bool {
	start, end, _ := strings.Cut(line, "-->")
	endFields := strings.Fields(end)
	return vttTime.MatchString(strings.TrimSpace(start)) &&
		len(endFields) > 0 && vttTime.MatchString(endFields[0])
}

// vttPayload returns the speaker of a payload line, from a <v Name> voice
// tag or else a "Name:" prefix, and its text with tags and entities removed.
func vttPayload(line string) (speaker, text string) {
	speaker = cleanText(html.UnescapeString(voiceOf(line)))
	text = html.UnescapeString(stripTags(line))
	if speaker == "" {
		if name, rest, ok := splitSpeaker(text); ok {
			return name, rest
		}
	}
	return speaker, text
}

// voiceOf returns the annotation of the first voice tag, as in
// <v Ana> or <v.loud Ana>; "" when there is none.
func voiceOf(line string) string {
	for {
		i := strings.IndexByte(line, '<')
		if i < 0 {
			return ""
		}
		tag, rest, _ := strings.Cut(line[i+1:], ">")
		name, annotation := tag, ""
		if j := strings.IndexAny(tag, " \t"); j >= 0 {
			name, annotation = tag[:j], tag[j+1:]
		}
		if base, _, _ := strings.Cut(name, "."); base == "v" {
			return strings.TrimSpace(annotation)
		}
		line = rest
	}
}

// stripTags removes every <...> tag; in WebVTT a literal '<' must be written
// &lt;, so a '<' always opens a tag (an unclosed one runs to the end).
func stripTags(line string) string {
	if !strings.Contains(line, "<") {
		return line
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(line, '<')
		if i < 0 {
			b.WriteString(line)
			return b.String()
		}
		b.WriteString(line[:i])
		_, rest, ok := strings.Cut(line[i:], ">")
		if !ok {
			return b.String()
		}
		line = rest
	}
}

// quoteShort quotes s for an error message, cut to a readable length.
func quoteShort(s string) string {
	const maxRunes = 60
	n := 0
	for i := range s {
		if n == maxRunes {
			return strconv.Quote(s[:i] + "…")
		}
		n++
	}
	return strconv.Quote(s)
}
