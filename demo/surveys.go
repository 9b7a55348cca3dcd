package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// Trust-pulse answers from the demo's clients over the past months, so the trust dashboards
// and the empathy→trust view have something real to show.
//
// Each case manager's style has an empathy quality (StyleQuality). A client's trust starts
// high, as in real patient surveys, moves with their case manager's quality, and varies a lot
// from client to client; each answer adds the day's mood and the item's own noise, then is
// rounded and kept within 1–5. The result is a noisy relationship (Spearman around 0.2–0.5
// between quality and a client's mean trust, depending on the seed) with a ceiling effect: a
// quarter to a third of responses answer 5 to every item. Nothing here decides what the view
// shows: it is computed from the stored responses like any organisation's.

// StyleQuality is how skilled each writing style's empathy is, 0 to 1: the lever the demo
// gives trust.
var StyleQuality = map[string]float64{
	StyleWarm:     0.9,
	StyleMI:       0.85,
	StyleMixed:    0.55,
	StyleBut:      0.45,
	StyleClinical: 0.3,
	StyleStigma:   0.1,
}

// Survey answers' shape.
const (
	surveyMonths    = 6   // responses spread over this many months before the reference date
	trustBase       = 4.4 // a client's trust before their case manager's quality and their own
	trustPerQuality = 1.2 // how far quality moves trust, from the worst style to the best
	clientSpread    = 0.8 // standard deviation of clients' own trust
	daySpread       = 0.35
	itemSpread      = 0.45
	anonymousShare  = 0.2
	commentShare    = 0.25
	flaggedComments = 2
)

// pulseItems are the trust pulse's scored linkIds, in order.
var pulseItems = [5]string{"heard", "whole-person", "decisions", "follow-up", "trust"}

// SurveyAnswer is one completed trust pulse about the client's primary case manager.
type SurveyAnswer struct {
	At        time.Time
	Values    [5]int // 1–5 for each of pulseItems
	Comment   string
	Anonymous bool
	Flagged   bool // the comment speaks of harm: a concern is raised on the care plan
}

// genSurveys adds survey answers to every client. It draws from its own stream, so adding
// surveys left every other generated value as it was.
func genSurveys(seed int64, o *Org, ref time.Time) {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7375_7276_6579)) // "survey"
	for i := range o.Clients {
		c := &o.Clients[i]
		q := StyleQuality[o.Users[c.CareTeam[0]].Style]
		latent := trustBase + trustPerQuality*(q-0.5) + r.NormFloat64()*clientSpread
		spanish := rapport.SurveyLanguageFor(c.Record.Language) == rapport.SurveySpanish
		for range 1 + r.IntN(4) {
			a := SurveyAnswer{At: ref.AddDate(0, 0, -1-r.IntN(surveyMonths*30)).Add(time.Duration(9+r.IntN(10)) * time.Hour)}
			day := r.NormFloat64() * daySpread
			for k := range a.Values {
				a.Values[k] = int(math.Max(1, math.Min(5, math.Round(latent+day+r.NormFloat64()*itemSpread))))
			}
			a.Anonymous = chance(r, anonymousShare)
			if chance(r, commentShare) {
				a.Comment = pick(r, surveyComments(mean(a.Values), spanish))
			}
			c.Surveys = append(c.Surveys, a)
		}
	}
	for range flaggedComments { // a few clients say something the care team must see at once
		c := &o.Clients[r.IntN(len(o.Clients))]
		a := &c.Surveys[r.IntN(len(c.Surveys))]
		a.Comment, a.Flagged = pick(r, safetyComments), true
	}
}

func mean(v [5]int) float64 {
	s := 0
	for _, x := range v {
		s += x
	}
	return float64(s) / float64(len(v))
}

func surveyComments(score float64, spanish bool) []string {
	switch {
	case spanish && score >= 4:
		return []string{"Gracias por escucharme.", "Me siento con apoyo.", "Siempre me llama de vuelta."}
	case spanish:
		return []string{"A veces siento que no me escuchan.", "Me gustaría que me explicaran más las cosas."}
	case score >= 4.5:
		return []string{"Thank you for listening to me.", "I feel like someone is in my corner.", "She always calls me back.",
			"They remembered what I told them last time."}
	case score >= 3:
		return []string{"Mostly good. Sometimes I wait a long time for a call back.", "It helps, but I wish we had more time to talk.",
			"Please explain the forms more slowly."}
	}
	return []string{"I feel rushed when we talk.", "I was told what to do, not asked.", "I feel judged about my drinking.",
		"Nobody followed up on what I asked about."}
}

var safetyComments = []string{
	"Some days I don't want to be here anymore.",
	"I have been thinking about hurting myself again.",
}

