package training

import (
	"strings"
	"testing"
)

// FuzzReadCoded checks that any file is read into rows or refused with an error, never a panic,
// and that every row read has text and only known codes.
func FuzzReadCoded(f *testing.F) {
	f.Add("id\tsplit\tkind\tcontext\ttext\tpitfalls\tskills\na\tdev\tnote\t\tClient is an addict.\tstigmatizing_language\t-\n", "")
	f.Add("text,codes\n\"Stop, now.\",advice_without_permission\n", "dev")
	f.Add("text\tcodes\n\"unclosed\treflection\n", "")
	f.Fuzz(func(t *testing.T, in, split string) {
		rows, err := ReadCoded(strings.NewReader(in), split)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Text == "" {
				t.Fatalf("a row without text: %+v", r)
			}
		}
	})
}

// FuzzReadLabelled checks the text,label reader the same way.
func FuzzReadLabelled(f *testing.F) {
	f.Add("text,label,context\nWhat brings you in?,open,\n")
	f.Add("id,seeker_post,response,emotional_reaction,interpretation,exploration\nx,I lost my job.,That's awful.,1,2,0\n")
	f.Fuzz(func(t *testing.T, in string) {
		ex, err := ReadLabelled(strings.NewReader(in), Question)
		if err != nil {
			return
		}
		for _, e := range ex {
			if e.Label != "open" && e.Label != "closed" {
				t.Fatalf("label %q read for the question task", e.Label)
			}
		}
	})
}
