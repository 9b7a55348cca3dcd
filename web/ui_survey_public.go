package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/safety"
	"github.com/rapporthq/rapport/survey"
)

// The client's survey pages, reached through a private link with no sign-in. They show nothing
// about the client: not their name, not their case manager's. A link that no longer works gets
// a kind page that says why (410) and an unknown one a plain "not found" (404), in the
// survey's language. The page layout shows no navigation, because no one is signed in (page.User
// stays nil). Answers are saved as the client goes (with htmx on each change; without JavaScript
// by a "Save and finish later" button), and submitting twice gives the same thank-you.

type surveyFormPage struct {
	page
	T          *surveyWords
	Token      string
	Questions  []surveyQuestion
	Anonymous  bool
	Errors     careErrors
	Notice     string
	ExpiresOn  string
	SwitchHref string // the page in the other language; "" when the survey has no such wording
}

// surveyQuestion is one item as the page shows it.
type surveyQuestion struct {
	Kind     string // display, group, radio, checkbox, textarea, text, number
	ID       string // the first input's id, which error links point to
	Name     string // the form field
	Prefix   string
	Text     string
	Required bool
	// RequiredWord marks a required question, in the page's language.
	RequiredWord string
	MaxLength    int
	Decimal      bool // a number with decimals, rather than a whole number
	Options      []surveyChoice
	Value        string
	Error        string
}

type surveyChoice struct {
	ID, Value, Label string
	Checked          bool
}

type surveyDonePage struct {
	page
	T         *surveyWords
	Anonymous bool
	Flagged   bool
}

type surveyClosedPage struct {
	page
	T          *surveyWords
	Heading    string
	Body       string
	SwitchHref string
}

// Summary lists the errors for the summary above the form, each naming its question, since
// "Please answer this question" alone would not say which.
func (p *surveyFormPage) Summary() []careFieldError {
	var out []careFieldError
	for _, fe := range p.Errors {
		msg := fe.Message
		for _, q := range p.Questions {
			if q.ID == fe.Field && q.Text != "" {
				msg = q.Text + " " + fe.Message
				break
			}
		}
		out = append(out, careFieldError{Field: fe.Field, Message: msg})
	}
	return out
}

// surveyVisit is a request through a survey link: the token, its invitation, and the language
// the page speaks.
type surveyVisit struct {
	token string
	hash  []byte
	inv   *rapport.Invitation
	q     *survey.Questionnaire
	lang  string
}

// errUnknownSurvey marks a token that names no invitation.
var errUnknownSurvey = rapport.Errorf(rapport.ENOTFOUND, "unknown survey link")

// openSurvey reads the invitation and questionnaire behind the link. It does not check that the
// link can still be used: each handler decides what a used link means for it.
func (u *ui) openSurvey(r *http.Request) (*surveyVisit, error) {
	v := &surveyVisit{token: r.PathValue("token")}
	if auth.CheckToken(v.token, auth.PrefixSurvey) != nil {
		return nil, errUnknownSurvey
	}
	v.hash = auth.HashToken(v.token)
	inv, err := u.st.FindInvitationByToken(r.Context(), v.hash)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, errUnknownSurvey
	}
	if err != nil {
		return nil, fmt.Errorf("finding a survey invitation: %w", err)
	}
	v.inv = inv
	if _, v.q, err = u.st.Questionnaire(r.Context(), inv.InstrumentID); err != nil {
		return nil, fmt.Errorf("loading instrument %d: %w", inv.InstrumentID, err)
	}
	v.lang = inv.Language
	if l := r.FormValue("lang"); l != v.lang && slices.Contains(surveyLanguages(v.q), l) && surveyText[l] != nil {
		v.lang = l
	}
	return v, nil
}

// words are the page's words in the visit's language.
func (v *surveyVisit) words() *surveyWords { return wordsFor(v.lang) }

