// Package classifier trains and runs the engine's learned parts: multinomial logistic regression
// over hashed word, character, syntax and context features, in pure Go. A Model is immutable
// once trained or decoded, so it is safe for concurrent use.
package classifier

import (
	"fmt"
	"math"
	"sync"

	"github.com/rapporthq/rapport/textseg"
)

// Model is a trained multinomial logistic regression for one task.
type Model struct {
	Task    string
	Labels  []string
	Dim     uint32    // number of hashed feature buckets, a power of two
	Weights []float32 // Dim×K, row-major by feature, so one feature's K weights are adjacent
	Bias    []float32 // K
	Scales  []float32 // per feature family (NumFamilies); nil means 1 for all
}

var featurePool = sync.Pool{New: func() any { b := make([]Feature, 0, 2048); return &b }}

// Predict returns the most probable label and the probability of each label (in m.Labels order).
func (m *Model) Predict(text, context string) (string, []float64) {
	return m.PredictReply(text, context, "")
}

// PredictReply is Predict for a turn of a whole transcript, where the client's reply to it is
// known too; a model trained without the reply family ignores it.
func (m *Model) PredictReply(text, context, reply string) (string, []float64) {
	return m.PredictSentences(textseg.Split(text), context, reply)
}

// PredictSentences is Predict for a text the caller has already split with textseg.Split.
func (m *Model) PredictSentences(sents []textseg.Sentence, context, reply string) (string, []float64) {
	bp := featurePool.Get().(*[]Feature)
	feats := extractSentences(sents, context, reply, m.Dim, familyScales(m.Scales), *bp)
	p := m.Probabilities(feats)
	*bp = feats[:0]
	featurePool.Put(bp)
	return m.Labels[argmax(p)], p
}

// Probabilities scores already-extracted features.
func (m *Model) Probabilities(feats []Feature) []float64 {
	k := len(m.Labels)
	z := make([]float64, k)
	for j := range z {
		z[j] = float64(m.Bias[j])
	}
	for _, f := range feats {
		row := m.Weights[int(f.Index)*k : int(f.Index)*k+k]
		for j, w := range row {
			z[j] += float64(w * f.Value)
		}
	}
	softmax(z)
	return z
}

// Prob returns the probability of one label, or 0 if the model has no such label.
func (m *Model) Prob(p []float64, label string) float64 {
	for i, l := range m.Labels {
		if l == label {
			return p[i]
		}
	}
	return 0
}

func (m *Model) validate() error {
	if m.Dim == 0 || m.Dim&(m.Dim-1) != 0 {
		return fmt.Errorf("model %q: dimension %d is not a power of two", m.Task, m.Dim)
	}
	if len(m.Labels) < 2 {
		return fmt.Errorf("model %q: needs at least two labels", m.Task)
	}
	if len(m.Weights) != int(m.Dim)*len(m.Labels) || len(m.Bias) != len(m.Labels) {
		return fmt.Errorf("model %q: weight shape does not match %d labels × %d features", m.Task, len(m.Labels), m.Dim)
	}
	if m.Scales != nil && len(m.Scales) != NumFamilies {
		return fmt.Errorf("model %q: %d family scales, want %d", m.Task, len(m.Scales), NumFamilies)
	}
	return nil
}

func softmax(z []float64) {
	max := math.Inf(-1)
	for _, v := range z {
		max = math.Max(max, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - max)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
}

func argmax(p []float64) int {
	best := 0
	for i, v := range p {
		if v > p[best] {
			best = i
		}
	}
	return best
}
