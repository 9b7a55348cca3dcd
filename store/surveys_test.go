package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/survey"
)

// surveyFixture adds the built-in instruments and the trust pulse's ID to a fixture.
type surveyFixture struct {
	*fixture
	pulse *rapport.Instrument
}

func newSurveyFixture(t *testing.T, db *DB) *surveyFixture {
	t.Helper()
	f := newFixture(t, db)
	must(t, db.EnsureBuiltinInstruments(t.Context()))
	pulse, err := db.FindInstrumentByURL(t.Context(), survey.URLTrustPulse)
	must(t, err)
	return &surveyFixture{fixture: f, pulse: pulse}
}

// invite creates a manual trust-pulse invitation for the client and returns its token hash.
func (f *surveyFixture) invite(t *testing.T, c *rapport.Client) (*rapport.Invitation, []byte) {
	t.Helper()
	_, hash, err := auth.NewToken(auth.PrefixSurvey)
	must(t, err)
	inv := &rapport.Invitation{ClientID: c.ID, CaseManagerID: f.cm.ID, InstrumentID: f.pulse.ID,
		Language: rapport.SurveyEnglish, Trigger: rapport.TriggerManual}
	must(t, f.db.CreateInvitation(t.Context(), f.cmActor, inv, hash))
	return inv, hash
}

const someAnswers = `{"resourceType":"QuestionnaireResponse","status":"in-progress","item":[{"linkId":"heard","answer":[{"valueCoding":{"code":"5"}}]}]}`

// pulseAnswers is a completed trust-pulse response with the given answer to each item.
func pulseAnswers(values ...int) string {
	var items []string
	for i, id := range []string{"heard", "whole-person", "decisions", "follow-up", "trust"}[:len(values)] {
		items = append(items, fmt.Sprintf(`{"linkId":%q,"answer":[{"valueCoding":{"system":"https://rapporthq.github.io/fhir/CodeSystem/trust-pulse-answer","code":"%d"}}]}`, id, values[i]))
	}
	return `{"resourceType":"QuestionnaireResponse","status":"completed","item":[` + strings.Join(items, ",") + `]}`
}

// completion is what the survey page submits: answers and their score.
func completion(score float64, comment string) *rapport.SurveyResponse {
	return &rapport.SurveyResponse{Answers: []byte(someAnswers), Score: &score, Scores: []byte(`{"Subscales":[]}`), Comment: comment}
}

