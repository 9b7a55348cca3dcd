package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/survey"
)

// Survey instruments: the stored FHIR Questionnaires, one instrument's questions and scoring
// rules in words, its JSON export, and an administrator's import of a file or pasted JSON.
// Instruments hold no client data, so everyone signed in may read them; only administrators
// import, and the store audits each import. Rapport ships no licensed wording: a licensed
// instrument (CARE, ProQOL 5) is recognised by its canonical URL and scored with built-in
// rules, and its wording is whatever the organisation imported.

// instrumentStore is what the survey instrument pages need of the store.
type instrumentStore interface {
	ListInstruments(ctx context.Context, p rapport.Page) ([]*rapport.Instrument, int, error)
	FindInstrument(ctx context.Context, id int64) (*rapport.Instrument, error)
	Questionnaire(ctx context.Context, id int64) (*rapport.Instrument, *survey.Questionnaire, error)
	ImportInstrument(ctx context.Context, actor rapport.Actor, q *survey.Questionnaire) (*rapport.Instrument, error)
}

// registerInstruments mounts the survey instrument pages. GET /admin/instruments/{id} also
// serves the export, as /admin/instruments/{id}.json: a path wildcard is a whole segment.
func (u *ui) registerInstruments(mux *http.ServeMux) {
	u.srv.route(mux, "GET /admin/instruments", u.handle(u.requireUser(u.instruments)))
	u.srv.route(mux, "POST /admin/instruments", u.protectUpload(u.requireUser(u.importInstrument)))
	u.srv.route(mux, "GET /admin/instruments/{id}", u.handle(u.requireUser(u.instrument)))
}

// maxUploadBytes bounds an import: the largest questionnaire the survey package accepts, plus
// room for the multipart framing and the form's other field.
const maxUploadBytes = survey.MaxJSONBytes + maxFormBytes

// protectUpload is protect for the import form, the one form that carries a file: the same
// cross-origin protection, with a body bound that fits a questionnaire. A body over it is
// answered 413 before anything else runs.
func (u *ui) protectUpload(h handlerE) http.Handler {
	return u.cop.Handler(u.handle(func(w http.ResponseWriter, r *http.Request) error {
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
		err := parseUpload(r)
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			u.render(w, r, http.StatusRequestEntityTooLarge, "error", &errorPage{
				page:    u.newPage(r, "The file is too large"),
				Status:  http.StatusRequestEntityTooLarge,
				Message: fmt.Sprintf("A questionnaire can be at most %d KiB. Go back and choose a smaller file.", survey.MaxJSONBytes>>10),
			})
			return nil
		}
		if err != nil {
			return rapport.Errorf(rapport.EINVALID, "The form could not be read. Go back, reload the page and send it again.")
		}
		return h(w, r)
	}))
}

// parseUpload reads a multipart form (a chosen file) or a plain one (pasted JSON alone). Every
// part is kept in memory: the body is already bounded by maxUploadBytes. (ParseMultipartForm
// would parse a plain form too, but drops its error, such as a body that is too large.)
func parseUpload(r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return r.ParseMultipartForm(maxUploadBytes)
	}
	return r.ParseForm()
}

// requireInstrumentAdmin lets through only those who may configure the workspace.
func requireInstrumentAdmin(r *http.Request) error {
	if auth.Can(authActor(r.Context()), auth.ManageSettings, auth.Target{}, uiNow()) != nil {
		return rapport.Errorf(rapport.EFORBIDDEN, "Only administrators import survey instruments. Everyone signed in can read them at /admin/instruments.")
	}
	return nil
}

// What the pages say of a licensed instrument.
const (
	licensedNote   = "Licensed wording imported by your organisation; Rapport supplies only the scoring."
	builtinScoring = "Scored with Rapport's built-in rules"
)

// instrumentAbout says where an instrument comes from and how it is scored, in words.
type instrumentAbout struct {
	Licensed bool   // a licensed instrument recognised by its canonical URL (CARE, ProQOL 5)
	Note     string // licensedNote for a licensed instrument
	Source   string // Rapport's own, or imported
	Scoring  string
}

