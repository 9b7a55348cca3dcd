package classifier

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Example is one labelled text for training or evaluation.
type Example struct {
	Text    string
	Context string // the client's preceding words, if any
	Reply   string // the client's reply to the turn, where a whole transcript is known
	Label   string
	Group   string // e.g. the transcript; cross-validation never splits a group
}

// Options tune training. The zero value is replaced by DefaultOptions.
type Options struct {
	Dim        uint32  // hashed feature buckets (power of two)
	Solver     string  // "lbfgs" (full batch, the default) or "sgd" (AdaGrad)
	Iterations int     // L-BFGS iterations at most (0: 300)
	Epochs     int     // SGD passes over the data (0: 3)
	Rate       float64 // SGD AdaGrad base learning rate
	// L2 is the penalty: λ in Σ weighted loss + λ/2·‖w‖² for L-BFGS, where AnnoMI wants 30–300;
	// for SGD it is a decay applied at each update, where about 0.1 suits.
	L2       float64
	Balanced bool   // weight classes inversely to their frequency, which favours macro-F1
	Seed     uint64 // shuffling seed, so training is reproducible
	// Scale multiplies each feature family (named as in Families); a missing family keeps 1,
	// and 0 drops it.
	Scale map[string]float64
}

// Scales returns the per-family multipliers of opt.Scale in family order, or an error naming an
// unknown family.
func (opt Options) Scales() ([]float32, error) {
	s := make([]float32, NumFamilies)
	for i := range s {
		s[i] = 1
	}
	for name, v := range opt.Scale {
		i := slices.Index(Families[:], name)
		if i < 0 {
			return nil, fmt.Errorf("unknown feature family %q (families: %v)", name, Families)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("feature family %q: scale %v is not a finite number ≥ 0", name, v)
		}
		s[i] = float32(v)
	}
	return s, nil
}

// DefaultOptions were chosen by grouped cross-validation on AnnoMI: full-batch L-BFGS with a
// strong L2 penalty (the data are small and the labels noisy), classes balanced for macro-F1.
// The Epochs and Rate fields only matter to the "sgd" solver.
func DefaultOptions() Options {
	return Options{Dim: 1 << 18, Solver: "lbfgs", Iterations: 300, Epochs: 3, Rate: 0.01, L2: 30, Balanced: true, Seed: 1}
}

// Train fits a model for task on the examples. Labels are ordered alphabetically.
func Train(task string, examples []Example, opt Options) (*Model, error) {
	if opt.Dim == 0 {
		opt = DefaultOptions()
	}
	labels, y, err := labelIndex(examples)
	if err != nil {
		return nil, fmt.Errorf("train %s: %w", task, err)
	}
	scales, err := opt.Scales()
	if err != nil {
		return nil, fmt.Errorf("train %s: %w", task, err)
	}
	if opt.Solver != "" && opt.Solver != "lbfgs" && opt.Solver != "sgd" {
		return nil, fmt.Errorf("train %s: unknown solver %q (lbfgs or sgd)", task, opt.Solver)
	}
	if opt.Iterations <= 0 {
		opt.Iterations = 300
	}
	if opt.Epochs <= 0 {
		opt.Epochs = 3
	}
	m := &Model{Task: task, Labels: labels, Dim: opt.Dim, Scales: scales,
		Weights: make([]float32, int(opt.Dim)*len(labels)), Bias: make([]float32, len(labels))}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	feats := make([][]Feature, len(examples))
	for i, ex := range examples {
		feats[i] = ExtractReply(ex.Text, ex.Context, ex.Reply, opt.Dim, scales, nil)
	}
	cw := classWeights(y, len(labels), opt.Balanced)
	if opt.Solver == "sgd" {
		newTrainer(m, opt, cw).run(feats, y)
	} else {
		fitLBFGS(m, feats, y, cw, opt)
	}
	return m, nil
}

func labelIndex(examples []Example) ([]string, []int, error) {
	if len(examples) == 0 {
		return nil, nil, errors.New("no examples")
	}
	seen := map[string]bool{}
	for _, ex := range examples {
		if ex.Label == "" {
			return nil, nil, errors.New("an example has an empty label")
		}
		seen[ex.Label] = true
	}
	labels := make([]string, 0, len(seen))
	for l := range seen {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	if len(labels) < 2 {
		return nil, nil, fmt.Errorf("need at least two labels, found %v", labels)
	}
	pos := map[string]int{}
	for i, l := range labels {
		pos[l] = i
	}
	y := make([]int, len(examples))
	for i, ex := range examples {
		y[i] = pos[ex.Label]
	}
	return labels, y, nil
}

func classWeights(y []int, k int, balanced bool) []float64 {
	w := make([]float64, k)
	for i := range w {
		w[i] = 1
	}
	if !balanced {
		return w
	}
	count := make([]float64, k)
	for _, c := range y {
		count[c]++
	}
	for i := range w {
		if count[i] > 0 {
			w[i] = float64(len(y)) / (float64(k) * count[i])
		}
	}
	return w
}

// trainer runs AdaGrad SGD on the softmax cross-entropy. AdaGrad suits hashed sparse features:
// rare features keep a large step, frequent ones settle.
type trainer struct {
	m      *Model
	opt    Options
	cw     []float64
	g2     []float32 // accumulated squared gradients, same shape as Weights
	g2bias []float64
}

func newTrainer(m *Model, opt Options, cw []float64) *trainer {
	return &trainer{m: m, opt: opt, cw: cw, g2: make([]float32, len(m.Weights)), g2bias: make([]float64, len(m.Bias))}
}

func (t *trainer) run(feats [][]Feature, y []int) {
	order := make([]int, len(feats))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(t.opt.Seed, 0x9e3779b9))
	for epoch := 0; epoch < t.opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			t.step(feats[i], y[i])
		}
	}
}

func (t *trainer) step(f []Feature, y int) {
	k := len(t.m.Labels)
	p := t.m.Probabilities(f)
	for j := 0; j < k; j++ {
		g := p[j]
		if j == y {
			g--
		}
		g *= t.cw[y]
		t.g2bias[j] += g * g
		t.m.Bias[j] -= float32(t.opt.Rate * g / (math.Sqrt(t.g2bias[j]) + 1e-8))
		for _, x := range f {
			idx := int(x.Index)*k + j
			w := t.m.Weights[idx]
			gw := float32(g)*x.Value + float32(t.opt.L2)*w
			t.g2[idx] += gw * gw
			t.m.Weights[idx] = w - float32(t.opt.Rate)*gw/(float32(math.Sqrt(float64(t.g2[idx])))+1e-8)
		}
	}
}
