package lexicon

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// hit is one expected match: the text as written and the suggestion after MatchCase.
type hit struct{ surface, suggestion string }

func TestFind(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []hit
	}{
		// Substance use.
		{"noun with article", "Client is an addict and has been using daily.", []hit{{"an addict", "a person who uses drugs"}}},
		{"plural at sentence start", "Addicts often avoid the clinic.", []hit{{"Addicts", "People who use drugs"}}},
		{"longer word is not the term", "She talked openly about her addiction.", nil},
		{"hyphenated compound is one word", "He calls himself addict-like about coffee.", nil},
		{"possessive", "The addict's mother called twice.", []hit{{"addict", "person who uses drugs"}}},
		{"drug before the noun", "Pt is a known heroin addict.", []hit{{"heroin addict", "person who uses heroin"}}},
		{"clean urine screen", "Urine drug screen was clean today.", []hit{{"clean", "negative"}}},
		{"clean without test context", "Her apartment was clean and tidy.", nil},
		{"clean excluded by household word", "Tox screen done in a clean room.", nil},
		{"clean across a sentence break", "Urine screen ordered. Everything was clean.", nil},
		{"dirty tox", "UDS dirty for fentanyl.", []hit{{"dirty for", "positive for"}}},
		{"dirty kitchen", "The kitchen was dirty.", nil},
		{"abstinence phrase", "She has been clean for six months.", []hit{{"been clean", "been substance-free"}}},
		{"abstinence question", "Are you still clean?", []hit{{"still clean", "still substance-free"}}},
		{"failed a drug test", "Failed a urine drug screen on Monday.", []hit{{"Failed", "Tested positive on"}}},
		{"relapse as failure", "Client relapsed last weekend.", []hit{{"relapsed", "returned to use"}}},
		{"relapse prevention is a programme", "Relapse prevention group on Tuesday.", nil},
		{"alcoholic as a medical adjective", "Alcoholic hepatitis was ruled out.", nil},
		{"alcoholic as a label", "Her father was an alcoholic.", []hit{{"an alcoholic", "a person with alcohol use disorder"}}},
		{"alcoholics anonymous", "He attends Alcoholics Anonymous on Fridays.", nil},
		{"drunk as a state", "He was drunk when he arrived.", []hit{{"drunk", "intoxicated"}}},
		{"drunk as a participle", "He had drunk two beers.", nil},
		{"abused a substance", "She abused alcohol in her twenties.", []hit{{"abused", "used"}}},
		{"abused as a victim", "She was abused by her stepfather.", nil},
		{"sexual abuse is not substance abuse", "History of sexual abuse and alcohol use.", nil},
		{"substance abuse phrase", "History of drug and alcohol abuse.", []hit{{"alcohol abuse", "unhealthy alcohol use"}}},
		// Compliance.
		{"hyphenated variant", "Pt remains non-compliant with insulin.", []hit{{"non-compliant with", "having difficulty with"}}},
		{"phrase across a line break", "He was non\n  compliant with meds.", []hit{{"non\n  compliant with", "having difficulty with"}}},
		{"punctuation breaks a phrase", "He was non, compliant.", nil},
		{"all capitals", "NONCOMPLIANT", []hit{{"NONCOMPLIANT", "Not following the care plan"}}},
		{"refused by the client", "Client refused her medication this morning.", []hit{{"refused", "declined"}}},
		{"refused by the landlord", "The landlord refused to return the deposit.", nil},
		{"abbreviation does not end the sentence", "Pt. refused vitals.", []hit{{"refused", "declined"}}},
		{"curly apostrophe", "She didn’t comply with the plan.", []hit{{"didn’t comply with", "did not follow"}}},
		{"failed to", "Client failed to attend group.", []hit{{"failed to", "did not"}}},
		// Credibility.
		{"claims about the client's word", "She claims she took all her pills.", []hit{{"claims", "reports"}}},
		{"insurance claims", "Client filed insurance claims on Monday.", nil},
		{"insists", "He insists he is fine.", []hit{{"insists", "states"}}},
		{"denies substance use", "Denies alcohol use.", []hit{{"Denies", "Reports no"}}},
		{"denies a symptom", "Denies chest pain or fever.", nil},
		{"poor historian", "Pt is a poor historian.", []hit{{"a poor historian", "unable to recall some details"}}},
		{"a diabetic as a label", "Client is a diabetic and lives alone.", []hit{{"a diabetic", "a person with diabetes"}}},
		{"a diabetic patient", "Saw a diabetic patient with a foot wound.", nil},
		{"diagnosis before the person", "Pt is a 45 yo schizophrenic male, off meds.", []hit{{"schizophrenic male", "man with schizophrenia"}, {"off meds", "not taking medication"}}},
		{"an adult's tantrum", "Client threw a tantrum in the lobby.", []hit{{"threw a tantrum", "became very upset"}}},
		{"a toddler's tantrum", "Her toddler had a tantrum in the waiting room.", nil},
		// Mental health.
		{"committed suicide", "Her brother committed suicide last year.", []hit{{"committed suicide", "died by suicide"}}},
		{"is bipolar", "She is bipolar.", []hit{{"is bipolar", "has bipolar disorder"}}},
		{"bipolar disorder is the diagnosis", "This is bipolar disorder.", nil},
		{"nuts as food", "Allergic to tree nuts.", nil},
		{"nuts as a slur", "Honestly he went nuts at the desk.", []hit{{"nuts", "unwell"}}},
		{"crazy as an intensifier", "It's been a crazy week.", nil},
		// Difficult patient.
		{"two labels", "Pt became agitated and combative.", []hit{{"agitated", "distressed"}, {"combative", "physically defensive"}}},
		{"aggressive treatment", "Aggressive treatment of the lymphoma is planned.", nil},
		{"aggressive towards staff", "Pt was aggressive toward staff.", []hit{{"aggressive", "angry"}}},
		{"frequent flyer", "She is a frequent flyer in the ED.", []hit{{"frequent flyer", "person with frequent visits"}}},
		{"in denial", "He is in denial about his drinking.", []hit{{"in denial about", "not ready to discuss"}}},
		{"resistant organism", "MRSA resistant to methicillin.", nil},
		{"resistant client", "Client is resistant to treatment.", []hit{{"resistant to", "unsure about"}}},
		{"demanding exercise", "Tai chi is very demanding.", nil},
		// Disability, housing, weight, general.
		{"wheelchair-bound", "Patient is wheelchair-bound since the accident.", []hit{{"is wheelchair-bound", "uses a wheelchair"}}},
		{"suffers from", "He suffers from MS.", []hit{{"suffers from", "has"}}},
		{"homeless shelter", "Referred to the homeless shelter on 5th St.", nil},
		{"homeless predicate", "He is homeless and sleeping in his car.", []hit{{"homeless", "experiencing homelessness"}}},
		{"homeless noun phrase", "A homeless man came to the desk.", []hit{{"homeless man", "man experiencing homelessness"}}},
		{"transient symptom", "TIA with transient weakness.", nil},
		{"transient housing", "He is transient and moves between shelters.", []hit{{"transient", "without stable housing"}}},
		{"morbidly obese noun phrase", "Morbidly obese patient admitted.", []hit{{"Morbidly obese patient", "Patient with class 3 obesity"}}},
		{"body fat", "Body fat was 30 percent.", nil},
		{"the elderly", "The elderly are at higher risk.", []hit{{"The elderly", "Older adults"}}},
		{"elderly as adjective", "An elderly woman called.", []hit{{"elderly", "older"}}},
		{"illegal alien", "The illegal alien was detained.", []hit{{"illegal alien", "undocumented immigrant"}}},
		// Offsets after multi-byte text are checked by checkOffsets.
		{"emoji before", "😀 Pt is obese.", []hit{{"is obese", "has obesity"}}},
		{"accents before", "Café note: José is a drug addict.", []hit{{"drug addict", "person who uses drugs"}}},
		{"nothing to find", "Thank you for coming in today. How has your week been?", nil},
		{"empty", "", nil},
	}
	lex := Default()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := lex.Find(tc.text)
			checkOffsets(t, tc.text, got)
			var gotHits []hit
			for _, m := range got {
				gotHits = append(gotHits, hit{m.Surface, MatchCase(m.Entry.Alternative, m.Surface)})
			}
			if fmt.Sprint(gotHits) != fmt.Sprint(tc.want) {
				t.Errorf("Find(%q)\n got %v\nwant %v", tc.text, gotHits, tc.want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	cases := []struct {
		text       string
		start, end int
	}{
		{"😀 Pt is obese.", 5, 13},
		{"Café: addict", 6, 12},
		{"e\u0301e\u0301 addict", 5, 11}, // combining accents count as runes
		{"\xff\xfeaddict", 2, 8},         // each invalid byte is one rune
		{"日本語 junkie!", 4, 10},
	}
	for _, tc := range cases {
		got := Default().Find(tc.text)
		if len(got) != 1 || got[0].Start != tc.start || got[0].End != tc.end {
			t.Errorf("Find(%q) = %+v, want one match at [%d,%d)", tc.text, got, tc.start, tc.end)
		}
	}
}

// checkOffsets verifies that every match's rune offsets point at its surface and that matches
// are sorted and do not overlap.
func checkOffsets(t *testing.T, text string, ms []Match) {
	t.Helper()
	byteAt := runeByteOffsets(text)
	prevEnd := 0
	for _, m := range ms {
		if m.Start < prevEnd || m.Start >= m.End || m.End >= len(byteAt) {
			t.Fatalf("bad span [%d,%d) after %d in %q (%d runes)", m.Start, m.End, prevEnd, text, len(byteAt)-1)
		}
		if got := text[byteAt[m.Start]:byteAt[m.End]]; got != m.Surface {
			t.Fatalf("span [%d,%d) of %q is %q, surface is %q", m.Start, m.End, text, got, m.Surface)
		}
		prevEnd = m.End
	}
}

// runeByteOffsets maps each rune offset (and the end) to its byte offset.
func runeByteOffsets(text string) []int {
	var at []int
	for i := range text {
		at = append(at, i)
	}
	return append(at, len(text))
}

func TestDefault(t *testing.T) {
	lex := Default()
	if lex.Len() < 150 {
		t.Errorf("Len() = %d, want at least 150", lex.Len())
	}
	perCategory := map[string]int{}
	variants := map[string]bool{}
	for _, e := range lex.Entries() {
		perCategory[e.Category]++
		if e.Reason == "" || len(e.Sources) == 0 {
			t.Errorf("%v: missing reason or source", e.Terms)
		}
		if e.Confidence < minConfidence || e.Confidence > maxConfidence {
			t.Errorf("%v: confidence %v out of range", e.Terms, e.Confidence)
		}
		for _, term := range e.Terms {
			if variants[term] {
				t.Errorf("variant %q appears twice", term)
			}
			variants[term] = true
			if strings.EqualFold(term, e.Alternative) {
				t.Errorf("variant %q equals its alternative", term)
			}
		}
	}
	for _, c := range Categories() {
		if perCategory[c] < 10 {
			t.Errorf("category %s has %d entries, want at least 10", c, perCategory[c])
		}
	}
	if len(perCategory) != len(Categories()) {
		t.Errorf("entries use %d categories, want %d", len(perCategory), len(Categories()))
	}
}

// TestEveryVariantMatchesItself guards the trie: each variant, written alone, must be found
// whole unless its context rules demand other words.
func TestEveryVariantMatchesItself(t *testing.T) {
	for _, e := range Default().Entries() {
		if len(e.ContextRequired) > 0 {
			continue
		}
		for _, term := range e.Terms {
			got := Default().Find(term)
			if len(got) != 1 || got[0].Surface != term || got[0].Entry != e {
				t.Errorf("Find(%q) = %+v, want the whole variant", term, got)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	const header = "terms\tcategory\talternative\treason\tsource\tcontext_required\tconfidence\n"
	const good = "addict\tsubstance_use\tperson who uses drugs\tA label.\tnida\t\t0.9\n"
	cases := []struct {
		name, input string
		line        int // 0: not a ParseError
		msg         string
	}{
		{"empty", "", 0, "no header row"},
		{"missing column", "terms\tcategory\talternative\treason\tsource\tconfidence\n", 1, `missing column "context_required"`},
		{"unknown column", "# comment\n" + strings.TrimSuffix(header, "\n") + "\tnotes\n", 2, `unknown column "notes"`},
		{"field count", header + good + "junkie\tsubstance_use\tperson\n", 3, "want 7 tab-separated fields, got 3"},
		{"category", header + "junkie\tdrugs\tperson who uses drugs\tA slur.\town\t\t0.9\n", 2, `unknown category "drugs"`},
		{"confidence not a number", header + "junkie\tsubstance_use\tperson who uses drugs\tA slur.\town\t\thigh\n", 2, `confidence "high"`},
		{"confidence range", header + "junkie\tsubstance_use\tperson who uses drugs\tA slur.\town\t\t0.99\n", 2, "outside 0.5 to 0.95"},
		{"possessive term, after a blank line", header + good + "\naddict's\tsubstance_use\tx\ty\town\t\t0.9\n", 4, "lowercase whole words"},
		{"duplicate across lines", header + good + "junkie | addict\tsubstance_use\tperson who uses drugs\tA slur.\town\t\t0.9\n", 3, `"addict" is already listed on line 2`},
		{"uppercase term", header + "Junkie\tsubstance_use\tperson who uses drugs\tA slur.\town\t\t0.9\n", 2, "lowercase whole words"},
		{"empty variant", header + "junkie | \tsubstance_use\tperson who uses drugs\tA slur.\town\t\t0.9\n", 2, "empty term"},
		{"alternative equals term", header + "elderly\tgeneral\tElderly\tx.\town\t\t0.6\n", 2, "same as its alternative"},
		{"unknown source", header + "junkie\tsubstance_use\tperson who uses drugs\tA slur.\twikipedia\t\t0.9\n", 2, `unknown source "wikipedia"`},
		{"bad context word", header + "clean\tsubstance_use\tnegative\tx.\tva\turine,screen\t0.8\n", 2, `context word "urine,screen"`},
		{"next-word rule that is not an exclusion", header + "clean\tsubstance_use\tnegative\tx.\tva\t+urine\t0.8\n", 2, `context word "+urine"`},
		{"empty reason", header + "junkie\tsubstance_use\tperson who uses drugs\t\town\t\t0.9\n", 2, "must not be empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.input))
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("Parse error = %v, want one containing %q", err, tc.msg)
			}
			gotLine := 0
			if pe := (*ParseError)(nil); errors.As(err, &pe) {
				gotLine = pe.Line
			}
			if gotLine != tc.line {
				t.Errorf("error on line %d, want line %d: %v", gotLine, tc.line, err)
			}
		})
	}
}

func TestParseContextAndOrder(t *testing.T) {
	input := "confidence\tterms\tcategory\talternative\treason\tsource\tcontext_required\r\n" +
		"0.8\tclean\tsubstance_use\tnegative\tShames.\tva, nida\ttox* urine !room !+catch\r\n"
	lex, err := Parse(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	e := lex.Entries()[0]
	if fmt.Sprint(e.ContextRequired, e.ContextExcluded, e.ExcludedNext, e.Sources) != "[tox* urine] [room] [catch] [va nida]" {
		t.Errorf("parsed %+v", e)
	}
	for text, want := range map[string]int{
		"toxicology was clean":           1, // prefix match
		"urine clean":                    1,
		"clean":                          0,
		"urine room clean":               0, // an excluded word cancels
		"urine one two three four clean": 0, // outside the window
		"urine clean catch":              0, // excluded as the next word
		"catch urine clean":              1, // but not before the match
	} {
		if got := len(lex.Find(text)); got != want {
			t.Errorf("Find(%q) found %d, want %d", text, got, want)
		}
	}
}

func TestLongestFirst(t *testing.T) {
	input := "terms\tcategory\talternative\treason\tsource\tcontext_required\tconfidence\n" +
		"obese\tweight\tliving with obesity\tx.\tva\t\t0.6\n" +
		"morbidly obese\tweight\tliving with class 3 obesity\tx.\tva\t\t0.8\n" +
		"morbidly obese patient | morbidly obese patient today\tweight\tpatient with class 3 obesity\tx.\tva\t\t0.9\n"
	lex, err := Parse(strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	got := lex.Find("A morbidly obese patient and a morbidly obese man; obese.")
	var surfaces []string
	for _, m := range got {
		surfaces = append(surfaces, m.Surface)
	}
	if want := "[morbidly obese patient morbidly obese obese]"; fmt.Sprint(surfaces) != want {
		t.Errorf("surfaces %v, want %s", surfaces, want)
	}
}

func TestMatchCase(t *testing.T) {
	cases := []struct{ alt, surface, want string }{
		{"person who uses drugs", "Addict", "Person who uses drugs"},
		{"person who uses drugs", "addict", "person who uses drugs"},
		{"older adults", "The elderly", "Older adults"},
		{"élan", "Élan", "Élan"},
		{"Asian", "oriental", "Asian"},
		{"", "Addict", ""},
		{"x", "", "x"},
		{"injection drug use", "IVDU", "injection drug use"},                           // an acronym's capitals say nothing of its place
		{"not following the care plan", "NONCOMPLIANT", "Not following the care plan"}, // a shouted word
	}
	for _, tc := range cases {
		if got := MatchCase(tc.alt, tc.surface); got != tc.want {
			t.Errorf("MatchCase(%q, %q) = %q, want %q", tc.alt, tc.surface, got, tc.want)
		}
	}
}

func TestConcurrentFind(t *testing.T) {
	lex := Default()
	want := len(lex.Find(sampleNote))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := len(lex.Find(sampleNote)); got != want {
					t.Errorf("found %d matches, want %d", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		sampleNote, "", "addict", "Addict's", "non-compliant with", "😀 an addict", "\xff\xfeclean urine",
		"a-", "-a", "'s", "it's", "e\u0301", "Pt.\n\nrefused", "clean  \t urine\u2028screen",
	} {
		f.Add(s)
	}
	lex := Default()
	f.Fuzz(func(t *testing.T, text string) {
		ms := lex.Find(text)
		n := utf8.RuneCountInString(text)
		prevEnd := 0
		for _, m := range ms {
			if m.Start < prevEnd || m.Start >= m.End || m.End > n {
				t.Fatalf("bad span [%d,%d) after %d, %d runes", m.Start, m.End, prevEnd, n)
			}
			if utf8.RuneCountInString(m.Surface) != m.End-m.Start || !strings.Contains(text, m.Surface) {
				t.Fatalf("surface %q does not fit span [%d,%d)", m.Surface, m.Start, m.End)
			}
			prevEnd = m.End
		}
		if utf8.ValidString(text) {
			checkOffsets(t, text, ms)
		}
	})
}

// FuzzParse: an organisation's own terms file is parsed or refused with an error, never a panic,
// and a parsed list can match text.
func FuzzParse(f *testing.F) {
	header := "terms\tcategory\talternative\treason\tsource\tcontext_required\tconfidence\n"
	for _, s := range []string{
		header + "junkie\tsubstance_use\tperson who uses drugs\tA slur.\town\t\t0.9\n",
		header + "a diabetic\tdisability\ta person with diabetes\tA label.\town\t!+patient !diet tox*\t0.7\n",
		header + "x | y\tgeneral\tz\tr.\town\t!+\t0.5\n", "", "terms\n", header + "\t\t\t\t\t\t\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		lex, err := Parse(strings.NewReader(input))
		if err != nil {
			return
		}
		for _, e := range lex.Entries() {
			lex.Find("The client " + e.Terms[0] + " today.")
		}
	})
}

// sampleNote is a realistic progress note of about 60 words with a few terms in it.
const sampleNote = "Met with client at the drop-in center. She reports she has been clean for two months " +
	"and is attending group twice a week. UDS today was negative. Client is homeless and staying " +
	"with her sister. She was noncompliant with her insulin last month because she could not afford " +
	"it. We discussed the pharmacy assistance program and she agreed to call on Monday."

func BenchmarkFind(b *testing.B) {
	lex := Default()
	var big strings.Builder
	for big.Len() < 1<<20 {
		big.WriteString(sampleNote)
		big.WriteString("\n")
	}
	for _, bc := range []struct{ name, text string }{{"note", sampleNote}, {"1MB", big.String()}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.text)))
			b.ReportAllocs()
			for b.Loop() {
				lex.Find(bc.text)
			}
		})
	}
}
