package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/qr"
	"github.com/rapporthq/rapport/survey"
)

// Survey invitations: a case manager or supervisor with access to a client's record asks them
// for feedback through a private link. The link's token is made here and shown once, as text to
// copy, a QR code drawn on the server and a printable handout; the store keeps only its hash.
// The client's own pages, reached through the link with no sign-in, are in ui_survey_public.go.

// surveyStore is what survey invitations and the client's survey pages need of the store.
type surveyStore interface {
	ListInstruments(ctx context.Context, p rapport.Page) ([]*rapport.Instrument, int, error)
	Questionnaire(ctx context.Context, id int64) (*rapport.Instrument, *survey.Questionnaire, error)
	Scorer(ctx context.Context, id int64) (*survey.Scorer, error)
	CreateInvitation(ctx context.Context, actor rapport.Actor, inv *rapport.Invitation, tokenHash []byte) error
	ListInvitations(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.Invitation, int, error)
	DueInvitations(ctx context.Context, now time.Time) ([]rapport.Invitation, error)
	FindInvitationByToken(ctx context.Context, tokenHash []byte) (*rapport.Invitation, error)
	FindDraftByToken(ctx context.Context, tokenHash []byte) (*rapport.SurveyResponse, error)
	SaveAnswers(ctx context.Context, tokenHash []byte, answers []byte, anonymous bool) error
	CompleteResponse(ctx context.Context, tokenHash []byte, resp *rapport.SurveyResponse) (*rapport.SurveyResponse, bool, error)
}

// registerSurveys mounts survey invitations and the client's survey pages.
func (u *ui) registerSurveys(mux *http.ServeMux) {
	u.srv.route(mux, "GET /clients/{id}/surveys", u.handle(u.requireUser(u.surveysForClient)))
	u.srv.route(mux, "POST /clients/{id}/surveys", u.protect(u.requireUser(u.createInvitation)))
	// The client's pages: public (the link is the credential), so no requireUser; the POSTs
	// still go through protect, for cross-origin protection and a bounded body.
	u.srv.route(mux, "GET /s/{token}", u.handle(u.surveyForm))
	u.srv.route(mux, "POST /s/{token}/answers", u.protect(u.saveSurveyAnswers))
	u.srv.route(mux, "POST /s/{token}", u.protect(u.submitSurvey))
}

// invitationLifetimes are the link lifetimes offered, in days; the store allows up to 90.
var invitationLifetimes = []int{7, 14, 30, 60, 90}

// maxInvitationList bounds the list on the client's survey page: the newest are shown.
const maxInvitationList = 50

type surveysPage struct {
	page
	ClientID     int64
	ClientName   string
	Form         invitationForm
	Instruments  []careOption
	Languages    []careOption
	CaseManagers []careOption
	Lifetimes    []careOption
	Errors       careErrors
	Invitations  []invitationRow
	Total        int
}

// invitationForm is what the person chose; it comes back when something is wrong.
type invitationForm struct {
	Instrument, Language, CaseManager, Days, Trigger string
}

// invitationRow is one invitation in the client's list: when and why it was sent and whether it
// was answered. Never the answers: those of an anonymous response are not linked to the client.
type invitationRow struct {
	Instrument string
	Trigger    string
	CreatedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	UsedAt     time.Time
	Anonymous  bool
	Expired    bool
}

type invitationCreatedPage struct {
	page
	ClientID   int64
	ClientName string
	Instrument string
	Link       string
	QR         template.HTML
	ExpiresAt  time.Time
	Handout    *surveyWords // the handout's words, in the survey's language
}

// HandoutDate is the expiry as the handout's reader writes dates.
func (p *invitationCreatedPage) HandoutDate() string { return p.Handout.Date(p.ExpiresAt) }

var triggerLabels = map[rapport.InvitationTrigger]string{
	rapport.TriggerManual:            "Sent by hand",
	rapport.TriggerEveryFifthContact: "Automatic: five contacts since the last survey",
	rapport.TriggerCarePlan30Days:    "Automatic: 30 days into the care plan",
}

var surveyLanguageLabels = map[string]string{rapport.SurveyEnglish: "English", rapport.SurveySpanish: "Spanish (español)"}

// surveysForClient shows the client's invitations and the form that makes a new one.
func (u *ui) surveysForClient(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	c, err := u.readClient(r, scope.ClientID)
	if err != nil {
		return err
	}
	usr, _ := userFrom(r.Context())
	form := invitationForm{Language: rapport.SurveyLanguageFor(c.Language), CaseManager: strconv.FormatInt(defaultSurveyed(c, usr.ID), 10),
		Days: strconv.Itoa(int(rapport.DefaultInvitationTTL / (24 * time.Hour))), Trigger: string(rapport.TriggerManual)}
	return u.renderSurveys(w, r, http.StatusOK, c, form, nil)
}

