package engine

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// caseRow is one row of testdata/cases.tsv: a sentence a case manager might write, with the
// codes the engine must find (expect) and must not find (forbid).
type caseRow struct {
	id, kind, context, text string
	expect, forbid          []Code
	note                    string
}

func loadCases(t *testing.T) []caseRow {
	t.Helper()
	f, err := os.Open("testdata/cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []caseRow
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for line := 2; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 {
			t.Fatalf("cases.tsv line %d: %d columns", line, len(cols))
		}
		if seen[cols[0]] {
			t.Fatalf("cases.tsv line %d: the id %s is used twice", line, cols[0])
		}
		seen[cols[0]] = true
		r := caseRow{id: cols[0], kind: cols[1], context: cols[2], text: cols[3],
			expect: codes(t, cols[4]), forbid: codes(t, cols[5])}
		if len(cols) > 6 {
			r.note = cols[6]
		}
		rows = append(rows, r)
	}
	return rows
}

func codes(t *testing.T, field string) []Code {
	var out []Code
	for _, c := range strings.Fields(field) {
		if c == "-" {
			continue
		}
		if !Code(c).Valid() {
			t.Fatalf("cases.tsv: unknown code %q", c)
		}
		out = append(out, Code(c))
	}
	return out
}

// TestCases runs every hand-written case: each expected code must be found, no forbidden code
// may be, and every pitfall found must carry a suggestion.
func TestCases(t *testing.T) {
	a := mustAnalyzer(t)
	rows := loadCases(t)
	if len(rows) < 200 {
		t.Fatalf("only %d cases; the engine's contract needs at least 200", len(rows))
	}
	for _, r := range rows {
		t.Run(r.id, func(t *testing.T) {
			an, err := a.Analyze(Input{Text: r.text, Context: r.context, Kind: Kind(r.kind)})
			if err != nil {
				t.Fatal(err)
			}
			found := map[Code]bool{}
			for _, f := range an.Findings {
				found[f.Code] = true
				if f.Code.Pitfall() && f.Suggestion == nil {
					t.Errorf("%s finding %q has no suggestion", f.Code, f.Evidence)
				}
			}
			for _, c := range r.expect {
				if !found[c] {
					t.Errorf("%q: missing %s (found %v)", r.text, c, keys(found))
				}
			}
			for _, c := range r.forbid {
				if found[c] {
					t.Errorf("%q: found forbidden %s", r.text, c)
				}
			}
		})
	}
}

func keys(m map[Code]bool) []Code {
	var out []Code
	for c := range m {
		out = append(out, c)
	}
	return out
}

func mustAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestRewritesRemoveThePitfall applies every pitfall's suggestion in the cases and analyses the
// result again: the one-click rewrite must leave a text without that pitfall where it was, and
// without a word doubled at the seam ("you still have have").
func TestRewritesRemoveThePitfall(t *testing.T) {
	a := mustAnalyzer(t)
	n := 0
	for _, c := range loadCases(t) {
		in := Input{Text: c.text, Context: c.context, Kind: Kind(c.kind)}
		an, err := a.Analyze(in)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		for _, f := range an.Findings {
			if !f.Code.Pitfall() || f.Suggestion == nil {
				continue
			}
			n++
			in.Text = apply(c.text, f.Suggestion)
			again, err := a.Analyze(in)
			if err != nil {
				t.Fatalf("%s: %q: %v", c.id, in.Text, err)
			}
			s := f.Suggestion
			end := s.Start + utf8.RuneCountInString(s.Text)
			for _, g := range again.Findings {
				if g.Code == f.Code && g.Start < end && g.End > s.Start {
					t.Errorf("%s: %q\n rewritten %q\n still has %s %q", c.id, c.text, in.Text, g.Code, g.Evidence)
				}
			}
			if w := doubled(in.Text); w != "" && doubled(c.text) == "" {
				t.Errorf("%s: %q rewritten %q doubles %q", c.id, c.text, in.Text, w)
			}
		}
	}
	if n < 150 {
		t.Errorf("only %d pitfall rewrites in the cases", n)
	}
}

// doubled returns a word that appears twice in a row, or "".
func doubled(text string) string {
	ws := strings.Fields(strings.ToLower(text))
	for i := 1; i < len(ws); i++ {
		if ws[i] == ws[i-1] && ws[i] != "very" && ws[i] != "really" {
			return ws[i]
		}
	}
	return ""
}

// TestNotEnglish: text in another language is marked, so that no finding is not read as no
// problem; none of the cases (English, some of it telegraphic clinical shorthand) is.
func TestNotEnglish(t *testing.T) {
	a := mustAnalyzer(t)
	for _, text := range []string{
		"Eres un adicto y no te importa nada de tu familia.",
		"Bonjour Marie, je vous appelle pour le rendez-vous de lundi.",
		"你好，你今天感觉怎么样？我们下周再见面吧。",
		"Привет, как ты себя чувствуешь сегодня после встречи?",
	} {
		if an, err := a.Analyze(Input{Text: text}); err != nil || !an.NotEnglish {
			t.Errorf("%q: not_english %v (err %v), want true", text, an.NotEnglish, err)
		}
	}
	for _, c := range append(loadCases(t), caseRow{id: "shorthand", text: "Pt A&O x3, VSS, ambulating independently, tolerating PO diet."}) {
		if an, err := a.Analyze(Input{Text: c.text, Context: c.context}); err != nil || an.NotEnglish {
			t.Errorf("%s %q: marked as not English (err %v)", c.id, c.text, err)
		}
	}
}
