package classifier

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rapporthq/rapport/textseg"
)

// synthetic makes a data set with an obvious rule: a text that mentions a fruit is about fruit,
// one that mentions a vehicle is about vehicles, whatever filler surrounds it. Groups stand for
// transcripts.
func synthetic(n int, seed uint64) []Example {
	rng := rand.New(rand.NewPCG(seed, 7))
	fruit := []string{"apple", "banana", "cherry", "mango", "pear"}
	cars := []string{"truck", "bus", "train", "bicycle", "tram"}
	filler := strings.Fields("so i think that we really went there yesterday and it was okay you know the thing")
	out := make([]Example, n)
	for i := range out {
		var w []string
		for range 3 + rng.IntN(6) {
			w = append(w, filler[rng.IntN(len(filler))])
		}
		label, pool := "fruit", fruit
		if rng.IntN(3) == 0 { // unbalanced on purpose
			label, pool = "vehicle", cars
		}
		w = slices.Insert(w, rng.IntN(len(w)+1), pool[rng.IntN(len(pool))])
		out[i] = Example{Text: strings.Join(w, " ") + ".", Label: label, Group: fmt.Sprint(i % 10)}
	}
	return out
}

func accuracy(m *Model, ex []Example) float64 {
	right := 0
	for _, e := range ex {
		if l, _ := m.Predict(e.Text, e.Context); l == e.Label {
			right++
		}
	}
	return float64(right) / float64(len(ex))
}

func TestTrainLearnsRule(t *testing.T) {
	train, test := synthetic(300, 1), synthetic(200, 2)
	for _, solver := range []string{"lbfgs", "sgd"} {
		opt := DefaultOptions()
		opt.Solver, opt.Dim, opt.L2 = solver, 1<<14, 1
		if solver == "sgd" {
			opt.L2, opt.Epochs = 1e-4, 5
		}
		m, err := Train("toy", train, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m.Labels, []string{"fruit", "vehicle"}) {
			t.Fatalf("labels %v", m.Labels)
		}
		if acc := accuracy(m, test); acc < 0.98 {
			t.Errorf("%s: held-out accuracy %.3f, want ≥ 0.98", solver, acc)
		}
		_, p := m.Predict("I ate a mango.", "")
		if m.Prob(p, "fruit") < 0.5 || m.Prob(p, "nothing") != 0 {
			t.Errorf("%s: P(fruit | mango) = %.2f", solver, m.Prob(p, "fruit"))
		}
		sum := 0.0
		for _, v := range p {
			sum += v
		}
		if sum < 0.999 || sum > 1.001 {
			t.Errorf("probabilities sum to %v", sum)
		}
	}
}

// The context (the client's preceding turn) is a feature too: here the label depends on it alone.
func TestTrainUsesContext(t *testing.T) {
	var train []Example
	for i := range 200 {
		ctx, label := "Can I ask you something about it?", "answer"
		if i%2 == 0 {
			ctx, label = "I went to the shop and bought some bread.", "reflect"
		}
		train = append(train, Example{Text: "Okay, well, right.", Context: ctx, Label: label, Group: fmt.Sprint(i)})
	}
	opt := DefaultOptions()
	opt.Dim, opt.L2 = 1<<12, 1
	m, err := Train("ctx", train, opt)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := m.Predict("Okay, well, right.", "Could I ask you a question?"); l != "answer" {
		t.Errorf("got %q after a client question", l)
	}
	if l, _ := m.Predict("Okay, well, right.", "I bought some bread."); l != "reflect" {
		t.Errorf("got %q after a client statement", l)
	}
}

func TestTrainDeterministic(t *testing.T) {
	ex := synthetic(120, 3)
	opt := DefaultOptions()
	opt.Dim = 1 << 12
	a, _ := Train("toy", ex, opt)
	b, _ := Train("toy", ex, opt)
	if !slices.Equal(a.Weights, b.Weights) || !slices.Equal(a.Bias, b.Bias) {
		t.Error("two trainings on the same data differ")
	}
}

func TestTrainErrors(t *testing.T) {
	opt := DefaultOptions()
	opt.Dim = 1 << 10
	if _, err := Train("x", nil, opt); err == nil {
		t.Error("no examples: no error")
	}
	if _, err := Train("x", []Example{{Text: "a", Label: "a"}, {Text: "b", Label: "a"}}, opt); err == nil {
		t.Error("one label: no error")
	}
	if _, err := Train("x", []Example{{Text: "a", Label: "a"}, {Text: "b"}}, opt); err == nil {
		t.Error("empty label: no error")
	}
	opt.Scale = map[string]float64{"nonsense": 1}
	if _, err := Train("x", synthetic(10, 1), opt); err == nil || !strings.Contains(err.Error(), "nonsense") {
		t.Errorf("unknown family: %v", err)
	}
	opt.Scale = map[string]float64{"char": -1}
	if _, err := Train("x", synthetic(10, 1), opt); err == nil {
		t.Error("negative scale: no error")
	}
	opt.Scale = nil
	opt.Solver = "adam"
	if _, err := Train("x", synthetic(10, 1), opt); err == nil {
		t.Error("unknown solver: no error")
	}
	opt.Solver = ""
	opt.Dim = 1000
	if _, err := Train("x", synthetic(10, 1), opt); err == nil {
		t.Error("dimension not a power of two: no error")
	}
}

