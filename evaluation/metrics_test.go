package evaluation

import (
	"encoding/json"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestScoreHandWorked(t *testing.T) {
	// gold a a a b b c / pred a a b b d c:
	//   a: tp 2 of 3 gold, 2 predicted → P 1, R 2/3, F1 0.8
	//   b: tp 1 of 2 gold, 2 predicted → P 1/2, R 1/2, F1 0.5
	//   c: tp 1 of 1, 1 predicted → 1, 1, 1
	//   d: never gold, predicted once → 0, 0, 0 and left out of macro-F1
	gold := []string{"a", "a", "a", "b", "b", "c"}
	pred := []string{"a", "a", "b", "b", "d", "c"}
	r := Score("demo", gold, pred, []string{"c", "a"})
	if r.Task != "demo" || r.N != 6 {
		t.Errorf("task %q n %d", r.Task, r.N)
	}
	if !near(r.Accuracy, 4.0/6) {
		t.Errorf("accuracy %v, want 4/6", r.Accuracy)
	}
	want := map[string]LabelScore{
		"a": {Precision: 1, Recall: 2.0 / 3, F1: 0.8, Support: 3},
		"b": {Precision: 0.5, Recall: 0.5, F1: 0.5, Support: 2},
		"c": {Precision: 1, Recall: 1, F1: 1, Support: 1},
		"d": {Precision: 0, Recall: 0, F1: 0, Support: 0},
	}
	for l, w := range want {
		g := r.PerLabel[l]
		if !near(g.Precision, w.Precision) || !near(g.Recall, w.Recall) || !near(g.F1, w.F1) || g.Support != w.Support {
			t.Errorf("label %s: got %+v, want %+v", l, g, w)
		}
	}
	if len(r.PerLabel) != 4 {
		t.Errorf("per-label scores for %d labels, want 4", len(r.PerLabel))
	}
	// Macro-F1 averages the labels present in gold (a, b, c), not d.
	if !near(r.MacroF1, (0.8+0.5+1)/3) {
		t.Errorf("macro-F1 %v, want %v", r.MacroF1, (0.8+0.5+1)/3)
	}
	// The given labels keep their order; the others follow, sorted.
	if !slices.Equal(r.Labels, []string{"c", "a", "b", "d"}) {
		t.Errorf("labels %v, want [c a b d]", r.Labels)
	}
	wantConf := map[string]map[string]int{
		"a": {"a": 2, "b": 1, "c": 0, "d": 0},
		"b": {"a": 0, "b": 1, "c": 0, "d": 1},
		"c": {"a": 0, "b": 0, "c": 1, "d": 0},
		"d": {"a": 0, "b": 0, "c": 0, "d": 0},
	}
	for g, row := range wantConf {
		for p, n := range row {
			if got, ok := r.Confusion[g][p]; !ok || got != n {
				t.Errorf("confusion[%s][%s] = %d (present %v), want %d", g, p, got, ok, n)
			}
		}
		if len(r.Confusion[g]) != 4 {
			t.Errorf("confusion row %s has %d cells, want 4", g, len(r.Confusion[g]))
		}
	}
}

func TestScoreLabelsAbsentFromData(t *testing.T) {
	// A listed label that never occurs gets a zero row and column and does not lower macro-F1.
	r := Score("q", []string{"open", "closed", "open"}, []string{"open", "open", "open"}, []string{"closed", "open", "unused"})
	if !slices.Equal(r.Labels, []string{"closed", "open", "unused"}) {
		t.Errorf("labels %v", r.Labels)
	}
	// open: P 2/3, R 1, F1 0.8; closed: P 0 (never predicted), R 0, F1 0.
	if !near(r.PerLabel["open"].F1, 0.8) || r.PerLabel["closed"].F1 != 0 || r.PerLabel["closed"].Precision != 0 {
		t.Errorf("per label %+v", r.PerLabel)
	}
	if !near(r.MacroF1, 0.4) {
		t.Errorf("macro-F1 %v, want (0.8+0)/2 = 0.4", r.MacroF1)
	}
	if s, ok := r.PerLabel["unused"]; !ok || s != (LabelScore{}) {
		t.Errorf("unused label scored %+v (present %v)", s, ok)
	}
	if r.Confusion["unused"]["open"] != 0 || r.Confusion["open"]["unused"] != 0 {
		t.Errorf("unused label has counts: %v", r.Confusion)
	}
	// The caller's slice is not modified by the appended labels.
	given := make([]string, 1, 8)
	given[0] = "x"
	Score("t", []string{"y"}, []string{"z"}, given)
	if given[:2][1] != "" {
		t.Errorf("Score wrote into the caller's label slice: %q", given[:2])
	}
}

func TestScorePerfectAndEmpty(t *testing.T) {
	r := Score("t", []string{"1", "2", "0", "2"}, []string{"1", "2", "0", "2"}, []string{"0", "1", "2"})
	if r.Accuracy != 1 || r.MacroF1 != 1 {
		t.Errorf("perfect: accuracy %v macro-F1 %v", r.Accuracy, r.MacroF1)
	}
	if r.PerLabel["2"].Support != 2 || r.Confusion["2"]["2"] != 2 {
		t.Errorf("perfect: %+v %v", r.PerLabel["2"], r.Confusion)
	}
	e := Score("t", nil, nil, []string{"a", "b"})
	if e.N != 0 || e.Accuracy != 0 || e.MacroF1 != 0 || math.IsNaN(e.MacroF1) {
		t.Errorf("empty: %+v", e)
	}
	if !slices.Equal(e.Labels, []string{"a", "b"}) || e.Confusion["a"]["b"] != 0 {
		t.Errorf("empty: labels %v confusion %v", e.Labels, e.Confusion)
	}
	// All wrong.
	w := Score("t", []string{"a", "b"}, []string{"b", "a"}, nil)
	if w.Accuracy != 0 || w.MacroF1 != 0 || !slices.Equal(w.Labels, []string{"a", "b"}) {
		t.Errorf("all wrong: %+v", w)
	}
}

func TestReportJSONKeys(t *testing.T) {
	b, err := json.Marshal(Score("question", []string{"open"}, []string{"open"}, []string{"closed", "open"}))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"task", "n", "accuracy", "macro_f1", "per_label", "confusion", "labels"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	for _, k := range []string{"precision", "recall", "f1", "support"} {
		if !strings.Contains(string(b), `"`+k+`":`) {
			t.Errorf("per-label JSON lacks %q: %s", k, b)
		}
	}
}

func TestAUC(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scores []float64
		pos    []bool
		want   float64
	}{
		{"perfect", []float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{"perfect, shuffled", []float64{0.9, 0.1, 0.8, 0.2}, []bool{true, false, true, false}, 1},
		{"reversed", []float64{0.1, 0.2, 0.8, 0.9}, []bool{true, true, false, false}, 0},
		{"all ties", []float64{3, 3, 3, 3, 3}, []bool{true, false, true, false, false}, 0.5},
		// Pairs (positive, negative): 0.5 beats 0.2, 0.3, 0.1 and ties 0.5 → 3.5; 0.8 beats all
		// four → 4; 0.3 beats 0.2 and 0.1 and ties 0.3 → 2.5. (3.5+4+2.5)/12 = 10/12.
		{"ties, by hand", []float64{0.5, 0.8, 0.3, 0.5, 0.2, 0.3, 0.1}, []bool{true, true, true, false, false, false, false}, 10.0 / 12},
		// One pair, tied: 1/2. One pair, won: 1.
		{"single tie", []float64{1, 1}, []bool{true, false}, 0.5},
		{"single pair", []float64{2, 1}, []bool{true, false}, 1},
		{"negative scores", []float64{-3, -1, -2}, []bool{false, true, false}, 1},
		{"no positives", []float64{1, 2}, []bool{false, false}, 0.5},
		{"no negatives", []float64{1, 2}, []bool{true, true}, 0.5},
		{"empty", nil, nil, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AUC(tc.scores, tc.pos); !near(got, tc.want) {
				t.Errorf("AUC = %v, want %v", got, tc.want)
			}
		})
	}
}