// loadSurveys stores every client's survey answers as completed, scored trust-pulse
// responses, and raises a concern on the care plan of each flagged comment, as a live survey
// would. Like the rest of the demo, each is written as the case manager the record belongs
// to: the responses as a historical import (store.ImportResponses), one batch per case
// manager.
func (l *loader) surveys() error {
	ctx, db, org, s := l.ctx, l.db, l.org, l.s
	if err := db.EnsureBuiltinInstruments(ctx); err != nil {
		return fmt.Errorf("installing the built-in surveys: %w", err)
	}
	pulse, err := db.FindInstrumentByURL(ctx, survey.URLTrustPulse)
	if err != nil {
		return fmt.Errorf("finding the trust pulse: %w", err)
	}
	_, q, err := db.Questionnaire(ctx, pulse.ID)
	if err != nil {
		return fmt.Errorf("reading the trust pulse: %w", err)
	}
	scorer, err := db.Scorer(ctx, pulse.ID)
	if err != nil {
		return fmt.Errorf("reading the trust pulse's scoring: %w", err)
	}
	byCaseManager := map[int][]*rapport.SurveyResponse{}
	type flagged struct {
		by      rapport.Actor
		concern rapport.Concern
	}
	var concerns []flagged
	for i, c := range org.Clients {
		for _, a := range c.Surveys {
			r, err := surveyResponse(q, scorer, a)
			if err != nil {
				return fmt.Errorf("a demo survey answer: %w", err)
			}
			r.InstrumentID, r.CaseManagerID, r.TeamID = pulse.ID, l.userIDs[c.CareTeam[0]], l.teamIDs[c.Team]
			if !a.Anonymous {
				r.ClientID = l.clientIDs[i]
			}
			byCaseManager[c.CareTeam[0]] = append(byCaseManager[c.CareTeam[0]], r)
			s.countSurvey(a)
			if a.Flagged {
				concerns = append(concerns, flagged{by: l.actorOf(c.CareTeam[0]), concern: rapport.Concern{ClientID: l.clientIDs[i],
					Words: rapport.FlaggedConcernWords(a.Comment), Status: rapport.ConcernOpen, RaisedAt: a.At}})
			}
		}
	}
	for _, u := range slices.Sorted(maps.Keys(byCaseManager)) { // sorted: the same IDs on every load
		if err := db.ImportResponses(ctx, l.actorOf(u), byCaseManager[u]); err != nil {
			return fmt.Errorf("importing survey responses: %w", err)
		}
	}
	for _, f := range concerns {
		if err := db.CreateConcern(ctx, f.by, &f.concern); err != nil {
			return fmt.Errorf("raising a flagged comment's concern: %w", err)
		}
		s.Concerns++
	}
	return nil
}

func (s *Summary) countSurvey(a SurveyAnswer) {
	s.Surveys++
	if a.Anonymous {
		s.AnonymousSurveys++
	}
	if a.Comment != "" {
		s.SurveyComments++
	}
	if a.Flagged {
		s.FlaggedComments++
	}
}

// surveyResponse writes the answer as a FHIR QuestionnaireResponse and scores it as the
// survey page would.
func surveyResponse(q *survey.Questionnaire, scorer *survey.Scorer, a SurveyAnswer) (*rapport.SurveyResponse, error) {
	options := map[string][]survey.AnswerOption{}
	q.Items(func(it *survey.Item) { options[it.LinkID] = it.AnswerOption })
	resp := &survey.QuestionnaireResponse{ResourceType: "QuestionnaireResponse", Questionnaire: q.URL + "|" + q.Version,
		Status: survey.ResponseCompleted, Authored: a.At.Format(time.RFC3339)}
	for k, id := range pulseItems {
		coding, err := optionCoded(options[id], strconv.Itoa(a.Values[k]))
		if err != nil {
			return nil, fmt.Errorf("item %s: %w", id, err)
		}
		resp.Item = append(resp.Item, survey.ResponseItem{LinkID: id, Answer: []survey.Answer{{ValueCoding: coding}}})
	}
	if a.Comment != "" {
		comment := a.Comment
		resp.Item = append(resp.Item, survey.ResponseItem{LinkID: "comment", Answer: []survey.Answer{{ValueString: &comment}}})
	}
	result, err := scorer.Score(resp)
	if err != nil {
		return nil, err
	}
	var answers bytes.Buffer
	if err := survey.EncodeResponse(&answers, resp); err != nil {
		return nil, err
	}
	scores, err := json.Marshal(result)
	if err != nil {
		return nil, err
	}
	r := &rapport.SurveyResponse{Status: rapport.ResponseCompleted, Answers: answers.Bytes(), Scores: scores, Comment: a.Comment,
		Anonymous: a.Anonymous, Flagged: a.Flagged, CompletedAt: a.At, StartedAt: a.At.Add(-3 * time.Minute)}
	if main := result.Subscales[0]; main.Scorable {
		r.Score, r.Band = &main.Value, main.Band
	}
	return r, nil
}

// optionCoded finds the answer option with a code: the trust pulse codes its answers "1" to "5".
func optionCoded(opts []survey.AnswerOption, code string) (*survey.Coding, error) {
	for _, o := range opts {
		if o.ValueCoding != nil && o.ValueCoding.Code == code {
			return o.ValueCoding, nil
		}
	}
	return nil, fmt.Errorf("no answer option with code %s", code)
}