func TestInstruments(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		must(t, db.EnsureBuiltinInstruments(ctx)) // idempotent
		list, total, err := db.ListInstruments(ctx, rapport.Page{})
		must(t, err)
		if total != 2 || len(list) != 2 {
			t.Fatalf("built-in instruments: total %d, %d listed", total, len(list))
		}
		if p := f.pulse; !p.Builtin || !p.Scored || p.CreatedBy != 0 || p.Version != "1" || len(p.JSON) == 0 {
			t.Errorf("trust pulse: %+v", p)
		}

		in, q, err := db.Questionnaire(ctx, f.pulse.ID)
		must(t, err)
		if q.URL != survey.URLTrustPulse || in.ID != f.pulse.ID {
			t.Errorf("Questionnaire: %s, instrument %d", q.URL, in.ID)
		}
		scorer, err := db.Scorer(ctx, f.pulse.ID)
		must(t, err)
		resp, err := survey.DecodeResponse(strings.NewReader(pulseAnswers(4, 5, 5, 5, 5)))
		must(t, err)
		res, err := scorer.Score(resp)
		must(t, err)
		if s := res.Subscales[0]; !s.Scorable || s.Value != 4.8 {
			t.Errorf("score of a stored instrument's answers: %+v, want 4.8", s)
		}

		// An admin's own instrument: a copy of the pulse under another URL, without rules.
		own := survey.Shipped()[0]
		own.URL, own.Version, own.Extension = "https://example.org/fhir/Questionnaire/check-in", "2", nil
		admin := actorOf(f.admin)
		imported, err := db.ImportInstrument(ctx, admin, own)
		must(t, err)
		if imported.Builtin || imported.Scored || imported.CreatedBy != f.admin.ID || imported.ID == 0 {
			t.Errorf("imported: %+v", imported)
		}
		found, err := db.FindInstrument(ctx, imported.ID)
		must(t, err)
		if diff := cmp.Diff(imported, found); diff != "" {
			t.Errorf("FindInstrument (-imported +found):\n%s", diff)
		}
		_, err = db.Scorer(ctx, imported.ID)
		wantCode(t, err, rapport.EINVALID)
		if !errors.Is(err, survey.ErrNoRules) {
			t.Errorf("Scorer of an unscored instrument: %v, want survey.ErrNoRules", err)
		}
		events := allEvents(t, db)
		last := events[len(events)-1]
		if last.RecordType != rapport.RecordSurveyInstrument || last.Action != rapport.ActionCreate || last.RecordID != imported.ID || last.UserID != f.admin.ID {
			t.Errorf("import audit event: %+v", last)
		}

		_, err = db.ImportInstrument(ctx, admin, own)
		wantCode(t, err, rapport.ECONFLICT)
		own.URL = ""
		_, err = db.ImportInstrument(ctx, admin, own)
		wantCode(t, err, rapport.EINVALID)
		_, err = db.FindInstrument(ctx, 9999)
		wantCode(t, err, rapport.ENOTFOUND)
		_, err = db.FindInstrumentByURL(ctx, "https://example.org/none")
		wantCode(t, err, rapport.ENOTFOUND)
		if n := countRows(t, db, "survey_instruments"); n != 3 {
			t.Errorf("%d instruments stored, want 3", n)
		}
	})
}

func TestCreateInvitation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		inv, hash := f.invite(t, c)
		want := rapport.Invitation{ID: inv.ID, ClientID: c.ID, CaseManagerID: f.cm.ID, TeamID: f.team.ID, InstrumentID: f.pulse.ID,
			Language: "en", Trigger: rapport.TriggerManual, CreatedBy: f.cm.ID, CreatedAt: f.clock.Now().Truncate(time.Microsecond),
			ExpiresAt: f.clock.Now().Add(rapport.DefaultInvitationTTL).Truncate(time.Microsecond)}
		if diff := cmp.Diff(&want, inv); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
		found, err := db.FindInvitationByToken(ctx, hash)
		must(t, err)
		if diff := cmp.Diff(&want, found); diff != "" {
			t.Errorf("FindInvitationByToken (-want +got):\n%s", diff)
		}
		events := allEvents(t, db)
		last := events[len(events)-1]
		if last.RecordType != rapport.RecordSurveyInvitation || last.ClientID != c.ID || last.RecordID != inv.ID || last.UserID != f.cm.ID {
			t.Errorf("invitation audit event: %+v", last)
		}
		listed, total, err := db.ListInvitations(ctx, f.cmActor, c.ID, rapport.Page{})
		must(t, err)
		if total != 1 || len(listed) != 1 || listed[0].ID != inv.ID {
			t.Errorf("ListInvitations: %d, %v", total, listed)
		}

		_, err = db.FindInvitationByToken(ctx, auth.HashToken("svy_unknown"))
		wantCode(t, err, rapport.ENOTFOUND)
		valid := func() *rapport.Invitation {
			return &rapport.Invitation{ClientID: c.ID, CaseManagerID: f.cm.ID, InstrumentID: f.pulse.ID, Language: "es", Trigger: rapport.TriggerManual}
		}
		tests := []struct {
			name string
			edit func(*rapport.Invitation)
			hash []byte
			code string
		}{
			{"short hash", func(*rapport.Invitation) {}, []byte("short"), rapport.EINVALID},
			{"reused hash", func(*rapport.Invitation) {}, hash, rapport.ECONFLICT},
			{"no client", func(i *rapport.Invitation) { i.ClientID = 0 }, nil, rapport.EINVALID},
			{"unknown client", func(i *rapport.Invitation) { i.ClientID = 9999 }, nil, rapport.ENOTFOUND},
			{"unknown instrument", func(i *rapport.Invitation) { i.InstrumentID = 9999 }, nil, rapport.EINVALID},
			{"unknown case manager", func(i *rapport.Invitation) { i.CaseManagerID = 9999 }, nil, rapport.EINVALID},
			{"language", func(i *rapport.Invitation) { i.Language = "fr" }, nil, rapport.EINVALID},
			{"trigger", func(i *rapport.Invitation) { i.Trigger = "weekly" }, nil, rapport.EINVALID},
			{"expired", func(i *rapport.Invitation) { i.ExpiresAt = start.Add(-time.Hour) }, nil, rapport.EINVALID},
			{"too long", func(i *rapport.Invitation) { i.ExpiresAt = start.Add(100 * 24 * time.Hour) }, nil, rapport.EINVALID},
		}
		for _, tt := range tests {
			inv := valid()
			tt.edit(inv)
			h := tt.hash
			if h == nil {
				_, h, _ = auth.NewToken(auth.PrefixSurvey)
			}
			err := db.CreateInvitation(ctx, f.cmActor, inv, h)
			if got := rapport.ErrorCode(err); got != tt.code {
				t.Errorf("%s: code %q, want %q (%v)", tt.name, got, tt.code, err)
			}
		}
		if n := countRows(t, db, "survey_invitations"); n != 1 {
			t.Errorf("%d invitations stored, want 1", n)
		}
	})
}

