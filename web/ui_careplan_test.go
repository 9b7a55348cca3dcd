package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
)

// Samples for the care-plan pages; their text carries markup, so TestTemplates sees it escaped.
func init() {
	goal := &rapport.Goal{ID: 3, ClientID: 7, Words: "My own <my dog> place", Status: rapport.GoalActive,
		Steps: []rapport.Step{{Text: "Fill in the form", WhoHelps: "Casey <Manager>", Done: true}}}
	concern := &rapport.Concern{ID: 4, ClientID: 7, Words: "Nobody calls back", Status: rapport.ConcernOpen}
	resolved := &rapport.Concern{ID: 5, ClientID: 7, Words: "Letters in English", Response: "Spanish letters from now", Status: rapport.ConcernResolved}
	when := careWhen(time.Date(2025, 3, 14, 9, 26, 0, 0, time.UTC))
	errs := careErrors{{Field: "decision-summary", Message: "Enter the decision."}}
	update := careConcernUpdateForm{ClientID: 7, ConcernID: 4, Statuses: careOptions(careConcernStatuses, "open"), Errors: careErrors{{Field: "concern-4-response", Message: "Say how."}}}
	samplePages["client"].(*clientPage).Plan = &carePlanView{
		ClientID: 7, GoalsTotal: 2, ConcernsTotal: 3, DecisionsTotal: 1, FeedbackTotal: 1, NotesTotal: 11,
		Goals:            []careGoalRow{{Goal: goal, By: "Casey", Target: careDate(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)), Statuses: careOptions(careGoalStatuses, "active")}},
		OpenConcerns:     []careConcernRow{{Concern: concern, By: "Casey", Raised: when, Update: careConcernUpdateForm{ClientID: 7, ConcernID: 4, Statuses: careOptions(careConcernStatuses, "open")}}},
		ResolvedConcerns: []careConcernRow{{Concern: resolved, By: "Casey", Raised: when, Resolved: when, Update: careConcernUpdateForm{ClientID: 7, ConcernID: 5, Statuses: careOptions(careConcernStatuses, "resolved")}}},
		Decisions:        []careDecisionRow{{Decision: &rapport.Decision{ID: 1, Summary: "Try <the> group", ClientTookPart: true}, By: "Casey", Decided: when}},
		Feedback:         []careFeedbackRow{{Entry: &rapport.FeedbackEntry{ID: 1, Body: "You <listened>"}, By: "Sam", When: when}},
		Notes:            []careNoteRow{{Note: &rapport.Note{ID: 9, ClientID: 7, Kind: rapport.KindMessage}, By: "Casey", When: when, Score: 62, Scored: true}},
		NewDecision:      careDecisionForm{ClientID: 7, TookPart: true}, NewConcern: careConcernForm{ClientID: 7}, NewFeedback: careFeedbackForm{ClientID: 7},
	}
	form := clientFormOf(sampleClient)
	form.Needs[0].Levels = careOptions(careNeedLevels, "high")
	samplePages["client_form"] = &clientFormPage{page: page{Title: "Edit Jordan", User: sampleUser}, ClientID: 7, Form: form,
		Errors:         careErrors{{Field: "preferred-name", Message: "Enter <the> name."}, {Field: "need-health-level", Message: "Choose a level."}},
		Teams:          []careOption{{Value: "1", Label: "North <East>", Selected: true}, {Value: "2", Label: "South"}},
		ContactMethods: careOptions(careContactMethods, "text"), AgeBands: careOptions(careAgeBands, "25-34"),
		Members: []careMember{{ID: 1, Name: "Casey <Manager>", Role: "case_manager", Checked: true}}}
	samplePages["goal_form"] = &goalFormPage{page: page{Title: "Edit Jordan's goal", User: sampleUser}, ClientID: 7, ClientName: "Jordan", GoalID: 3,
		Form:     goalForm{Words: "My own <my dog> place", TargetDate: "2025-06-30", Status: "active", Steps: []goalStepField{{Text: "Call <them>", WhoHelps: "me"}, {}}},
		Statuses: careOptions(careGoalStatuses, "active"), Errors: careErrors{{Field: "step-0-who", Message: "Too long."}}}
	samplePages["careplan_form"] = &carePlanFormPage{page: page{Title: "Record a decision for Jordan", User: sampleUser}, ClientID: 7, ClientName: "Jordan",
		Decision: &careDecisionForm{ClientID: 7, Summary: "Try <the> group", DecidedOn: "2025-03-01", Errors: errs}, ConcernUpdate: &update,
		Concern: &careConcernForm{ClientID: 7, Words: "x"}, Feedback: &careFeedbackForm{ClientID: 7, Body: "y"}}
	samplePages["note_view"] = &noteViewPage{page: page{Title: "Message to Jordan", User: sampleUser}, ClientID: 7, ClientName: "Jordan",
		Note: &rapport.Note{ID: 9, Kind: rapport.KindMessage, Body: "He is <my dog> noncompliant"}, Author: "Casey <Manager>", When: when,
		Feedback: &noteFeedback{Overall: 40, Levels: []levelView{{Name: "Exploration", Rating: 1, Label: "weak"}}, Marked: []markPart{{Text: "He is "}, {Text: "noncompliant", Mark: true}},
			Findings: []findingView{{Code: "stigmatizing_language", Title: "Stigmatising language", Pitfall: true, Reason: "Labels <the> person.", Evidence: "noncompliant", Action: "Replace with", Text: "not taking", Spec: "6,18,not taking"}}}}
	samplePages["timeline"] = &timelineView{page: page{Title: "Timeline for Jordan", User: sampleUser}, ClientID: 7, ClientName: "Jordan", Total: 120, Page: 2, Pages: 3,
		PrevURL: "/clients/7/timeline?page=1", NextURL: "/clients/7/timeline?page=3",
		Entries: []careTimelineRow{{When: when, Who: "Casey <Manager>", What: "Goal changed", Summary: "My own <my dog> place", Truncated: true, Changed: "status", Link: "/clients/7#goal-3"}}}
}

