package web

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// The client's survey form and the FHIR QuestionnaireResponse it becomes. A form field is named
// "a:" + the item's linkId; a choice answer's value is the option's position in the item's
// answerOption list, so every kind of option (coding, integer, string) travels the same way and
// nothing the client sends can name an option the questionnaire does not have. The same decoding
// serves partial saves (in-progress) and the final submission (completed), and a saved response
// turns back into form values when the client returns.

// surveyFieldPrefix starts every answer's form field name.
const surveyFieldPrefix = "a:"

// maxSurveyText bounds one free-text answer where the item sets no maxLength: the same bound as
// the comment the store keeps.
const maxSurveyText = rapport.MaxSurveyComment

// surveyAnswers are the raw form values of each answered item, by linkId: option positions for
// a choice, "yes" or "no" for a boolean, the text as typed for the rest. Empty values are dropped.
type surveyAnswers map[string][]string

// answerable reports whether an item takes an answer (groups and display text do not).
func answerable(it *survey.Item) bool {
	return it.Type != survey.TypeGroup && it.Type != survey.TypeDisplay
}

// repeats reports whether an item takes several answers: checkboxes instead of radio buttons.
func repeats(it *survey.Item) bool {
	return it.Type == survey.TypeChoice && it.Repeats != nil && *it.Repeats
}

// readSurveyAnswers takes the answers to q's items from a form, ignoring any other field. An
// item keeps one value, or for a repeating choice each option at most once.
func readSurveyAnswers(q *survey.Questionnaire, form url.Values) surveyAnswers {
	ans := surveyAnswers{}
	q.Items(func(it *survey.Item) {
		if !answerable(it) {
			return
		}
		limit := 1
		if repeats(it) {
			limit = len(it.AnswerOption)
		}
		var vals []string
		for _, v := range form[surveyFieldPrefix+it.LinkID] {
			if v = strings.TrimSpace(normalizeNewlines(v)); v != "" && len(vals) < limit && !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
		if len(vals) > 0 {
			ans[it.LinkID] = vals
		}
	})
	return ans
}

// surveyFieldIDs gives each answerable item the id of its first input, in document order
// ("q1", "q2", …), so an error can link to its question. LinkIDs are not used as ids: they may
// hold any character.
func surveyFieldIDs(q *survey.Questionnaire) map[string]string {
	ids := map[string]string{}
	q.Items(func(it *survey.Item) {
		if answerable(it) {
			ids[it.LinkID] = "q" + strconv.Itoa(len(ids)+1)
		}
	})
	return ids
}

// buildSurveyResponse turns answers into a QuestionnaireResponse with status. Answers that do
// not fit their item (an unknown option, a word where a number belongs, text over the limit)
// are left out and reported as errors in w's words, tied to the item's field; the response
// holds the rest, so a partial save keeps everything that can be kept.
func buildSurveyResponse(q *survey.Questionnaire, ans surveyAnswers, status string, now time.Time, w *surveyWords) (*survey.QuestionnaireResponse, careErrors) {
	b := responseBuilder{ans: ans, ids: surveyFieldIDs(q), w: w}
	resp := &survey.QuestionnaireResponse{
		ResourceType:  "QuestionnaireResponse",
		Language:      w.Lang,
		Questionnaire: canonicalOf(q),
		Status:        status,
		Authored:      now.UTC().Format(time.RFC3339),
		Item:          b.items(q.Item),
	}
	return resp, b.errs
}

// canonicalOf is the questionnaire's canonical reference, with its version when it has one.
func canonicalOf(q *survey.Questionnaire) string {
	if q.URL != "" && q.Version != "" {
		return q.URL + "|" + q.Version
	}
	return q.URL
}

type responseBuilder struct {
	ans  surveyAnswers
	ids  map[string]string
	w    *surveyWords
	errs careErrors
}

// items builds the response items of a list of questionnaire items: answered items, and groups
// with at least one answered item inside, nested as in the questionnaire (FHIR requires it).
func (b *responseBuilder) items(items []survey.Item) []survey.ResponseItem {
	var out []survey.ResponseItem
	for i := range items {
		it := &items[i]
		switch {
		case it.Type == survey.TypeGroup:
			if kids := b.items(it.Item); len(kids) > 0 {
				out = append(out, survey.ResponseItem{LinkID: it.LinkID, Item: kids})
			}
		case answerable(it):
			if answers := b.answers(it); len(answers) > 0 {
				out = append(out, survey.ResponseItem{LinkID: it.LinkID, Answer: answers})
			}
		}
	}
	return out
}

// answers converts one item's form values, recording the first problem.
func (b *responseBuilder) answers(it *survey.Item) []survey.Answer {
	var out []survey.Answer
	for _, v := range b.ans[it.LinkID] {
		a, problem := b.answer(it, v)
		if problem != "" {
			b.errs.add(b.ids[it.LinkID], "%s", problem)
			return nil
		}
		out = append(out, a)
	}
	return out
}

func (b *responseBuilder) answer(it *survey.Item, v string) (survey.Answer, string) {
	switch it.Type {
	case survey.TypeChoice:
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(it.AnswerOption) {
			return survey.Answer{}, b.w.ErrChoice
		}
		return optionAnswer(&it.AnswerOption[i]), ""
	case survey.TypeBoolean:
		if v != "yes" && v != "no" {
			return survey.Answer{}, b.w.ErrChoice
		}
		yes := v == "yes"
		return survey.Answer{ValueBoolean: &yes}, ""
	case survey.TypeInteger:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return survey.Answer{}, b.w.ErrWhole
		}
		return survey.Answer{ValueInteger: &n}, ""
	case survey.TypeDecimal:
		return decimalAnswer(v, b.w)
	}
	return b.textAnswer(it, v)
}