func aboutInstrument(in *rapport.Instrument) instrumentAbout {
	_, licensed := survey.Builtin(in.URL)
	a := instrumentAbout{Licensed: licensed, Source: "Imported by your organisation"}
	if in.Builtin {
		a.Source = "Rapport's own (not validated)"
	}
	switch {
	case licensed:
		a.Note, a.Scoring = licensedNote, builtinScoring
	case in.Scored:
		a.Scoring = "Scored with the rules in the questionnaire"
	default:
		a.Scoring = "Not scored: answers are kept without a score"
	}
	return a
}

type instrumentsPage struct {
	page
	Rows      []instrumentRow
	Pager     pager
	CanImport bool
	Form      importForm
	Errors    formErrors
	ErrorPath string // the JSON path of the import's problem, when it has one
}

type instrumentRow struct {
	*rapport.Instrument
	About instrumentAbout
}

// importForm is what the admin sent, kept to show it again when the import fails.
type importForm struct {
	JSON  string // the pasted JSON (a chosen file cannot be put back into the form)
	Field string // the input the questionnaire came from, for its error
}

// The import form's inputs (ids; the field names are "file" and "json").
const (
	importFileField = "questionnaire-file"
	importJSONField = "questionnaire-json"
)

func (u *ui) instruments(w http.ResponseWriter, r *http.Request) error {
	return u.renderInstruments(w, r, http.StatusOK, &instrumentsPage{Pager: pager{Page: pageNumber(r)}})
}

// renderInstruments fills in one page of the list and renders p.
func (u *ui) renderInstruments(w http.ResponseWriter, r *http.Request, status int, p *instrumentsPage) error {
	p.Pager.Size = adminPageSize
	list, total, err := u.st.ListInstruments(r.Context(), rapport.Page{Limit: p.Pager.Size, Offset: p.Pager.offset()})
	if err != nil {
		return err
	}
	p.page, p.Pager.Total, p.CanImport = u.newPage(r, "Survey instruments"), total, requireInstrumentAdmin(r) == nil
	for _, in := range list {
		p.Rows = append(p.Rows, instrumentRow{Instrument: in, About: aboutInstrument(in)})
	}
	u.render(w, r, status, "instruments", p)
	return nil
}

// Problems with the form itself, before any JSON is read.
var (
	errNoQuestionnaire   = rapport.Errorf(rapport.EINVALID, "Choose a Questionnaire JSON file, or paste its JSON.")
	errTwoQuestionnaires = rapport.Errorf(rapport.EINVALID, "Choose a file or paste JSON, not both: clear the pasted JSON to import the file.")
)

// readImportForm returns the questionnaire's bytes from the chosen file or the pasted JSON.
func readImportForm(r *http.Request) (importForm, []byte, error) {
	f := importForm{JSON: r.PostForm.Get("json"), Field: importFileField}
	file, err := uploadedFile(r, "file")
	if err != nil {
		return f, nil, err
	}
	pasted := strings.TrimSpace(f.JSON) != ""
	switch {
	case len(file) > 0 && pasted:
		f.Field = importJSONField
		return f, nil, errTwoQuestionnaires
	case len(file) > 0:
		return f, file, nil
	case pasted:
		f.Field = importJSONField
		return f, []byte(f.JSON), nil
	}
	return f, nil, errNoQuestionnaire
}

// uploadedFile returns the content of the file sent as name, or nothing when none was chosen
// (a browser then sends an empty part).
func uploadedFile(r *http.Request, name string) ([]byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[name]) == 0 {
		return nil, nil
	}
	file, err := r.MultipartForm.File[name][0].Open()
	if err != nil {
		return nil, fmt.Errorf("opening the uploaded questionnaire: %w", err)
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return nil, fmt.Errorf("reading the uploaded questionnaire: %w", err)
	}
	return data, nil
}

// importInstrument handles POST /admin/instruments: decode the questionnaire completely, then
// store it, so nothing half-imported is ever kept.
func (u *ui) importInstrument(w http.ResponseWriter, r *http.Request) error {
	if err := requireInstrumentAdmin(r); err != nil {
		return err
	}
	f, data, err := readImportForm(r)
	var q *survey.Questionnaire
	if err == nil {
		q, err = survey.DecodeQuestionnaire(bytes.NewReader(data))
	}
	var in *rapport.Instrument
	if err == nil {
		actor, _ := actorFrom(r.Context())
		in, err = u.st.ImportInstrument(r.Context(), actor, q)
	}
	switch rapport.ErrorCode(err) {
	case "":
		redirect(w, r, "/admin/instruments/"+strconv.FormatInt(in.ID, 10)+"?done=imported")
		return nil
	case rapport.EINVALID:
		return u.refuseImport(w, r, http.StatusUnprocessableEntity, f, err)
	case rapport.ECONFLICT:
		return u.refuseImport(w, r, http.StatusConflict, f, err)
	}
	return err
}