// planEnv is North (Casey, a case manager; Sam, its supervisor; Pat, a case manager not on
// Jordan's care team), South (Robin), an admin, and Jordan, a North client on Casey's care team.
type planEnv struct {
	*uiEnv
	north, south int64
	casey, sam   *rapport.User
	pat          *rapport.User
	jordan       *rapport.Client
	path         string
}

func newPlanEnv(t *testing.T) *planEnv {
	e := &planEnv{uiEnv: newUIEnv(t, false)}
	e.north, e.south = e.team("North"), e.team("South")
	e.casey = e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, e.north)
	e.sam = e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, e.north)
	e.pat = e.user("pat@example.org", "Pat Colleague", rapport.RoleCaseManager, e.north)
	e.user("robin@example.org", "Robin Other", rapport.RoleCaseManager, e.south)
	e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	e.jordan = &rapport.Client{TeamID: e.north, PreferredName: "Jordan", Pronouns: "they/them", CareTeam: []int64{e.casey.ID},
		Needs: []rapport.Need{{Domain: rapport.NeedHousing, Level: rapport.NeedHigh, Note: "Couch-surfing"}}}
	if err := e.db.CreateClient(context.Background(), planActor(e.casey), e.jordan); err != nil {
		t.Fatal(err)
	}
	e.path = "/clients/" + itoa(int(e.jordan.ID))
	return e
}

func planActor(u *rapport.User) rapport.Actor { return rapport.Actor{UserID: u.ID, Role: u.Role} }

func (e *planEnv) as(email string) *browser {
	b := e.browser()
	b.login(email)
	return b
}

// planClientForm is a complete, valid client form.
func planClientForm() url.Values {
	return url.Values{
		"preferred_name": {"Marisol"}, "pronouns": {"she/her"}, "language": {"Spanish"}, "contact_method": {"text"},
		"contact_times": {"after 3pm"}, "what_matters": {"Keeping my flat\r\nand my dog"}, "strengths": {"Resourceful\r\n\r\n  Funny  \r\n"},
		"need_housing_level": {"urgent"}, "need_housing_note": {"Eviction notice"}, "need_food_level": {"low"},
		"diagnosis": {"Asthma"}, "demographics_consent": {"yes"}, "age_band": {"25-34"}, "gender": {"woman"},
	}
}

// wantPlanFieldError checks whether the page shows msg as the error of the field with id, linked from
// the summary and named by the field.
func wantPlanFieldError(t *testing.T, body, id, msg string) {
	t.Helper()
	wantContains(t, body, `<a href="#`+id+`">`+msg, `id="`+id+`-error">`+msg)
	if !regexp.MustCompile(`aria-describedby="([^"]* )?` + regexp.QuoteMeta(id) + `-error"`).MatchString(body) {
		t.Errorf("field %s does not name its error with aria-describedby", id)
	}
}