// decimalAnswer reads a number, with a decimal comma as Spanish writes it ("2,5").
func decimalAnswer(v string, w *surveyWords) (survey.Answer, string) {
	if !strings.Contains(v, ".") {
		v = strings.Replace(v, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1e15 {
		return survey.Answer{}, w.ErrNumber
	}
	return survey.Answer{ValueDecimal: survey.DecimalOf(f)}, ""
}

// textAnswer checks free text: readable, and within the item's maxLength and the store's limit.
func (b *responseBuilder) textAnswer(it *survey.Item, v string) (survey.Answer, string) {
	limit := maxSurveyText
	if it.MaxLength != nil && *it.MaxLength > 0 && *it.MaxLength < int64(limit) {
		limit = int(*it.MaxLength)
	}
	switch {
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		return survey.Answer{}, b.w.ErrUnreadable
	case utf8.RuneCountInString(v) > limit:
		return survey.Answer{}, b.w.TooLong(limit)
	}
	return survey.Answer{ValueString: &v}, ""
}

// optionAnswer is the answer that picks an option: a copy of its value (without the option's
// weight extensions, which belong to the questionnaire).
func optionAnswer(o *survey.AnswerOption) survey.Answer {
	switch {
	case o.ValueCoding != nil:
		c := survey.Coding{System: o.ValueCoding.System, Code: o.ValueCoding.Code, Display: o.ValueCoding.Display}
		return survey.Answer{ValueCoding: &c}
	case o.ValueInteger != nil:
		n := *o.ValueInteger
		return survey.Answer{ValueInteger: &n}
	}
	s := *o.ValueString
	return survey.Answer{ValueString: &s}
}

// sameOption reports whether an answer picks option o.
func sameOption(a survey.Answer, o *survey.AnswerOption) bool {
	switch {
	case o.ValueCoding != nil:
		return a.ValueCoding != nil && a.ValueCoding.System == o.ValueCoding.System && a.ValueCoding.Code == o.ValueCoding.Code
	case o.ValueInteger != nil:
		return a.ValueInteger != nil && *a.ValueInteger == *o.ValueInteger
	case o.ValueString != nil:
		return a.ValueString != nil && *a.ValueString == *o.ValueString
	}
	return false
}

// surveyAnswersOf turns a saved response back into form values, so a client who returns sees
// what they chose. Answers that no longer fit an item are dropped.
func surveyAnswersOf(q *survey.Questionnaire, resp *survey.QuestionnaireResponse) surveyAnswers {
	byID := map[string]*survey.Item{}
	q.Items(func(it *survey.Item) { byID[it.LinkID] = it })
	ans := surveyAnswers{}
	var walk func([]survey.ResponseItem)
	walk = func(items []survey.ResponseItem) {
		for _, ri := range items {
			walk(ri.Item)
			it, ok := byID[ri.LinkID]
			if !ok || !answerable(it) {
				continue
			}
			for _, a := range ri.Answer {
				if v, ok := formValue(it, a); ok {
					ans[ri.LinkID] = append(ans[ri.LinkID], v)
				}
			}
		}
	}
	walk(resp.Item)
	return ans
}

// formValue is the form value that gives answer a for item it.
func formValue(it *survey.Item, a survey.Answer) (string, bool) {
	switch {
	case it.Type == survey.TypeChoice:
		for i := range it.AnswerOption {
			if sameOption(a, &it.AnswerOption[i]) {
				return strconv.Itoa(i), true
			}
		}
	case a.ValueBoolean != nil:
		return map[bool]string{true: "yes", false: "no"}[*a.ValueBoolean], true
	case a.ValueInteger != nil:
		return strconv.FormatInt(*a.ValueInteger, 10), true
	case a.ValueDecimal != nil:
		return string(*a.ValueDecimal), true
	case a.ValueString != nil:
		return *a.ValueString, true
	}
	return "", false
}

// missingRequired reports each required item left unanswered, and, when the instrument
// requires nothing, a form with no answer at all: an empty response scores nothing and tells
// the care team nothing.
func missingRequired(q *survey.Questionnaire, ans surveyAnswers, w *surveyWords) careErrors {
	var errs careErrors
	ids := surveyFieldIDs(q)
	first := ""
	q.Items(func(it *survey.Item) {
		if !answerable(it) {
			return
		}
		if first == "" {
			first = ids[it.LinkID]
		}
		if it.Required != nil && *it.Required && len(ans[it.LinkID]) == 0 {
			errs.add(ids[it.LinkID], "%s", w.ErrRequired)
		}
	})
	if len(ans) == 0 && len(errs) == 0 && first != "" {
		errs.add(first, "%s", w.ErrNothing)
	}
	return errs
}

// surveyComment is the client's free text: every text and string answer, in order, for the
// safety screen and the case manager. The store keeps at most rapport.MaxSurveyComment
// characters of it; the full answers are in the response.
func surveyComment(q *survey.Questionnaire, ans surveyAnswers) string {
	var parts []string
	q.Items(func(it *survey.Item) {
		if it.Type == survey.TypeText || it.Type == survey.TypeString {
			parts = append(parts, ans[it.LinkID]...)
		}
	})
	return strings.Join(parts, "\n\n")
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