// switchHref is the link to the page in the other language, when the survey has it.
func (v *surveyVisit) switchHref() string {
	other := v.words().OtherLang
	if !slices.Contains(surveyLanguages(v.q), other) {
		return ""
	}
	return "/s/" + v.token + "?lang=" + other
}

// surveyFailure renders what a survey link's problem means to the client: the kind pages for an
// unknown, used or expired link. Other errors go to the ordinary error page. htmx's background
// saves get the same words as a status message instead of a whole page.
func (u *ui) surveyFailure(w http.ResponseWriter, r *http.Request, v *surveyVisit, err error) error {
	lang := r.FormValue("lang")
	if v != nil {
		lang = v.lang
	}
	t := wordsFor(lang)
	p := &surveyClosedPage{page: u.newPage(r, t.UnknownTitle), T: t, Heading: t.UnknownTitle, Body: t.UnknownBody}
	status := http.StatusNotFound
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND: // errUnknownSurvey, or the store's word for it
		p.SwitchHref = "/s/" + r.PathValue("token") + "?lang=" + t.OtherLang
	case errors.Is(err, rapport.ErrInvitationUsed):
		status, p.Heading, p.Body = http.StatusGone, t.UsedTitle, t.UsedBody
	case errors.Is(err, rapport.ErrInvitationExpired):
		status, p.Heading, p.Body = http.StatusGone, t.ExpiredTitle, t.ExpiredBody
	default:
		return err
	}
	if v != nil {
		p.SwitchHref = v.switchHref()
	}
	p.Title, p.Lang = p.Heading, t.Lang
	if isHTMX(r) {
		u.renderSaveStatus(w, r, status, p.Heading+" "+p.Body, nil)
		return nil
	}
	u.render(w, r, status, "survey_closed", p)
	return nil
}

// surveyForm shows the survey, with any answers saved before.
func (u *ui) surveyForm(w http.ResponseWriter, r *http.Request) error {
	v, err := u.openSurvey(r)
	if err == nil {
		err = v.inv.Usable(uiNow())
	}
	if err != nil {
		return u.surveyFailure(w, r, v, err)
	}
	ans, anonymous := surveyAnswers{}, false
	draft, err := u.st.FindDraftByToken(r.Context(), v.hash)
	switch {
	case err == nil:
		resp, derr := survey.DecodeResponse(bytes.NewReader(draft.Answers))
		if derr != nil {
			return fmt.Errorf("reading the saved answers of invitation %d: %w", v.inv.ID, derr)
		}
		ans, anonymous = surveyAnswersOf(v.q, resp), draft.Anonymous
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
	default:
		return u.surveyFailure(w, r, v, err)
	}
	p := u.surveyPage(r, v, ans, anonymous, nil)
	if r.URL.Query().Get("saved") == "1" {
		p.Notice = p.T.SavedLater
	}
	u.render(w, r, http.StatusOK, "survey_form", p)
	return nil
}

// surveyPage builds the form page from answers and errors.
func (u *ui) surveyPage(r *http.Request, v *surveyVisit, ans surveyAnswers, anonymous bool, errs careErrors) *surveyFormPage {
	t := v.words()
	p := &surveyFormPage{page: u.newPage(r, v.q.TitleIn(v.lang)), T: t, Token: v.token, Anonymous: anonymous, Errors: errs,
		ExpiresOn: t.Date(v.inv.ExpiresAt), SwitchHref: v.switchHref()}
	p.Lang = t.Lang
	ids := surveyFieldIDs(v.q)
	v.q.Items(func(it *survey.Item) {
		p.Questions = append(p.Questions, questionView(it, v.lang, ids[it.LinkID], ans[it.LinkID], errs.For(ids[it.LinkID]), t))
	})
	return p
}