func TestClientCreate(t *testing.T) {
	e := newPlanEnv(t)
	b := e.as("casey@example.org")
	resp, body := b.get("/clients/new")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `action="/clients/new"`, `<label for="preferred-name">`, `name="need_mental_health_level"`, "You will be on the client's care team.")
	if strings.Contains(body, `name="team_id"`) {
		t.Error("a case manager of one team is asked to choose a team")
	}

	// Invalid: every problem is reported beside its field, and everything typed comes back.
	bad := planClientForm()
	bad.Set("preferred_name", "  ")
	bad.Set("pronouns", strings.Repeat("x", rapport.MaxShortTextLen+1))
	bad.Set("need_food_level", "")
	bad.Set("need_food_note", "Skips meals <sometimes>")
	bad.Del("demographics_consent")
	resp, body = b.post("/clients/new", bad)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, `role="alert"`, "Please correct these 4 things")
	wantPlanFieldError(t, body, "preferred-name", "Enter the name the client likes to be called.")
	wantPlanFieldError(t, body, "pronouns", "Pronouns can be at most 100 characters; it has 101.")
	wantPlanFieldError(t, body, "need-food-level", "Choose a level for food, or clear its note.")
	wantPlanFieldError(t, body, "demographics-consent", "Demographics are recorded only with the client&#39;s consent.")
	wantContains(t, body, `value="Spanish"`, "Keeping my flat\nand my dog</textarea>", `value="Skips meals &lt;sometimes&gt;"`,
		`<option value="urgent" selected>`, `<option value="text" selected>`, `value="woman"`, `<option value="25-34" selected>`)

	resp, body = b.post("/clients/new", planClientForm())
	wantStatus(t, resp, body, http.StatusSeeOther)
	id := planClientIDFrom(t, resp.Header.Get("Location"))
	got, err := e.db.FindClientByID(t.Context(), planActor(e.casey), id)
	if err != nil {
		t.Fatal(err)
	}
	want := rapport.Client{TeamID: e.north, PreferredName: "Marisol", Pronouns: "she/her", Language: "Spanish", ContactMethod: rapport.ContactText,
		ContactTimes: "after 3pm", WhatMatters: "Keeping my flat\nand my dog", Strengths: []string{"Resourceful", "Funny"},
		Needs:     []rapport.Need{{Domain: rapport.NeedHousing, Level: rapport.NeedUrgent, Note: "Eviction notice"}, {Domain: rapport.NeedFood, Level: rapport.NeedLow}},
		Diagnosis: "Asthma", Demographics: rapport.Demographics{Consent: true, AgeBand: "25-34", Gender: "woman"}, CareTeam: []int64{e.casey.ID}}
	got.ID, got.CreatedBy, got.CreatedAt, got.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	if !planClientsEqual(*got, want) {
		t.Errorf("stored client\n got %+v\nwant %+v", *got, want)
	}
}

func planClientsEqual(a, b rapport.Client) bool {
	return a.TeamID == b.TeamID && a.PreferredName == b.PreferredName && a.Pronouns == b.Pronouns && a.Language == b.Language &&
		a.ContactMethod == b.ContactMethod && a.ContactTimes == b.ContactTimes && a.WhatMatters == b.WhatMatters &&
		slices.Equal(a.Strengths, b.Strengths) && slices.Equal(a.Needs, b.Needs) && a.Diagnosis == b.Diagnosis &&
		a.Demographics == b.Demographics && slices.Equal(a.CareTeam, b.CareTeam)
}

