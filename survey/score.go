package survey

import (
	"fmt"
	"strings"
)

// Scorer scores responses to one questionnaire. NewScorer checks the rules
// against the items once, so scoring a response is a lookup per answer.
type Scorer struct {
	url   string
	rules *Rules
	items map[string]*scoredItem // linkId → how to value its answer
	known map[string]string      // every linkId of the questionnaire → its type
}

// scoredItem is an item that some subscale uses.
type scoredItem struct {
	typ      string
	options  map[string]optionValue // optionKey → value
	min, max float64                // the item's value range (same in each subscale)
}

type optionValue struct {
	weight float64
	na     bool // "does not apply": counts as missing
}

// Result is the score of one response.
type Result struct {
	Instrument string // the questionnaire's canonical URL
	Subscales  []SubscaleScore
}

// SubscaleScore is one subscale's score, or why there is none.
type SubscaleScore struct {
	Code string
	Name string
	// Scorable is false when the missing-data rule forbids a score; then
	// Value and Band are empty and Reason says why, for people.
	Scorable bool
	Value    float64
	Band     string
	Reason   string
	// Answered counts items with a usable answer; Missing counts the rest,
	// NotApplicable among them.
	Answered, Missing, NotApplicable int
	// Min and Max are the subscale's possible range.
	Min, Max float64
}

