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

const thresholdNote = "Fair and good thresholds are expert opinion from MITI 4.2.1 (and MITI 3.1.1 for % open questions), not validated cut-offs."

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

// sessionScore is the 0–100 session score. Its weights were set from MITI's priorities before
// looking at any outcome, not fitted: reflections relative to questions (30), the balance of
// MI-adherent over non-adherent behaviour (25), complex reflections (20), open questions (15),
// and leaving the client most of the talking (10). Each part is its progress toward MITI's
// "good" threshold, capped at 1.
func sessionScore(m Metrics) int {
	rq := math.Min(m.ReflectionToQ.Value/m.ReflectionToQ.Good, 1)
	cr := math.Min(m.PercentComplex.Value/m.PercentComplex.Good, 1)
	oq := math.Min(m.PercentOpen.Value/m.PercentOpen.Good, 1)
	adh := 0.5
	if n := m.Adherent + m.NonAdherent; n > 0 {
		adh = float64(m.Adherent) / float64(n)
	}
	talk := 1.0
	if m.TalkShare > 0.5 {
		talk = math.Max(0, 1-(m.TalkShare-0.5)/0.3)
	}
	s := 30*rq + 25*adh + 20*cr + 15*oq + 10*talk
	return int(math.Round(s))
}
