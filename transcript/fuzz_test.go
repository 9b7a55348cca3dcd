package transcript

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// seed adds the testdata files and a few awkward inputs to the corpus.
func seed(f *testing.F, extra ...string) {
	for _, name := range []string{"session.txt", "session.vtt", "session.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range append(extra, "", "\uFEFF", "\x00", "\xff\xfe", "a:\n:b\r\n\r") {
		f.Add([]byte(s))
	}
}

// checkParse runs Parse and checks the invariants every result must meet.
func checkParse(t *testing.T, data []byte, format Format) {
	turns, err := Parse(bytes.NewReader(data), Options{Format: format, MaxBytes: 1 << 20})
	var pe *ParseError
	if errors.As(err, &pe) && pe.Line < 1 {
		t.Fatalf("ParseError line %d < 1: %v", pe.Line, err)
	}
	if err == nil && len(turns) == 0 {
		t.Fatal("no turns and no error")
	}
	for _, tn := range turns {
		if tn.Line < 1 {
			t.Fatalf("turn line %d < 1: %#v", tn.Line, tn)
		}
		if !utf8.ValidString(tn.Text) || !utf8.ValidString(tn.Speaker) {
			t.Fatalf("invalid UTF-8: %#v", tn)
		}
		if tn.Text == "" || strings.ContainsRune(tn.Text, 0) {
			t.Fatalf("empty text or NUL byte: %#v", tn)
		}
	}
}

func FuzzParsePlain(f *testing.F) {
	seed(f, "CM: at 10:30\nhttps://x.org\nClient 2: ok", "Case Manager (Ana):\n  hi")
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data, FormatPlain) })
}

func FuzzParseVTT(f *testing.F) {
	seed(f, "WEBVTT\n\n1\n00:01.000 --> 00:02.000 align:start\n<v.loud Ana>hi &amp; <i>bye</i>\n<v Bo",
		"WEBVTT\n00:00:01.000 --> 00:00:02.000\nCM: hi\n\nNOTE x\n\n00:02.000 --> 00:03.000\n<00:02.500>more")
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data, FormatVTT) })
}

func FuzzParseCSV(f *testing.F) {
	seed(f, "speaker,text\nCM,\"a, b\nc\"\nClient,x\n", "who,message\n\"\"\"q\",z\nA\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data, FormatCSV) })
}

func FuzzDetect(f *testing.F) {
	seed(f, "WEBVTT", "speaker,text", "\"speaker\",\"text")
	f.Fuzz(func(t *testing.T, data []byte) {
		switch got := Detect(data); got {
		case FormatPlain, FormatVTT, FormatCSV:
		default:
			t.Fatalf("Detect = %q", got)
		}
		checkParse(t, data, "")
	})
}