// refuseImport shows the list again with the form as it was sent and what was wrong, with the
// JSON path of the problem where the importer named one.
func (u *ui) refuseImport(w http.ResponseWriter, r *http.Request, status int, f importForm, err error) error {
	msg := rapport.ErrorMessage(err)
	switch {
	case status == http.StatusConflict:
		msg = sentence(msg) + " A stored instrument never changes, so the responses to it keep the wording they were answered with."
	case !errors.Is(err, errNoQuestionnaire) && !errors.Is(err, errTwoQuestionnaires):
		// The importer's message starts with a JSON path, which must keep its case.
		msg = "The questionnaire was not imported: " + strings.TrimSuffix(msg, ".") + "."
		if f.Field == importFileField {
			msg += " Correct the file, then choose it again." // a file input cannot be refilled
		}
	}
	p := &instrumentsPage{Pager: pager{Page: 1}, Form: f, Errors: formErrors{{f.Field, msg}}}
	if ie, ok := errors.AsType[*survey.InputError](err); ok {
		p.ErrorPath = ie.Path
	}
	return u.renderInstruments(w, r, status, p)
}

// instrument handles GET /admin/instruments/{id} (the page) and /admin/instruments/{id}.json
// (the export).
func (u *ui) instrument(w http.ResponseWriter, r *http.Request) error {
	raw, export := strings.CutSuffix(r.PathValue("id"), ".json")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return rapport.Errorf(rapport.ENOTFOUND, "There is no survey instrument at this address.")
	}
	if export {
		return u.exportInstrument(w, r, id)
	}
	in, q, err := u.st.Questionnaire(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return rapport.Errorf(rapport.ENOTFOUND, "There is no survey instrument at this address.")
	}
	if err != nil {
		return err
	}
	p, err := newInstrumentPage(in, q)
	if err != nil {
		return err
	}
	p.page = u.newPage(r, in.Title)
	if r.URL.Query().Get("done") == "imported" {
		p.Notice = "Imported. Check the questions and the scoring below before you use it."
	}
	u.render(w, r, http.StatusOK, "instrument", p)
	return nil
}

// exportInstrument sends the Questionnaire as stored: what survey.EncodeQuestionnaire wrote at
// import, which imports again unchanged.
func (u *ui) exportInstrument(w http.ResponseWriter, r *http.Request, id int64) error {
	in, err := u.st.FindInstrument(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return rapport.Errorf(rapport.ENOTFOUND, "There is no survey instrument at this address.")
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", fhirJSON)
	h.Set("Content-Disposition", `attachment; filename="`+instrumentFileName(in)+`"`)
	h.Set("Cache-Control", "no-store") // licensed wording stays with the organisation
	w.Write(in.JSON)
	return nil
}

// instrumentFileName is a file name from the canonical URL's last segment and the version, with
// anything but letters, digits, dots and dashes dropped, so it is safe in a header and cannot
// name a hidden file.
func instrumentFileName(in *rapport.Instrument) string {
	base := in.URL[strings.LastIndexAny(in.URL, "/:")+1:]
	if in.Version != "" {
		base += "-" + in.Version
	}
	base = strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' {
			return c
		}
		return -1
	}, base)
	if base = strings.Trim(base, ".-"); base == "" {
		base = "instrument-" + strconv.FormatInt(in.ID, 10)
	}
	return base + ".json"
}

type instrumentPage struct {
	page
	Instrument *rapport.Instrument
	Q          *survey.Questionnaire
	About      instrumentAbout
	Languages  []string // the languages' names, in the order of each item's texts
	Items      []itemView
	Rules      *rulesView // nil when the instrument is not scored
	Notice     string
}

