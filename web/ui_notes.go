package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
)

// The note editor: a case manager writes a note or a message and sees the engine's findings
// beside the text. It works without JavaScript (the Check and Apply buttons submit the form and
// the whole page comes back); with htmx, the findings panel refreshes after a pause in typing and
// Apply swaps the editor in place. The server applies a suggestion only when the person clicks.

// noteStore is what the editor needs of the store beyond uiStore.
type noteStore interface {
	CreateNote(ctx context.Context, actor rapport.Actor, n *rapport.Note) error
}

// maxReplacement bounds a suggestion's text sent back by Apply.
const maxReplacement = 2000

// registerNotes mounts the editor's routes. It is called from registerUI.
func (u *ui) registerNotes(mux *http.ServeMux) {
	ns, ok := u.st.(noteStore)
	if !ok || u.srv.cfg.Analyzer == nil {
		return
	}
	n := &noteEditor{ui: u, notes: ns, an: u.srv.cfg.Analyzer}
	u.srv.route(mux, "GET /clients/{id}/notes/new", u.handle(u.requireUser(n.newNote)))
	u.srv.route(mux, "POST /clients/{id}/notes/check", u.protect(u.requireUser(n.check)))
	u.srv.route(mux, "POST /clients/{id}/notes/apply", u.protect(u.requireUser(n.apply)))
	u.srv.route(mux, "POST /clients/{id}/notes", u.protect(u.requireUser(n.save)))
}

type noteEditor struct {
	*ui
	notes noteStore
	an    *engine.Analyzer
}

// noteForm is what the person typed; it is always sent back, so nothing is lost.
type noteForm struct {
	Kind    string
	Text    string
	Context string
	Checked string // the text the findings on screen were made for
	// Submission names this form (set when the editor opens); saving the same form twice stores
	// one note.
	Submission string
}

func readNoteForm(r *http.Request) noteForm {
	f := noteForm{
		Kind:    r.PostFormValue("kind"),
		Text:    normalizeNewlines(r.PostFormValue("text")),
		Context: normalizeNewlines(r.PostFormValue("context")),
		Checked: normalizeNewlines(r.PostFormValue("checked")),
	}
	if !rapport.NoteKind(f.Kind).Valid() {
		f.Kind = string(rapport.KindNote)
	}
	if sub := r.PostFormValue("submission"); validSubmission(sub) {
		f.Submission = sub
	}
	return f
}

// validSubmission accepts the form names newNote makes (a token of letters, digits and _), so
// nothing else reaches the store or the page.
func validSubmission(s string) bool {
	return s != "" && len(s) <= rapport.MaxSubmissionKeyLen && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
	}) < 0
}

// normalizeNewlines turns the CRLF browsers send (and any lone CR) into LF, as a textarea's
// value does, so rune offsets stay stable between the text analysed and the text sent back.
// Lone CRs must go too: removing only CRLF pairs would turn "\r\r\n" into a new CRLF.
func normalizeNewlines(s string) string { return newlineFolder.Replace(s) }

var newlineFolder = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// noteClientScope checks that the signed-in user may see the client (the client page's check).
func (n *noteEditor) noteClientScope(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	}
	scope, err := n.st.FindClientScope(r.Context(), id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return 0, rapport.Errorf(rapport.ENOTFOUND, "There is no client at this address.")
	}
	if err != nil {
		return 0, err
	}
	if err := auth.Can(authActor(r.Context()), auth.ViewClient, auth.Target{Client: *scope}, uiNow()); err != nil {
		return 0, rapport.Errorf(rapport.EFORBIDDEN, "This client's record is open to their care team and their team's supervisors. If you need to write about them, ask to join the care team.")
	}
	return id, nil
}

// renderPage renders the whole editor page.
func (n *noteEditor) renderPage(w http.ResponseWriter, r *http.Request, status int, id int64, f noteForm, fb *noteFeedback, msg, notice string) error {
	actor, _ := actorFrom(r.Context())
	c, err := n.st.FindClientByID(r.Context(), actor, id)
	if err != nil {
		return err
	}
	p := &notePage{page: n.newPage(r, "Write about "+c.PreferredName), ClientName: c.PreferredName,
		Editor: noteEditorView{ClientID: id, Form: f, Feedback: fb, Error: msg, Notice: notice}}
	n.render(w, r, status, "note", p)
	return nil
}

