package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// analyzeJSON runs analyze --format json on text and decodes the result.
func analyzeJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	r := rapport(t, "", append([]string{"analyze", "--format", "json"}, args...)...)
	r.wantCode(t, exitOK)
	return decodeJSON(t, r.stdout)
}

// findings returns the findings of a decoded analysis.
func findings(t *testing.T, an map[string]any) []map[string]any {
	t.Helper()
	raw, ok := an["findings"].([]any)
	if !ok {
		t.Fatalf("findings is %T, want a list", an["findings"])
	}
	out := make([]map[string]any, len(raw))
	for i, f := range raw {
		m, ok := f.(map[string]any)
		if !ok {
			t.Fatalf("finding %d is %T, want an object", i, f)
		}
		out[i] = m
	}
	return out
}

func codes(t *testing.T, an map[string]any) []string {
	t.Helper()
	var cs []string
	for _, f := range findings(t, an) {
		cs = append(cs, f["code"].(string))
	}
	return cs
}

const butText = "I understand, but you have to follow the plan. You're an addict."

func TestAnalyzeJSONShape(t *testing.T) {
	an := analyzeJSON(t, butText)
	for _, k := range []string{"overall", "levels", "findings", "kind", "sentences"} {
		if _, ok := an[k]; !ok {
			t.Errorf("JSON lacks top-level key %q: %v", k, an)
		}
	}
	if an["kind"] != "message" {
		t.Errorf("kind = %v, want message (the default)", an["kind"])
	}
	overall, ok := an["overall"].(float64)
	if !ok || overall < 0 || overall > 100 || overall != float64(int(overall)) {
		t.Errorf("overall = %v, want an integer 0–100", an["overall"])
	}
	levels, ok := an["levels"].(map[string]any)
	if !ok {
		t.Fatalf("levels is %T", an["levels"])
	}
	for _, l := range []string{"emotional", "cognitive", "exploration", "compassionate"} {
		lv, ok := levels[l].(map[string]any)
		if !ok {
			t.Errorf("levels.%s missing: %v", l, levels)
			continue
		}
		if r, ok := lv["rating"].(float64); !ok || r < 0 || r > 2 {
			t.Errorf("levels.%s.rating = %v, want 0–2", l, lv["rating"])
		}
	}
	fs := findings(t, an)
	if len(fs) == 0 {
		t.Fatal("no findings for a text with a but-cancel and a stigmatising label")
	}
	runes := []rune(butText)
	for i, f := range fs {
		for _, k := range []string{"code", "start", "end", "confidence", "reason", "suggestion"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %d lacks %q: %v", i, k, f)
			}
		}
		if c, ok := f["code"].(string); !ok || c == "" {
			t.Errorf("finding %d: code = %v", i, f["code"])
		}
		start, _ := f["start"].(float64)
		end, _ := f["end"].(float64)
		if start < 0 || end <= start || int(end) > len(runes) {
			t.Errorf("finding %d: span [%v,%v) outside the text of %d runes", i, start, end, len(runes))
			continue
		}
		if ev, _ := f["evidence"].(string); ev != string(runes[int(start):int(end)]) {
			t.Errorf("finding %d: evidence %q is not the runes [%v,%v) %q", i, ev, start, end, string(runes[int(start):int(end)]))
		}
		if c, ok := f["confidence"].(float64); !ok || c <= 0 || c > 1 {
			t.Errorf("finding %d: confidence = %v, want (0,1]", i, f["confidence"])
		}
		if r, ok := f["reason"].(string); !ok || r == "" {
			t.Errorf("finding %d: empty reason", i)
		}
		if s := f["suggestion"]; s != nil {
			sm, ok := s.(map[string]any)
			if !ok || sm["kind"] == "" || sm["text"] == nil {
				t.Errorf("finding %d: malformed suggestion %v", i, s)
			}
		}
	}
	cs := codes(t, an)
	for _, want := range []string{"but_cancel", "stigmatizing_language"} {
		if !slices.Contains(cs, want) {
			t.Errorf("codes %v lack %s", cs, want)
		}
	}
}

var closeMark = regexp.MustCompile(`\](\d+)`)

