package training

import (
	"fmt"
	"math"
	"testing"

	"github.com/rapporthq/rapport/annomi"
)

// Two coders code the same questions in opposite ways: annotator "a" calls every one open and
// "b" every one closed. The text cannot tell them apart, so the plain cross-validation is right
// about half the time; knowing the coder's label mix from the other folds, it is right every time.
func TestCoderPriorCVSeparatesCoders(t *testing.T) {
	var trs []annomi.Transcript
	for n := 0; n < 20; n++ {
		ann, form := "a", "open"
		if n%2 == 1 {
			ann, form = "b", "closed"
		}
		tr := annomi.Transcript{ID: fmt.Sprint(n)}
		for _, q := range []string{"How have things been this week?", "Did the new dose help at all?", "What would you like to talk about?", "Is the housing form done?"} {
			tr.Utterances = append(tr.Utterances,
				annomi.Utterance{Text: "I have been alright, I suppose.", Codings: []annomi.Coding{{Annotator: ann}}},
				annomi.Utterance{Therapist: true, Text: q, Behaviour: "question", Question: form,
					Codings: []annomi.Coding{coding(ann, "question", form)}})
		}
		trs = append(trs, tr)
	}
	ex, err := FromAnnoMI(trs, Question)
	if err != nil {
		t.Fatal(err)
	}
	plain, _, err := CrossValidate(Question, ex, 5, TaskOptions(Question), nil)
	if err != nil {
		t.Fatal(err)
	}
	known, err := CoderPriorCV(trs, Question, 5, TaskOptions(Question), nil)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Accuracy > 0.75 || known.Accuracy != 1 || known.N != 80 {
		t.Errorf("accuracy plain %.2f, coder known %.2f (n=%d); want ≤ 0.75 and 1 of 80", plain.Accuracy, known.Accuracy, known.N)
	}
	if _, err := CoderPriorCV(trs, Exploration, 5, TaskOptions(Question), nil); err == nil {
		t.Error("a task AnnoMI lacks: no error")
	}
}

func TestTranscriptCoders(t *testing.T) {
	one := annomi.Transcript{ID: "1", Utterances: []annomi.Utterance{{Codings: []annomi.Coding{{Annotator: "3"}}}, {Codings: []annomi.Coding{{Annotator: "3"}}}}}
	many := annomi.Transcript{ID: "2", Utterances: []annomi.Utterance{{Codings: []annomi.Coding{{Annotator: "3"}, {Annotator: "4"}}}}}
	got := transcriptCoders([]annomi.Transcript{one, many})
	if got["1"] != "3" || got["2"] != "several" {
		t.Errorf("coders %v, want 1 → 3 and 2 → several", got)
	}
}

// Worked by hand. Outside fold 0 there are 8 turns, 6 open and 2 closed, of which coder "a"
// coded 2 open and 2 closed. Overall (add-one): open 7/10, closed 3/10. Coder a, with 5 turns'
// worth of the overall mix: open (2+3.5)/9, closed (2+1.5)/9.
func TestPriorShift(t *testing.T) {
	p := newPriorCounts([]string{"closed", "open"})
	for _, r := range []struct {
		fold         int
		coder, label string
	}{{0, "a", "closed"}, {0, "b", "open"}, {1, "a", "open"}, {1, "a", "closed"}, {1, "b", "open"},
		{2, "a", "open"}, {2, "a", "closed"}, {2, "b", "open"}, {2, "b", "open"}, {2, "b", "open"}} {
		p.add(r.fold, r.coder, r.label)
	}
	got := p.shift(0, "a")
	want := []float64{(3.5 / 9) / 0.3, (5.5 / 9) / 0.7}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("shift %v, want %v", got, want)
		}
	}
	if argmaxProduct([]float64{0.45, 0.55}, got) != 0 {
		t.Error("coder a's leaning to closed should turn a 0.45 closed into the choice")
	}
}