// defaultSurveyed is whose work a new survey is about: the person asking, when they are on the
// care team (a supervisor may not be), else the first member of the care team.
func defaultSurveyed(c *rapport.Client, userID int64) int64 {
	if slices.Contains(c.CareTeam, userID) || len(c.CareTeam) == 0 {
		return userID
	}
	return c.CareTeam[0]
}

func (u *ui) readClient(r *http.Request, id int64) (*rapport.Client, error) {
	actor, _ := actorFrom(r.Context())
	c, err := u.st.FindClientByID(r.Context(), actor, id)
	if err != nil {
		return nil, fmt.Errorf("reading client %d: %w", id, err)
	}
	return c, nil
}

// renderSurveys renders the client's survey page with the form as given.
func (u *ui) renderSurveys(w http.ResponseWriter, r *http.Request, status int, c *rapport.Client, form invitationForm, errs careErrors) error {
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	instruments, err := u.offeredInstruments(ctx)
	if err != nil {
		return err
	}
	p := &surveysPage{page: u.newPage(r, "Ask "+c.PreferredName+" for feedback"), ClientID: c.ID, ClientName: c.PreferredName,
		Form: form, Errors: errs}
	titles := map[int64]string{}
	for _, in := range instruments {
		titles[in.ID] = in.Title
		id := strconv.FormatInt(in.ID, 10)
		selected := id == form.Instrument || form.Instrument == "" && in.URL == survey.URLTrustPulse // the usual choice
		p.Instruments = append(p.Instruments, careOption{Value: id, Label: in.Title, Selected: selected})
	}
	for _, l := range []string{rapport.SurveyEnglish, rapport.SurveySpanish} {
		p.Languages = append(p.Languages, careOption{Value: l, Label: surveyLanguageLabels[l], Selected: l == form.Language})
	}
	for _, d := range invitationLifetimes {
		v := strconv.Itoa(d)
		p.Lifetimes = append(p.Lifetimes, careOption{Value: v, Label: v + " days", Selected: v == form.Days})
	}
	names := &userNames{u: u, ctx: ctx}
	for _, id := range c.CareTeam {
		name, err := names.of(id)
		if err != nil {
			return err
		}
		v := strconv.FormatInt(id, 10)
		p.CaseManagers = append(p.CaseManagers, careOption{Value: v, Label: name, Selected: v == form.CaseManager})
	}
	invs, total, err := u.st.ListInvitations(ctx, actor, c.ID, rapport.Page{Limit: maxInvitationList})
	if err != nil {
		return fmt.Errorf("listing the invitations of client %d: %w", c.ID, err)
	}
	p.Total = total
	for _, inv := range invs {
		row, err := invitationRowOf(inv, titles, names)
		if err != nil {
			return err
		}
		p.Invitations = append(p.Invitations, row)
	}
	u.render(w, r, status, "survey_invitations", p)
	return nil
}

func invitationRowOf(inv *rapport.Invitation, titles map[int64]string, names *userNames) (invitationRow, error) {
	by, err := names.of(inv.CreatedBy)
	if err != nil {
		return invitationRow{}, err
	}
	title := titles[inv.InstrumentID]
	if title == "" {
		title = "Survey " + strconv.FormatInt(inv.InstrumentID, 10) // an instrument no longer offered
	}
	return invitationRow{Instrument: title, Trigger: triggerLabels[inv.Trigger], CreatedBy: by, CreatedAt: inv.CreatedAt,
		ExpiresAt: inv.ExpiresAt, UsedAt: inv.UsedAt, Anonymous: inv.Anonymous, Expired: inv.Usable(uiNow()) == rapport.ErrInvitationExpired}, nil
}

// userNames looks up staff names once each.
type userNames struct {
	u     *ui
	ctx   context.Context
	cache map[int64]string
}

func (n *userNames) of(id int64) (string, error) {
	if name, ok := n.cache[id]; ok {
		return name, nil
	}
	usr, err := n.u.st.FindUserByID(n.ctx, id)
	if err != nil {
		return "", fmt.Errorf("finding user %d: %w", id, err)
	}
	if n.cache == nil {
		n.cache = map[int64]string{}
	}
	n.cache[id] = usr.Name
	return usr.Name, nil
}

// offeredInstruments are the instruments a client may be sent: the newest version of each,
// except ProQOL 5, which is a clinician's self-check, not a client survey.
func (u *ui) offeredInstruments(ctx context.Context) ([]*rapport.Instrument, error) {
	all, _, err := u.st.ListInstruments(ctx, rapport.Page{Limit: rapport.MaxPageSize})
	if err != nil {
		return nil, fmt.Errorf("listing instruments: %w", err)
	}
	newest := map[string]*rapport.Instrument{}
	for _, in := range all {
		if old, ok := newest[in.URL]; !ok || in.ID > old.ID {
			newest[in.URL] = in
		}
	}
	var out []*rapport.Instrument
	for _, in := range all { // keeps the store's order, by title
		if newest[in.URL] == in && in.URL != survey.URLProQOL5 {
			out = append(out, in)
		}
	}
	return out, nil
}