func TestAnalyzeTextMarksSpans(t *testing.T) {
	an := analyzeJSON(t, butText)
	fs := findings(t, an)
	r := rapport(t, "", "analyze", butText)
	r.wantCode(t, exitOK)
	if strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("colour codes written when not on a terminal:\n%s", r.stdout)
	}
	marked, rest, ok := strings.Cut(r.stdout, "\n\n")
	if !ok {
		t.Fatalf("no blank line after the marked text:\n%s", r.stdout)
	}
	// Taking the markers out gives the text back.
	if plain := strings.ReplaceAll(closeMark.ReplaceAllString(marked, ""), "[", ""); plain != butText {
		t.Errorf("marked text without markers = %q, want %q", plain, butText)
	}
	// Every finding is closed exactly once, with its number.
	var nums []int
	for _, m := range closeMark.FindAllStringSubmatch(marked, -1) {
		n, _ := strconv.Atoi(m[1])
		nums = append(nums, n)
	}
	slices.Sort(nums)
	if len(nums) != len(fs) || (len(nums) > 0 && (nums[0] != 1 || nums[len(nums)-1] != len(fs))) {
		t.Errorf("closing markers %v, want 1..%d once each:\n%s", nums, len(fs), marked)
	}
	if strings.Count(marked, "[") != len(fs) {
		t.Errorf("%d opening brackets for %d findings:\n%s", strings.Count(marked, "["), len(fs), marked)
	}
	for i, f := range fs {
		n := i + 1
		code, ev, reason := f["code"].(string), f["evidence"].(string), f["reason"].(string)
		if code == "stigmatizing_language" {
			// This span overlaps nothing, so it is marked exactly.
			if want := fmt.Sprintf("[%s]%d", ev, n); !strings.Contains(marked, want) {
				t.Errorf("marked text lacks %q:\n%s", want, marked)
			}
		}
		head := fmt.Sprintf("%d. %s (%.0f%%) %q\n   %s\n", n, code, f["confidence"].(float64)*100, ev, reason)
		if !strings.Contains(rest, head) {
			t.Errorf("output lacks finding %d as %q:\n%s", n, head, rest)
		}
		if s, ok := f["suggestion"].(map[string]any); ok {
			line := fmt.Sprintf("   suggestion: %s %q\n", s["kind"], s["text"])
			if s["kind"] == "replace" && s["text"] == "" {
				from, to := int(s["start"].(float64)), int(s["end"].(float64))
				line = fmt.Sprintf("   suggestion: delete %q\n", string([]rune(butText)[from:to]))
			}
			if !strings.Contains(rest, line) {
				t.Errorf("output lacks suggestion %q:\n%s", line, rest)
			}
		}
	}
	if !regexp.MustCompile(`(?m)^Empathy: emotional [0-2]/2, cognitive [0-2]/2, exploration [0-2]/2, compassionate [0-2]/2$`).MatchString(rest) {
		t.Errorf("output lacks the empathy levels:\n%s", rest)
	}
	if want := fmt.Sprintf("Score: %d/100\n", int(an["overall"].(float64))); !strings.HasSuffix(rest, want) {
		t.Errorf("output does not end with %q:\n%s", want, rest)
	}
}

// TestAnalyzeTextShowsDeletions: a suggestion that removes words without putting any in their
// place is printed as a deletion of those words, not as a replacement by nothing.
func TestAnalyzeTextShowsDeletions(t *testing.T) {
	r := rapport(t, "", "analyze", "--kind", "utterance", "It's understandable to feel guilty, but really, there's no point dwelling on it now.")
	r.wantCode(t, exitOK)
	if want := `suggestion: delete ", but really, there's no point dwelling on it now"`; !strings.Contains(r.stdout, want) {
		t.Errorf("output lacks %q:\n%s", want, r.stdout)
	}
	if strings.Contains(r.stdout, `replace ""`) {
		t.Errorf("output shows a replacement by nothing:\n%s", r.stdout)
	}
}

// TestAnalyzeTextShowsLevelWords: a level raised by words that are not listed as findings (an
// endearment, an emoji) still shows where its rating came from.
func TestAnalyzeTextShowsLevelWords(t *testing.T) {
	r := rapport(t, "", "analyze", "--context", "My dog died this morning.", "Aw, pet ❤️ How are you holding up tonight?")
	r.wantCode(t, exitOK)
	out := r.stdout
	if !strings.Contains(out, "Empathy: emotional 1/2") || !strings.Contains(out, "  emotional: \"Aw, pet\"") {
		t.Errorf("want the emotional level with the words behind it:\n%s", out)
	}
	if strings.Contains(out, "emotional_reaction") {
		t.Errorf("an endearment is listed as a skill:\n%s", out)
	}
}

