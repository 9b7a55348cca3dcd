package training

import (
	"math"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/stats"
)

// MetricAgreement compares one of the MI summary metrics that `rapport transcript` reports, as
// the engine computed it out of fold for each transcript, with the same metric counted from the
// coders' labels. A supervisor reads these per session, so what matters is whether the engine
// ranks sessions as the coders' counts do (Spearman), how far off its value is (the mean
// absolute difference), and, for MITI's measures, whether it puts a session in the same band.
type MetricAgreement struct {
	Metric     string  `json:"metric"`
	N          int     `json:"n"` // transcripts where both values are defined
	Spearman   float64 `json:"spearman"`
	Low        float64 `json:"spearman_low"` // 95% bootstrap interval over transcripts
	High       float64 `json:"spearman_high"`
	MAE        float64 `json:"mean_absolute_difference"`
	MeanCoded  float64 `json:"mean_coded"`
	MeanEngine float64 `json:"mean_engine"`
	// SameRating is the share of transcripts that both put in the same band (below fair, fair,
	// good); only MITI's measures have bands.
	SameRating *float64 `json:"same_rating,omitempty"`
}

// codedCounts are a transcript's therapist turns counted by their majority labels. AnnoMI codes
// each turn once; the engine counts each question and reflection sentence, as MITI does, so
// ratios compare more fairly than counts.
type codedCounts struct {
	turns, open, closed, simple, complex, input int
}

func countCoded(t annomi.Transcript) codedCounts {
	var c codedCounts
	for _, u := range t.Utterances {
		if !u.Therapist {
			continue
		}
		c.turns++
		switch {
		case u.Behaviour == "question" && u.Question == "open":
			c.open++
		case u.Behaviour == "question" && u.Question == "closed":
			c.closed++
		case u.Behaviour == "reflection" && u.Reflection == "simple":
			c.simple++
		case u.Behaviour == "reflection" && u.Reflection == "complex":
			c.complex++
		case u.Behaviour == "therapist_input":
			c.input++
		}
	}
	return c
}

// sessionMetric reads one metric from the coders' counts and from the engine's metrics; ok is
// false where it is undefined (no questions for % open). measure, when set, gives the engine's
// MITI measure, whose thresholds rate both values.
type sessionMetric struct {
	name    string
	coded   func(codedCounts) (float64, bool)
	engine  func(engine.Metrics) (float64, bool)
	measure func(engine.Metrics) engine.Measure
}

var sessionMetrics = []sessionMetric{
	{name: "percent_open_questions",
		coded:   func(c codedCounts) (float64, bool) { return share(c.open, c.open+c.closed) },
		engine:  func(m engine.Metrics) (float64, bool) { return defined(m.PercentOpen) },
		measure: func(m engine.Metrics) engine.Measure { return m.PercentOpen }},
	{name: "reflection_to_question",
		coded: func(c codedCounts) (float64, bool) {
			return reflectionsPerQuestion(c.simple+c.complex, c.open+c.closed)
		},
		engine:  func(m engine.Metrics) (float64, bool) { return defined(m.ReflectionToQ) },
		measure: func(m engine.Metrics) engine.Measure { return m.ReflectionToQ }},
	{name: "percent_complex_reflections",
		coded:   func(c codedCounts) (float64, bool) { return share(c.complex, c.simple+c.complex) },
		engine:  func(m engine.Metrics) (float64, bool) { return defined(m.PercentComplex) },
		measure: func(m engine.Metrics) engine.Measure { return m.PercentComplex }},
	{name: "reflection_share",
		coded:  func(c codedCounts) (float64, bool) { return share(c.simple+c.complex, c.turns) },
		engine: func(m engine.Metrics) (float64, bool) { return m.ReflectionShare, m.PracticeTurns > 0 }},
	{name: "input_share",
		coded:  func(c codedCounts) (float64, bool) { return share(c.input, c.turns) },
		engine: func(m engine.Metrics) (float64, bool) { return m.InputShare, m.PracticeTurns > 0 }},
}

func share(a, b int) (float64, bool) {
	if b == 0 {
		return 0, false
	}
	return float64(a) / float64(b), true
}

// reflectionsPerQuestion is R:Q as the engine reports it: with no question, the reflections
// themselves (every one is beyond "good").
func reflectionsPerQuestion(r, q int) (float64, bool) {
	if q == 0 {
		return float64(r), r > 0
	}
	return float64(r) / float64(q), true
}

// defined reports a measure the engine rated; one it could not rate says "n/a".
func defined(m engine.Measure) (float64, bool) { return m.Value, m.Rating != "n/a" && m.Rating != "" }

// rating bands a value by a measure's thresholds, as the engine does.
func rating(v float64, m engine.Measure) string {
	switch {
	case v >= m.Good:
		return "good"
	case v >= m.Fair:
		return "fair"
	}
	return "below fair"
}

// metricAgreement compares every session metric over the transcripts, rows[i] being the
// engine's out-of-fold result for trs[i].
func metricAgreement(trs []annomi.Transcript, rows []SessionRow) []MetricAgreement {
	out := make([]MetricAgreement, 0, len(sessionMetrics))
	for _, sm := range sessionMetrics {
		out = append(out, agreeOn(sm, trs, rows))
	}
	return out
}

func agreeOn(sm sessionMetric, trs []annomi.Transcript, rows []SessionRow) MetricAgreement {
	a := MetricAgreement{Metric: sm.name}
	var pairs []stats.Pair
	same := 0
	for i, t := range trs {
		coded, ok1 := sm.coded(countCoded(t))
		mine, ok2 := sm.engine(rows[i].Metrics)
		if !ok1 || !ok2 {
			continue
		}
		pairs = append(pairs, stats.Pair{X: coded, Y: mine})
		a.MAE += math.Abs(coded - mine)
		a.MeanCoded += coded
		a.MeanEngine += mine
		if sm.measure != nil && rating(coded, sm.measure(rows[i].Metrics)) == sm.measure(rows[i].Metrics).Rating {
			same++
		}
	}
	a.N = len(pairs)
	if a.N == 0 {
		return a
	}
	n := float64(a.N)
	a.MAE, a.MeanCoded, a.MeanEngine = a.MAE/n, a.MeanCoded/n, a.MeanEngine/n
	ci := stats.SpearmanCI(pairs, stats.Bootstrap{Seed: 1})
	a.Spearman, a.Low, a.High = ci.Rho, ci.Low, ci.High
	if sm.measure != nil {
		s := float64(same) / n
		a.SameRating = &s
	}
	return a
}
