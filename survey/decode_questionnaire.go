package survey

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Fields of FHIR resources that Rapport neither needs nor shows: they are
// accepted and dropped, so files exported by other systems import. Anything
// else unknown is an error, because a misspelt field would otherwise vanish.
var (
	ignoredQuestionnaire = []string{"meta", "text", "implicitRules", "identifier", "experimental",
		"contact", "useContext", "jurisdiction", "purpose", "approvalDate", "lastReviewDate",
		"effectivePeriod", "code", "subjectType", "derivedFrom", "_status", "_date", "_publisher"}
	ignoredItem = []string{"code", "definition"}
)

// unsupportedItemFields explain why a real FHIR feature is refused.
var unsupportedItemFields = map[string]string{
	"enableWhen":     "conditional items (enableWhen) are not supported: every item is always shown",
	"answerValueSet": "answer value sets are not supported: list the answers as answerOption",
	"initial":        "initial answers are not supported: a client's answers start empty",
}

// DecodeQuestionnaire reads a FHIR R4 Questionnaire from JSON and checks it
// completely: structure, types, enumerations, unique linkIds, answer weights
// and, when it carries scoring rules or its url names a built-in instrument,
// those rules against its items. On any problem it returns an *InputError
// naming the JSON path, and no questionnaire.
func DecodeQuestionnaire(r io.Reader) (*Questionnaire, error) {
	tree, err := readJSON(r)
	if err != nil {
		return nil, err
	}
	o, err := asObject(tree, "")
	if err != nil {
		return nil, err
	}
	d := &qDecoder{linkIDs: map[string]string{}}
	q, err := d.questionnaire(o)
	if err != nil {
		return nil, err
	}
	if _, err := NewScorer(q); err != nil && !errors.Is(err, ErrNoRules) {
		return nil, err
	}
	return q, nil
}

// qDecoder holds what must be checked across the whole questionnaire.
type qDecoder struct {
	linkIDs   map[string]string // linkId → path of its first use
	itemCount int
}

func (d *qDecoder) questionnaire(o *object) (*Questionnaire, error) {
	rt, err := o.required("resourceType")
	if err != nil {
		return nil, err
	}
	if rt != "Questionnaire" {
		return nil, errAt("resourceType", "is %q; Rapport imports only a Questionnaire here", rt)
	}
	q := &Questionnaire{ResourceType: rt}
	err = firstErr(
		func() (err error) { q.ID, err = resourceID(o); return },
		func() (err error) { q.Language, err = language(o); return },
		func() (err error) { q.URL, err = canonical(o, "url"); return },
		func() (err error) { q.Extension, err = d.rootExtensions(o, q.URL); return },
		func() (err error) { q.Version, err = o.str("version"); return },
		func() (err error) { q.Name, err = o.str("name"); return },
		func() (err error) { q.Title, err = o.str("title"); return },
		func() (err error) { q.TitleExt, err = translations(o, "_title"); return },
		func() (err error) { q.Status, err = status(o, "draft", "active", "retired", "unknown"); return },
		func() (err error) { q.Date, err = dateTime(o, "date"); return },
		func() (err error) { q.Publisher, err = o.str("publisher"); return },
		func() (err error) { q.Description, err = o.str("description"); return },
		func() (err error) { q.DescExt, err = translations(o, "_description"); return },
		func() (err error) { q.Copyright, err = o.str("copyright"); return },
		func() (err error) { q.Item, err = d.items(o); return },
		func() error { return o.done(ignoredQuestionnaire...) },
	)
	if err != nil {
		return nil, err
	}
	return q, nil
}