func TestAnalyzeNoFindings(t *testing.T) {
	r := rapport(t, "", "analyze", "Okay.")
	r.wantCode(t, exitOK)
	if !strings.HasPrefix(r.stdout, "Okay.\n\n") || !strings.Contains(r.stdout, "No findings.") {
		t.Errorf("unexpected output:\n%s", r.stdout)
	}
}

// TestAnalyzeNotEnglish: "No findings" on a text in another language comes with a note that
// Rapport reads English only, in text and in JSON.
func TestAnalyzeNotEnglish(t *testing.T) {
	const spanish = "Eres un adicto y no te importa nada de tu familia."
	r := rapport(t, "", "analyze", spanish)
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "does not look like English") {
		t.Errorf("no note in:\n%s", r.stdout)
	}
	r = rapport(t, "", "analyze", "--format", "json", spanish)
	if !strings.Contains(r.stdout, `"not_english": true`) {
		t.Errorf("no not_english in:\n%s", r.stdout)
	}
	if r = rapport(t, "", "analyze", "--format", "json", "Okay."); strings.Contains(r.stdout, "not_english") {
		t.Errorf("English text marked:\n%s", r.stdout)
	}
}

func TestAnalyzeColourOnTerminal(t *testing.T) {
	r := rapportWith(t, &env{tty: true}, "analyze", "You're an addict.")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, red) || !strings.Contains(r.stdout, reset) {
		t.Errorf("no colour for a pitfall on a terminal:\n%q", r.stdout)
	}
	if closeMark.MatchString(r.stdout) {
		t.Errorf("bracket markers used on a terminal:\n%q", r.stdout)
	}
}

func TestAnalyzeStdinAndFile(t *testing.T) {
	want := codes(t, analyzeJSON(t, butText))
	r := rapport(t, butText+"\n", "analyze", "--format", "json")
	r.wantCode(t, exitOK)
	if got := codes(t, decodeJSON(t, r.stdout)); !slices.Equal(got, want) {
		t.Errorf("stdin: codes %v, want %v", got, want)
	}
	r = rapport(t, butText, "analyze", "--file", "-", "--format", "json")
	r.wantCode(t, exitOK)
	if got := codes(t, decodeJSON(t, r.stdout)); !slices.Equal(got, want) {
		t.Errorf("--file -: codes %v, want %v", got, want)
	}
	p := writeTemp(t, "message.txt", []byte(butText+"\n"))
	r = rapport(t, "", "analyze", "--file", p, "--format", "json")
	r.wantCode(t, exitOK)
	if got := codes(t, decodeJSON(t, r.stdout)); !slices.Equal(got, want) {
		t.Errorf("--file: codes %v, want %v", got, want)
	}
	// Flags may follow the text.
	r = rapport(t, "", "analyze", butText, "--format", "json")
	r.wantCode(t, exitOK)
	if got := codes(t, decodeJSON(t, r.stdout)); !slices.Equal(got, want) {
		t.Errorf("flag after text: codes %v, want %v", got, want)
	}
}

func TestAnalyzeStdinIsRegularFile(t *testing.T) {
	p := writeTemp(t, "message.txt", []byte("You're an addict."))
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := rapportWith(t, &env{stdin: f}, "analyze", "--format", "json")
	r.wantCode(t, exitOK)
	if cs := codes(t, decodeJSON(t, r.stdout)); !slices.Contains(cs, "stigmatizing_language") {
		t.Errorf("codes %v lack stigmatizing_language", cs)
	}
}

func TestAnalyzeContext(t *testing.T) {
	const reply = "You're worn out."
	with := codes(t, analyzeJSON(t, "--context", "I'm worn out.", reply))
	if !slices.Contains(with, "simple_reflection") {
		t.Errorf("with the client's words as context, codes %v lack simple_reflection", with)
	}
	without := codes(t, analyzeJSON(t, reply))
	if slices.Contains(without, "simple_reflection") {
		t.Errorf("without context, codes %v include simple_reflection: nothing was reflected", without)
	}
}

