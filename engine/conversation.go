package engine

import (
	"errors"
	"math"
	"strings"
	"unicode"

	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/textseg"
)

// Turn is one turn of a conversation.
type Turn struct {
	Speaker      string `json:"speaker"`
	Practitioner bool   `json:"practitioner"`
	Text         string `json:"text"`
}

// TurnResult is one analysed turn. Client turns carry no analysis.
type TurnResult struct {
	Index        int       `json:"index"`
	Speaker      string    `json:"speaker"`
	Practitioner bool      `json:"practitioner"`
	Text         string    `json:"text"`
	Behaviour    string    `json:"behaviour,omitempty"` // question, reflection, therapist_input, other
	Subtype      string    `json:"subtype,omitempty"`   // open/closed, simple/complex
	Analysis     *Analysis `json:"analysis,omitempty"`
}

// Conversation is the analysis of a whole session.
type Conversation struct {
	Session Session      `json:"session"`
	Metrics Metrics      `json:"metrics"`
	Turns   []TurnResult `json:"turns"`
}

// Session summarises the practitioner's empathy over the session.
type Session struct {
	Overall int          `json:"overall"` // 0–100; see docs/behaviours.md
	Levels  LevelSummary `json:"levels"`
}

// LevelSummary gives, per empathy level, the mean rating over practitioner turns and how many
// turns reached it at all.
type LevelSummary struct {
	Emotional     LevelStat `json:"emotional"`
	Cognitive     LevelStat `json:"cognitive"`
	Exploration   LevelStat `json:"exploration"`
	Compassionate LevelStat `json:"compassionate"`
}

// LevelStat is one level over a session.
type LevelStat struct {
	Mean  float64 `json:"mean"`
	Max   int     `json:"max"`
	Turns int     `json:"turns"`
}

// ErrNoPractitioner means no turn was marked as the practitioner's.
var ErrNoPractitioner = errors.New("no practitioner turns: name the practitioner (for example --practitioner NAME) or use a role word such as 'Case manager:'")

// AnalyzeConversation analyses every practitioner turn in the context of the client's turn before
// it, and summarises the session. The turn's MI code also reads the client's reply, which a
// whole conversation has and a message being typed does not.
func (a *Analyzer) AnalyzeConversation(turns []Turn) (Conversation, error) {
	var c Conversation
	lastClient := ""
	replies := clientReplies(turns)
	var tally tally
	var agreed permission
	for i, t := range turns {
		tr := TurnResult{Index: i, Speaker: t.Speaker, Practitioner: t.Practitioner, Text: t.Text}
		words := len(textseg.Tokenize(t.Text))
		if !t.Practitioner {
			tally.clientWords += words
			lastClient = t.Text
			agreed.hear(t.Text)
			c.Turns = append(c.Turns, tr)
			continue
		}
		tally.practitionerWords += words
		an, err := a.analyze(Input{Text: t.Text, Context: lastClient, Kind: KindUtterance}, agreed.spend())
		agreed.asked(an)
		if errors.Is(err, ErrEmpty) {
			c.Turns = append(c.Turns, tr)
			continue
		}
		if err != nil {
			return Conversation{}, err
		}
		tr.Analysis = &an
		tr.Behaviour, tr.Subtype = a.codeTurn(t.Text, lastClient, replies[i], an)
		agree(&an, tr.Behaviour, tr.Subtype)
		tally.add(tr)
		c.Turns = append(c.Turns, tr)
	}
	if tally.turns == 0 {
		return Conversation{}, ErrNoPractitioner
	}
	c.Metrics = tally.metrics()
	c.Session = Session{Overall: sessionScore(c.Metrics), Levels: tally.levels()}
	return c, nil
}

// permission follows a conversation: once the client has asked for advice, or the practitioner
// has asked to share something ("Would it be okay if I told you what some people find helpful?")
// and the client has not declined, the advice in the practitioner's next few turns is advice the
// client agreed to hear. MI practitioners ask once and then give information over several turns;
// judging each turn alone would call that advice unasked.
type permission struct {
	turns   int  // practitioner turns still covered
	pending bool // the practitioner asked; the client's answer decides
}