// renderFragment renders one block of the note page (for htmx).
func (n *noteEditor) renderFragment(w http.ResponseWriter, r *http.Request, status int, block string, data any) {
	var buf strings.Builder
	if err := n.pages["note"].ExecuteTemplate(&buf, block, data); err != nil {
		n.srv.log.Error("rendering fragment", "block", block, "path", r.URL.Path, "err", err)
		http.Error(w, "Something went wrong on our side; the error has been logged.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request")
	w.WriteHeader(status)
	w.Write([]byte(buf.String()))
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

func (n *noteEditor) newNote(w http.ResponseWriter, r *http.Request) error {
	id, err := n.noteClientScope(r)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	if !rapport.NoteKind(kind).Valid() {
		kind = string(rapport.KindNote)
	}
	key, _, err := auth.NewToken("form_") // names this form's submission; only its uniqueness matters
	if err != nil {
		return err
	}
	return n.renderPage(w, r, http.StatusOK, id, noteForm{Kind: kind, Submission: key}, nil, "", "")
}

// analyse runs the engine on the form; an empty text gives no feedback.
func (n *noteEditor) analyse(f noteForm) (*noteFeedback, error) {
	if strings.TrimSpace(f.Text) == "" {
		return nil, nil
	}
	a, err := n.an.Analyze(engine.Input{Text: f.Text, Context: f.Context, Kind: engine.Kind(f.Kind)})
	if err != nil {
		return nil, err
	}
	return newFeedback(f, a), nil
}

func (n *noteEditor) check(w http.ResponseWriter, r *http.Request) error {
	id, err := n.noteClientScope(r)
	if err != nil {
		return err
	}
	f := readNoteForm(r)
	fb, err := n.analyse(f)
	if err != nil {
		return err
	}
	if isHTMX(r) {
		n.renderFragment(w, r, http.StatusOK, "feedback", noteEditorView{ClientID: id, Form: f, Feedback: fb})
		return nil
	}
	return n.renderPage(w, r, http.StatusOK, id, f, fb, "", "")
}

// apply replaces the runes [start, end) of the text the findings were made for with the
// suggestion's text, then analyses the result afresh.
func (n *noteEditor) apply(w http.ResponseWriter, r *http.Request) error {
	id, err := n.noteClientScope(r)
	if err != nil {
		return err
	}
	f := readNoteForm(r)
	if f.Checked != "" && f.Checked != f.Text {
		// The person typed after the findings were made: their words win; offer fresh findings.
		fb, err := n.analyse(f)
		if err != nil {
			return err
		}
		return n.respondEditor(w, r, http.StatusOK, id, f, fb, "", "Your text changed after that suggestion was made, so nothing was applied. Here are fresh suggestions.")
	}
	text, err := applySuggestion(f.Text, r.PostFormValue("suggestion"))
	if err != nil {
		fb, aerr := n.analyse(f)
		if aerr != nil {
			return aerr
		}
		return n.respondEditor(w, r, http.StatusUnprocessableEntity, id, f, fb, rapport.ErrorMessage(err), "")
	}
	f.Text, f.Checked = text, text
	fb, err := n.analyse(f)
	if err != nil {
		return err
	}
	return n.respondEditor(w, r, http.StatusOK, id, f, fb, "", "")
}

func (n *noteEditor) respondEditor(w http.ResponseWriter, r *http.Request, status int, id int64, f noteForm, fb *noteFeedback, msg, notice string) error {
	if isHTMX(r) {
		n.renderFragment(w, r, status, "editor", noteEditorView{ClientID: id, Form: f, Feedback: fb, Error: msg, Notice: notice})
		return nil
	}
	return n.renderPage(w, r, status, id, f, fb, msg, notice)
}

// applySuggestion parses "start,end,text" (rune offsets) and applies it to text.
func applySuggestion(text, spec string) (string, error) {
	bad := rapport.Errorf(rapport.EINVALID, "That suggestion could not be applied; your text is unchanged. Press Check to get fresh suggestions.")
	parts := strings.SplitN(spec, ",", 3)
	if len(parts) != 3 {
		return "", bad
	}
	start, err1 := strconv.Atoi(parts[0])
	end, err2 := strconv.Atoi(parts[1])
	repl := normalizeNewlines(parts[2])
	runes := []rune(text)
	if err1 != nil || err2 != nil || start < 0 || end < start || end > len(runes) ||
		utf8.RuneCountInString(repl) > maxReplacement || !utf8.ValidString(repl) {
		return "", bad
	}
	var b strings.Builder
	b.WriteString(string(runes[:start]))
	b.WriteString(repl)
	b.WriteString(string(runes[end:]))
	return b.String(), nil
}

func (n *noteEditor) save(w http.ResponseWriter, r *http.Request) error {
	id, err := n.noteClientScope(r)
	if err != nil {
		return err
	}
	f := readNoteForm(r)
	if strings.TrimSpace(f.Text) == "" {
		return n.renderPage(w, r, http.StatusUnprocessableEntity, id, f, nil, "The note is empty. Write something before saving.", "")
	}
	if utf8.RuneCountInString(f.Text) > rapport.MaxNoteLen {
		fb, err := n.analyse(f)
		if err != nil {
			return err
		}
		return n.renderPage(w, r, http.StatusUnprocessableEntity, id, f, fb,
			"The note is too long: it can be at most "+strconv.Itoa(rapport.MaxNoteLen)+" characters.", "")
	}
	a, err := n.an.Analyze(engine.Input{Text: f.Text, Context: f.Context, Kind: engine.Kind(f.Kind)})
	if err != nil {
		return err
	}
	js, err := json.Marshal(a)
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	note := &rapport.Note{ClientID: id, Kind: rapport.NoteKind(f.Kind), Body: f.Text, Analysis: js, SubmissionKey: f.Submission}
	if err := n.notes.CreateNote(r.Context(), actor, note); err != nil {
		if errors.Is(err, rapport.ErrAlreadySaved) {
			return errNoteSavedTwice
		}
		if rapport.ErrorCode(err) == rapport.EINVALID {
			return n.renderPage(w, r, http.StatusUnprocessableEntity, id, f, newFeedback(f, a), rapport.ErrorMessage(err), "")
		}
		return err
	}
	redirect(w, r, "/clients/"+strconv.FormatInt(id, 10))
	return nil
}

// errNoteSavedTwice answers a second Save of the same form (409).
var errNoteSavedTwice = rapport.Errorf(rapport.ECONFLICT,
	"This note was already saved: the form was sent twice (perhaps Save was pressed twice), and it was saved once. You will find it on the client's page.")

// Views.

type notePage struct {
	page
	ClientName string
	Editor     noteEditorView
}

// noteEditorView is the form and the findings panel; htmx swaps it whole after Apply.
type noteEditorView struct {
	ClientID int64
	Form     noteForm
	Feedback *noteFeedback // nil before the first check or for an empty text
	Error    string
	Notice   string
}

// ApplyURL is where the editor's Apply buttons send a suggestion.
func (v noteEditorView) ApplyURL() string {
	return "/clients/" + strconv.FormatInt(v.ClientID, 10) + "/notes/apply"
}

type noteFeedback struct {
	Overall    int
	Levels     []levelView
	Findings   []findingView
	Marked     []markPart // the text, with the findings' spans marked
	Truncated  bool
	NotEnglish bool
}

// findingsList is what the findings-list template shows: the findings, and where an Apply
// button posts a suggestion ("" for none, as on a saved note).
type findingsList struct {
	Findings []findingView
	ApplyURL string
}

// List is the feedback's findings for the findings-list template.
func (fb *noteFeedback) List(applyURL string) findingsList {
	return findingsList{Findings: fb.Findings, ApplyURL: applyURL}
}

type levelView struct {
	Name   string
	Rating int
	Label  string
	Words  []string // the words behind the rating
}

type findingView struct {
	Code     string
	Title    string
	Pitfall  bool
	Reason   string
	Evidence string
	// Suggestion, when there is one: Apply sends Spec back.
	Action string // "Replace" or "Insert"
	Text   string
	Spec   string
}

type markPart struct {
	Text string
	Mark bool
}

var ratingLabels = [...]string{"none", "weak", "strong"}

func ratingLabel(n int) string {
	if n >= 0 && n < len(ratingLabels) {
		return ratingLabels[n]
	}
	return strconv.Itoa(n)
}

func newFeedback(f noteForm, a engine.Analysis) *noteFeedback {
	fb := &noteFeedback{Overall: a.Overall, Truncated: a.Truncated, NotEnglish: a.NotEnglish}
	for _, l := range []struct {
		name string
		lv   engine.Level
	}{
		{"Emotional reactions", a.Levels.Emotional},
		{"Understanding (interpretations)", a.Levels.Cognitive},
		{"Exploration", a.Levels.Exploration},
		{"Compassion", a.Levels.Compassionate},
	} {
		fb.Levels = append(fb.Levels, levelView{Name: l.name, Rating: l.lv.Rating, Label: ratingLabel(l.lv.Rating), Words: l.lv.Words(f.Text)})
	}
	// Pitfalls first, so what needs attention leads.
	findings := append([]engine.Finding(nil), a.Findings...)
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Code.Pitfall() && !findings[j].Code.Pitfall() })
	for _, fd := range findings {
		v := findingView{Code: string(fd.Code), Title: codeTitle(fd.Code), Pitfall: fd.Code.Pitfall(), Reason: fd.Reason, Evidence: fd.Evidence}
		if s := fd.Suggestion; s != nil {
			v.Action, v.Text = "Replace with", s.Text
			if s.Kind == engine.Insert || s.Start == s.End {
				v.Action = "Insert"
			}
			if s.Deletes() {
				v.Action, v.Text = "Delete", string([]rune(f.Text)[s.Start:s.End])
			}
			v.Spec = strconv.Itoa(s.Start) + "," + strconv.Itoa(s.End) + "," + s.Text
		}
		fb.Findings = append(fb.Findings, v)
	}
	fb.Marked = markSpans(f.Text, a.Findings)
	return fb
}

