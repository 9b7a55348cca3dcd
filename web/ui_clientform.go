package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Creating and editing the whole-person record. One form serves both: it leads with how the
// person likes to be addressed and reached and what matters to them; the diagnosis comes late,
// as one field among many. Demographics are kept only with a recorded consent.

// careAgeBands are the age bands offered; the record keeps the chosen band as text.
var careAgeBands = []string{"Under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75 and over"}

var careContactMethods = []rapport.ContactMethod{
	rapport.ContactPhone, rapport.ContactText, rapport.ContactEmail, rapport.ContactInPerson, rapport.ContactMail,
}

var careNeedLevels = []rapport.NeedLevel{rapport.NeedNone, rapport.NeedLow, rapport.NeedModerate, rapport.NeedHigh, rapport.NeedUrgent}

// clientForm is what the person typed, kept whole when validation fails.
type clientForm struct {
	TeamID        int64
	PreferredName string
	Pronouns      string
	Language      string
	ContactMethod string
	ContactTimes  string
	WhatMatters   string
	Strengths     string // one per line
	Diagnosis     string
	Needs         []clientNeedField // one per domain, in rapport.NeedDomains order
	Consent       bool
	AgeBand       string
	Gender        string
	RaceEthnicity string
	CareTeam      []int64
}

// clientNeedField is one domain's row of the needs table.
type clientNeedField struct {
	Domain   string
	Level    string // "" when not recorded
	Note     string
	Recorded bool // stored already: its level can change but it cannot be unrecorded
	Levels   []careOption
}

// clientFormPage is the create and edit page.
type clientFormPage struct {
	page
	ClientID       int64 // 0 when creating
	Form           clientForm
	Errors         careErrors
	Teams          []careOption // the teams to choose from, when there are several
	TeamName       string       // the team, when there is no choice
	ContactMethods []careOption
	AgeBands       []careOption
	Members        []careMember // care-team choices; nil when the user may not change the care team
	CareTeamNames  []string     // the care team as it stands, when the user may not change it
}

// careMember is one staff member who may be put on the care team.
type careMember struct {
	ID      int64
	Name    string
	Role    string
	Teams   []int64
	Checked bool
}

func blankNeeds() []clientNeedField {
	needs := make([]clientNeedField, len(rapport.NeedDomains))
	for i, d := range rapport.NeedDomains {
		needs[i] = clientNeedField{Domain: string(d)}
	}
	return needs
}

// clientFormOf fills the form from a stored record, for editing.
func clientFormOf(c *rapport.Client) clientForm {
	f := clientForm{
		TeamID: c.TeamID, PreferredName: c.PreferredName, Pronouns: c.Pronouns, Language: c.Language,
		ContactMethod: string(c.ContactMethod), ContactTimes: c.ContactTimes, WhatMatters: c.WhatMatters,
		Strengths: strings.Join(c.Strengths, "\n"), Diagnosis: c.Diagnosis, Needs: blankNeeds(),
		Consent: c.Demographics.Consent, AgeBand: c.Demographics.AgeBand, Gender: c.Demographics.Gender,
		RaceEthnicity: c.Demographics.RaceEthnicity, CareTeam: slices.Clone(c.CareTeam),
	}
	for _, n := range c.Needs {
		i := slices.Index(rapport.NeedDomains, n.Domain)
		f.Needs[i] = clientNeedField{Domain: string(n.Domain), Level: string(n.Level), Note: n.Note, Recorded: true}
	}
	return f
}

// readClientForm reads the posted form; existing is the stored record when editing.
func readClientForm(r *http.Request, existing *rapport.Client) clientForm {
	f := clientForm{
		PreferredName: careFormText(r, "preferred_name"), Pronouns: careFormText(r, "pronouns"),
		Language: careFormText(r, "language"), ContactMethod: careFormText(r, "contact_method"),
		ContactTimes: careFormText(r, "contact_times"), WhatMatters: careFormText(r, "what_matters"),
		Strengths: careFormText(r, "strengths"), Diagnosis: careFormText(r, "diagnosis"), Needs: blankNeeds(),
		Consent: r.PostFormValue("demographics_consent") == "yes", AgeBand: careFormText(r, "age_band"),
		Gender: careFormText(r, "gender"), RaceEthnicity: careFormText(r, "race_ethnicity"),
	}
	for i := range f.Needs {
		d := f.Needs[i].Domain
		f.Needs[i].Level = careFormText(r, "need_"+d+"_level")
		f.Needs[i].Note = careFormText(r, "need_"+d+"_note")
	}
	for _, v := range r.PostForm["care_team"] {
		if id, ok := careParseID(v); ok && !slices.Contains(f.CareTeam, id) {
			f.CareTeam = append(f.CareTeam, id)
		}
	}
	if id, ok := careParseID(r.PostFormValue("team_id")); ok {
		f.TeamID = id
	}
	if existing != nil {
		f.TeamID = existing.TeamID
		for _, n := range existing.Needs {
			f.Needs[slices.Index(rapport.NeedDomains, n.Domain)].Recorded = true
		}
		// Unticking consent withdraws it, and withdrawing consent clears the answers.
		if existing.Demographics.Consent && !f.Consent {
			f.AgeBand, f.Gender, f.RaceEthnicity = "", "", ""
		}
	}
	return f
}