func TestExtractScaled(t *testing.T) {
	text, ctx := "So you've cut down a lot. How did you manage that?", "I only drink at weekends now."
	all := Extract(text, ctx, 1<<18, nil)
	if !slices.Equal(all, ExtractScaled(text, ctx, 1<<18, nil, nil)) {
		t.Error("nil scales differ from Extract")
	}
	opt := Options{Scale: map[string]float64{"char": 0, "ctxwords": 2}}
	sc, err := opt.Scales()
	if err != nil {
		t.Fatal(err)
	}
	some := ExtractScaled(text, ctx, 1<<18, sc, nil)
	if len(some) >= len(all) {
		t.Errorf("dropping char n-grams left %d of %d features", len(some), len(all))
	}
	for _, f := range all {
		if f.Index >= 1<<18 {
			t.Fatalf("index %d out of range", f.Index)
		}
	}
	// Odd input must not panic.
	for _, s := range []string{"", "?", "-", "—", "...", "? ? ?", strings.Repeat("what-what ", 300) + "?"} {
		Extract(s, s, 1<<10, nil)
	}
}

func TestPredictConcurrent(t *testing.T) {
	opt := DefaultOptions()
	opt.Dim = 1 << 12
	m, err := Train("toy", synthetic(100, 4), opt)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.Predict("a banana it was", "")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				if got, _ := m.Predict("a banana it was", ""); got != want {
					t.Error("concurrent prediction differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// A realistic therapist turn and the client turn before it, for the benchmarks.
const (
	benchText = "So it sounds like the drinking has crept up since you lost your job?"
	benchTurn = "Okay, so it sounds like the drinking has been creeping up since you lost your job. What do you make of that?"
	benchCtx  = "I don't know, I just have a few more beers at night than I used to, it's not a big deal."
	bench60   = "I hear you. It's been a really hard few months, with the job going and your mum being ill, " +
		"and the drinking has been one way of getting through the evenings. At the same time you said " +
		"you don't want your kids to see you like that. What would you like to do about it, if anything?"
)

func benchModel(b *testing.B) *Model {
	opt := DefaultOptions()
	ex := synthetic(400, 5)
	for i := range ex {
		ex[i].Label = []string{"other", "question", "reflection", "therapist_input"}[i%4]
	}
	m, err := Train("bench", ex, opt)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkExtract(b *testing.B) {
	buf := make([]Feature, 0, 2048)
	b.ReportAllocs()
	for b.Loop() {
		buf = Extract(benchText, benchCtx, 1<<18, buf)
	}
}

// BenchmarkPredict is Extract + scoring of one sentence, what the engine pays per model.
func BenchmarkPredict(b *testing.B) {
	m := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		m.Predict(benchText, benchCtx)
	}
}

func BenchmarkPredictTwoSentences(b *testing.B) {
	m := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		m.Predict(benchTurn, benchCtx)
	}
}

// BenchmarkPredictSentences60Words scores a 60-word message the way the engine can: split once,
// then every model reuses the sentences.
func BenchmarkPredictSentences60Words(b *testing.B) {
	m := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		m.PredictSentences(textseg.Split(bench60), benchCtx, "")
	}
}

func BenchmarkPredict60Words(b *testing.B) {
	m := benchModel(b)
	b.ReportAllocs()
	for b.Loop() {
		m.Predict(bench60, benchCtx)
	}
}

// TestFeaturesGolden pins what Extract emits. Shipped weights are only valid for the features
// they were trained on: if this fails because the extractor changed on purpose, bump
// FeatureVersion (so old bundles are refused), retrain, and update the checksum.
func TestFeaturesGolden(t *testing.T) {
	texts := [][3]string{
		{benchTurn, benchCtx, ""},
		{"On a scale of 0 to 10, how ready are you? Is it okay if I share something?", "", "Yes. About a six?"},
		{"-and that's why you feel torn, on one hand you love him-", "Mm-hmm.", "Yeah, exactly."},
	}
	h := uint64(14695981039346656037)
	for _, tc := range texts {
		for _, f := range ExtractReply(tc[0], tc[1], tc[2], 1<<18, nil, nil) {
			for _, v := range []uint32{f.Index, math.Float32bits(f.Value)} {
				h = (h ^ uint64(v)) * 1099511628211
			}
		}
	}
	const want = 0x4b2eb43af46348f
	if h != want {
		t.Errorf("feature checksum %#x, want %#x (FeatureVersion %d): see the comment", h, want, FeatureVersion)
	}
}

// A model trained with the reply family reads the client's reply; one trained without it (a
// message model) gives the same answer whatever the reply, since someone typing has none.
func TestReplyFamily(t *testing.T) {
	var ex []Example
	for i := range 40 {
		// The turn is the same; only the client's answer tells an open from a closed question.
		ex = append(ex,
			Example{Text: "So what about the drinking?", Reply: "Yes.", Label: "closed", Group: fmt.Sprint(i)},
			Example{Text: "So what about the drinking?", Reply: "Well, it started when I lost my job and then things got worse at home.", Label: "open", Group: fmt.Sprint(i)})
	}
	opt := DefaultOptions()
	opt.Dim, opt.L2 = 1<<14, 0.1
	m, err := Train("question", ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := m.PredictReply("So what about the drinking?", "", "No."); l != "closed" {
		t.Errorf("with a one-word reply: %q, want closed", l)
	}
	if l, _ := m.PredictReply("So what about the drinking?", "", "Well, it started at work, and then my brother moved in with us."); l != "open" {
		t.Errorf("with a long reply: %q, want open", l)
	}
	opt.Scale = map[string]float64{"reply": 0}
	msg, err := Train("question", ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	_, p1 := msg.PredictReply("So what about the drinking?", "", "No.")
	_, p2 := msg.PredictReply("So what about the drinking?", "", "Well, it started at work.")
	_, p3 := msg.Predict("So what about the drinking?", "")
	if !slices.Equal(p1, p2) || !slices.Equal(p1, p3) {
		t.Errorf("a model without the reply family moved with the reply: %v %v %v", p1, p2, p3)
	}
}