func TestAnalyzeKind(t *testing.T) {
	const text = "Your PCP will titrate your dose."
	msg := analyzeJSON(t, text)
	if !slices.Contains(codes(t, msg), "jargon") {
		t.Errorf("message codes %v lack jargon", codes(t, msg))
	}
	note := analyzeJSON(t, "--kind", "note", text)
	if note["kind"] != "note" {
		t.Errorf("kind = %v, want note", note["kind"])
	}
	if slices.Contains(codes(t, note), "jargon") {
		t.Errorf("jargon is a pitfall of messages, yet found in a note: %v", codes(t, note))
	}
	// Stigmatising language counts in notes too.
	if cs := codes(t, analyzeJSON(t, "--kind", "note", "Pt is an addict.")); !slices.Contains(cs, "stigmatizing_language") {
		t.Errorf("note codes %v lack stigmatizing_language", cs)
	}
	if k := analyzeJSON(t, "--kind", "utterance", "Okay.")["kind"]; k != "utterance" {
		t.Errorf("kind = %v, want utterance", k)
	}
}

func TestAnalyzeUsageErrors(t *testing.T) {
	p := writeTemp(t, "m.txt", []byte("hello"))
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--format", "xml", "hi"}, `--format must be text or json, not "xml"`},
		{[]string{"--kind", "x", "hi"}, `--kind must be message, note or utterance, not "x"`},
		{[]string{"--split", "x", "hi"}, `--split must be auto, none, line or paragraph, not "x"`},
		{[]string{"--file", p, "hi"}, "either as an argument or with --file, not both"},
		{[]string{"two", "words"}, "one quoted argument"},
		{[]string{"--format"}, "flag needs an argument"},
	} {
		r := rapport(t, "", append([]string{"analyze"}, tc.args...)...)
		r.wantCode(t, exitUsage)
		if !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%v: stderr lacks %q:\n%s", tc.args, tc.msg, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%v: wrote to stdout: %q", tc.args, r.stdout)
		}
	}
}

func TestAnalyzeNothingToAnalyse(t *testing.T) {
	blank := writeTemp(t, "blank.txt", []byte(" \n\t\r\n  \n"))
	empty := writeTemp(t, "empty.txt", nil)
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"empty argument", "", []string{""}},
		{"blank argument", "", []string{" \t\n "}},
		{"empty stdin", "", nil},
		{"blank stdin", "  \n\n\t", nil},
		{"empty file", "", []string{"--file", empty}},
		{"blank file", "", []string{"--file", blank}},
		{"blank file, json", "", []string{"--format", "json", "--file", blank}},
		{"NUL bytes only", "\x00\x00 \x00", nil},
		{"blank lines, streamed", " \n\n \t\n", []string{"--split", "line"}},
		{"blank paragraphs, streamed", "\n\n  \n\n", []string{"--split", "paragraph", "--format", "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rapport(t, tc.stdin, append([]string{"analyze"}, tc.args...)...)
			r.wantCode(t, exitInput)
			if !strings.Contains(r.stderr, "nothing to analyse") {
				t.Errorf("stderr lacks 'nothing to analyse':\n%s", r.stderr)
			}
			if strings.Contains(r.stderr, "rapport analyze -h") {
				t.Errorf("empty input is not a usage error:\n%s", r.stderr)
			}
		})
	}
}

func TestAnalyzeUnreadableFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-file.txt")
	r := rapport(t, "", "analyze", "--file", missing)
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "no-such-file.txt") {
		t.Errorf("stderr does not name the missing file:\n%s", r.stderr)
	}
	dir := t.TempDir()
	r = rapport(t, "", "analyze", "--file", dir)
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "is a directory") {
		t.Errorf("stderr does not say the file is a directory:\n%s", r.stderr)
	}
}

func TestAnalyzeTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 16 MiB file")
	}
	big := make([]byte, 16<<20+10)
	for i := range big {
		big[i] = "ab "[i%3]
	}
	p := writeTemp(t, "huge.txt", big)
	r := rapport(t, "", "analyze", "--split", "none", "--file", p)
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "16 MiB") {
		t.Errorf("stderr does not explain the size limit:\n%s", r.stderr)
	}
}

func TestAnalyzeInvalidUTF8AndNUL(t *testing.T) {
	inputs := []string{
		"ok \xff\xfe You poor thing\x00 really.",
		"\x00You're an addict.\x00",
		"\xc3\x28 You need to stop drinking \xe2\x82.",
		strings.Repeat("\xff", 100),
		"caf\xe9 \x00\x00 naïve 😊\xf0\x9f\x98 What has that been like for you?",
	}
	for i, in := range inputs {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			r := rapport(t, "", "analyze", in)
			r.wantCode(t, exitOK)
			if !utf8.ValidString(r.stdout) {
				t.Errorf("text output is not valid UTF-8: %q", r.stdout)
			}
			j := rapport(t, in, "analyze", "--format", "json")
			j.wantCode(t, exitOK)
			an := decodeJSON(t, j.stdout)
			n := utf8.RuneCountInString(in)
			for _, f := range findings(t, an) {
				if s, e := f["start"].(float64), f["end"].(float64); s < 0 || e < s || int(e) > n {
					t.Errorf("finding %v outside the %d runes of the text", f, n)
				}
			}
		})
	}
	// Invalid bytes count as one rune each, so the span still lands on the right words.
	r := rapport(t, "", "analyze", inputs[0])
	if !strings.Contains(r.stdout, "[You poor thing]1") {
		t.Errorf("span misplaced after invalid bytes:\n%q", r.stdout)
	}
}

