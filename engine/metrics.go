package engine

import "math"

// Metrics are MI-style summary measures of the practitioner's side of a session. Each measure
// that MITI gives thresholds for carries them; they are expert opinion, not validated cut-offs,
// and Note says so wherever they are shown.
type Metrics struct {
	PracticeTurns      int     `json:"practitioner_turns"`
	OpenQuestions      int     `json:"open_questions"`
	ClosedQuestions    int     `json:"closed_questions"`
	SimpleReflections  int     `json:"simple_reflections"`
	ComplexReflections int     `json:"complex_reflections"`
	Adherent           int     `json:"mi_adherent"`
	NonAdherent        int     `json:"mi_non_adherent"`
	PercentOpen        Measure `json:"percent_open_questions"`
	ReflectionToQ      Measure `json:"reflection_to_question"`
	PercentComplex     Measure `json:"percent_complex_reflections"`
	ReflectionShare    float64 `json:"reflection_share"` // reflections / practitioner turns
	InputShare         float64 `json:"input_share"`      // information and advice / practitioner turns
	TalkShare          float64 `json:"practitioner_talk_share"`
	Note               string  `json:"note"`
}

// Measure is one summary value set against its fair and good thresholds.
type Measure struct {
	Value  float64 `json:"value"`
	Fair   float64 `json:"fair"`
	Good   float64 `json:"good"`
	Rating string  `json:"rating"` // below fair, fair, good, or n/a when there is nothing to measure
	Source string  `json:"source"`
}

// thresholdNote travels with every set of metrics. Its second sentence is measured: see "The MI
// summary metrics, session by session" in docs/evaluation.md.
const thresholdNote = "Fair and good thresholds are expert opinion from MITI 4.2.1 (and MITI 3.1.1 for % open questions), not validated cut-offs. " +
	"Measured against expert coding of 107 counselling sessions, these per-session figures are rough: % open questions and R:Q agree only loosely, and % complex reflections should not be judged from one session."

func (t *tally) metrics() Metrics {
	q, r := t.open+t.closed, t.simple+t.complex
	m := Metrics{PracticeTurns: t.turns, OpenQuestions: t.open, ClosedQuestions: t.closed,
		SimpleReflections: t.simple, ComplexReflections: t.complex, Adherent: t.adherent,
		NonAdherent: t.nonAdherent, Note: thresholdNote}
	m.PercentOpen = measure(ratio(t.open, q), q > 0, 0.5, 0.7, "MITI 3.1.1: 50% beginning proficiency, 70% competency")
	m.ReflectionToQ = measure(ratio(r, q), q > 0 || r > 0, 1, 2, "MITI 4.2.1: R:Q 1:1 fair, 2:1 good")
	if q == 0 && r > 0 {
		m.ReflectionToQ.Value = float64(r) // every reflection with no question is beyond "good"
	}
	m.PercentComplex = measure(ratio(t.complex, r), r > 0, 0.4, 0.5, "MITI 4.2.1: 40% fair, 50% good")
	m.ReflectionShare = round2(ratio(t.reflections, t.turns))
	m.InputShare = round2(ratio(t.inputs, t.turns))
	m.TalkShare = round2(ratio(t.practitionerWords, t.practitionerWords+t.clientWords))
	return m
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func measure(v float64, ok bool, fair, good float64, src string) Measure {
	m := Measure{Value: round2(v), Fair: fair, Good: good, Source: src, Rating: "n/a"}
	if !ok {
		return m
	}
	switch {
	case v >= good:
		m.Rating = "good"
	case v >= fair:
		m.Rating = "fair"
	default:
		m.Rating = "below fair"
	}
	return m
}

// sessionScore is the 0–100 session score. It weighs what MI holds central: not persuading
// (turns spent giving information and advice), not confronting (MI-non-adherent behaviour), and
// listening (reflections, relative to questions and as a share of turns).
//   - 35: turns that are not information or advice, falling to 0 when 40% of turns are;
//   - 35: freedom from non-adherent behaviour, falling to 0 at one such finding per 5 turns;
//   - 15: R:Q, as progress toward MITI's "good" 2:1;
//   - 15: reflections as a share of practitioner turns, as progress toward one turn in two.
//
// docs/evaluation.md says how these parts were chosen and what that means for the AUC reported.
func sessionScore(m Metrics) int {
	input := 1 - math.Min(m.InputShare/0.4, 1)
	nonAdh := 1 - math.Min(ratio(m.NonAdherent, m.PracticeTurns)/0.2, 1)
	rq := math.Min(m.ReflectionToQ.Value/m.ReflectionToQ.Good, 1)
	refl := math.Min(m.ReflectionShare/0.5, 1)
	return int(math.Round(35*input + 35*nonAdh + 15*rq + 15*refl))
}