// firstErr runs steps in order and stops at the first error, so a decoder
// reads as the list of fields it fills.
func firstErr(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// resourceID checks a FHIR id: 1–64 letters, digits, "-" and ".".
func resourceID(o *object) (string, error) {
	id, err := o.str("id")
	if err != nil || id == "" {
		return id, err
	}
	ok := len(id) <= 64
	for _, c := range id {
		ok = ok && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')
	}
	if !ok {
		return "", errAt(join(o.path, "id"), "must be 1–64 letters, digits, '-' or '.'")
	}
	return id, nil
}

func language(o *object) (string, error) {
	lang, err := o.str("language")
	if err != nil || lang == "" {
		return lang, err
	}
	return lang, checkLanguage(join(o.path, "language"), lang)
}

// canonical reads an absolute URL such as a questionnaire's url.
func canonical(o *object, key string) (string, error) {
	s, err := o.str(key)
	if err != nil || s == "" {
		return s, err
	}
	u, perr := url.Parse(s)
	if perr != nil || u.Scheme == "" || strings.ContainsAny(s, " \t\r\n") {
		return "", errAt(join(o.path, key), "must be an absolute URL such as https://example.org/fhir/Questionnaire/x")
	}
	return s, nil
}

func status(o *object, allowed ...string) (string, error) {
	s, err := o.required("status")
	if err != nil {
		return "", err
	}
	return s, oneOf(join(o.path, "status"), s, allowed...)
}

// dateTime accepts the FHIR dateTime forms: a year, year-month, date, or a
// date and time with a time zone.
func dateTime(o *object, key string) (string, error) {
	s, err := o.str(key)
	if err != nil || s == "" {
		return s, err
	}
	for _, layout := range []string{"2006", "2006-01", "2006-01-02", time.RFC3339Nano} {
		if _, perr := time.Parse(layout, s); perr == nil {
			return s, nil
		}
	}
	return "", errAt(join(o.path, key), "%q is not a FHIR date such as 2024-05-01 or 2024-05-01T09:30:00Z", s)
}

// rootExtensions keeps the scoring extension, checked as scoring rules, and
// drops extensions Rapport does not know: FHIR lets a reader ignore any
// extension that is not a modifier. A built-in instrument's url fixes its
// rules, so it cannot carry its own.
func (d *qDecoder) rootExtensions(o *object, url string) ([]Extension, error) {
	arr, path, err := o.array("extension", MaxItems)
	if err != nil {
		return nil, err
	}
	var exts []Extension
	for i, v := range arr {
		ext, known, err := extension(v, index(path, i), ExtScoring)
		if err != nil {
			return nil, err
		}
		if !known {
			continue
		}
		if builtin, ok := Builtin(url); ok {
			return nil, errAt(index(path, i), "the url names the built-in instrument %s, whose scoring is fixed; remove this scoring extension", builtin.Name)
		}
		if len(exts) > 0 {
			return nil, errAt(index(path, i), "a questionnaire carries at most one set of scoring rules")
		}
		if _, err := rulesFromExtension(ext, index(path, i)); err != nil {
			return nil, err
		}
		exts = append(exts, ext)
	}
	return exts, nil
}

func (d *qDecoder) items(o *object) ([]Item, error) {
	arr, path, err := o.array("item", MaxItems)
	if err != nil {
		return nil, err
	}
	var items []Item
	for i, v := range arr {
		if d.itemCount++; d.itemCount > MaxItems {
			return nil, errAt(index(path, i), "the questionnaire has more than %d items", MaxItems)
		}
		obj, err := asObject(v, index(path, i))
		if err != nil {
			return nil, err
		}
		it, err := d.item(obj)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

func (d *qDecoder) item(o *object) (Item, error) {
	var it Item
	err := firstErr(
		func() (err error) { it.LinkID, err = d.linkID(o); return },
		func() (err error) { it.Prefix, err = o.str("prefix"); return },
		func() (err error) { it.Text, err = o.str("text"); return },
		func() (err error) { it.TextExt, err = translations(o, "_text"); return },
		func() (err error) { it.Type, err = itemType(o); return },
		func() (err error) { it.Required, err = o.boolean("required"); return },
		func() (err error) { it.Repeats, err = o.boolean("repeats"); return },
		func() (err error) { it.MaxLength, err = o.integer("maxLength"); return },
		func() (err error) { it.AnswerOption, err = answerOptions(o); return },
		func() (err error) { it.Item, err = d.items(o); return },
		func() error {
			for _, key := range o.order {
				if why, ok := unsupportedItemFields[key]; ok {
					return errAt(join(o.path, key), "%s", why)
				}
			}
			return o.done(ignoredItem...)
		},
		func() error { return checkItemShape(o.path, &it) },
	)
	return it, err
}

// linkID reads an item's linkId, which must be unique in the questionnaire
// because answers and scoring rules refer to items by it.
func (d *qDecoder) linkID(o *object) (string, error) {
	id, err := o.required("linkId")
	if err != nil {
		return "", err
	}
	path := join(o.path, "linkId")
	switch {
	case utf8.RuneCountInString(id) > maxLinkIDRunes:
		return "", errAt(path, "is longer than %d characters", maxLinkIDRunes)
	case strings.TrimSpace(id) != id:
		return "", errAt(path, "must not start or end with spaces")
	}
	if first, dup := d.linkIDs[id]; dup {
		return "", errAt(path, "%q is already used at %s; every linkId must be unique", id, first)
	}
	d.linkIDs[id] = path
	return id, nil
}

var itemTypes = []string{TypeGroup, TypeDisplay, TypeChoice, TypeInteger, TypeDecimal, TypeString, TypeText, TypeBoolean}

func itemType(o *object) (string, error) {
	t, err := o.required("type")
	if err != nil {
		return "", err
	}
	if !slices.Contains(itemTypes, t) {
		return "", errAt(join(o.path, "type"), "item type %q is not supported; use one of %s", t, strings.Join(itemTypes, ", "))
	}
	return t, nil
}

// checkItemShape checks the rules that tie an item's fields to its type.
func checkItemShape(path string, it *Item) error {
	isQuestion := it.Type != TypeGroup && it.Type != TypeDisplay
	switch {
	case it.Type == TypeGroup && len(it.Item) == 0:
		return errAt(path, "a group item must contain items")
	case it.Type != TypeGroup && len(it.Item) > 0:
		return errAt(join(path, "item"), "only a group item can contain items (this one is %q)", it.Type)
	case it.Type == TypeDisplay && strings.TrimSpace(it.Text) == "":
		return errAt(join(path, "text"), "a display item needs text")
	case !isQuestion && (it.Required != nil || it.Repeats != nil):
		return errAt(path, "a %s item cannot be required or repeat; only questions can", it.Type)
	case it.Type == TypeChoice && len(it.AnswerOption) == 0:
		return errAt(join(path, "answerOption"), "a choice item needs at least one answer option")
	case it.Type != TypeChoice && len(it.AnswerOption) > 0:
		return errAt(join(path, "answerOption"), "only a choice item has answer options (this one is %q)", it.Type)
	case it.MaxLength != nil && it.Type != TypeString && it.Type != TypeText:
		return errAt(join(path, "maxLength"), "only string and text items have a maximum length")
	case it.MaxLength != nil && (*it.MaxLength < 1 || *it.MaxLength > MaxStringRunes):
		return errAt(join(path, "maxLength"), "must be between 1 and %d", MaxStringRunes)
	}
	return nil
}

func answerOptions(o *object) ([]AnswerOption, error) {
	arr, path, err := o.array("answerOption", MaxOptions)
	if err != nil {
		return nil, err
	}
	var opts []AnswerOption
	seen := map[string]string{}
	for i, v := range arr {
		p := index(path, i)
		oo, err := asObject(v, p)
		if err != nil {
			return nil, err
		}
		opt, err := answerOption(oo)
		if err != nil {
			return nil, err
		}
		key := optionKey(opt)
		if first, dup := seen[key]; dup {
			return nil, errAt(p, "the same answer as %s; each option must be different", first)
		}
		seen[key] = p
		opts = append(opts, opt)
	}
	return opts, nil
}

// optionKey identifies an option's value, to find duplicates and to match
// an answer to its option.
func optionKey(opt AnswerOption) string {
	switch {
	case opt.ValueCoding != nil:
		return codingKey(opt.ValueCoding)
	case opt.ValueInteger != nil:
		return fmt.Sprintf("integer:%d", *opt.ValueInteger)
	case opt.ValueString != nil:
		return "string:" + *opt.ValueString
	}
	return ""
}

func codingKey(c *Coding) string { return "coding:" + c.System + "|" + c.Code }

func answerOption(o *object) (AnswerOption, error) {
	var opt AnswerOption
	err := firstErr(
		func() (err error) { opt.Extension, err = weightExtensions(o); return },
		func() (err error) { opt.ValueCoding, err = optionalCoding(o, "valueCoding"); return },
		func() (err error) { opt.ValueInteger, err = o.integer("valueInteger"); return },
		func() (err error) { opt.ValueString, err = o.strPtr("valueString"); return },
		func() (err error) { opt.ValueStringExt, err = translations(o, "_valueString"); return },
		func() error { return o.done("initialSelected") },
	)
	if err != nil {
		return opt, err
	}
	n := 0
	for _, set := range []bool{opt.ValueCoding != nil, opt.ValueInteger != nil, opt.ValueString != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return opt, errAt(o.path, "an answer option needs exactly one of valueCoding, valueInteger or valueString")
	}
	if len(opt.Extension) > 0 && opt.ValueCoding != nil && len(opt.ValueCoding.Extension) > 0 {
		return opt, errAt(o.path, "the option has a weight both on itself and on its valueCoding; give one")
	}
	return opt, nil
}

func optionalCoding(o *object, key string) (*Coding, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, nil
	}
	co, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	return coding(co)
}

func coding(o *object) (*Coding, error) {
	c := &Coding{}
	err := firstErr(
		func() (err error) { c.Extension, err = weightExtensions(o); return },
		func() (err error) { c.System, err = canonical(o, "system"); return },
		func() (err error) { c.Code, err = o.required("code"); return },
		func() error { return checkCode(join(o.path, "code"), c.Code) },
		func() (err error) { c.Display, err = o.str("display"); return },
		func() (err error) { c.DisplayExt, err = translations(o, "_display"); return },
		func() error { return o.done("version", "userSelected") },
	)
	return c, err
}

// weightExtensions keeps an ordinalValue or itemWeight extension, at most one.
func weightExtensions(o *object) ([]Extension, error) {
	arr, path, err := o.array("extension", MaxOptions)
	if err != nil {
		return nil, err
	}
	var exts []Extension
	for i, v := range arr {
		ext, known, err := extension(v, index(path, i), ExtOrdinalValue, ExtItemWeight)
		if err != nil {
			return nil, err
		}
		if !known {
			continue
		}
		if len(exts) > 0 {
			return nil, errAt(index(path, i), "the option already has a weight; give one ordinalValue or itemWeight")
		}
		exts = append(exts, ext)
	}
	return exts, nil
}

// translations reads a "_text"-style element whose translation extensions
// give the string in other languages, one per language.
func translations(o *object, key string) (*Element, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, nil
	}
	eo, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	arr, apath, err := eo.array("extension", 50)
	if err != nil {
		return nil, err
	}
	el := &Element{}
	langs := map[string]bool{}
	for i, v := range arr {
		ext, known, err := extension(v, index(apath, i), ExtTranslation)
		if err != nil {
			return nil, err
		}
		if !known {
			continue
		}
		lang, _ := translation(ext)
		if langs[lang] {
			return nil, errAt(index(apath, i), "a second translation into %q", lang)
		}
		langs[lang] = true
		el.Extension = append(el.Extension, ext)
	}
	if err := eo.done("id"); err != nil {
		return nil, err
	}
	if len(el.Extension) == 0 {
		return nil, nil
	}
	return el, nil
}