// itemView is one item with its text in each language, and its options with their values.
type itemView struct {
	LinkID   string
	Type     string
	Texts    []string // one per language; "" where there is no translation
	Required bool
	Options  []optionView
}

type optionView struct {
	Labels        []string // one per language; "" where there is no translation
	Code          string
	Value         string // what the answer is worth, as written; "" when it has none
	NotApplicable bool   // the answer means "does not apply" and counts as missing
}

func newInstrumentPage(in *rapport.Instrument, q *survey.Questionnaire) (*instrumentPage, error) {
	p := &instrumentPage{Instrument: in, Q: q, About: aboutInstrument(in)}
	rules, err := survey.RulesFor(q)
	switch {
	case errors.Is(err, survey.ErrNoRules):
	case err != nil:
		return nil, fmt.Errorf("instrument %d: reading its scoring rules: %w", in.ID, err)
	default:
		p.Rules = describeRules(rules, p.About.Licensed)
	}
	langs := q.Languages()
	for _, l := range langs {
		p.Languages = append(p.Languages, surveyLanguageName(l))
	}
	q.Items(func(it *survey.Item) {
		p.Items = append(p.Items, viewItem(it, q.Language, langs, rules))
	})
	return p, nil
}

func viewItem(it *survey.Item, original string, langs []string, rules *survey.Rules) itemView {
	v := itemView{LinkID: it.LinkID, Type: it.Type, Required: it.Required != nil && *it.Required}
	for _, l := range langs {
		v.Texts = append(v.Texts, textInLang(it.Text, it.TextExt, l, original))
	}
	for i := range it.AnswerOption {
		o := &it.AnswerOption[i]
		ov := optionView{}
		ov.Value, ov.NotApplicable = optionWorth(o, rules)
		for _, l := range langs {
			switch {
			case o.ValueCoding != nil:
				ov.Labels = append(ov.Labels, textInLang(o.ValueCoding.Display, o.ValueCoding.DisplayExt, l, original))
			case o.ValueString != nil:
				ov.Labels = append(ov.Labels, textInLang(*o.ValueString, o.ValueStringExt, l, original))
			default: // a number reads the same in every language
				ov.Labels = append(ov.Labels, o.LabelIn(l))
			}
		}
		if o.ValueCoding != nil {
			ov.Code = o.ValueCoding.Code
		}
		v.Options = append(v.Options, ov)
	}
	return v
}

// textInLang is a string in lang: as written in the questionnaire's own language, otherwise
// its translation, or "" when it has none. (survey's TextIn and LabelIn fall back to the
// original, which would show an untranslated item as if it were translated.)
func textInLang(s string, el *survey.Element, lang, original string) string {
	if lang == original {
		return s
	}
	if el == nil {
		return ""
	}
	for _, ext := range el.Extension {
		if ext.URL != survey.ExtTranslation {
			continue
		}
		var l, content string
		for _, part := range ext.Extension {
			switch {
			case part.URL == "lang" && part.ValueCode != nil:
				l = *part.ValueCode
			case part.URL == "content" && part.ValueString != nil:
				content = *part.ValueString
			}
		}
		if l == lang {
			return content
		}
	}
	return ""
}

// surveyLanguageName names the languages Rapport's own instruments are written in, and shows any
// other as its tag.
func surveyLanguageName(tag string) string {
	switch strings.ToLower(tag) {
	case rapport.SurveyEnglish:
		return "English"
	case rapport.SurveySpanish:
		return "Spanish"
	case "":
		return "Text"
	}
	return tag
}

// optionWorth says what an answer is worth, in the order scoring looks (docs/surveys.md): a
// weight extension on the option or its coding, "does not apply", the rules' code→value map,
// the option's integer value. Decimals are shown as written in the file.
func optionWorth(o *survey.AnswerOption, rules *survey.Rules) (value string, notApplicable bool) {
	exts := o.Extension
	if o.ValueCoding != nil {
		exts = append(exts[:len(exts):len(exts)], o.ValueCoding.Extension...)
	}
	for _, e := range exts {
		if (e.URL == survey.ExtOrdinalValue || e.URL == survey.ExtItemWeight) && e.ValueDecimal != nil {
			return string(*e.ValueDecimal), false
		}
	}
	if o.ValueCoding != nil && rules != nil {
		c := survey.Code{System: o.ValueCoding.System, Code: o.ValueCoding.Code}
		if slices.Contains(rules.NotApplicable, c) {
			return "", true
		}
		for _, cw := range rules.Weights {
			if cw.Code == c {
				return decimalText(cw.Value), false
			}
		}
	}
	if o.ValueInteger != nil {
		return strconv.FormatInt(*o.ValueInteger, 10), false
	}
	return "", false
}

