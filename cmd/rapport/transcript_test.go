package main

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var sessionFiles = []string{"testdata/session.txt", "testdata/session.vtt", "testdata/session.csv"}

func transcriptJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	r := rapport(t, "", append([]string{"transcript", "--format", "json"}, args...)...)
	r.wantCode(t, exitOK)
	return decodeJSON(t, r.stdout)
}

func turnsOf(t *testing.T, conv map[string]any) []map[string]any {
	t.Helper()
	raw, ok := conv["turns"].([]any)
	if !ok {
		t.Fatalf("turns is %T, want a list", conv["turns"])
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

func TestTranscriptJSON(t *testing.T) {
	var first map[string]any
	for _, file := range sessionFiles {
		t.Run(file, func(t *testing.T) {
			conv := transcriptJSON(t, file)
			session, ok := conv["session"].(map[string]any)
			if !ok {
				t.Fatalf("session is %T", conv["session"])
			}
			overall, ok := session["overall"].(float64)
			if !ok || overall < 0 || overall > 100 || overall != float64(int(overall)) {
				t.Errorf("session.overall = %v, want an integer 0–100", session["overall"])
			}
			if _, ok := session["levels"].(map[string]any); !ok {
				t.Errorf("session.levels missing: %v", session)
			}
			metrics, ok := conv["metrics"].(map[string]any)
			if !ok {
				t.Fatalf("metrics is %T", conv["metrics"])
			}
			for _, k := range []string{"percent_open_questions", "reflection_to_question", "percent_complex_reflections"} {
				m, ok := metrics[k].(map[string]any)
				if !ok {
					t.Errorf("metrics.%s missing: %v", k, metrics)
					continue
				}
				for _, f := range []string{"value", "fair", "good", "rating"} {
					if _, ok := m[f]; !ok {
						t.Errorf("metrics.%s lacks %s", k, f)
					}
				}
			}
			if v := metrics["practitioner_turns"]; v != float64(6) {
				t.Errorf("practitioner_turns = %v, want 6", v)
			}
			if v := metrics["percent_open_questions"].(map[string]any)["value"].(float64); v < 0 || v > 1 {
				t.Errorf("percent_open_questions = %v, want a fraction", v)
			}
			if !strings.Contains(metrics["note"].(string), "not validated") {
				t.Errorf("metrics.note lacks the thresholds caveat: %q", metrics["note"])
			}
			turns := turnsOf(t, conv)
			if len(turns) != 12 {
				t.Fatalf("%d turns, want 12", len(turns))
			}
			for i, tr := range turns {
				wantSpeaker, wantPract := "Jordan", false
				if i%2 == 0 {
					wantSpeaker, wantPract = "Case Manager", true
				}
				if tr["speaker"] != wantSpeaker || tr["practitioner"] != wantPract || tr["index"] != float64(i) {
					t.Errorf("turn %d: speaker %v practitioner %v index %v", i, tr["speaker"], tr["practitioner"], tr["index"])
				}
				_, analysed := tr["analysis"]
				if analysed != wantPract {
					t.Errorf("turn %d: analysis present = %v, want %v (only practitioner turns are analysed)", i, analysed, wantPract)
				}
				if wantPract && tr["behaviour"] == "" {
					t.Errorf("turn %d: practitioner turn has no behaviour code", i)
				}
			}
			// The affirmation and the offer of help are found in their turns.
			if cs := codes(t, turns[6]["analysis"].(map[string]any)); !slices.Contains(cs, "affirmation") {
				t.Errorf("turn 6 codes %v lack affirmation", cs)
			}
			if cs := codes(t, turns[10]["analysis"].(map[string]any)); !slices.Contains(cs, "offer_of_help") {
				t.Errorf("turn 10 codes %v lack offer_of_help", cs)
			}
			// Every format gives the same conversation.
			if first == nil {
				first = conv
				return
			}
			if got, want := session["overall"], first["session"].(map[string]any)["overall"]; got != want {
				t.Errorf("session score %v, want %v as from %s", got, want, sessionFiles[0])
			}
			for i, tr := range turns {
				if want := turnsOf(t, first)[i]["text"]; tr["text"] != want {
					t.Errorf("turn %d text %q, want %q", i, tr["text"], want)
				}
			}
		})
	}
}

func TestTranscriptText(t *testing.T) {
	conv := transcriptJSON(t, sessionFiles[0])
	r := rapport(t, "", "transcript", sessionFiles[0])
	r.wantCode(t, exitOK)
	overall := int(conv["session"].(map[string]any)["overall"].(float64))
	for _, want := range []string{
		"> Case Manager [",
		"  Jordan: Honestly not great.",
		"Session score: " + strconv.Itoa(overall) + "/100\n",
		"% open questions",
		"reflection : question",
		"% complex reflections",
		"practitioner talk share",
		"Empathy (mean per turn, 0–2):",
		"Fair and good thresholds are expert opinion",
		"not validated",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, r.stdout)
		}
	}
	if !regexp.MustCompile(`Questions: \d+ open, \d+ closed\. Reflections: \d+ simple, \d+ complex\.`).MatchString(r.stdout) {
		t.Errorf("text output lacks the counts:\n%s", r.stdout)
	}
	if !regexp.MustCompile(`(?m)^\s+% open questions\s+\d+%\s+\(fair 50%, good 70%\): (below fair|fair|good|n/a)$`).MatchString(r.stdout) {
		t.Errorf("text output lacks the %% open questions row with thresholds:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, `    - affirmation "`) {
		t.Errorf("text output does not list findings under turns:\n%s", r.stdout)
	}
}

// TestTranscriptTextShowsDeletions: a suggestion that removes words is listed as a deletion of
// those words, as in `rapport analyze`.
func TestTranscriptTextShowsDeletions(t *testing.T) {
	conv := "Client: I feel so guilty about missing his birthday.\n" +
		"Case manager: It's understandable to feel guilty, but really, there's no point dwelling on it now.\n"
	r := rapport(t, conv, "transcript")
	r.wantCode(t, exitOK)
	if want := `→ delete ", but really, there's no point dwelling on it now"`; !strings.Contains(r.stdout, want) {
		t.Errorf("text output lacks %q:\n%s", want, r.stdout)
	}
	if strings.Contains(r.stdout, `replace ""`) {
		t.Errorf("text output shows a replacement by nothing:\n%s", r.stdout)
	}
}

func TestTranscriptStdinAndFlagsAfterFile(t *testing.T) {
	data, err := os.ReadFile(sessionFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	r := rapport(t, string(data), "transcript", "--format", "json")
	r.wantCode(t, exitOK)
	if n := len(turnsOf(t, decodeJSON(t, r.stdout))); n != 12 {
		t.Errorf("stdin: %d turns, want 12", n)
	}
	r = rapport(t, string(data), "transcript", "-", "--format", "json")
	r.wantCode(t, exitOK)
	r = rapport(t, "", "transcript", sessionFiles[1], "--format", "json", "--input", "vtt")
	r.wantCode(t, exitOK)
	if n := len(turnsOf(t, decodeJSON(t, r.stdout))); n != 12 {
		t.Errorf("vtt with flags after the file: %d turns, want 12", n)
	}
}

func TestTranscriptPractitioner(t *testing.T) {
	const names = "testdata/names.txt"
	// Neither Ana nor Dana holds a role word.
	r := rapport(t, "", "transcript", names)
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "no practitioner") || !strings.Contains(r.stderr, "--practitioner") {
		t.Errorf("no helpful message without a practitioner:\n%s", r.stderr)
	}
	for _, name := range []string{"Ana", "ana", "  ANA "} {
		conv := transcriptJSON(t, "--practitioner", name, names)
		for i, tr := range turnsOf(t, conv) {
			if want := tr["speaker"] == "Ana"; tr["practitioner"] != want {
				t.Errorf("--practitioner %q: turn %d (%v) practitioner = %v", name, i, tr["speaker"], tr["practitioner"])
			}
		}
	}
	// Naming the client instead makes the client the practitioner.
	conv := transcriptJSON(t, "--practitioner", "Dana", names)
	if tr := turnsOf(t, conv)[1]; tr["speaker"] != "Dana" || tr["practitioner"] != true {
		t.Errorf("--practitioner Dana: turn 1 = %v", tr)
	}
	r = rapport(t, "", "transcript", "--practitioner", "Zed", names)
	r.wantCode(t, exitInput)
	for _, want := range []string{`"Zed" not found`, `"Ana"`, `"Dana"`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("unknown practitioner: stderr lacks %s:\n%s", want, r.stderr)
		}
	}
	// With a role word in the file, --practitioner can still pick the speaker.
	conv = transcriptJSON(t, "--practitioner", "Case Manager", sessionFiles[0])
	if v := conv["metrics"].(map[string]any)["practitioner_turns"]; v != float64(6) {
		t.Errorf("practitioner_turns = %v, want 6", v)
	}
}

func TestTranscriptErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"bad --input", "", []string{"--input", "docx", sessionFiles[0]}, exitUsage, `--input must be plain, vtt or csv, not "docx"`},
		{"two files", "", []string{sessionFiles[0], sessionFiles[1]}, exitUsage, "give one transcript file"},
		{"missing file", "", []string{"testdata/no-such-session.txt"}, exitInput, "no-such-session.txt"},
		{"directory", "", []string{"testdata"}, exitInput, "is a directory"},
		{"empty stdin", "", nil, exitInput, "standard input holds no turns: write one per line as"},
		{"client only", "Client: I lost my job.\nClient: And my phone.\n", nil, exitInput, "no practitioner"},
		{"bad csv", "speaker,text\nCase Manager,\"unclosed\n", []string{"--input", "csv"}, exitInput, "line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rapport(t, tc.stdin, append([]string{"transcript"}, tc.args...)...)
			r.wantCode(t, tc.code)
			if !strings.Contains(r.stderr, tc.msg) {
				t.Errorf("stderr lacks %q:\n%s", tc.msg, r.stderr)
			}
		})
	}
}

func TestTranscriptInvalidBytes(t *testing.T) {
	in := "Case Manager: What has\x00 that been like\xff for you?\nClient: Hard \xfe\xfe.\nCase Manager: You're an \xc3addict.\n"
	r := rapport(t, in, "transcript", "--format", "json")
	r.wantCode(t, exitOK)
	conv := decodeJSON(t, r.stdout)
	if n := len(turnsOf(t, conv)); n != 3 {
		t.Errorf("%d turns, want 3", n)
	}
	r = rapport(t, in, "transcript")
	r.wantCode(t, exitOK)
}