func TestSurveyAnswers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		inv, hash := f.invite(t, c)

		_, err := db.FindDraftByToken(ctx, hash)
		wantCode(t, err, rapport.ENOTFOUND)
		must(t, db.SaveAnswers(ctx, hash, []byte(`{"a":1}`), false))
		f.clock.Advance(time.Minute)
		must(t, db.SaveAnswers(ctx, hash, []byte(`{"a":2}`), false))
		draft, err := db.FindDraftByToken(ctx, hash)
		must(t, err)
		if string(draft.Answers) != `{"a":2}` || draft.Status != rapport.ResponseInProgress || draft.ClientID != c.ID ||
			draft.InvitationID != inv.ID || draft.Score != nil || !draft.StartedAt.Equal(start.Truncate(time.Microsecond)) ||
			!draft.UpdatedAt.Equal(f.clock.Now().Truncate(time.Microsecond)) {
			t.Errorf("draft: %+v", draft)
		}
		wantCode(t, db.SaveAnswers(ctx, hash, nil, false), rapport.EINVALID)
		wantCode(t, db.SaveAnswers(ctx, auth.HashToken("svy_unknown"), []byte("{}"), false), rapport.ENOTFOUND)

		// Completing keeps the draft's row and start, and marks the link used.
		f.clock.Advance(time.Minute)
		sent := completion(4.4, "Thank you for listening")
		stored, already, err := db.CompleteResponse(ctx, hash, sent)
		must(t, err)
		now := f.clock.Now().Truncate(time.Microsecond)
		want := &rapport.SurveyResponse{ID: draft.ID, InvitationID: inv.ID, InstrumentID: f.pulse.ID, ClientID: c.ID,
			CaseManagerID: f.cm.ID, TeamID: f.team.ID, Status: rapport.ResponseCompleted, Answers: sent.Answers, Score: sent.Score,
			Scores: sent.Scores, Comment: sent.Comment, StartedAt: draft.StartedAt, UpdatedAt: now, CompletedAt: now}
		if diff := cmp.Diff(want, stored); diff != "" || already {
			t.Errorf("CompleteResponse, already %v (-want +got):\n%s", already, diff)
		}
		used, err := db.FindInvitationByToken(ctx, hash)
		must(t, err)
		if !used.UsedAt.Equal(now) || used.ResponseID != draft.ID || used.Anonymous {
			t.Errorf("used invitation: %+v", used)
		}

		// Submitting again changes nothing and returns what was stored.
		f.clock.Advance(time.Minute)
		again, already, err := db.CompleteResponse(ctx, hash, completion(1, "changed my mind"))
		must(t, err)
		if diff := cmp.Diff(want, again); diff != "" || !already {
			t.Errorf("second CompleteResponse, already %v (-want +got):\n%s", already, diff)
		}
		if n := countRows(t, db, "survey_responses"); n != 1 {
			t.Errorf("%d responses stored, want 1", n)
		}
		for name, err := range map[string]error{
			"save":  db.SaveAnswers(ctx, hash, []byte("{}"), false),
			"draft": func() error { _, err := db.FindDraftByToken(ctx, hash); return err }(),
		} {
			if !errors.Is(err, rapport.ErrInvitationUsed) {
				t.Errorf("%s through a used link: %v, want ErrInvitationUsed", name, err)
			}
		}

		// Every write through the link is the respondent's.
		var respondent int
		for _, e := range allEvents(t, db) {
			if e.Role == rapport.RoleRespondent {
				respondent++
				if e.UserID != 0 || !rapport.RespondentMay(e.RecordType) {
					t.Errorf("respondent event: %+v", e)
				}
			}
		}
		if respondent < 6 {
			t.Errorf("%d respondent events, want at least 6 (two saves, a read, completion's two, the second submission)", respondent)
		}
	})
}