// NewScorer prepares the scoring of q. It returns ErrNoRules when q has no
// scoring rules, and an *InputError (with the JSON path of the item or
// option at fault) when the rules do not fit the items.
func NewScorer(q *Questionnaire) (*Scorer, error) {
	rules, err := RulesFor(q)
	if err != nil {
		return nil, err
	}
	s := &Scorer{url: q.URL, rules: rules, items: map[string]*scoredItem{}, known: map[string]string{}}
	paths := map[string]string{}
	items := map[string]*Item{}
	walkPaths(q.Item, "item", func(it *Item, path string) {
		items[it.LinkID], paths[it.LinkID], s.known[it.LinkID] = it, path, it.Type
	})
	for i := range rules.Subscales {
		sub := &rules.Subscales[i]
		for _, id := range sub.Items {
			if err := s.addItem(sub, items[id], paths[id], id); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// Rules returns the rules the scorer applies.
func (s *Scorer) Rules() *Rules { return s.rules }

func walkPaths(items []Item, path string, fn func(*Item, string)) {
	for i := range items {
		p := fmt.Sprintf("%s[%d]", path, i)
		fn(&items[i], p)
		walkPaths(items[i].Item, p+".item", fn)
	}
}

// addItem checks that an item a subscale scores can be scored, and records
// the value of each of its answers.
func (s *Scorer) addItem(sub *Subscale, it *Item, path, id string) error {
	if it == nil {
		return errAt("item", "%s use item %q, which the questionnaire does not have", s.rules.described(), id)
	}
	if prev, ok := s.items[id]; ok {
		if prev.min != sub.ItemMin || prev.max != sub.ItemMax {
			return errAt(path, "item %q is in two subscales with different value ranges", id)
		}
		return nil
	}
	si := &scoredItem{typ: it.Type, min: sub.ItemMin, max: sub.ItemMax, options: map[string]optionValue{}}
	switch it.Type {
	case TypeInteger, TypeDecimal:
	case TypeChoice:
		if it.Repeats != nil && *it.Repeats {
			return errAt(join(path, "repeats"), "a scored item takes one answer, so it cannot repeat")
		}
		for j, opt := range it.AnswerOption {
			v, err := s.optionValue(opt, index(join(path, "answerOption"), j), sub)
			if err != nil {
				return err
			}
			si.options[optionKey(opt)] = v
		}
	default:
		return errAt(join(path, "type"), "item %q is scored, so it must be a choice, integer or decimal item, not %q", id, it.Type)
	}
	s.items[id] = si
	return nil
}

// optionValue finds an option's value: its ordinalValue or itemWeight, then
// "does not apply", then the rules' code→value map, then its integer value.
func (s *Scorer) optionValue(opt AnswerOption, path string, sub *Subscale) (optionValue, error) {
	w, ok := optionWeight(opt)
	if !ok && opt.ValueCoding != nil {
		c := Code{System: opt.ValueCoding.System, Code: opt.ValueCoding.Code}
		if s.rules.notApplicable(c) {
			return optionValue{na: true}, nil
		}
		w, ok = s.rules.weightOf(c)
	}
	if !ok && opt.ValueInteger != nil {
		w, ok = float64(*opt.ValueInteger), true
	}
	switch {
	case !ok:
		return optionValue{}, errAt(path, "this option of a scored item has no value: give it an ordinalValue extension, or mark \"does not apply\" with system %s and code NA", SystemNullFlavor)
	case w < sub.ItemMin || w > sub.ItemMax:
		return optionValue{}, errAt(path, "the option's value %g is outside the range %g–%g of subscale %q", w, sub.ItemMin, sub.ItemMax, sub.Code)
	}
	return optionValue{weight: w}, nil
}

// optionWeight reads the weight extension on the option or its coding.
func optionWeight(opt AnswerOption) (float64, bool) {
	exts := opt.Extension
	if opt.ValueCoding != nil {
		exts = append(exts[:len(exts):len(exts)], opt.ValueCoding.Extension...)
	}
	for _, e := range exts {
		if (e.URL == ExtOrdinalValue || e.URL == ExtItemWeight) && e.ValueDecimal != nil {
			return e.ValueDecimal.Float64(), true
		}
	}
	return 0, false
}

// itemValue is one scored item's answer: a value, missing, or "does not apply".
type itemValue struct {
	value float64
	na    bool
}

// Score scores a response. Answers to items the questionnaire lacks, values
// outside an item's options or range, and several answers to one scored
// item are errors (*InputError with the response's JSON path): scoring them
// would give a wrong number without a sign.
func (s *Scorer) Score(resp *QuestionnaireResponse) (Result, error) {
	if resp.Questionnaire != "" && s.url != "" && !sameCanonical(resp.Questionnaire, s.url) {
		return Result{}, errAt("questionnaire", "the response answers %q, not %q", resp.Questionnaire, s.url)
	}
	values := map[string]itemValue{}
	seen := map[string]bool{}
	if err := s.collect(resp.Item, "item", values, seen); err != nil {
		return Result{}, err
	}
	res := Result{Instrument: s.url}
	for i := range s.rules.Subscales {
		res.Subscales = append(res.Subscales, scoreSubscale(&s.rules.Subscales[i], values))
	}
	return res, nil
}

func sameCanonical(a, b string) bool {
	a, _, _ = strings.Cut(a, "|")
	b, _, _ = strings.Cut(b, "|")
	return a == b
}

// collect reads the values of the scored items' answers.
func (s *Scorer) collect(items []ResponseItem, path string, values map[string]itemValue, seen map[string]bool) error {
	for i := range items {
		ri := &items[i]
		p := index(path, i)
		if _, ok := s.known[ri.LinkID]; !ok {
			return errAt(join(p, "linkId"), "%q is not an item of this questionnaire", ri.LinkID)
		}
		if seen[ri.LinkID] {
			return errAt(join(p, "linkId"), "%q is answered twice", ri.LinkID)
		}
		seen[ri.LinkID] = true
		if err := s.collect(ri.Item, join(p, "item"), values, seen); err != nil {
			return err
		}
		si, scored := s.items[ri.LinkID]
		switch {
		case !scored || len(ri.Answer) == 0:
			continue
		case len(ri.Answer) > 1:
			return errAt(join(p, "answer"), "item %q is scored and takes one answer, not %d", ri.LinkID, len(ri.Answer))
		}
		v, err := si.value(ri.Answer[0], index(join(p, "answer"), 0))
		if err != nil {
			return err
		}
		values[ri.LinkID] = v
	}
	return nil
}

// value reads one answer to a scored item.
func (si *scoredItem) value(a Answer, path string) (itemValue, error) {
	var v float64
	switch {
	case si.typ == TypeChoice:
		opt, ok := si.options[answerKey(a)]
		if !ok {
			return itemValue{}, errAt(path, "the answer is not one of the item's options")
		}
		if opt.na {
			return itemValue{na: true}, nil
		}
		return itemValue{value: opt.weight}, nil
	case si.typ == TypeInteger && a.ValueInteger != nil:
		v = float64(*a.ValueInteger)
	case si.typ == TypeDecimal && a.ValueDecimal != nil:
		v = a.ValueDecimal.Float64()
	default:
		return itemValue{}, errAt(path, "a %s item needs a value%s answer", si.typ, strings.ToUpper(si.typ[:1])+si.typ[1:])
	}
	if v < si.min || v > si.max {
		return itemValue{}, errAt(path, "%g is outside the item's range %g–%g", v, si.min, si.max)
	}
	return itemValue{value: v}, nil
}

// answerKey identifies an answer's value the way optionKey identifies an
// option's, so an answer finds its option.
func answerKey(a Answer) string {
	return optionKey(AnswerOption{ValueCoding: a.ValueCoding, ValueInteger: a.ValueInteger, ValueString: a.ValueString})
}

// scoreSubscale applies one subscale's rules to the collected values.
func scoreSubscale(sub *Subscale, values map[string]itemValue) SubscaleScore {
	out := SubscaleScore{Code: sub.Code, Name: sub.Name}
	out.Min, out.Max = sub.Range()
	sum := 0.0
	for _, id := range sub.Items {
		v, ok := values[id]
		switch {
		case !ok:
			out.Missing++
		case v.na:
			out.Missing++
			out.NotApplicable++
		default:
			out.Answered++
			if sub.reversed(id) {
				sum += sub.ItemMin + sub.ItemMax - v.value
			} else {
				sum += v.value
			}
		}
	}
	if reason := notScorable(sub, out.Answered, out.Missing); reason != "" {
		out.Reason = reason
		return out
	}
	mean := sum / float64(out.Answered)
	switch {
	case sub.Method == MethodMean:
		out.Value = mean
	case out.Missing == 0:
		out.Value = sum
	default: // a sum with missing items replaced by the mean of the answered ones
		out.Value = sum + mean*float64(out.Missing)
	}
	out.Scorable = true
	out.Band = sub.Band(out.Value)
	return out
}

// notScorable applies the missing-data rule and says, for people, why there
// is no score; "" means there is one.
func notScorable(sub *Subscale, answered, missing int) string {
	n := len(sub.Items)
	switch {
	case answered == 0:
		return "no item was answered"
	case missing > sub.Missing.MaxMissing:
		return fmt.Sprintf("%d of %d items were unanswered or did not apply; at most %d may be", missing, n, sub.Missing.MaxMissing)
	case float64(answered) < sub.Missing.MinAnswered*float64(n):
		return fmt.Sprintf("only %d of %d items were answered; at least %g%% must be", answered, n, sub.Missing.MinAnswered*100)
	}
	return ""
}