// rulesView is an instrument's scoring rules in words.
type rulesView struct {
	Name          string
	Builtin       bool // Rapport's built-in rules for a licensed instrument
	Subscales     []subscaleView
	Weights       []string // "code → value" for codes valued by the rules
	NotApplicable []string // the codes that mean "does not apply"
}

type subscaleView struct {
	Code, Name string
	Method     string // how the items combine, and the score's range
	Items      string
	Reversed   string // "" when no item is reversed
	Missing    string
	Bands      []string
}

func describeRules(r *survey.Rules, builtin bool) *rulesView {
	v := &rulesView{Name: r.Name, Builtin: builtin}
	for i := range r.Subscales {
		v.Subscales = append(v.Subscales, describeSubscale(&r.Subscales[i]))
	}
	for _, w := range r.Weights {
		v.Weights = append(v.Weights, answerCodeName(w.Code)+" → "+decimalText(w.Value))
	}
	for _, c := range r.NotApplicable {
		v.NotApplicable = append(v.NotApplicable, answerCodeName(c))
	}
	return v
}

func answerCodeName(c survey.Code) string {
	if c.System == "" {
		return c.Code
	}
	return c.Code + " (" + c.System + ")"
}

func describeSubscale(s *survey.Subscale) subscaleView {
	lo, hi := s.Range()
	each := fmt.Sprintf("each item worth %s to %s", decimalText(s.ItemMin), decimalText(s.ItemMax))
	v := subscaleView{Code: s.Code, Name: s.Name, Items: strings.Join(s.Items, ", "), Missing: missingInWords(s.Missing)}
	if v.Name == "" {
		v.Name = s.Code
	}
	switch s.Method {
	case survey.MethodSum:
		v.Method = fmt.Sprintf("The sum of %s, %s: scores run from %s to %s.", itemsPhrase(len(s.Items)), each, decimalText(lo), decimalText(hi))
	default:
		v.Method = fmt.Sprintf("The mean of %s, %s: scores run from %s to %s.", itemsPhrase(len(s.Items)), each, decimalText(lo), decimalText(hi))
	}
	if len(s.Reversed) > 0 {
		v.Reversed = fmt.Sprintf("Reverse-scored: %s (an answer worth v counts as %s − v).", strings.Join(s.Reversed, ", "), decimalText(s.ItemMin+s.ItemMax))
	}
	for i, b := range s.Bands {
		upper := "to " + decimalText(hi)
		if i+1 < len(s.Bands) {
			upper = "up to (not including) " + decimalText(s.Bands[i+1].Min)
		}
		v.Bands = append(v.Bands, fmt.Sprintf("%s: %s %s", b.Label, decimalText(b.Min), upper))
	}
	return v
}

// missingInWords states a subscale's missing-data rule. An item is missing when it has no
// answer or its answer "does not apply".
func missingInWords(m survey.Missing) string {
	if m.MaxMissing == 0 {
		return "Every item must be answered (\u201cdoes not apply\u201d counts as unanswered); otherwise there is no score."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Up to %s may be unanswered or answered \u201cdoes not apply\u201d", itemsPhrase(m.MaxMissing))
	if m.Replace == survey.ReplaceMean {
		b.WriteString("; each counts as the mean of the answered items")
	}
	if m.MinAnswered > 0 {
		fmt.Fprintf(&b, ", as long as at least %s%% of the items are answered", decimalText(m.MinAnswered*100))
	}
	b.WriteString(". With more missing there is no score.")
	return b.String()
}

// itemsPhrase counts items in words: "1 item", "10 items".
func itemsPhrase(n int) string {
	if n == 1 {
		return "1 item"
	}
	return strconv.Itoa(n) + " items"
}

// decimalText writes a score or weight without trailing zeros: 10, 2.5.
func decimalText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