// streamCase is one paragraph kind of a streamed file, with codes it must and must not have.
var streamCases = []struct {
	text      string
	must, not string
}{
	{"You need to stop drinking.", "advice_without_permission", "open_question"},
	{"What has that been like for you?", "open_question", "advice_without_permission"},
	{"You're an addict.", "stigmatizing_language", "open_question"},
	{"Okay.", "", "stigmatizing_language"},
}

// bigStreamFile writes a file over 1 MiB of n paragraphs, cycling through streamCases, with
// blank-line runs (whitespace only) making up the size.
func bigStreamFile(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	pad := strings.Repeat(" ", (1<<20)/n+64)
	for i := 0; i < n; i++ {
		b.WriteString(streamCases[i%len(streamCases)].text)
		b.WriteString("\n")
		b.WriteString(pad)
		b.WriteString("\n\n")
	}
	if b.Len() <= streamThreshold {
		t.Fatalf("generated %d bytes, want over 1 MiB", b.Len())
	}
	return writeTemp(t, "notes.txt", []byte(b.String()))
}

func checkStreamJSON(t *testing.T, out string, n int) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	k := 0
	for sc.Scan() {
		k++
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", k, err, clip(sc.Text()))
		}
		if got, _ := rec["record"].(float64); int(got) != k {
			t.Fatalf("line %d has record %v, want %d", k, rec["record"], k)
		}
		for _, key := range []string{"overall", "levels", "findings"} {
			if _, ok := rec[key]; !ok {
				t.Errorf("record %d lacks %q", k, key)
			}
		}
		c := streamCases[(k-1)%len(streamCases)]
		cs := codes(t, rec)
		if c.must != "" && !slices.Contains(cs, c.must) {
			t.Errorf("record %d (%q): codes %v lack %s", k, c.text, cs, c.must)
		}
		if slices.Contains(cs, c.not) {
			t.Errorf("record %d (%q): codes %v include %s: results out of order?", k, c.text, cs, c.not)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if k != n {
		t.Errorf("%d JSON lines, want one per record (%d)", k, n)
	}
}

func TestAnalyzeStreamsLargeFile(t *testing.T) {
	const n = 203
	p := bigStreamFile(t, n)
	r := rapport(t, "", "analyze", "--format", "json", "--file", p)
	r.wantCode(t, exitOK)
	checkStreamJSON(t, r.stdout, n)

	// Standard input that is a large regular file streams too.
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r = rapportWith(t, &env{stdin: f}, "analyze", "--format", "json")
	r.wantCode(t, exitOK)
	checkStreamJSON(t, r.stdout, n)

	// Text mode: one line per record.
	r = rapport(t, "", "analyze", "--file", p)
	r.wantCode(t, exitOK)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("%d lines of text output, want %d", len(lines), n)
	}
	line := regexp.MustCompile(`^record (\d+): score (\d+), (\d+) findings( \(([a-z_, ]+)\))?$`)
	for i, l := range lines {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %d %q does not read 'record N: score S, K findings (codes)'", i+1, l)
		}
		if m[1] != strconv.Itoa(i+1) {
			t.Errorf("line %d is record %s", i+1, m[1])
		}
		c := streamCases[i%len(streamCases)]
		if c.must != "" && !strings.Contains(m[5], c.must) {
			t.Errorf("line %d %q lacks %s", i+1, l, c.must)
		}
		k, _ := strconv.Atoi(m[3])
		if (m[5] == "" && k != 0) || (m[5] != "" && k != len(strings.Split(m[5], ", "))) {
			t.Errorf("line %d %q: count and codes disagree", i+1, l)
		}
	}
}

