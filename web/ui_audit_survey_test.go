package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/survey"
)

// TestAuditSurveyEvents checks how the audit pages show what a survey link does: the client
// answering is not signed in, so the store records user 0 with the respondent role, which the
// pages name "Client (survey link)" rather than a removed account; and the record-type filter
// offers the survey records.
func TestAuditSurveyEvents(t *testing.T) {
	c := newCareEnv(t)
	ctx := t.Context()
	if err := c.db.EnsureBuiltinInstruments(ctx); err != nil {
		t.Fatal(err)
	}
	pulse, err := c.db.FindInstrumentByURL(ctx, survey.URLTrustPulse)
	if err != nil {
		t.Fatal(err)
	}
	_, hash, err := auth.NewToken(auth.PrefixSurvey)
	if err != nil {
		t.Fatal(err)
	}
	inv := &rapport.Invitation{ClientID: c.client.ID, CaseManagerID: c.casey.ID, InstrumentID: pulse.ID,
		Language: rapport.SurveyEnglish, Trigger: rapport.TriggerManual}
	if err := c.db.CreateInvitation(ctx, rapport.Actor{UserID: c.casey.ID, Role: c.casey.Role}, inv, hash); err != nil {
		t.Fatal(err)
	}
	answers := `{"resourceType":"QuestionnaireResponse","status":"in-progress","item":[{"linkId":"heard","answer":[{"valueCoding":{"code":"5"}}]}]}`
	if err := c.db.SaveAnswers(ctx, hash, []byte(answers), false); err != nil {
		t.Fatal(err)
	}

	admin := c.signedIn("ada@example.org")
	for _, tc := range []struct {
		name, path string
		want, not  []string
	}{
		{"the filter offers survey records", "/admin/audit", []string{`<option value="survey_instrument">Survey instrument</option>`,
			`<option value="survey_invitation">Survey invitation</option>`, `<option value="survey_response">Survey response</option>`}, nil},
		{"the respondent's answers", "/admin/audit?record=survey_response", []string{"<td>Client (survey link)</td>", "<td>Respondent</td>",
			"Survey response", `<option value="survey_response" selected>`}, []string{"account removed", "Casey Manager</td>"}},
		{"the case manager's invitation", "/admin/audit?record=survey_invitation", []string{"<td>Casey Manager</td>", "<td>Create</td>"}, []string{"account removed"}},
		{"the export", "/admin/audit.csv?record=survey_response", []string{",0,Client (survey link),respondent,"}, []string{"account removed"}},
		{"who has seen the record", c.path + "/access", []string{"Client (survey link)"}, []string{"account removed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := admin.get(tc.path)
			wantStatus(t, resp, body, http.StatusOK)
			wantContains(t, body, tc.want...)
			for _, s := range tc.not {
				if strings.Contains(body, s) {
					t.Errorf("page contains %q:\n%s", s, body)
				}
			}
		})
	}
}