func planClientIDFrom(t *testing.T, loc string) int64 {
	t.Helper()
	m := regexp.MustCompile(`^/clients/(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("redirect to %q, want a client page", loc)
	}
	id, _ := careParseID(m[1])
	return id
}

func TestClientCreateBySupervisorOfTwoTeams(t *testing.T) {
	e := newPlanEnv(t)
	lee := e.user("lee@example.org", "Lee Lead", rapport.RoleSupervisor, e.north, e.south)
	robin, err := e.db.FindUserByEmail(t.Context(), "robin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	b := e.as("lee@example.org")
	resp, body := b.get("/clients/new")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<label for="team">Team</label>`, ">North</option>", ">South</option>", `<label for="care-team-`+itoa(int(robin.ID))+`">`)

	form := planClientForm()
	resp, body = b.post("/clients/new", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantPlanFieldError(t, body, "team", "Choose the team the client belongs to.")

	// Robin is on South, not North: he cannot be on a North client's care team.
	form.Set("team_id", itoa(int(e.north)))
	form["care_team"] = []string{itoa(int(e.casey.ID)), itoa(int(robin.ID))}
	resp, body = b.post("/clients/new", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantPlanFieldError(t, body, "care-team", "Choose the care team from the staff of the client&#39;s team.")
	wantContains(t, body, `<option value="`+itoa(int(e.north))+`" selected>North</option>`)

	form["care_team"] = []string{itoa(int(e.casey.ID)), itoa(int(e.pat.ID))}
	resp, body = b.post("/clients/new", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	c, err := e.db.FindClientByID(t.Context(), planActor(lee), planClientIDFrom(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if c.TeamID != e.north || !slices.Equal(c.CareTeam, []int64{e.casey.ID, e.pat.ID}) {
		t.Errorf("team %d, care team %v", c.TeamID, c.CareTeam)
	}
}

func TestClientCreateRefused(t *testing.T) {
	e := newPlanEnv(t)
	e.user("new@example.org", "New Starter", rapport.RoleCaseManager) // on no team yet
	for _, tc := range []struct{ who, msg string }{
		{"ada@example.org", "Administrators do not create client records"},
		{"new@example.org", "once you belong to a team"},
	} {
		b := e.as(tc.who)
		resp, body := b.get("/clients/new")
		wantStatus(t, resp, body, http.StatusForbidden)
		wantContains(t, body, tc.msg)
		resp, body = b.post("/clients/new", planClientForm())
		wantStatus(t, resp, body, http.StatusForbidden)
	}
	if _, total, _ := e.db.ListClients(t.Context(), planActor(e.sam), rapport.ClientFilter{}); total != 1 {
		t.Errorf("%d clients; the refused forms created some", total)
	}
}

func TestClientEdit(t *testing.T) {
	e := newPlanEnv(t)
	b := e.as("casey@example.org")
	resp, body := b.get(e.path + "/edit")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `value="Jordan"`, `value="they/them"`, `value="Couch-surfing"`, "A supervisor of the client's team can change the care team.", "Casey Manager")
	if strings.Contains(body, `name="care_team"`) {
		t.Error("a case manager is offered to change the care team")
	}
	// A recorded need cannot be unrecorded, only set to None.
	if regexp.MustCompile(`name="need_housing_level">\s*<option value="">`).MatchString(body) {
		t.Error("a recorded need offers 'Not recorded'")
	}

	form := url.Values{"preferred_name": {"Jordan"}, "pronouns": {"he/him"}, "need_housing_level": {""}, "need_housing_note": {"Couch-surfing"}, "gender": {"man"}}
	resp, body = b.post(e.path+"/edit", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantPlanFieldError(t, body, "need-housing-level", "A need for housing was recorded before")
	wantContains(t, body, `value="he/him"`, `value="man"`)

	// Only what changed is saved, and the timeline says so.
	form = url.Values{"preferred_name": {"Jordan"}, "pronouns": {"he/him"}, "need_housing_level": {"moderate"}, "need_housing_note": {"Couch-surfing"}}
	resp, body = b.post(e.path+"/edit", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != e.path {
		t.Errorf("redirect to %q", loc)
	}
	entries, _, err := e.db.ListTimeline(t.Context(), planActor(e.casey), rapport.TimelineFilter{ClientID: e.jordan.ID})
	if err != nil {
		t.Fatal(err)
	}
	if entries[0].Kind != rapport.TimelineProfile || !slices.Equal(entries[0].Fields, []string{"pronouns", "needs"}) {
		t.Errorf("newest timeline entry %+v, want a profile change of pronouns and needs", entries[0])
	}

	// A case manager cannot change the care team, even by crafting the form.
	form.Set("care_team_shown", "1")
	form["care_team"] = []string{itoa(int(e.pat.ID))}
	resp, body = b.post(e.path+"/edit", form)
	wantStatus(t, resp, body, http.StatusForbidden)

	// The team's supervisor can; consent given then withdrawn clears the answers.
	s := e.as("sam@example.org")
	resp, body = s.get(e.path + "/edit")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<input id="care-team-`+itoa(int(e.casey.ID))+`" type="checkbox" name="care_team" value="`+itoa(int(e.casey.ID))+`" checked>`)
	form = url.Values{"preferred_name": {"Jordan"}, "pronouns": {"he/him"}, "need_housing_level": {"moderate"}, "need_housing_note": {"Couch-surfing"},
		"care_team_shown": {"1"}, "care_team": {itoa(int(e.casey.ID)), itoa(int(e.pat.ID))}, "demographics_consent": {"yes"}, "gender": {"man"}}
	resp, body = s.post(e.path+"/edit", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	form.Del("demographics_consent")
	resp, body = s.post(e.path+"/edit", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	c, err := e.db.FindClientByID(t.Context(), planActor(e.sam), e.jordan.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.CareTeam, []int64{e.casey.ID, e.pat.ID}) || c.Demographics != (rapport.Demographics{}) {
		t.Errorf("care team %v, demographics %+v", c.CareTeam, c.Demographics)
	}
}

func TestCarePlanGoals(t *testing.T) {
	e := newPlanEnv(t)
	b := e.as("casey@example.org")
	resp, body := b.get(e.path + "/goals/new")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `<label for="goal-words">`, `name="step_rows" value="3"`, `<label for="step-2-text">Step 3</label>`)

	form := url.Values{"words": {""}, "target_date": {"30/06/2025"}, "status": {"active"}, "step_rows": {"3"},
		"step_0_text": {"Fill in the <housing> form"}, "step_0_who": {"Casey"}, "step_1_who": {"my sister"}}
	resp, body = b.post(e.path+"/goals", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantPlanFieldError(t, body, "goal-words", "Enter the goal, in the client&#39;s words.")
	wantPlanFieldError(t, body, "goal-target", "Enter the target date as a date")
	wantPlanFieldError(t, body, "step-1-text", "Step 2 says who helps but not what the step is")
	wantContains(t, body, `value="Fill in the &lt;housing&gt; form"`, `value="my sister"`)

	// More rows, without saving.
	form.Set("more_steps", "1")
	resp, body = b.post(e.path+"/goals", form)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `name="step_rows" value="6"`)

	form = url.Values{"words": {"My own place by summer"}, "target_date": {"2025-06-30"}, "status": {"active"}, "step_rows": {"3"},
		"step_0_text": {"Fill in the housing form"}, "step_0_who": {"Casey"}, "step_1_text": {"Save the deposit"}, "step_1_done": {"yes"}}
	resp, body = b.post(e.path+"/goals", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	goals, _, err := e.db.ListGoals(t.Context(), planActor(e.casey), e.jordan.ID, rapport.Page{})
	if err != nil || len(goals) != 1 {
		t.Fatalf("goals %v, %v", goals, err)
	}
	g := goals[0]
	wantSteps := []rapport.Step{{Text: "Fill in the housing form", WhoHelps: "Casey"}, {Text: "Save the deposit", Done: true}}
	if g.Words != "My own place by summer" || !g.TargetDate.Equal(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)) || !slices.Equal(g.Steps, wantSteps) {
		t.Errorf("stored goal %+v", g)
	}
	goalPath := e.path + "/goals/" + itoa(int(g.ID))

	resp, body = b.get(e.path)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "My own place by summer", "Fill in the housing form", "Casey helps", "30 Jun 2025", `action="`+goalPath+`/status"`)

	// Edit: prefilled; then the status changes from the client page.
	resp, body = b.get(goalPath + "/edit")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, `value="2025-06-30"`, `value="Save the deposit"`, `id="step-1-done" type="checkbox" name="step_1_done" value="yes" checked`, `action="`+goalPath+`"`)
	form.Set("words", "My own place by autumn")
	form.Set("step_rows", "1")
	resp, body = b.post(goalPath, form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = b.post(goalPath+"/status", url.Values{"status": {"completed"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	g, err = e.db.FindGoalByID(t.Context(), planActor(e.casey), g.ID)
	if err != nil || g.Words != "My own place by autumn" || g.Status != rapport.GoalCompleted || len(g.Steps) != 1 {
		t.Errorf("updated goal %+v, %v", g, err)
	}
	resp, body = b.post(goalPath+"/status", url.Values{"status": {"someday"}})
	wantStatus(t, resp, body, http.StatusBadRequest)

	// Another client's goal is not found through Jordan's address, and is left alone.
	other := &rapport.Client{TeamID: e.north, PreferredName: "Alex", CareTeam: []int64{e.pat.ID}}
	if err := e.db.CreateClient(t.Context(), planActor(e.pat), other); err != nil {
		t.Fatal(err)
	}
	og := &rapport.Goal{ClientID: other.ID, Words: "Alex's goal"}
	if err := e.db.CreateGoal(t.Context(), planActor(e.pat), og); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/edit", "", "/status"} {
		resp, body = b.do(map[bool]string{true: "GET", false: "POST"}[p == "/edit"], e.path+"/goals/"+itoa(int(og.ID))+p, url.Values{"status": {"cancelled"}, "words": {"x"}}, nil)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	if og, _ = e.db.FindGoalByID(t.Context(), planActor(e.pat), og.ID); og.Status != rapport.GoalActive || og.Words != "Alex's goal" {
		t.Errorf("another client's goal changed: %+v", og)
	}
}

func TestCarePlanShortForms(t *testing.T) {
	e := newPlanEnv(t)
	b := e.as("casey@example.org")
	tomorrow := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	for _, tc := range []struct {
		name, path string
		form       url.Values
		field, msg string
		kept       string
	}{
		{"empty decision", "/decisions", url.Values{"summary": {" "}, "agreed": {"yes"}}, "decision-summary", "Enter the decision.", `id="decision-agreed" type="checkbox" name="agreed" value="yes" checked`},
		{"future decision", "/decisions", url.Values{"summary": {"Try the <group>"}, "decided_on": {tomorrow}}, "decision-date", "Enter the date the decision was made", "Try the &lt;group&gt;</textarea>"},
		{"empty concern", "/concerns", url.Values{"words": {""}}, "concern-words", "Enter the concern, in the client&#39;s words.", `name="words"`},
		{"long feedback", "/feedback", url.Values{"body": {strings.Repeat("é", rapport.MaxLongTextLen+1)}}, "feedback-body", "What the client said about their care can be at most 5000 characters; it has 5001.", "ééé</textarea>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := b.post(e.path+tc.path, tc.form)
			wantStatus(t, resp, body, http.StatusUnprocessableEntity)
			wantPlanFieldError(t, body, tc.field, tc.msg)
			wantContains(t, body, tc.kept, "Nothing has been saved yet", `href="`+e.path+`"`)
		})
	}

	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/decisions", url.Values{"summary": {"Apply for housing first"}, "took_part": {"yes"}, "decided_on": {"2025-03-01"}}},
		{"/concerns", url.Values{"words": {"Nobody calls me back"}}},
		{"/feedback", url.Values{"body": {"You asked before giving advice."}}},
	} {
		resp, body := b.post(e.path+tc.path, tc.form)
		wantStatus(t, resp, body, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != e.path+"#"+strings.TrimPrefix(tc.path, "/") {
			t.Errorf("%s: redirect to %q", tc.path, loc)
		}
	}
	resp, body := b.get(e.path)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Apply for housing first", "The client took part", "<strong>they did not agree</strong>", "1 Mar 2025",
		"Nobody calls me back", "Open", "You asked before giving advice.", "Recorded by Casey Manager")

	concerns, _, err := e.db.ListConcerns(t.Context(), planActor(e.casey), rapport.ConcernFilter{ClientID: e.jordan.ID})
	if err != nil || len(concerns) != 1 {
		t.Fatalf("concerns %v, %v", concerns, err)
	}
	cpath := e.path + "/concerns/" + itoa(int(concerns[0].ID))
	prefix := "concern-" + itoa(int(concerns[0].ID))
	resp, body = b.post(cpath, url.Values{"response": {""}, "status": {"resolved"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantPlanFieldError(t, body, prefix+"-response", "Say how the concern was answered before marking it resolved")
	wantContains(t, body, `<option value="resolved" selected>`)
	resp, body = b.post(cpath, url.Values{"response": {"I will call every Tuesday."}, "status": {"resolved"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	c, _, err := e.db.ListConcerns(t.Context(), planActor(e.casey), rapport.ConcernFilter{ClientID: e.jordan.ID, Status: rapport.ConcernResolved})
	if err != nil || len(c) != 1 || c[0].Response != "I will call every Tuesday." {
		t.Errorf("resolved concerns %v, %v", c, err)
	}
	resp, body = b.get(e.path)
	wantStatus(t, resp, body, http.StatusOK)
	wantContains(t, body, "No open concerns.", "Resolved <time", "I will call every Tuesday.")
}

func TestNoteViewAndList(t *testing.T) {
	e := newPlanEnv(t)
	an, err := engine.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "He is noncompliant again. What would help most this week?"
	a, err := an.Analyze(engine.Input{Text: text, Kind: engine.KindNote})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(a)
	n := &rapport.Note{ClientID: e.jordan.ID, Kind: rapport.KindNote, Body: text, Analysis: js}
	bare := &rapport.Note{ClientID: e.jordan.ID, Kind: rapport.KindMessage, Body: "See you <Tuesday>."}
	for _, x := range []*rapport.Note{n, bare} {
		if err := e.db.CreateNote(t.Context(), planActor(e.casey), x); err != nil {
			t.Fatal(err)
		}
	}
	b := e.as("sam@example.org")
	resp, body := b.get(e.path)
	wantStatus(t, resp, body, 200)
	notePath := e.path + "/notes/" + itoa(int(n.ID))
	wantContains(t, body, "Recent notes and messages", `href="`+notePath+`"`, "<td>"+itoa(a.Overall)+` <span class="muted">/ 100</span></td>`, "<td>Casey Manager</td>", "<td>Message</td>")

	resp, body = b.get(notePath)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Note about Jordan</h1>", "Note by Casey Manager", "noncompliant again", "Empathy score: <strong>"+itoa(a.Overall)+"</strong>",
		`data-code="stigmatizing_language"`, "<mark>noncompliant</mark>")
	resp, body = b.get(e.path + "/notes/" + itoa(int(bare.ID)))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "<h1>Message to Jordan</h1>", "See you &lt;Tuesday&gt;.", "No findings were saved with this note.")

	other := &rapport.Client{TeamID: e.north, PreferredName: "Alex", CareTeam: []int64{e.casey.ID}}
	if err := e.db.CreateClient(t.Context(), planActor(e.casey), other); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/clients/" + itoa(int(other.ID)) + "/notes/" + itoa(int(n.ID)), e.path + "/notes/999999", e.path + "/notes/abc"} {
		resp, body = b.get(p)
		wantStatus(t, resp, body, http.StatusNotFound)
		if strings.Contains(body, "noncompliant") {
			t.Errorf("%s shows the note", p)
		}
	}
}

func TestTimelinePage(t *testing.T) {
	e := newPlanEnv(t)
	ctx, casey := t.Context(), planActor(e.casey)
	if err := e.db.CreateGoal(ctx, casey, &rapport.Goal{ClientID: e.jordan.ID, Words: "Sleep <better>"}); err != nil {
		t.Fatal(err)
	}
	n := &rapport.Note{ClientID: e.jordan.ID, Kind: rapport.KindNote, Body: "Called about the lease."}
	if err := e.db.CreateNote(ctx, casey, n); err != nil {
		t.Fatal(err)
	}
	for i := range timelinePage {
		if err := e.db.CreateFeedback(ctx, casey, &rapport.FeedbackEntry{ClientID: e.jordan.ID, Body: "Entry " + itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	b := e.as("casey@example.org")
	resp, body := b.get(e.path + "/timeline")
	wantStatus(t, resp, body, 200)
	total := timelinePage + 3 // the record's creation, the goal and the note too
	wantContains(t, body, "Page 1 of 2 · "+itoa(total)+" entries in all.", "Entry "+itoa(timelinePage-1), `href="`+e.path+`/timeline?page=2" rel="next"`)
	if strings.Contains(body, "Sleep &lt;better&gt;") || strings.Contains(body, `rel="prev"`) {
		t.Error("the first page shows older entries or a link to newer ones")
	}

	resp, body = b.get(e.path + "/timeline?page=2")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Note written", "Called about the lease.", `href="`+e.path+`/notes/`+itoa(int(n.ID))+`"`, "Goal set", "Sleep &lt;better&gt;", "Record created", "Casey Manager", `rel="prev"`)
	if i, j := strings.Index(body, "Note written"), strings.Index(body, "Record created"); i < 0 || j < i {
		t.Error("the timeline is not newest first")
	}
	resp, body = b.get(e.path + "/timeline?page=9")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "There is nothing on this page.")
	for _, p := range []string{"0", "-1", "x", "99999999"} {
		resp, body = b.get(e.path + "/timeline?page=" + p)
		wantStatus(t, resp, body, http.StatusBadRequest)
	}
}

// TestCarePlanRoutesByRole checks every route this feature adds for every role and for a visitor
// who is not signed in.
func TestCarePlanRoutesByRole(t *testing.T) {
	coverRoutes(t)
	e := newPlanEnv(t)
	ctx, casey := t.Context(), planActor(e.casey)
	g := &rapport.Goal{ClientID: e.jordan.ID, Words: "Sleep better"}
	c := &rapport.Concern{ClientID: e.jordan.ID, Words: "Nobody calls back"}
	n := &rapport.Note{ClientID: e.jordan.ID, Kind: rapport.KindNote, Body: "Called about the lease."}
	for _, err := range []error{e.db.CreateGoal(ctx, casey, g), e.db.CreateConcern(ctx, casey, c), e.db.CreateNote(ctx, casey, n)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	goal, concern := e.path+"/goals/"+itoa(int(g.ID)), e.path+"/concerns/"+itoa(int(c.ID))
	goalForm := url.Values{"words": {"Sleep better"}, "status": {"active"}, "step_rows": {"0"}}

	// A visitor's GET is sent to sign in (303); a visitor's POST gets the sign-in page at once
	// (401), keeping what was typed.
	const see, resume = http.StatusSeeOther, http.StatusUnauthorized
	routes := []struct {
		method, path string
		form         url.Values
		want         []int // Casey (care team), Sam (supervisor), Robin (other team), Ada (admin), visitor
	}{
		{"GET", "/clients/new", nil, []int{200, 200, 200, 403, see}},
		{"POST", "/clients/new", planClientForm(), []int{see, see, see, 403, resume}},
		{"GET", e.path + "/edit", nil, []int{200, 200, 403, 403, see}},
		{"POST", e.path + "/edit", url.Values{"preferred_name": {"Jordan"}, "need_housing_level": {"high"}}, []int{see, see, 403, 403, resume}},
		{"GET", e.path + "/goals/new", nil, []int{200, 200, 403, 403, see}},
		{"POST", e.path + "/goals", goalForm, []int{see, see, 403, 403, resume}},
		{"GET", goal + "/edit", nil, []int{200, 200, 403, 403, see}},
		{"POST", goal, goalForm, []int{see, see, 403, 403, resume}},
		{"POST", goal + "/status", url.Values{"status": {"on_hold"}}, []int{see, see, 403, 403, resume}},
		{"POST", e.path + "/decisions", url.Values{"summary": {"Try the group"}}, []int{see, see, 403, 403, resume}},
		{"POST", e.path + "/concerns", url.Values{"words": {"Too many forms"}}, []int{see, see, 403, 403, resume}},
		{"POST", concern, url.Values{"response": {"Called back"}, "status": {"in_progress"}}, []int{see, see, 403, 403, resume}},
		{"POST", e.path + "/feedback", url.Values{"body": {"Thank you"}}, []int{see, see, 403, 403, resume}},
		{"GET", e.path + "/notes/" + itoa(int(n.ID)), nil, []int{200, 200, 403, 403, see}},
		{"GET", e.path + "/timeline", nil, []int{200, 200, 403, 403, see}},
	}
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	browsers := make([]*browser, len(callers))
	for i, who := range callers {
		browsers[i] = e.browser()
		if who != "" {
			browsers[i].login(who)
		}
	}
	for _, r := range routes {
		for j, who := range callers {
			name := who
			if name == "" {
				name = "visitor"
			}
			t.Run(r.method+" "+r.path+" as "+name, func(t *testing.T) {
				resp, body := browsers[j].do(r.method, r.path, r.form, nil)
				if resp.StatusCode != r.want[j] {
					t.Errorf("status %d, want %d\n%.600s", resp.StatusCode, r.want[j], body)
				}
				if resp.StatusCode == 403 && (strings.Contains(body, "Jordan") || strings.Contains(body, "Sleep better")) {
					t.Error("a refusal shows client details")
				}
				if resp.StatusCode == see && !strings.HasPrefix(resp.Header.Get("Location"), "/login?") == (who == "") {
					t.Errorf("visitor sent to %q, not to sign in", resp.Header.Get("Location"))
				}
			})
		}
	}
	// Every form refuses a cross-site post.
	for _, r := range routes {
		if r.method == "POST" {
			resp, body := browsers[0].do("POST", r.path, r.form, http.Header{"Sec-Fetch-Site": {"cross-site"}})
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "sent from another site") {
				t.Errorf("cross-site POST %s: status %d", r.path, resp.StatusCode)
			}
		}
	}
}

// TestHomeOffersAddClient shows the "Add a client" link only to those who may add one.
func TestHomeOffersAddClient(t *testing.T) {
	e := newUIEnv(t, false)
	north := e.team("North")
	e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, north)
	e.user("sam@example.org", "Sam Supervisor", rapport.RoleSupervisor, north)
	e.user("nobody@example.org", "No Team", rapport.RoleCaseManager)
	e.user("ada@example.org", "Ada Admin", rapport.RoleAdmin)
	for who, want := range map[string]bool{"casey@example.org": true, "sam@example.org": true, "nobody@example.org": false, "ada@example.org": false} {
		b := e.browser()
		b.login(who)
		resp, body := b.get("/")
		wantStatus(t, resp, body, 200)
		if got := strings.Contains(body, `href="/clients/new"`); got != want {
			t.Errorf("%s: add-client link shown %v, want %v", who, got, want)
		}
	}
}