// permittedTurns is how many practitioner turns one permission covers.
const permittedTurns = 3

// hear updates the permission from a client turn: declining ends it; asking for advice, or any
// answer but a refusal to the practitioner's request, grants it.
func (p *permission) hear(client string) {
	switch {
	case declines(client):
		p.turns = 0
	case p.pending || saysAny(client, advicePleas):
		p.turns = permittedTurns
	}
	p.pending = false
}

// spend reports whether a practitioner turn is covered, and uses it up.
func (p *permission) spend() bool {
	if p.turns == 0 {
		return false
	}
	p.turns--
	return true
}

// asked notes a practitioner turn that asked permission; the client's next turn answers it.
func (p *permission) asked(an Analysis) {
	for _, f := range an.Findings {
		if f.Code == AskingPermission {
			p.pending = true
			return
		}
	}
}

// declines recognises a client turn that refuses: "No, not really.", "I'd rather not."
func declines(client string) bool {
	c := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(client, "’", "'")))
	if strings.HasPrefix(c, "no problem") || strings.HasPrefix(c, "no worries") || strings.Contains(c, "go ahead") {
		return false
	}
	for _, p := range []string{"no", "nope", "nah", "not really", "not now", "i'd rather not", "i would rather not", "i don't want", "i do not want"} {
		if rest, ok := strings.CutPrefix(c, p); ok && (rest == "" || !unicode.IsLetter([]rune(rest)[0])) {
			return true
		}
	}
	return false
}

// clientReplies gives each turn the text of the next client turn after it ("" if none).
func clientReplies(turns []Turn) []string {
	out := make([]string, len(turns))
	next := ""
	for i := len(turns) - 1; i >= 0; i-- {
		out[i] = next
		if !turns[i].Practitioner {
			next = turns[i].Text
		}
	}
	return out
}

// codeTurn gives a practitioner turn one main behaviour, as MI coders do: the behaviour model
// when it is present, else the findings.
func (a *Analyzer) codeTurn(text, context, reply string, an Analysis) (string, string) {
	main := ""
	if m := a.turnModel("behaviour"); m != nil {
		main, _ = m.PredictReply(text, context, reply)
	} else {
		main = behaviourFromFindings(an.Findings)
	}
	switch main {
	case "question":
		return main, a.subtype("question", text, context, reply, an, OpenQuestion, "open", "closed")
	case "reflection":
		return main, a.subtype("reflection", text, context, reply, an, ComplexReflection, "complex", "simple")
	}
	return main, ""
}

// turnModel is the task's transcript model, or its message model where the bundle has none
// (one an organisation trained on a text,label CSV, say).
func (a *Analyzer) turnModel(task string) *classifier.Model {
	if m := a.models[TranscriptModel(task)]; m != nil {
		return m
	}
	return a.models[task]
}

func (a *Analyzer) subtype(task, text, context, reply string, an Analysis, code Code, yes, no string) string {
	if m := a.turnModel(task); m != nil {
		l, _ := m.PredictReply(text, context, reply)
		return l
	}
	for _, f := range an.Findings {
		if f.Code == code {
			return yes
		}
	}
	return no
}

// subtypeCodes are the finding codes for each behaviour's two subtypes, the first for the
// subtype named first (open, complex).
var subtypeCodes = map[string][2]Code{
	"question":   {OpenQuestion, ClosedQuestion},
	"reflection": {ComplexReflection, SimpleReflection},
}

var subtypeReasons = map[Code]string{
	OpenQuestion:      "An open question invites the person to answer in their own words.",
	ClosedQuestion:    "A yes/no or one-fact question. Useful for details; an open question would let them tell you more.",
	SimpleReflection:  "Gives back what the person said, so they know they were heard.",
	ComplexReflection: "Gives back what the person said and adds the meaning or feeling under it.",
}

