package transcript

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// P, C and U build expected turns compactly: line, speaker, text.
func P(line int, speaker, text string) Turn { return Turn{speaker, Practitioner, text, line} }
func C(line int, speaker, text string) Turn { return Turn{speaker, Client, text, line} }
func U(line int, speaker, text string) Turn { return Turn{speaker, Unknown, text, line} }

type parseCase struct {
	name    string
	in      string
	opt     Options
	want    []Turn
	wantErr string // substring of the error; empty means success
	errLine int    // Line of the ParseError, when one is expected
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tc.in), tc.opt)
			if tc.wantErr != "" {
				checkErr(t, err, tc.wantErr, tc.errLine)
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("turns differ\n got: %#v\nwant: %#v", got, tc.want)
			}
		})
	}
}

func checkErr(t *testing.T, err error, want string, line int) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want one containing %q", err, want)
	}
	if line == 0 {
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != line {
		t.Fatalf("error = %#v, want a *ParseError on line %d", err, line)
	}
}

func TestParseErrors(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "empty", in: "", wantErr: "no turns found"},
		{name: "blank lines only", in: "\n  \r\n\t\n", wantErr: "no turns found"},
		{name: "BOM only", in: "\uFEFF", wantErr: "no turns found"},
		{name: "CSV header only", in: "speaker,text\n", wantErr: "csv: no turns found"},
		{name: "VTT header only", in: "WEBVTT\n\nNOTE nothing yet\n", wantErr: "vtt: no turns found"},
		{name: "unknown format", in: "CM: hi", opt: Options{Format: "docx"}, wantErr: `unknown format "docx"`},
		{name: "too large", in: "CM: " + strings.Repeat("a", 100), opt: Options{MaxBytes: 50}, wantErr: "input too large"},
		{name: "too large while sniffing", in: "CM: hi", opt: Options{MaxBytes: 2}, wantErr: "more than 2 bytes"},
	})
}

func TestTooLargeIsErrTooLarge(t *testing.T) {
	for _, f := range []Format{FormatPlain, FormatVTT, FormatCSV} {
		in := map[Format]string{
			FormatPlain: "CM: hello\n",
			FormatVTT:   "WEBVTT\n\n00:01.000 --> 00:02.000\n<v CM>hello\n",
			FormatCSV:   "speaker,text\nCM,hello\n",
		}[f] + strings.Repeat("x", 200<<10)
		_, err := Parse(strings.NewReader(in), Options{Format: f, MaxBytes: 100 << 10})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: error = %v, want ErrTooLarge", f, err)
		}
	}
}

func TestExactlyMaxBytesIsAccepted(t *testing.T) {
	in := "CM: hello"
	if _, err := Parse(strings.NewReader(in), Options{MaxBytes: int64(len(in))}); err != nil {
		t.Fatalf("Parse: %v", err)
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		head string
		want Format
	}{
		{"WEBVTT\n\n00:01.000 --> 00:02.000\nhi", FormatVTT},
		{"\uFEFFWEBVTT - interview\r\n", FormatVTT},
		{"WEBVTTX\n", FormatPlain},
		{"speaker,text\nCM,hi", FormatCSV},
		{"transcript_id,mi_quality,video_title,video_url,topic,utterance_id,interlocutor,timestamp,utterance_text\n", FormatCSV},
		{`"Who","Message"` + "\r\n", FormatCSV},
		{"speaker,notes\n", FormatPlain},
		{"CM: Hi, I'm Ana, your case manager, welcome.\n", FormatPlain},
		{"", FormatPlain},
	}
	for _, tc := range cases {
		if got := Detect([]byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q) = %q, want %q", tc.head, got, tc.want)
		}
	}
}

// The three testdata files hold the same conversation and must agree.
func TestFormatsAgree(t *testing.T) {
	var first []Turn
	for _, name := range []string{"session.txt", "session.vtt", "session.csv"} {
		f, err := os.Open("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		turns, err := Parse(f, Options{})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(turns) != 10 {
			t.Fatalf("%s: %d turns, want 10: %#v", name, len(turns), turns)
		}
		for i := range turns {
			turns[i].Line = 0 // line numbers differ by format by design
		}
		if first == nil {
			first = turns
			checkSession(t, turns)
			continue
		}
		for i := range turns {
			if turns[i] != first[i] {
				t.Errorf("%s turn %d = %#v, want %#v", name, i, turns[i], first[i])
			}
		}
	}
}

func checkSession(t *testing.T, turns []Turn) {
	t.Helper()
	for i, tn := range turns {
		want := Turn{Speaker: "Case Manager", Role: Practitioner}
		if i%2 == 1 {
			want = Turn{Speaker: "Marcus", Role: Client}
		}
		if tn.Speaker != want.Speaker || tn.Role != want.Role {
			t.Errorf("turn %d: %s/%s, want %s/%s", i, tn.Speaker, tn.Role, want.Speaker, want.Role)
		}
	}
	if want := "That I have until the 15th to pay the back rent, or they'll start the eviction process."; turns[3].Text != want {
		t.Errorf("turn 4 text = %q, want %q", turns[3].Text, want)
	}
}

// An enormous single line must parse in linear time; bufio.Scanner would fail.
func TestHugeLine(t *testing.T) {
	word := "so I called the housing office again and they said to wait "
	text := strings.Repeat(word, 10<<20/len(word))
	turns, err := Parse(strings.NewReader("Client: "+text+"\nCM: That sounds exhausting."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != 2 || turns[0].Text != strings.TrimSpace(text) || turns[1].Line != 2 {
		t.Fatalf("got %d turns, first text %d bytes", len(turns), len(turns[0].Text))
	}
}