// strengths splits the one-per-line text, dropping blank lines.
func (f clientForm) strengths() []string {
	var out []string
	for line := range strings.SplitSeq(f.Strengths, "\n") {
		if s := strings.TrimSpace(line); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (f clientForm) needs() []rapport.Need {
	var out []rapport.Need
	for _, n := range f.Needs {
		if n.Level != "" {
			out = append(out, rapport.Need{Domain: rapport.NeedDomain(n.Domain), Level: rapport.NeedLevel(n.Level), Note: n.Note})
		}
	}
	return out
}

// client is the new client the form describes.
func (f clientForm) client() *rapport.Client {
	return &rapport.Client{
		TeamID: f.TeamID, PreferredName: f.PreferredName, Pronouns: f.Pronouns, Language: f.Language,
		ContactMethod: rapport.ContactMethod(f.ContactMethod), ContactTimes: f.ContactTimes, WhatMatters: f.WhatMatters,
		Strengths: f.strengths(), Needs: f.needs(), Diagnosis: f.Diagnosis, Demographics: f.demographics(), CareTeam: f.CareTeam,
	}
}

func (f clientForm) demographics() rapport.Demographics {
	return rapport.Demographics{Consent: f.Consent, AgeBand: f.AgeBand, Gender: f.Gender, RaceEthnicity: f.RaceEthnicity}
}

// validate checks every field, as the domain will, and says what to do about each problem.
func (f clientForm) validate() careErrors {
	var errs careErrors
	errs.text("preferred-name", "the name the client likes to be called", f.PreferredName, rapport.MaxNameLen, true)
	errs.text("pronouns", "pronouns", f.Pronouns, rapport.MaxShortTextLen, false)
	errs.text("language", "language", f.Language, rapport.MaxShortTextLen, false)
	if !rapport.ContactMethod(f.ContactMethod).Valid() {
		errs.add("contact-method", "Choose how the client likes to be contacted from the list.")
	}
	errs.text("contact-times", "when to contact them", f.ContactTimes, rapport.MaxContactTimes, false)
	errs.text("what-matters", "what matters to the client", f.WhatMatters, rapport.MaxLongTextLen, false)
	f.validateStrengths(&errs)
	for _, n := range f.Needs {
		f.validateNeed(&errs, n)
	}
	errs.text("diagnosis", "the diagnosis", f.Diagnosis, rapport.MaxDiagnosisLen, false)
	if !f.Consent && (f.AgeBand != "" || f.Gender != "" || f.RaceEthnicity != "") {
		errs.add("demographics-consent", "Demographics are recorded only with the client's consent. Tick the consent box, or clear the age band, gender and race or ethnicity.")
	}
	errs.text("age-band", "the age band", f.AgeBand, rapport.MaxShortTextLen, false)
	errs.text("gender", "gender", f.Gender, rapport.MaxShortTextLen, false)
	errs.text("race-ethnicity", "race or ethnicity", f.RaceEthnicity, rapport.MaxShortTextLen, false)
	return errs
}

func (f clientForm) validateStrengths(errs *careErrors) {
	s := f.strengths()
	if len(s) > rapport.MaxStrengths {
		errs.add("strengths", "List at most %d strengths; there are %d.", rapport.MaxStrengths, len(s))
		return
	}
	for i, x := range s {
		if n := len([]rune(x)); n > rapport.MaxStrengthLen {
			errs.add("strengths", "Strength %d can be at most %d characters; it has %d.", i+1, rapport.MaxStrengthLen, n)
			return
		}
	}
	errs.text("strengths", "strengths", f.Strengths, rapport.MaxStrengths*(rapport.MaxStrengthLen+1), false)
}

func (f clientForm) validateNeed(errs *careErrors, n clientNeedField) {
	area := strings.ToLower(careNeedLabel(n.Domain))
	field := "need-" + n.Domain + "-level"
	switch {
	case n.Level != "" && !rapport.NeedLevel(n.Level).Valid():
		errs.add(field, "Choose a level for %s from the list.", area)
	case n.Level == "" && n.Recorded:
		errs.add(field, "A need for %s was recorded before, so it cannot be left unrecorded: choose None if there is no longer a need.", area)
	case n.Level == "" && n.Note != "":
		errs.add(field, "Choose a level for %s, or clear its note.", area)
	}
	errs.text("need-"+n.Domain+"-note", "the note on "+area, n.Note, rapport.MaxNeedNoteLen, false)
}

func careNeedLabel(domain string) string { return templateFuncs["label"].(func(any) string)(domain) }

// update is the change from c to the form: only the fields that differ, so the audit log and
// the timeline say what really changed.
func (f clientForm) update(c *rapport.Client) rapport.ClientUpdate {
	var upd rapport.ClientUpdate
	changed := func(dst **string, old, v string) {
		if old != v {
			*dst = &v
		}
	}
	changed(&upd.PreferredName, c.PreferredName, f.PreferredName)
	changed(&upd.Pronouns, c.Pronouns, f.Pronouns)
	changed(&upd.Language, c.Language, f.Language)
	changed(&upd.ContactTimes, c.ContactTimes, f.ContactTimes)
	changed(&upd.WhatMatters, c.WhatMatters, f.WhatMatters)
	changed(&upd.Diagnosis, c.Diagnosis, f.Diagnosis)
	if m := rapport.ContactMethod(f.ContactMethod); m != c.ContactMethod {
		upd.ContactMethod = &m
	}
	if s := f.strengths(); !slices.Equal(s, c.Strengths) {
		upd.Strengths = &s
	}
	for _, n := range f.needs() {
		if !slices.Contains(c.Needs, n) {
			upd.Needs = append(upd.Needs, n)
		}
	}
	if d := f.demographics(); d != c.Demographics {
		upd.Demographics = &d
	}
	return upd
}

// Handlers.

// creatableTeams are the teams the signed-in user may add clients to.
func creatableTeams(ctx context.Context) []int64 {
	var ids []int64
	actor := authActor(ctx)
	for _, id := range actor.TeamIDs {
		if auth.Can(actor, auth.CreateClient, auth.Target{Client: rapport.ClientScope{TeamID: id}}, uiNow()) == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

func errCannotCreate(usr *rapport.User) error {
	if usr.Role == rapport.RoleAdmin {
		return rapport.Errorf(rapport.EFORBIDDEN, "Administrators do not create client records: a case manager or supervisor of the client's team can.")
	}
	return rapport.Errorf(rapport.EFORBIDDEN, "You can add clients once you belong to a team. Ask an administrator to add you to one.")
}

func (u *ui) newClientForm(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	teams := creatableTeams(r.Context())
	if len(teams) == 0 {
		return errCannotCreate(usr)
	}
	f := clientForm{Needs: blankNeeds()}
	if len(teams) == 1 {
		f.TeamID = teams[0]
	}
	members, err := u.careTeamChoices(r, usr, nil, teams)
	if err != nil {
		return err
	}
	return u.renderClientForm(w, r, http.StatusOK, &clientFormPage{page: u.newPage(r, "Add a client"), Form: f, Members: members}, nil)
}

func (u *ui) createClient(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	actor, _ := actorFrom(r.Context())
	teams := creatableTeams(r.Context())
	if len(teams) == 0 {
		return errCannotCreate(usr)
	}
	f := readClientForm(r, nil)
	if len(teams) == 1 {
		f.TeamID = teams[0]
	}
	errs := f.validate()
	if !slices.Contains(teams, f.TeamID) {
		errs = append(careErrors{{Field: "team", Message: "Choose the team the client belongs to."}}, errs...)
	}
	members, err := u.careTeamChoices(r, usr, nil, teams)
	if err != nil {
		return err
	}
	if members == nil {
		f.CareTeam = []int64{usr.ID} // the case manager who adds a client looks after them
	} else {
		checkCareTeam(&errs, f.CareTeam, members, f.TeamID)
	}
	p := &clientFormPage{page: u.newPage(r, "Add a client"), Form: f, Errors: errs, Members: members}
	if len(errs) > 0 {
		return u.renderClientForm(w, r, http.StatusUnprocessableEntity, p, nil)
	}
	c := f.client()
	if err := u.st.CreateClient(r.Context(), actor, c); err != nil {
		if err := careStoreProblem(err, &p.Errors, "preferred-name"); err != nil {
			return fmt.Errorf("creating a client: %w", err)
		}
		return u.renderClientForm(w, r, http.StatusUnprocessableEntity, p, nil)
	}
	redirect(w, r, careClientPath(c.ID))
	return nil
}

func (u *ui) editClientForm(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	actor, _ := actorFrom(r.Context())
	c, err := u.st.FindClientByID(r.Context(), actor, scope.ClientID)
	if err != nil {
		return fmt.Errorf("reading client %d to edit: %w", scope.ClientID, err)
	}
	usr, _ := userFrom(r.Context())
	members, err := u.careTeamChoices(r, usr, c, nil)
	if err != nil {
		return err
	}
	p := &clientFormPage{page: u.newPage(r, "Edit "+c.PreferredName), ClientID: c.ID, Form: clientFormOf(c), Members: members}
	return u.renderClientForm(w, r, http.StatusOK, p, c)
}

func (u *ui) updateClient(w http.ResponseWriter, r *http.Request) error {
	scope, err := u.careAccess(r, auth.EditClient)
	if err != nil {
		return err
	}
	ctx := r.Context()
	usr, _ := userFrom(ctx)
	actor, _ := actorFrom(ctx)
	c, err := u.st.FindClientByID(ctx, actor, scope.ClientID)
	if err != nil {
		return fmt.Errorf("reading client %d to edit: %w", scope.ClientID, err)
	}
	f := readClientForm(r, c)
	errs := f.validate()
	members, err := u.careTeamChoices(r, usr, c, nil)
	if err != nil {
		return err
	}
	// The care team changes only through its checkboxes, which come with care_team_shown: a
	// form without them leaves it as it is.
	_, sentCareTeam := r.PostForm["care_team_shown"]
	switch {
	case members == nil && sentCareTeam:
		return rapport.Errorf(rapport.EFORBIDDEN, "Only a supervisor of the client's team can change the care team.")
	case !sentCareTeam:
		f.CareTeam = c.CareTeam
	default:
		checkCareTeam(&errs, f.CareTeam, members, 0)
	}
	p := &clientFormPage{page: u.newPage(r, "Edit "+c.PreferredName), ClientID: c.ID, Form: f, Errors: errs, Members: members}
	if len(errs) == 0 {
		err = u.saveClient(r, c, f, &p.Errors)
	}
	switch {
	case err != nil:
		return err
	case len(p.Errors) > 0:
		return u.renderClientForm(w, r, http.StatusUnprocessableEntity, p, c)
	}
	redirect(w, r, careClientPath(c.ID))
	return nil
}

// saveClient stores the changed fields and, when it changed, the care team. A refusal by the
// store becomes a form error.
func (u *ui) saveClient(r *http.Request, c *rapport.Client, f clientForm, errs *careErrors) error {
	actor, _ := actorFrom(r.Context())
	if upd := f.update(c); len(upd.Fields()) > 0 {
		if _, err := u.st.UpdateClient(r.Context(), actor, c.ID, upd); err != nil {
			return careStoreProblem(fmt.Errorf("updating client %d: %w", c.ID, err), errs, "preferred-name")
		}
	}
	team := slices.Sorted(slices.Values(f.CareTeam))
	if slices.Equal(team, c.CareTeam) {
		return nil
	}
	if err := u.st.SetCareTeam(r.Context(), actor, c.ID, team); err != nil {
		return careStoreProblem(fmt.Errorf("setting the care team of client %d: %w", c.ID, err), errs, "care-team")
	}
	return nil
}

// careTeamChoices lists who may be put on the care team, or nil when the user may not choose:
// when editing, a supervisor of the client's team chooses among the team's staff (and whoever
// is on the care team already); when adding a client, a supervisor chooses among the staff of
// the teams they may add clients to.
func (u *ui) careTeamChoices(r *http.Request, usr *rapport.User, c *rapport.Client, teams []int64) ([]careMember, error) {
	if c != nil {
		scope := rapport.ClientScope{ClientID: c.ID, TeamID: c.TeamID, CareTeam: c.CareTeam}
		if auth.Can(authActor(r.Context()), auth.ManageCareTeam, auth.Target{Client: scope}, uiNow()) != nil {
			return nil, nil
		}
		teams = []int64{c.TeamID}
	} else if usr.Role != rapport.RoleSupervisor {
		return nil, nil
	}
	var members []careMember
	seen := map[int64]bool{}
	for _, team := range teams {
		staff, _, err := u.st.ListUsers(r.Context(), rapport.UserFilter{TeamID: team, Page: rapport.Page{Limit: rapport.MaxPageSize}})
		if err != nil {
			return nil, fmt.Errorf("listing the staff of team %d: %w", team, err)
		}
		for _, s := range staff {
			if !seen[s.ID] && (!s.Disabled || c != nil && slices.Contains(c.CareTeam, s.ID)) {
				seen[s.ID] = true
				members = append(members, careMember{ID: s.ID, Name: s.Name, Role: string(s.Role), Teams: s.TeamIDs})
			}
		}
	}
	if c != nil {
		for _, id := range c.CareTeam { // members from elsewhere stay choosable, so saving keeps them
			if !seen[id] {
				m, err := u.st.FindUserByID(r.Context(), id)
				if err != nil {
					return nil, fmt.Errorf("reading care-team member %d: %w", id, err)
				}
				seen[id] = true
				members = append(members, careMember{ID: id, Name: m.Name, Role: string(m.Role), Teams: m.TeamIDs})
			}
		}
	}
	return members, nil
}

// checkCareTeam requires every chosen member to be among the choices and, when adding a client
// (team > 0), on the client's team.
func checkCareTeam(errs *careErrors, chosen []int64, members []careMember, team int64) {
	for _, id := range chosen {
		i := slices.IndexFunc(members, func(m careMember) bool { return m.ID == id })
		if i < 0 || team > 0 && !slices.Contains(members[i].Teams, team) {
			errs.add("care-team", "Choose the care team from the staff of the client's team.")
			return
		}
	}
}

// renderClientForm fills in the page's choices and renders it; c is the stored record when
// editing. p.Members are the care-team choices (careTeamChoices).
func (u *ui) renderClientForm(w http.ResponseWriter, r *http.Request, status int, p *clientFormPage, c *rapport.Client) error {
	p.ContactMethods = careOptions(careContactMethods, p.Form.ContactMethod)
	bands := careAgeBands
	if p.Form.AgeBand != "" && !slices.Contains(bands, p.Form.AgeBand) {
		bands = append(slices.Clone(bands), p.Form.AgeBand) // recorded elsewhere (the API): keep it
	}
	p.AgeBands = careOptions(bands, p.Form.AgeBand)
	for i := range p.Form.Needs {
		p.Form.Needs[i].Levels = careOptions(careNeedLevels, p.Form.Needs[i].Level)
	}
	teams := creatableTeams(r.Context())
	if c != nil {
		teams = []int64{c.TeamID}
	}
	if err := u.fillTeams(r, p, teams); err != nil {
		return err
	}
	for i := range p.Members {
		p.Members[i].Checked = slices.Contains(p.Form.CareTeam, p.Members[i].ID)
	}
	if p.Members == nil && c != nil {
		var err error
		if p.CareTeamNames, err = u.careUserNames(r, c.CareTeam); err != nil {
			return err
		}
	}
	u.render(w, r, status, "client_form", p)
	return nil
}

// fillTeams offers a choice of team when there are several, or names the one team.
func (u *ui) fillTeams(r *http.Request, p *clientFormPage, teams []int64) error {
	for _, id := range teams {
		t, err := u.st.FindTeamByID(r.Context(), id)
		if err != nil {
			return fmt.Errorf("reading team %d: %w", id, err)
		}
		p.Teams = append(p.Teams, careOption{Value: fmt.Sprint(id), Label: t.Name, Selected: id == p.Form.TeamID})
		p.TeamName = t.Name
	}
	if len(p.Teams) == 1 {
		p.Teams = nil
	}
	return nil
}

// careUserNames returns the names of users, in order; one who no longer exists is "a former
// user".
func (u *ui) careUserNames(r *http.Request, ids []int64) ([]string, error) {
	names := make([]string, len(ids))
	for i, id := range ids {
		usr, err := u.st.FindUserByID(r.Context(), id)
		switch {
		case rapport.ErrorCode(err) == rapport.ENOTFOUND:
			names[i] = "a former user"
		case err != nil:
			return nil, fmt.Errorf("reading user %d: %w", id, err)
		default:
			names[i] = usr.Name
		}
	}
	return names, nil
}

func careParseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}