// questionView describes one item for the page.
func questionView(it *survey.Item, lang, id string, vals []string, problem string, t *surveyWords) surveyQuestion {
	q := surveyQuestion{ID: id, Name: surveyFieldPrefix + it.LinkID, Prefix: it.Prefix, Text: it.TextIn(lang), Error: problem,
		Required: it.Required != nil && *it.Required, RequiredWord: t.Required}
	if it.MaxLength != nil {
		q.MaxLength = int(*it.MaxLength)
	}
	switch it.Type {
	case survey.TypeDisplay, survey.TypeGroup:
		q.Kind = it.Type
	case survey.TypeChoice:
		q.Kind = "radio"
		if repeats(it) {
			q.Kind = "checkbox"
		}
		for i := range it.AnswerOption {
			o := &it.AnswerOption[i]
			label := o.LabelIn(lang)
			if label == "" && o.ValueCoding != nil {
				label = o.ValueCoding.Code
			}
			q.Options = append(q.Options, choiceView(id, i, strconv.Itoa(i), label, vals))
		}
	case survey.TypeBoolean:
		q.Kind = "radio"
		q.Options = []surveyChoice{choiceView(id, 0, "yes", t.Yes, vals), choiceView(id, 1, "no", t.No, vals)}
	case survey.TypeInteger, survey.TypeDecimal:
		q.Kind, q.Decimal = "number", it.Type == survey.TypeDecimal
	case survey.TypeString:
		q.Kind = "text"
	default:
		q.Kind = "textarea"
	}
	if q.Options == nil && len(vals) > 0 {
		q.Value = vals[0]
	}
	return q
}

// choiceView is one radio button or checkbox. The first has the question's id, so an error
// summary's link lands on it, as screen-reader users expect.
func choiceView(id string, i int, value, label string, vals []string) surveyChoice {
	c := surveyChoice{ID: id, Value: value, Label: label, Checked: slices.Contains(vals, value)}
	if i > 0 {
		c.ID = id + "-" + strconv.Itoa(i)
	}
	return c
}

// saveSurveyAnswers keeps what the client has answered so far. htmx sends it on every change and
// gets a short status; without JavaScript, the "Save and finish later" button sends it and the
// page comes back saying the answers are kept.
func (u *ui) saveSurveyAnswers(w http.ResponseWriter, r *http.Request) error {
	v, err := u.openSurvey(r)
	if err == nil {
		err = v.inv.Usable(uiNow())
	}
	if err != nil {
		return u.surveyFailure(w, r, v, err)
	}
	t := v.words()
	ans, anonymous := readSurveyAnswers(v.q, r.PostForm), r.PostFormValue("anonymous") == "yes"
	resp, errs := buildSurveyResponse(v.q, ans, rapport.ResponseInProgress, uiNow(), t)
	answers, err := encodeSurveyResponse(resp)
	if err != nil {
		return err
	}
	if err := u.st.SaveAnswers(r.Context(), v.hash, answers, anonymous); err != nil {
		return u.surveyFailure(w, r, v, err)
	}
	switch {
	case isHTMX(r):
		u.renderSaveStatus(w, r, http.StatusOK, t.Saved, errs)
	case len(errs) > 0: // what could be kept is kept; the page says what could not
		p := u.surveyPage(r, v, ans, anonymous, errs)
		p.Notice = t.Saved
		u.render(w, r, http.StatusUnprocessableEntity, "survey_form", p)
	default:
		redirect(w, r, "/s/"+v.token+"?"+url.Values{"lang": {v.lang}, "saved": {"1"}}.Encode())
	}
	return nil
}

// saveStatus is the status line htmx swaps in after a background save.
type saveStatus struct {
	Message string
	Errors  careErrors
}

