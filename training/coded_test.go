package training

import (
	"strings"
	"testing"

	"github.com/rapporthq/rapport/engine"
)

func TestReadCoded(t *testing.T) {
	const tsv = "id\tsplit\tkind\tcontext\ttext\tpitfalls\tskills\n" +
		"a\tdev\tnote\t-\tClient is an addict.\tstigmatizing_language\t-\n" +
		"b\ttest\tutterance\tI'm so tired.\tYou're worn out.\t-\treflection\n"
	rows, err := ReadCoded(strings.NewReader(tsv), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Kind != engine.KindNote || rows[0].Context != "" || rows[1].Context != "I'm so tired." ||
		strings.Join(rows[1].Codes, " ") != "reflection" || strings.Join(rows[0].Codes, " ") != "stigmatizing_language" {
		t.Errorf("rows %+v", rows)
	}
	rows, err = ReadCoded(strings.NewReader(tsv), "test")
	if err != nil || len(rows) != 1 || rows[0].Text != "You're worn out." {
		t.Errorf("split test: %v %+v", err, rows)
	}
	// A CSV with one codes column, no kind (a message) and a quoted comma.
	const csv = "text,codes\n\"Stop drinking, now.\",advice_without_permission\nThanks for coming in.,-\n"
	rows, err = ReadCoded(strings.NewReader(csv), "")
	if err != nil || len(rows) != 2 || rows[0].Kind != engine.KindMessage || rows[0].Text != "Stop drinking, now." || rows[1].Codes != nil {
		t.Errorf("csv: %v %+v", err, rows)
	}
}

func TestReadCodedErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, split, want string }{
		{"empty", "", "", "reading header"},
		{"no codes column", "text,label\nhi,open\n", "", "codes column"},
		{"unknown code", "text,codes\nhi,kindness\n", "", `line 2: "kindness" is not a behaviour code`},
		{"bad kind", "kind,text,codes\nemail,hi,-\n", "", `line 2: kind "email"`},
		{"empty text", "text,codes\n,-\n", "", "line 2: the text is empty"},
		{"no rows in the split", "split,text,codes\ndev,hi,-\n", "test", "no rows to score"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCoded(strings.NewReader(tc.in), tc.split)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestScoreCoded(t *testing.T) {
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	rows := []Coded{
		{Kind: engine.KindUtterance, Context: "I feel like I'm failing everyone.", Text: "You feel like you're letting everyone down.", Codes: []string{"reflection"}},
		{Kind: engine.KindMessage, Text: "You need to stop drinking.", Codes: []string{"advice_without_permission"}},
		// Coded wrong on purpose, so that one code is missed.
		{Kind: engine.KindMessage, Text: "Thanks for letting me know.", Codes: []string{"judgment"}},
	}
	r, err := ScoreCoded(a, rows)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.Labels, " ") != "advice_without_permission judgment reflection" {
		t.Errorf("labels %v", r.Labels)
	}
	// Either kind of reflection found counts for "reflection".
	if s := r.PerLabel["reflection"]; s.Recall != 1 || s.Predicted != 1 {
		t.Errorf("reflection %+v", s)
	}
	if s := r.PerLabel["judgment"]; s.Support != 1 || s.Recall != 0 || s.Predicted != 0 {
		t.Errorf("judgment %+v", s)
	}
	if r.Exact < 0.66 || r.Exact > 0.67 {
		t.Errorf("exact %v, want 2/3", r.Exact)
	}
}

// --merge scores several codes as one: a text coded with any, found with any, is right once.
func TestScoreCodedMerge(t *testing.T) {
	a, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	rows := []Coded{
		// The engine reads this as minimising; a coder may call it dismissal.
		{Kind: engine.KindUtterance, Context: "I'm so scared about the court date.", Text: "Everyone goes through that, you'll be fine.", Codes: []string{"dismissive"}},
		{Kind: engine.KindMessage, Text: "You only have yourself to blame.", Codes: []string{"judgment", "dismissive"}},
		{Kind: engine.KindMessage, Text: "Thanks for letting me know.", Codes: []string{"affirmation"}},
	}
	plain, err := ScoreCoded(a, rows)
	if err != nil {
		t.Fatal(err)
	}
	if s := plain.PerLabel["dismissive"]; s.Recall != 0 {
		t.Fatalf("dismissive found unmerged (recall %v): the test needs a text the engine codes otherwise", s.Recall)
	}
	r, err := ScoreCoded(a, rows, "judgment", "dismissive", "minimizing")
	if err != nil {
		t.Fatal(err)
	}
	const name = "judgment+dismissive+minimizing"
	if strings.Join(r.Labels, " ") != "affirmation "+name {
		t.Errorf("labels %v", r.Labels)
	}
	// Both texts count once each, both found.
	if s := r.PerLabel[name]; s.Support != 2 || s.Predicted != 2 || s.Recall != 1 {
		t.Errorf("%s: %+v", name, s)
	}
	if one, _ := ScoreCoded(a, rows, "judgment"); strings.Contains(strings.Join(one.Labels, " "), "+") {
		t.Errorf("one code merged into %v", one.Labels)
	}
}
