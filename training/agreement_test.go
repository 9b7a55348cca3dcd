package training

import (
	"testing"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/evaluation"
)

// coding is one annotator's codes for an utterance: a question's form or a reflection's depth.
func coding(ann, behaviour, sub string) annomi.Coding {
	x := annomi.Coding{Annotator: ann, Behaviour: behaviour}
	if behaviour == "question" {
		x.Question = sub
	} else {
		x.Reflection = sub
	}
	return x
}

// Worked by hand: three annotators code two therapist turns; a fourth turn has one coding and
// does not count. Ties among the others go to the alphabetically first label, as in the majority.
func TestHumanAgreement(t *testing.T) {
	tr := annomi.Transcript{ID: "1", Utterances: []annomi.Utterance{
		{Therapist: true, Codings: []annomi.Coding{coding("a", "question", "open"), coding("b", "question", "closed"), coding("c", "question", "open")}},
		{Therapist: false, Codings: []annomi.Coding{{Annotator: "a"}, {Annotator: "b"}}},
		{Therapist: true, Codings: []annomi.Coding{coding("a", "reflection", "complex"), coding("b", "reflection", "complex"), coding("c", "question", "closed")}},
		{Therapist: true, Codings: []annomi.Coding{coding("a", "reflection", "simple")}},
	}}
	for _, tc := range []struct {
		task     string
		n, right int
	}{
		// Turn 0: everyone agrees on question (3 right). Turn 2: a and b each face a 1–1 tie
		// that goes to "question"; c faces two reflections (0 right of 3).
		{Behaviour, 6, 3},
		// Turn 0: a and c each face open–closed ties that go to "closed"; b faces two opens.
		// Turn 2: c is alone in coding a question, so nobody is compared.
		{Question, 3, 0},
		// Turn 2: a and b agree; c gave no reflection subtype.
		{Reflection, 2, 2},
	} {
		r, err := HumanAgreement([]annomi.Transcript{tr}, tc.task)
		if err != nil {
			t.Fatal(err)
		}
		checkRight(t, r, tc.task, tc.n, tc.right)
	}
	if _, err := HumanAgreement([]annomi.Transcript{tr}, Exploration); err == nil {
		t.Error("a task AnnoMI lacks: no error")
	}
	single := annomi.Transcript{ID: "2", Utterances: tr.Utterances[3:]}
	if _, err := HumanAgreement([]annomi.Transcript{single}, Behaviour); err == nil {
		t.Error("no utterance with several codings: no error")
	}
}

// Worked by hand on the codings above, with each turn's majority filled in as annomi.Read would:
// the model's labels take the place of each annotator's, against the same majorities.
func TestAgainstOthers(t *testing.T) {
	tr := annomi.Transcript{ID: "1", Utterances: []annomi.Utterance{
		{Therapist: true, Behaviour: "question", Question: "open",
			Codings: []annomi.Coding{coding("a", "question", "open"), coding("b", "question", "closed"), coding("c", "question", "open")}},
		{Therapist: false},
		{Therapist: true, Behaviour: "reflection", Reflection: "complex",
			Codings: []annomi.Coding{coding("a", "reflection", "complex"), coding("b", "reflection", "complex"), coding("c", "question", "closed")}},
		{Therapist: true, Behaviour: "reflection", Reflection: "simple", Codings: []annomi.Coding{coding("a", "reflection", "simple")}},
	}}
	for _, tc := range []struct {
		task     string
		pred     []string // one per labelled turn, as FromAnnoMI orders them
		n, right int
	}{
		// Turn 0: the three majorities are all "question". Turn 2: a's and b's others tie
		// (reflection–question, going to "question"), c's others say "reflection". Turn 3 has
		// one coding and is not compared.
		{Behaviour, []string{"question", "question", "reflection"}, 6, 5},
		// Only turn 0 is a question by majority: a's and c's others tie (to "closed"), b's say
		// "open".
		{Question, []string{"open"}, 3, 1},
		// Turn 2: a's and b's others say "complex"; c coded no reflection.
		{Reflection, []string{"simple", "simple"}, 2, 0},
	} {
		r, err := againstOthers([]annomi.Transcript{tr}, tc.task, tc.pred)
		if err != nil {
			t.Fatal(err)
		}
		checkRight(t, r, tc.task, tc.n, tc.right)
	}
	single := annomi.Transcript{ID: "2", Utterances: tr.Utterances[3:]}
	if _, err := againstOthers([]annomi.Transcript{single}, Behaviour, []string{"other"}); err == nil {
		t.Error("no utterance with several codings: no error")
	}
}

// checkRight checks a report's size and how many of its pairs agree.
func checkRight(t *testing.T, r evaluation.Report, task string, n, right int) {
	t.Helper()
	got := 0
	for _, l := range r.Labels {
		got += r.Confusion[l][l]
	}
	if r.N != n || got != right {
		t.Errorf("%s: n=%d right=%d, want n=%d right=%d", task, r.N, got, n, right)
	}
}
