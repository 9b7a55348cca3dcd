package training

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/engine"
)

// toyTranscripts builds transcripts whose labels follow obvious rules, so that a model trained on
// them must learn those rules: wh-questions are open and yes/no questions closed; a reflection
// that names a feeling is complex and one that repeats the client is simple; "you could try" is
// input and "okay" is other.
func toyTranscripts(n int, seed uint64) []annomi.Transcript {
	rng := rand.New(rand.NewPCG(seed, 3))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	topics := []string{"drinking", "smoking", "work", "your son", "sleep", "the gym"}
	var out []annomi.Transcript
	for t := range n {
		tr := annomi.Transcript{ID: fmt.Sprint(t), Quality: "high"}
		add := func(u annomi.Utterance) {
			u.Transcript, u.Index = tr.ID, len(tr.Utterances)
			tr.Utterances = append(tr.Utterances, u)
		}
		for range 12 {
			topic := pick(topics...)
			add(annomi.Utterance{Text: "Well, I have been thinking about " + topic + " a lot."})
			var u annomi.Utterance
			switch rng.IntN(6) {
			case 0:
				u = annomi.Utterance{Behaviour: "question", Question: "open", Text: pick("What", "How") + " do you feel about " + topic + "?"}
			case 1:
				u = annomi.Utterance{Behaviour: "question", Question: "closed", Text: pick("Do", "Did") + " you talk about " + topic + "?"}
			case 2:
				u = annomi.Utterance{Behaviour: "reflection", Reflection: "simple", Text: "You have been thinking about " + topic + "."}
			case 3:
				u = annomi.Utterance{Behaviour: "reflection", Reflection: "complex", Text: "You feel " + pick("scared", "torn", "hopeful", "ashamed") + " about " + topic + "."}
			case 4:
				u = annomi.Utterance{Behaviour: "therapist_input", Text: "You could try " + pick("a diary", "a plan", "some leaflets") + " for " + topic + "."}
			default:
				u = annomi.Utterance{Behaviour: "other", Text: pick("Okay.", "Mm-hmm.", "Right, okay.")}
			}
			u.Therapist = true
			add(u)
		}
		out = append(out, tr)
	}
	return out
}

func TestFromAnnoMI(t *testing.T) {
	trs := toyTranscripts(3, 1)
	for _, task := range AnnoMITasks {
		ex, err := FromAnnoMI(trs, task)
		if err != nil {
			t.Fatal(err)
		}
		if len(ex) == 0 {
			t.Fatalf("%s: no examples", task)
		}
		for _, e := range ex {
			if !slices.Contains(Tasks[task], e.Label) {
				t.Errorf("%s: label %q is not a task label", task, e.Label)
			}
			if !strings.HasPrefix(e.Context, "Well, I have been thinking") {
				t.Errorf("%s: context %q is not the preceding client turn", task, e.Context)
			}
			if e.Reply != "" && !strings.HasPrefix(e.Reply, "Well, I have been thinking") {
				t.Errorf("%s: reply %q is not the next client turn", task, e.Reply)
			}
			if e.Group == "" {
				t.Errorf("%s: example without a group", task)
			}
		}
	}
	if _, err := FromAnnoMI(trs, Exploration); err == nil {
		t.Error("AnnoMI has no exploration labels, but no error")
	}
}

func TestCheckTask(t *testing.T) {
	for task := range Tasks {
		if err := CheckTask(task); err != nil {
			t.Error(err)
		}
	}
	if err := CheckTask("nope"); err == nil || !strings.Contains(err.Error(), "behaviour") {
		t.Errorf("unknown task: %v", err)
	}
}

func TestTaskOptions(t *testing.T) {
	def := classifier.DefaultOptions()
	for _, task := range AnnoMITasks {
		o := TaskOptions(task)
		if o.Dim != def.Dim || o.Solver != def.Solver || !o.Balanced || o.L2 <= 0 {
			t.Errorf("%s: %+v", task, o)
		}
	}
	for _, task := range AnnoMITasks {
		msg, tr := TaskOptions(task), TranscriptOptions(task)
		if msg.Scale["reply"] != 0 || tr.Scale["reply"] != 1 || msg.L2 != tr.L2 {
			t.Errorf("%s: message %+v, transcript %+v", task, msg, tr)
		}
	}
	if o := TaskOptions(Exploration); o.L2 != def.L2 {
		t.Errorf("a task without its own options should get the defaults, got %+v", o)
	}
}

