package training

import (
	"fmt"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/engine"
	"github.com/rapporthq/rapport/evaluation"
)

// SessionResult reports how well the session score separates high- from low-quality MI.
type SessionResult struct {
	AUC      float64      `json:"auc"`
	High     int          `json:"high"`
	Low      int          `json:"low"`
	Folds    int          `json:"folds"`
	MeanHigh float64      `json:"mean_high"`
	MeanLow  float64      `json:"mean_low"`
	Note     string       `json:"note"`
	Sessions []SessionRow `json:"sessions"`
	// Agreement compares the MI summary metrics of each session with the coders' counts.
	Agreement []MetricAgreement `json:"metric_agreement"`
}

// SessionRow is one transcript's out-of-fold score and metrics.
type SessionRow struct {
	ID      string         `json:"id"`
	Quality string         `json:"quality"`
	Score   int            `json:"score"`
	Metrics engine.Metrics `json:"metrics"`
}

// SessionAUC scores every transcript with an engine whose models were trained only on the other
// folds' transcripts, and reports the AUC of the session score for high against low quality. The
// session score's weights are fixed in the engine (set from MITI, not fitted), so nothing in the
// score has seen the transcript it scores.
func SessionAUC(trs []annomi.Transcript, k int, progress func(fold int)) (SessionResult, error) {
	ids := make([]string, len(trs))
	for i, t := range trs {
		ids[i] = t.ID
	}
	folds := evaluation.GroupFolds(ids, k)
	rows := make([]SessionRow, len(trs))
	for f := 0; f < k; f++ {
		if progress != nil {
			progress(f)
		}
		if err := scoreFold(trs, folds, f, rows); err != nil {
			return SessionResult{}, fmt.Errorf("fold %d: %w", f+1, err)
		}
	}
	r := summarise(rows, k)
	r.Agreement = metricAgreement(trs, rows)
	return r, nil
}

func scoreFold(trs []annomi.Transcript, folds map[string]int, f int, rows []SessionRow) error {
	var train []annomi.Transcript
	for _, t := range trs {
		if folds[t.ID] != f {
			train = append(train, t)
		}
	}
	models, err := TrainAnnoMI(train)
	if err != nil {
		return err
	}
	a, err := engine.New(engine.WithModels(&classifier.Bundle{FeatureVersion: classifier.FeatureVersion, Models: models}))
	if err != nil {
		return err
	}
	for i, t := range trs {
		if folds[t.ID] != f {
			continue
		}
		c, err := a.AnalyzeConversation(Turns(t))
		if err != nil {
			return fmt.Errorf("transcript %s: %w", t.ID, err)
		}
		rows[i] = SessionRow{ID: t.ID, Quality: t.Quality, Score: c.Session.Overall, Metrics: c.Metrics}
	}
	return nil
}

// Turns converts an AnnoMI transcript to the engine's turns.
func Turns(t annomi.Transcript) []engine.Turn {
	out := make([]engine.Turn, len(t.Utterances))
	for i, u := range t.Utterances {
		speaker := "client"
		if u.Therapist {
			speaker = "therapist"
		}
		out[i] = engine.Turn{Speaker: speaker, Practitioner: u.Therapist, Text: u.Text}
	}
	return out
}

func summarise(rows []SessionRow, k int) SessionResult {
	r := SessionResult{Folds: k, Sessions: rows, Note: "Each transcript was scored by models trained on the other folds only. The score's weights are fixed in the engine, but their form was chosen by looking at this split (docs/evaluation.md), so treat the AUC as optimistic."}
	scores := make([]float64, len(rows))
	pos := make([]bool, len(rows))
	var sumH, sumL float64
	for i, row := range rows {
		scores[i] = float64(row.Score)
		pos[i] = row.Quality == "high"
		if pos[i] {
			r.High++
			sumH += scores[i]
		} else {
			r.Low++
			sumL += scores[i]
		}
	}
	if r.High > 0 {
		r.MeanHigh = sumH / float64(r.High)
	}
	if r.Low > 0 {
		r.MeanLow = sumL / float64(r.Low)
	}
	r.AUC = evaluation.AUC(scores, pos)
	return r
}