func (u *ui) renderSaveStatus(w http.ResponseWriter, r *http.Request, status int, msg string, errs careErrors) {
	var buf bytes.Buffer
	if err := u.pages["survey_form"].ExecuteTemplate(&buf, "save-status", saveStatus{Message: msg, Errors: errs}); err != nil {
		u.srv.log.Error("rendering fragment", "block", "save-status", "path", r.URL.Path, "err", err)
		http.Error(w, "Something went wrong on our side; the error has been logged.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// submitSurvey completes the response: required answers checked (422 with everything kept),
// scored, the free text screened for safety words, and stored with the link marked used, in one
// transaction. A second submission through the same link gets the same thank-you and stores
// nothing.
func (u *ui) submitSurvey(w http.ResponseWriter, r *http.Request) error {
	v, err := u.openSurvey(r)
	if err != nil {
		return u.surveyFailure(w, r, v, err)
	}
	t := v.words()
	if !v.inv.UsedAt.IsZero() {
		u.renderThanks(w, r, v, v.inv.Anonymous, false)
		return nil
	}
	if err := v.inv.Usable(uiNow()); err != nil {
		return u.surveyFailure(w, r, v, err)
	}
	ans, anonymous := readSurveyAnswers(v.q, r.PostForm), r.PostFormValue("anonymous") == "yes"
	resp, errs := buildSurveyResponse(v.q, ans, rapport.ResponseCompleted, uiNow(), t)
	errs = append(errs, missingRequired(v.q, ans, t)...)
	var sr *rapport.SurveyResponse
	if len(errs) == 0 {
		if sr, errs, err = u.scoreSurvey(r, v, resp, ans); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		u.render(w, r, http.StatusUnprocessableEntity, "survey_form", u.surveyPage(r, v, ans, anonymous, errs))
		return nil
	}
	sr.Anonymous = anonymous
	stored, already, err := u.st.CompleteResponse(r.Context(), v.hash, sr)
	if err != nil {
		return u.surveyFailure(w, r, v, err)
	}
	u.renderThanks(w, r, v, stored.Anonymous, !already && stored.Flagged)
	return nil
}

// scoreSurvey scores a completed response and screens its free text, giving the response to
// store; an answer the scoring refuses (a number outside an item's range) is a form error.
func (u *ui) scoreSurvey(r *http.Request, v *surveyVisit, resp *survey.QuestionnaireResponse, ans surveyAnswers) (*rapport.SurveyResponse, careErrors, error) {
	answers, err := encodeSurveyResponse(resp)
	if err != nil {
		return nil, nil, err
	}
	comment := surveyComment(v.q, ans)
	sr := &rapport.SurveyResponse{Answers: answers, Flagged: safety.Concerning(comment),
		Comment: truncateRunes(comment, rapport.MaxSurveyComment)}
	scorer, err := u.st.Scorer(r.Context(), v.inv.InstrumentID)
	if errors.Is(err, survey.ErrNoRules) {
		return sr, nil, nil // answered, not scored
	}
	if err != nil {
		return nil, nil, fmt.Errorf("loading the scoring of instrument %d: %w", v.inv.InstrumentID, err)
	}
	res, err := scorer.Score(resp)
	if rapport.ErrorCode(err) == rapport.EINVALID {
		var errs careErrors
		errs.add("q1", "%s", v.words().ErrOutOfRange) // the first question's field (surveyFieldIDs)
		return nil, errs, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("scoring a response to instrument %d: %w", v.inv.InstrumentID, err)
	}
	if sr.Scores, err = json.Marshal(res); err != nil {
		return nil, nil, fmt.Errorf("encoding a survey result: %w", err)
	}
	if len(res.Subscales) > 0 && res.Subscales[0].Scorable {
		main := res.Subscales[0]
		sr.Score, sr.Band = &main.Value, main.Band
	}
	return sr, nil, nil
}

func encodeSurveyResponse(resp *survey.QuestionnaireResponse) ([]byte, error) {
	var buf bytes.Buffer
	if err := survey.EncodeResponse(&buf, resp); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}

func (u *ui) renderThanks(w http.ResponseWriter, r *http.Request, v *surveyVisit, anonymous, flagged bool) {
	t := v.words()
	p := &surveyDonePage{page: u.newPage(r, t.ThanksTitle), T: t, Anonymous: anonymous, Flagged: flagged}
	p.Lang = t.Lang
	u.render(w, r, http.StatusOK, "survey_thanks", p)
}