// createInvitation makes a link for the client and shows it, once.
func (u *ui) createInvitation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	c, err := u.readClient(r, scope.ClientID)
	if err != nil {
		return err
	}
	form := invitationForm{Instrument: r.PostFormValue("instrument"), Language: r.PostFormValue("language"),
		CaseManager: r.PostFormValue("case_manager"), Days: r.PostFormValue("days"), Trigger: r.PostFormValue("trigger")}
	inv, title, errs, err := u.checkInvitation(ctx, c, form)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return u.renderSurveys(w, r, http.StatusUnprocessableEntity, c, form, errs)
	}
	token, hash, err := auth.NewToken(auth.PrefixSurvey)
	if err != nil {
		return fmt.Errorf("making a survey token: %w", err)
	}
	actor, _ := actorFrom(ctx)
	if err := u.st.CreateInvitation(ctx, actor, inv, hash); err != nil {
		if err := careStoreProblem(fmt.Errorf("creating an invitation: %w", err), &errs, "survey-instrument"); err != nil {
			return err
		}
		return u.renderSurveys(w, r, http.StatusUnprocessableEntity, c, form, errs)
	}
	link := u.linkURL(r, "/s/"+token)
	code, err := qr.SVG(link, "QR code for the survey link")
	if err != nil {
		return fmt.Errorf("drawing the QR code: %w", err)
	}
	u.render(w, r, http.StatusOK, "invitation_created", &invitationCreatedPage{
		page: u.newPage(r, "Survey link for "+c.PreferredName), ClientID: c.ID, ClientName: c.PreferredName, Instrument: title,
		Link: link, QR: code, ExpiresAt: inv.ExpiresAt, Handout: wordsFor(inv.Language),
	})
	return nil
}

// checkInvitation validates the form against what the page offered: an offered instrument in a
// language it is written in, a member of the care team, an offered lifetime. It returns the
// invitation to store and the instrument's title, or the errors to show.
func (u *ui) checkInvitation(ctx context.Context, c *rapport.Client, f invitationForm) (*rapport.Invitation, string, careErrors, error) {
	var errs careErrors
	inv := &rapport.Invitation{ClientID: c.ID, Language: f.Language, Trigger: rapport.InvitationTrigger(f.Trigger)}
	if !inv.Trigger.Valid() {
		inv.Trigger = rapport.TriggerManual
	}
	instruments, err := u.offeredInstruments(ctx)
	if err != nil {
		return nil, "", nil, err
	}
	var title string
	for _, in := range instruments {
		if strconv.FormatInt(in.ID, 10) == f.Instrument {
			inv.InstrumentID, title = in.ID, in.Title
		}
	}
	switch {
	case inv.InstrumentID == 0:
		errs.add("survey-instrument", "Choose one of the surveys in the list.")
	case f.Language != rapport.SurveyEnglish && f.Language != rapport.SurveySpanish:
		errs.add("survey-language", "Choose English or Spanish.")
	default:
		_, q, err := u.st.Questionnaire(ctx, inv.InstrumentID)
		if err != nil {
			return nil, "", nil, fmt.Errorf("loading instrument %d: %w", inv.InstrumentID, err)
		}
		if !slices.Contains(surveyLanguages(q), f.Language) {
			errs.add("survey-language", "%s has no %s wording. Choose another language, or ask an administrator to import a translation.", title, surveyLanguageLabels[f.Language])
		}
	}
	if id, err := strconv.ParseInt(f.CaseManager, 10, 64); err == nil && slices.Contains(c.CareTeam, id) {
		inv.CaseManagerID = id
	} else {
		errs.add("survey-case-manager", "Choose a member of %s's care team.", c.PreferredName)
	}
	days, err := strconv.Atoi(f.Days)
	if err != nil || !slices.Contains(invitationLifetimes, days) {
		errs.add("survey-days", "Choose how long the link works.")
	}
	inv.ExpiresAt = uiNow().Add(time.Duration(days) * 24 * time.Hour)
	return inv, title, errs, nil
}

// surveyLanguages are the languages a questionnaire can be answered in; one with no language
// of its own is taken to be English, as FHIR's default is the server's.
func surveyLanguages(q *survey.Questionnaire) []string {
	langs := q.Languages()
	for i, l := range langs {
		primary, _, _ := strings.Cut(strings.ToLower(l), "-") // "en-US" is English
		if primary == "" {
			primary = rapport.SurveyEnglish
		}
		langs[i] = primary
	}
	return langs
}