func TestSurveyLinkExpired(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		_, hash := f.invite(t, f.client(t, "Marisol"))
		must(t, db.SaveAnswers(ctx, hash, []byte("{}"), false))
		f.clock.Advance(rapport.DefaultInvitationTTL)
		for name, err := range map[string]error{
			"save":     db.SaveAnswers(ctx, hash, []byte("{}"), false),
			"draft":    func() error { _, err := db.FindDraftByToken(ctx, hash); return err }(),
			"complete": func() error { _, _, err := db.CompleteResponse(ctx, hash, completion(3, "")); return err }(),
		} {
			if !errors.Is(err, rapport.ErrInvitationExpired) {
				t.Errorf("%s through an expired link: %v, want ErrInvitationExpired", name, err)
			}
		}
		if n := countRows(t, db, "survey_responses WHERE status = 'completed'"); n != 0 {
			t.Errorf("%d completed responses through an expired link", n)
		}
	})
}

func TestAnonymousResponse(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		_, hash := f.invite(t, c)
		must(t, db.SaveAnswers(ctx, hash, []byte(`{"a":1}`), false)) // began identified
		must(t, db.SaveAnswers(ctx, hash, []byte(`{"a":2}`), true))
		draft, err := db.FindDraftByToken(ctx, hash)
		must(t, err)
		if draft.ClientID != 0 || !draft.Anonymous {
			t.Errorf("anonymous draft names the client: %+v", draft)
		}

		stored, already, err := db.CompleteResponse(ctx, hash, &rapport.SurveyResponse{Answers: []byte(`{"a":3}`), Anonymous: true,
			Score: ptr(2.0), Comment: "I feel rushed"})
		must(t, err)
		if already || stored.ClientID != 0 || stored.InvitationID != 0 || stored.ID == draft.ID || !stored.Anonymous {
			t.Errorf("anonymous response: %+v (draft %d)", stored, draft.ID)
		}
		used, err := db.FindInvitationByToken(ctx, hash)
		must(t, err)
		if used.ResponseID != 0 || !used.Anonymous || used.UsedAt.IsZero() {
			t.Errorf("the invitation points to its anonymous response: %+v", used)
		}
		for _, cond := range []string{"client_id IS NOT NULL", "invitation_id IS NOT NULL", "status = 'in-progress'"} {
			if n := countRows(t, db, "survey_responses WHERE "+cond); n != 0 {
				t.Errorf("%d responses with %s", n, cond)
			}
		}
		for _, e := range allEvents(t, db) {
			if e.RecordType == rapport.RecordSurveyResponse && e.RecordID == stored.ID && e.ClientID != 0 {
				t.Errorf("audit event links the anonymous response to client %d: %+v", e.ClientID, e)
			}
		}

		again, already, err := db.CompleteResponse(ctx, hash, completion(5, ""))
		must(t, err)
		wantAgain := &rapport.SurveyResponse{InstrumentID: f.pulse.ID, CaseManagerID: f.cm.ID, TeamID: f.team.ID, Anonymous: true,
			Status: rapport.ResponseCompleted, CompletedAt: used.UsedAt}
		if diff := cmp.Diff(wantAgain, again); diff != "" || !already {
			t.Errorf("second anonymous submission, already %v (-want +got):\n%s", already, diff)
		}
		if n := countRows(t, db, "survey_responses"); n != 1 {
			t.Errorf("%d responses stored, want 1", n)
		}

		// Listed nowhere by person; counted in the aggregates.
		listed, total, err := db.ListResponses(ctx, f.cmActor, rapport.ResponseFilter{CaseManagerID: f.cm.ID})
		must(t, err)
		if total != 0 || len(listed) != 0 {
			t.Errorf("ListResponses shows an anonymous response: %v", listed)
		}
		series, err := db.TrustByCaseManager(ctx, rapport.TrustFilter{InstrumentID: f.pulse.ID, Since: start.Add(-time.Hour), Until: start.Add(time.Hour)})
		must(t, err)
		if len(series) != 1 || series[0].N != 1 || series[0].Sum != 2 {
			t.Errorf("aggregate without the anonymous response: %+v", series)
		}
	})
}

