package survey

import (
	"fmt"
	"slices"
	"strings"
)

// Rules say how to score one instrument. They are data, so that built-in
// instruments and an admin's imported one are scored by the same code; an
// imported Questionnaire carries them in the ExtScoring extension.
type Rules struct {
	// Name is the instrument's short name, for people ("CARE measure").
	Name string
	// Subscales are scored independently; an instrument with one score has
	// one subscale (code "total" by convention).
	Subscales []Subscale
	// Weights value answer codes whose options carry no ordinalValue or
	// itemWeight: a code→value map shared by all items.
	Weights []CodeWeight
	// NotApplicable lists the answer codes that mean "does not apply". Such
	// answers count as missing.
	NotApplicable []Code
}

// Code identifies a coded answer by its system and code.
type Code struct {
	System string
	Code   string
}

// CodeWeight is the value of one answer code.
type CodeWeight struct {
	Code
	Value float64
}

// Subscale is one score computed from a set of items.
type Subscale struct {
	// Code is stable: dashboards, exports and tests use it.
	Code string
	// Name is for people.
	Name string
	// Items are the linkIds scored, in instrument order.
	Items []string
	// Reversed are the linkIds whose value v becomes ItemMin+ItemMax−v.
	Reversed []string
	// ItemMin and ItemMax are the lowest and highest value one item can have.
	ItemMin, ItemMax float64
	Method           Method
	Missing          Missing
	// Bands label ranges of the score, in ascending order of Min. Each band
	// covers scores from its Min up to (not including) the next band's Min;
	// the first band starts at the subscale's lowest possible score.
	Bands []Band
}

// Method is how item values combine into a score.
type Method string

// Methods.
const (
	MethodSum  Method = "sum"
	MethodMean Method = "mean"
)

// Missing is the missing-data rule. An item is missing when it has no answer
// or its answer "does not apply". A score exists only when at most MaxMissing
// items are missing and at least the fraction MinAnswered were answered;
// otherwise the subscale is "not scorable".
type Missing struct {
	MaxMissing  int
	MinAnswered float64 // 0 means no fraction rule
	// Replace says what a missing item counts as. With ReplaceMean it counts
	// as the mean of the answered items of the subscale, which prorates a sum.
	Replace Replace
}

// Replace is how missing values are filled in.
type Replace string

// Replacement rules. ReplaceNone, the zero value, suits a complete-answers
// rule (MaxMissing 0) or a mean, which is the same with or without replacing
// by the mean.
const (
	ReplaceNone Replace = ""
	ReplaceMean Replace = "mean"
)

// Band labels a range of scores.
type Band struct {
	Label string
	Min   float64
}

// Range returns the lowest and highest score the subscale can have.
func (s *Subscale) Range() (lo, hi float64) {
	if s.Method == MethodMean {
		return s.ItemMin, s.ItemMax
	}
	n := float64(len(s.Items))
	return n * s.ItemMin, n * s.ItemMax
}

// Band returns the label of the band that holds v, or "" without bands.
func (s *Subscale) Band(v float64) string {
	label := ""
	for _, b := range s.Bands {
		if v >= b.Min {
			label = b.Label
		}
	}
	return label
}

// Validate checks the rules are complete and consistent.
func (r *Rules) Validate() error { return r.validate("", nil) }

// validate checks the rules; path locates them in the file they came from
// and subPaths each subscale, for error messages (empty for rules in code).
func (r *Rules) validate(path string, subPaths []string) error {
	if len(r.Subscales) == 0 {
		return errAt(path, "scoring rules need at least one subscale")
	}
	codes := map[string]bool{}
	for i := range r.Subscales {
		s := &r.Subscales[i]
		sp := path
		if i < len(subPaths) {
			sp = subPaths[i]
		}
		if codes[s.Code] {
			return errAt(sp, "subscale code %q is used twice", s.Code)
		}
		codes[s.Code] = true
		if err := s.validate(sp); err != nil {
			return err
		}
	}
	for _, w := range r.Weights {
		if w.Value < -maxWeight || w.Value > maxWeight {
			return errAt(path, "the weight of code %q must be between %g and %g", w.Code.Code, -maxWeight, maxWeight)
		}
	}
	return nil
}

func (s *Subscale) validate(path string) error {
	if err := s.validateItems(path); err != nil {
		return err
	}
	lo, _ := s.Range()
	m := s.Missing
	switch {
	case s.Method != MethodSum && s.Method != MethodMean:
		return s.errf(path, "method %q is not allowed; use sum or mean", s.Method)
	case !(s.ItemMin < s.ItemMax) || s.ItemMin < -maxWeight || s.ItemMax > maxWeight:
		return s.errf(path, "item values must range from a lower to a higher number within ±%g (got %g to %g)", maxWeight, s.ItemMin, s.ItemMax)
	case m.MaxMissing < 0 || m.MaxMissing > len(s.Items):
		return s.errf(path, "at most %d items can be missing, not %d", len(s.Items), m.MaxMissing)
	case !(m.MinAnswered >= 0 && m.MinAnswered <= 1):
		return s.errf(path, "the minimum answered fraction must be between 0 and 1")
	case m.Replace != ReplaceNone && m.Replace != ReplaceMean:
		return s.errf(path, "missing answers are replaced by %q; use none or mean", m.Replace)
	case s.Method == MethodSum && m.MaxMissing > 0 && m.Replace != ReplaceMean:
		return s.errf(path, "a sum that allows missing answers must replace them by the mean, or the sum would fall below its range")
	case len(s.Bands) > 0 && s.Bands[0].Min != lo:
		return s.errf(path, "the first band must start at the lowest possible score, %g", lo)
	}
	return s.validateBands(path)
}

func (s *Subscale) validateItems(path string) error {
	if strings.TrimSpace(s.Code) == "" || len(s.Items) == 0 {
		return s.errf(path, "a subscale needs a code and at least one item")
	}
	seen := map[string]bool{}
	for _, id := range s.Items {
		if seen[id] {
			return s.errf(path, "item %q is listed twice", id)
		}
		seen[id] = true
	}
	for _, id := range s.Reversed {
		if !seen[id] {
			return s.errf(path, "reversed item %q is not one of the subscale's items", id)
		}
	}
	return nil
}

func (s *Subscale) validateBands(path string) error {
	_, hi := s.Range()
	for i, b := range s.Bands {
		switch {
		case strings.TrimSpace(b.Label) == "":
			return s.errf(path, "band %d needs a label", i)
		case i > 0 && !(b.Min > s.Bands[i-1].Min):
			return s.errf(path, "band %q must start above the band before it", b.Label)
		case b.Min > hi:
			return s.errf(path, "band %q starts above the highest possible score, %g", b.Label, hi)
		}
	}
	return nil
}

// errf reports a problem with the subscale, naming it.
func (s *Subscale) errf(path, format string, args ...any) error {
	return errAt(path, "subscale %q: %s", s.Code, fmt.Sprintf(format, args...))
}

// described names the rules in a message: "the scoring rules of CARE measure".
func (r *Rules) described() string {
	if r.Name == "" {
		return "the scoring rules"
	}
	return "the scoring rules of " + r.Name
}

// reversed reports whether the item is reverse-scored.
func (s *Subscale) reversed(linkID string) bool { return slices.Contains(s.Reversed, linkID) }

// weightOf returns the value of a code from the code→value map.
func (r *Rules) weightOf(c Code) (float64, bool) {
	for _, w := range r.Weights {
		if w.Code == c {
			return w.Value, true
		}
	}
	return 0, false
}

func (r *Rules) notApplicable(c Code) bool { return slices.Contains(r.NotApplicable, c) }