func TestTrainAnnoMI(t *testing.T) {
	trs := toyTranscripts(8, 2)
	small := classifier.DefaultOptions()
	small.Dim, small.L2 = 1<<14, 1
	models, err := TrainAnnoMI(trs, small)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ task, text, ctx, want string }{
		{Behaviour, "What do you feel about money?", "I have been thinking about money.", "question"},
		{Behaviour, "You could try a plan for money.", "I have been thinking about money.", "therapist_input"},
		{Behaviour, "Okay.", "I have been thinking about money.", "other"},
		{Question, "How do you feel about money?", "", "open"},
		{Question, "Did you talk about money?", "", "closed"},
		{Reflection, "You feel scared about money.", "I have been thinking about money.", "complex"},
		{Reflection, "You have been thinking about money.", "I have been thinking about money.", "simple"},
	}
	for _, c := range checks {
		m := models[c.task]
		if m == nil {
			t.Fatalf("no %s model", c.task)
		}
		if !slices.Equal(m.Labels, Tasks[c.task]) {
			t.Errorf("%s labels %v, want %v", c.task, m.Labels, Tasks[c.task])
		}
		if got, _ := m.Predict(c.text, c.ctx); got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.task, c.text, got, c.want)
		}
	}
	for _, task := range AnnoMITasks {
		msg, tr := models[task], models[engine.TranscriptModel(task)]
		if tr == nil {
			t.Fatalf("no transcript model for %s", task)
		}
		if msg.Scales[classifier.FamReply] != 0 || tr.Scales[classifier.FamReply] != 1 {
			t.Errorf("%s: reply scale %v in the message model, %v in the transcript model", task, msg.Scales[classifier.FamReply], tr.Scales[classifier.FamReply])
		}
	}
	if _, err := TrainAnnoMI(trs, small, small); err == nil {
		t.Error("two option sets accepted")
	}
	if _, err := TrainAnnoMI(nil); err == nil {
		t.Error("no transcripts: no error")
	}
}

// CrossValidate must never test on a group it trained on. Here each group's texts are one
// made-up word that only that group uses, with the group's label: a model that had seen the
// group would get it right every time, one that has not can only guess.
func TestCrossValidateGroupsNeverLeak(t *testing.T) {
	var ex []classifier.Example
	for g := range 20 {
		for i := range 10 {
			ex = append(ex, classifier.Example{Text: fmt.Sprintf("zq%dx", g), Context: fmt.Sprint(i % 2),
				Label: []string{"closed", "open"}[g%2], Group: fmt.Sprint(g)})
		}
	}
	opt := classifier.DefaultOptions()
	opt.Dim, opt.L2 = 1<<12, 0.1
	opt.Scale = map[string]float64{"char": 0} // character n-grams would see the digit parity
	var folds []int
	r, preds, err := CrossValidate(Question, ex, 5, opt, func(f int) { folds = append(folds, f) })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(folds, []int{0, 1, 2, 3, 4}) || len(preds) != len(ex) || r.N != len(ex) {
		t.Fatalf("folds %v, %d predictions, report n=%d", folds, len(preds), r.N)
	}
	if r.Accuracy > 0.8 {
		t.Errorf("accuracy %.2f on groups never seen: a group leaked into training", r.Accuracy)
	}
	// Trained and tested on the same data, the same model is right every time.
	m, _ := classifier.Train(Question, ex, opt)
	right := 0
	for _, e := range ex {
		if l, _ := m.Predict(e.Text, e.Context); l == e.Label {
			right++
		}
	}
	if right != len(ex) {
		t.Errorf("in-sample accuracy %d/%d: the test cannot tell leakage", right, len(ex))
	}
}

func TestCrossValidateLearns(t *testing.T) {
	ex, _ := FromAnnoMI(toyTranscripts(10, 4), Question)
	opt := classifier.DefaultOptions()
	opt.Dim, opt.L2 = 1<<14, 1
	r, _, err := CrossValidate(Question, ex, 5, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.MacroF1 < 0.95 {
		t.Errorf("macro-F1 %.3f on an obvious rule", r.MacroF1)
	}
}