func TestFlaggedComment(t *testing.T) {
	for _, anonymous := range []bool{false, true} {
		t.Run(map[bool]string{false: "identified", true: "anonymous"}[anonymous], func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, db *DB) {
				f := newSurveyFixture(t, db)
				ctx := t.Context()
				c := f.client(t, "Marisol")
				_, hash := f.invite(t, c)
				sent := completion(1, "some days I do not want to be here")
				sent.Flagged, sent.Anonymous = true, anonymous
				stored, _, err := db.CompleteResponse(ctx, hash, sent)
				must(t, err)
				if !stored.Flagged {
					t.Errorf("stored response is not flagged: %+v", stored)
				}
				concerns, _, err := db.ListConcerns(ctx, f.cmActor, rapport.ConcernFilter{ClientID: c.ID})
				must(t, err)
				if len(concerns) != 1 {
					t.Fatalf("%d concerns, want 1", len(concerns))
				}
				got := concerns[0]
				if got.Words != "Survey comment needs a prompt response: some days I do not want to be here" ||
					got.Status != rapport.ConcernOpen || got.RecordedBy != f.cm.ID {
					t.Errorf("concern: %+v", got)
				}
				var raised bool
				for _, e := range allEvents(t, db) {
					raised = raised || (e.RecordType == rapport.RecordConcern && e.Action == rapport.ActionCreate &&
						e.Role == rapport.RoleRespondent && e.ClientID == c.ID && e.RecordID == got.ID)
				}
				if !raised {
					t.Error("no respondent audit event for the concern")
				}
			})
		})
	}
}

func TestRespondentRoleOnlyForSurveys(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newSurveyFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		respondent := rapport.Actor{UserID: 0, Role: rapport.RoleRespondent}
		err := db.CreateNote(ctx, respondent, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "hello"})
		wantCode(t, err, rapport.EUNAUTHORIZED)
		before := len(allEvents(t, db))
		err = db.respondentAudited(ctx, "test", func(*sql.Tx, time.Time) ([]rapport.AuditEvent, error) {
			return []rapport.AuditEvent{careEvent(rapport.ActionView, c.ID, rapport.RecordNote, 0, nil)}, nil
		})
		if err == nil {
			t.Error("respondentAudited recorded a respondent reading notes")
		}
		if after := len(allEvents(t, db)); after != before {
			t.Errorf("%d events appended by a refused respondent operation", after-before)
		}
	})
}
