package survey

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Canonical URLs. Neither CARE nor ProQOL publishes a FHIR canonical URL, so
// Rapport names them in its own namespace; an admin who imports a licensed
// copy sets its url to one of these to get the built-in scoring. They are
// identifiers, not addresses: nothing needs to be served there.
const (
	URLCARE       = "https://rapporthq.github.io/fhir/Questionnaire/care-measure"
	URLProQOL5    = "https://rapporthq.github.io/fhir/Questionnaire/proqol-5"
	URLTrustPulse = "https://rapporthq.github.io/fhir/Questionnaire/trust-pulse"
	URLFeltHeard  = "https://rapporthq.github.io/fhir/Questionnaire/felt-heard"
)

// ErrNoRules means a questionnaire has no scoring rules: neither a built-in
// instrument's url nor a scoring extension. Such a questionnaire can still
// be answered; it is not scored.
var ErrNoRules = errors.New("survey: the questionnaire has no scoring rules")

// notApplicable is the "does not apply" answer: HL7 NullFlavor NA.
var notApplicable = Code{System: SystemNullFlavor, Code: "NA"}

// builtins are the licensed instruments whose scoring Rapport knows, written
// from the published manuals. Items are numbered linkIds "1", "2", ... in the
// published order; none of their wording is here.
var builtins = map[string]func() *Rules{
	URLCARE:    careRules,
	URLProQOL5: proqolRules,
}

// careRules: the CARE measure (Mercer et al. 2004). Ten items rated 1–5 or
// "does not apply"; up to two missing or not-applicable answers are replaced
// by the mean of the rest; more than two and there is no score. Sum 10–50.
func careRules() *Rules {
	return &Rules{
		Name: "CARE measure",
		Subscales: []Subscale{{
			Code: "total", Name: "CARE score", Items: numbered(1, 10),
			ItemMin: 1, ItemMax: 5, Method: MethodSum,
			Missing: Missing{MaxMissing: 2, Replace: ReplaceMean},
		}},
		NotApplicable: []Code{notApplicable},
	}
}

// proqolRules: ProQOL 5 (Stamm 2010). Thirty items rated 1–5, three
// subscales of ten summed items (10–50), five burnout items reversed, and
// the same bands for each: 22 or less low, 23–41 moderate, 42 or more high.
// The manual gives no rule for missing answers, so only complete subscales
// are scored.
func proqolRules() *Rules {
	bands := []Band{{Label: "low", Min: 10}, {Label: "moderate", Min: 23}, {Label: "high", Min: 42}}
	sub := func(code, name string, items, reversed []int) Subscale {
		return Subscale{Code: code, Name: name, Items: ids(items), Reversed: ids(reversed),
			ItemMin: 1, ItemMax: 5, Method: MethodSum,
			Bands: bands}
	}
	return &Rules{
		Name: "ProQOL 5",
		Subscales: []Subscale{
			sub("compassion_satisfaction", "Compassion satisfaction",
				[]int{3, 6, 12, 16, 18, 20, 22, 24, 27, 30}, nil),
			sub("burnout", "Burnout",
				[]int{1, 4, 8, 10, 15, 17, 19, 21, 26, 29}, []int{1, 4, 15, 17, 29}),
			sub("secondary_traumatic_stress", "Secondary traumatic stress",
				[]int{2, 5, 7, 9, 11, 13, 14, 23, 25, 28}, nil),
		},
	}
}

func numbered(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

func ids(nums []int) []string {
	var out []string
	for _, n := range nums {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// Builtin returns the built-in rules for a canonical URL, which may carry a
// version ("…/care-measure|1.0").
func Builtin(canonical string) (*Rules, bool) {
	base, _, _ := strings.Cut(canonical, "|")
	mk, ok := builtins[base]
	if !ok {
		return nil, false
	}
	return mk(), true
}

// RulesFor returns the scoring rules of a questionnaire: the built-in rules
// its url names, or those in its scoring extension. It returns ErrNoRules
// when there are none.
func RulesFor(q *Questionnaire) (*Rules, error) {
	builtin, isBuiltin := Builtin(q.URL)
	for i, ext := range q.Extension {
		if ext.URL != ExtScoring {
			continue
		}
		path := fmt.Sprintf("extension[%d]", i)
		if isBuiltin {
			return nil, errAt(path, "the url names the built-in instrument %s, whose scoring is fixed; remove this scoring extension", builtin.Name)
		}
		return rulesFromExtension(ext, path)
	}
	if isBuiltin {
		return builtin, nil
	}
	return nil, ErrNoRules
}

//go:embed instruments/*.json
var instrumentFiles embed.FS

// Shipped returns Rapport's own instruments (the trust pulse and the
// felt-heard check), freshly decoded so a caller may change its copy. They
// are not validated instruments, and say so in their description.
func Shipped() []*Questionnaire {
	entries, err := instrumentFiles.ReadDir("instruments")
	if err != nil {
		panic(fmt.Sprintf("survey: embedded instruments: %v", err))
	}
	var qs []*Questionnaire
	for _, e := range entries {
		data, err := instrumentFiles.ReadFile("instruments/" + e.Name())
		if err == nil {
			var q *Questionnaire
			q, err = DecodeQuestionnaire(bytes.NewReader(data))
			qs = append(qs, q)
		}
		if err != nil {
			// The files are compiled in and checked by the tests, so this is
			// a build defect, not a runtime condition.
			panic(fmt.Sprintf("survey: embedded instrument %s: %v", e.Name(), err))
		}
	}
	return qs
}