// agree makes a turn's one question or reflection finding say what the turn's code says. The
// turn's code also reads the client's reply, so it is the better judge, and a transcript that
// showed "[reflection/simple]" above a complex_reflection finding would contradict itself. A
// turn with two questions keeps each sentence's own subtype: the turn's code is about one.
func agree(an *Analysis, behaviour, subtype string) {
	pair, ok := subtypeCodes[behaviour]
	if !ok {
		return
	}
	want := pair[1]
	if subtype == "open" || subtype == "complex" {
		want = pair[0]
	}
	at := -1
	for k, f := range an.Findings {
		if f.Code == pair[0] || f.Code == pair[1] {
			if at >= 0 {
				return
			}
			at = k
		}
	}
	if at < 0 || an.Findings[at].Code == want {
		return
	}
	an.Findings[at].Code, an.Findings[at].Reason = want, subtypeReasons[want]
	an.Levels = levels(an.Findings)
	an.Overall = overall(an.Kind, an.Levels, an.Findings)
}

func behaviourFromFindings(fs []Finding) string {
	for _, f := range fs {
		switch f.Code {
		case OpenQuestion, ClosedQuestion:
			return "question"
		case SimpleReflection, ComplexReflection:
			return "reflection"
		case Information, AdviceWithPermission, AdviceWithoutPermission:
			return "therapist_input"
		}
	}
	return "other"
}

var subtypeIndex = map[string]int{"open": 0, "closed": 1, "simple": 2, "complex": 3}

// tally accumulates the counts behind the session metrics.
type tally struct {
	turns                          int
	reflections, inputs            int
	open, closed, simple, complex  int
	adherent, nonAdherent          int
	practitionerWords, clientWords int
	levelSum                       [4]int
	levelMax                       [4]int
	levelTurns                     [4]int
}

// MI-adherent and non-adherent behaviours, after MITI 4.2.1's behaviour counts (seeking
// collaboration, emphasising autonomy and affirming versus persuading and confronting).
var (
	adherentCodes    = map[Code]bool{Affirmation: true, AutonomySupport: true, AskingPermission: true, AdviceWithPermission: true, Validation: true}
	nonAdherentCodes = map[Code]bool{AdviceWithoutPermission: true, Judgment: true, Dismissive: true, Minimizing: true, ButCancel: true, SympathyPity: true}
)

func (t *tally) add(tr TurnResult) {
	t.turns++
	switch tr.Behaviour {
	case "reflection":
		t.reflections++
	case "therapist_input":
		t.inputs++
	}
	var acts [4]int // open, closed, simple, complex: every question and reflection in the turn
	for _, f := range tr.Analysis.Findings {
		switch f.Code {
		case OpenQuestion:
			acts[0]++
		case ClosedQuestion:
			acts[1]++
		case SimpleReflection:
			acts[2]++
		case ComplexReflection:
			acts[3]++
		}
	}
	if k, ok := subtypeIndex[tr.Subtype]; ok && acts[k] == 0 {
		acts[k]++ // the turn's own code counts even where no sentence carries it
	}
	t.open += acts[0]
	t.closed += acts[1]
	t.simple += acts[2]
	t.complex += acts[3]
	for _, f := range tr.Analysis.Findings {
		if adherentCodes[f.Code] {
			t.adherent++
		}
		if nonAdherentCodes[f.Code] {
			t.nonAdherent++
		}
	}
	l := tr.Analysis.Levels
	for k, r := range []int{l.Emotional.Rating, l.Cognitive.Rating, l.Exploration.Rating, l.Compassionate.Rating} {
		t.levelSum[k] += r
		t.levelMax[k] = max(t.levelMax[k], r)
		if r > 0 {
			t.levelTurns[k]++
		}
	}
}

func (t *tally) levels() LevelSummary {
	stat := func(k int) LevelStat {
		return LevelStat{Mean: round2(float64(t.levelSum[k]) / float64(t.turns)), Max: t.levelMax[k], Turns: t.levelTurns[k]}
	}
	return LevelSummary{Emotional: stat(0), Cognitive: stat(1), Exploration: stat(2), Compassionate: stat(3)}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