// pairAUC counts pairs directly: the definition AUC must match.
func pairAUC(scores []float64, pos []bool) float64 {
	wins, pairs := 0.0, 0
	for i := range scores {
		for j := range scores {
			if !pos[i] || pos[j] {
				continue
			}
			pairs++
			switch {
			case scores[i] > scores[j]:
				wins++
			case scores[i] == scores[j]:
				wins += 0.5
			}
		}
	}
	if pairs == 0 {
		return 0.5
	}
	return wins / float64(pairs)
}

func TestAUCMatchesPairCounting(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(40)
		scores, pos := make([]float64, n), make([]bool, n)
		for i := range scores {
			scores[i] = float64(rng.IntN(6)) // few values, many ties
			pos[i] = rng.IntN(2) == 0
		}
		want := pairAUC(scores, pos)
		before, beforePos := slices.Clone(scores), slices.Clone(pos)
		if got := AUC(scores, pos); math.Abs(got-want) > 1e-9 {
			t.Fatalf("AUC(%v, %v) = %v, pair counting gives %v", scores, pos, got, want)
		}
		if !slices.Equal(before, scores) || !slices.Equal(beforePos, pos) {
			t.Fatal("AUC reordered its input")
		}
	}
}

func TestGroupFoldsHandWorked(t *testing.T) {
	// Sizes A5 B4 C3 D3 E2 F1, largest first, each to the least-loaded fold (lowest index on a
	// tie): A→0, B→1, C→2, D→2 (3), E→1 (4), F→0 (5): loads 6, 6, 6.
	var groups []string
	for g, n := range map[string]int{"A": 5, "B": 4, "C": 3, "D": 3, "E": 2, "F": 1} {
		for i := 0; i < n; i++ {
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	want := map[string]int{"A": 0, "B": 1, "C": 2, "D": 2, "E": 1, "F": 0}
	got := GroupFolds(groups, 3)
	if len(got) != len(want) {
		t.Fatalf("folds %v, want %v", got, want)
	}
	for g, f := range want {
		if got[g] != f {
			t.Errorf("group %s in fold %d, want %d (all: %v)", g, got[g], f, got)
		}
	}
	// The input order does not matter.
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20; i++ {
		rng.Shuffle(len(groups), func(a, b int) { groups[a], groups[b] = groups[b], groups[a] })
		again := GroupFolds(groups, 3)
		for g, f := range want {
			if again[g] != f {
				t.Fatalf("shuffled input moved group %s to fold %d", g, again[g])
			}
		}
	}
}

func TestGroupFoldsProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		k := 2 + rng.IntN(9)
		ng := 1 + rng.IntN(60)
		var groups []string
		size := map[string]int{}
		maxSize := 0
		for g := 0; g < ng; g++ {
			name := "t" + strings.Repeat("x", g%3) + string(rune('a'+g%26)) + string(rune('A'+g/26))
			n := 1 + rng.IntN(30)
			size[name] += n
			maxSize = max(maxSize, size[name])
			for i := 0; i < n; i++ {
				groups = append(groups, name)
			}
		}
		rng.Shuffle(len(groups), func(a, b int) { groups[a], groups[b] = groups[b], groups[a] })
		folds := GroupFolds(groups, k)
		// Deterministic.
		if again := GroupFolds(groups, k); !maps.Equal(folds, again) {
			t.Fatalf("two runs differ: %v vs %v", folds, again)
		}
		// Every group in exactly one fold: one entry per group, in range. Since the result maps
		// a group to one fold, no group's items can be split across folds.
		if len(folds) != len(size) {
			t.Fatalf("%d groups assigned, want %d", len(folds), len(size))
		}
		load := make([]int, k)
		for g, n := range size {
			f, ok := folds[g]
			if !ok || f < 0 || f >= k {
				t.Fatalf("group %s: fold %d (present %v), k=%d", g, f, ok, k)
			}
			load[f] += n
		}
		total := 0
		for _, l := range load {
			total += l
		}
		if total != len(groups) {
			t.Fatalf("folds hold %d items, want %d", total, len(groups))
		}
		// Balanced: greedy largest-first keeps the spread within one (largest) group. With at
		// least k groups no fold is empty.
		lo, hi := slices.Min(load), slices.Max(load)
		if hi-lo > maxSize {
			t.Errorf("loads %v spread %d, more than the largest group %d", load, hi-lo, maxSize)
		}
		if len(size) >= k && lo == 0 {
			t.Errorf("an empty fold with %d groups and k=%d: %v", len(size), k, load)
		}
	}
}

func TestGroupFoldsEqualGroups(t *testing.T) {
	// Ten equal groups into five folds: two per fold, exactly.
	var groups []string
	for _, g := range []string{"j", "i", "h", "g", "f", "e", "d", "c", "b", "a"} {
		groups = append(groups, g, g, g)
	}
	folds := GroupFolds(groups, 5)
	count := make([]int, 5)
	for _, f := range folds {
		count[f]++
	}
	if !slices.Equal(count, []int{2, 2, 2, 2, 2}) {
		t.Errorf("groups per fold %v, want two each (%v)", count, folds)
	}
	// Names break size ties, so a, b, c, d, e fill folds 0–4 in order.
	for i, g := range []string{"a", "b", "c", "d", "e"} {
		if folds[g] != i {
			t.Errorf("group %s in fold %d, want %d", g, folds[g], i)
		}
	}
	if len(GroupFolds(nil, 3)) != 0 {
		t.Error("no groups, yet folds assigned")
	}
}