// markSpans splits text into plain and marked parts at the findings' rune offsets; overlapping
// spans are merged.
func markSpans(text string, fs []engine.Finding) []markPart {
	runes := []rune(text)
	spans := make([]engine.Span, 0, len(fs))
	for _, f := range fs {
		if f.Start >= 0 && f.End > f.Start && f.End <= len(runes) {
			spans = append(spans, engine.Span{Start: f.Start, End: f.End})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var parts []markPart
	pos := 0
	for i := 0; i < len(spans); {
		s := spans[i]
		for i++; i < len(spans) && spans[i].Start < s.End; i++ {
			s.End = max(s.End, spans[i].End)
		}
		if s.Start < pos {
			s.Start = pos
		}
		if s.Start > pos {
			parts = append(parts, markPart{Text: string(runes[pos:s.Start])})
		}
		parts = append(parts, markPart{Text: string(runes[s.Start:s.End]), Mark: true})
		pos = s.End
	}
	if pos < len(runes) {
		parts = append(parts, markPart{Text: string(runes[pos:])})
	}
	return parts
}

// codeTitles says each behaviour in plain words.
var codeTitles = map[engine.Code]string{
	engine.OpenQuestion:            "Open question",
	engine.ClosedQuestion:          "Closed question",
	engine.SimpleReflection:        "Reflection",
	engine.ComplexReflection:       "Reflection of meaning",
	engine.Affirmation:             "Affirmation",
	engine.Validation:              "Validation",
	engine.EmotionalReaction:       "Warmth",
	engine.Interpretation:          "Showing understanding",
	engine.Exploration:             "Exploring",
	engine.OfferOfHelp:             "Offer of help",
	engine.AutonomySupport:         "Supporting their choice",
	engine.AskingPermission:        "Asking permission",
	engine.Information:             "Information",
	engine.AdviceWithPermission:    "Advice they asked for",
	engine.AdviceWithoutPermission: "Advice they did not ask for",
	engine.SelfDisclosure:          "Sharing about yourself",
	engine.Minimizing:              "Minimising",
	engine.Judgment:                "Judgement",
	engine.Dismissive:              "Dismissive",
	engine.ButCancel:               "\u201cBut\u201d cancels what came before",
	engine.SympathyPity:            "Pity",
	engine.StigmatizingLanguage:    "Stigmatising language",
	engine.BoundaryRisk:            "Focus moves to you",
	engine.Jargon:                  "Jargon",
}

func codeTitle(c engine.Code) string {
	if t, ok := codeTitles[c]; ok {
		return t
	}
	return templateFuncs["label"].(func(any) string)(c)
}