func TestAnalyzeStreamsDenseFile(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("analyses about 48,000 records")
	}
	// Over 1 MiB of real paragraphs, no padding: the workers really run side by side, and the
	// results must still come back one per record, in order.
	var b strings.Builder
	n := 0
	for b.Len() <= streamThreshold {
		b.WriteString(streamCases[n%len(streamCases)].text)
		b.WriteString("\n\n")
		n++
	}
	p := writeTemp(t, "dense.txt", []byte(b.String()))
	r := rapport(t, "", "analyze", "--format", "json", "--file", p)
	r.wantCode(t, exitOK)
	checkStreamJSON(t, r.stdout, n)
}

func TestAnalyzeSmallFileIsNotStreamed(t *testing.T) {
	p := writeTemp(t, "notes.txt", []byte("You need to stop drinking.\n\nWhat has that been like for you?\n"))
	r := rapport(t, "", "analyze", "--format", "json", "--file", p)
	r.wantCode(t, exitOK)
	an := decodeJSON(t, r.stdout) // one object, not JSON Lines
	if _, ok := an["record"]; ok {
		t.Errorf("a small file was streamed: %v", an)
	}
	cs := codes(t, an)
	for _, want := range []string{"advice_without_permission", "open_question"} {
		if !slices.Contains(cs, want) {
			t.Errorf("codes %v lack %s", cs, want)
		}
	}
}

func TestAnalyzeSplitLine(t *testing.T) {
	var in strings.Builder
	const n = 41
	for i := 0; i < n; i++ {
		in.WriteString(streamCases[i%len(streamCases)].text)
		if i%5 == 0 {
			in.WriteString("\r\n   \n") // CRLF, then a blank line that is skipped
		} else {
			in.WriteString("\n")
		}
	}
	r := rapport(t, strings.TrimSuffix(in.String(), "\n"), "analyze", "--split", "line", "--format", "json")
	r.wantCode(t, exitOK)
	checkStreamJSON(t, r.stdout, n)

	r = rapport(t, in.String(), "analyze", "--split", "line")
	r.wantCode(t, exitOK)
	if got := strings.Count(r.stdout, "\n"); got != n {
		t.Errorf("%d text lines, want %d:\n%s", got, n, clip(r.stdout))
	}
	if !strings.HasPrefix(r.stdout, "record 1: score ") {
		t.Errorf("text output does not start with record 1:\n%s", clip(r.stdout))
	}
}

func TestAnalyzeSplitParagraph(t *testing.T) {
	in := "You need to stop drinking.\nWhat has that been like for you?\n\n\nYou're an addict.\n  \nOkay."
	r := rapport(t, in, "analyze", "--split", "paragraph", "--format", "json")
	r.wantCode(t, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d records, want 3 paragraphs:\n%s", len(lines), clip(r.stdout))
	}
	want := [][]string{{"advice_without_permission", "open_question"}, {"stigmatizing_language"}, nil}
	for i, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["record"] != float64(i+1) {
			t.Errorf("line %d: record = %v", i+1, rec["record"])
		}
		cs := codes(t, rec)
		for _, w := range want[i] {
			if !slices.Contains(cs, w) {
				t.Errorf("paragraph %d: codes %v lack %s", i+1, cs, w)
			}
		}
	}
}

func TestAnalyzeStreamContextApplies(t *testing.T) {
	r := rapport(t, "You're worn out.\nYou're worn out.\n", "analyze", "--split", "line", "--format", "json", "--context", "I'm worn out.")
	r.wantCode(t, exitOK)
	for i, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(codes(t, rec), "simple_reflection") {
			t.Errorf("record %d: context not applied: %v", i+1, codes(t, rec))
		}
	}
}

func TestAnalyzeStreamTooLongRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 16 MiB file")
	}
	var b strings.Builder
	b.WriteString("You need to stop drinking.\n\n")
	b.WriteString(strings.Repeat("word ", (16<<20)/5+10))
	p := writeTemp(t, "huge.txt", []byte(b.String()))
	for _, split := range []string{"line", "paragraph"} {
		r := rapport(t, "", "analyze", "--split", split, "--format", "json", "--file", p)
		r.wantCode(t, exitInput)
		if !strings.Contains(r.stderr, "record 2") || !strings.Contains(r.stderr, "16 MiB") {
			t.Errorf("--split %s: stderr does not name the record and the limit:\n%s", split, r.stderr)
		}
		// The records before the bad one are still written.
		if !strings.HasPrefix(r.stdout, `{"record":1,`) {
			t.Errorf("--split %s: record 1 was not written before the error:\n%s", split, clip(r.stdout))
		}
	}
}
