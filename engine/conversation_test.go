package engine

import (
	"errors"
	"slices"
	"testing"

	"github.com/rapporthq/rapport/classifier"
)

func conv(turns ...string) []Turn {
	var out []Turn
	for i := 0; i+1 < len(turns); i += 2 {
		out = append(out, Turn{Speaker: "Client", Text: turns[i]}, Turn{Speaker: "Case manager", Practitioner: true, Text: turns[i+1]})
	}
	return out
}

// A session in the spirit of MI: reflections, open questions, permission, autonomy.
var goodSession = conv(
	"I keep missing my appointments.", "Getting there has been a real struggle lately. What's been getting in the way?",
	"The bus takes two hours and my back hurts the whole time.", "So the trip itself wears you out before you even arrive.",
	"Yeah. I almost gave up last week.", "Part of you wanted to quit, and part of you still made it here today.",
	"I guess I did.", "That took real determination. Would it be okay if I shared a couple of transport options?",
	"Sure.", "There's a medical ride service that picks you up at home. It's your call whether it fits.",
)

// A session that persuades, lectures and judges.
var poorSession = conv(
	"I keep missing my appointments.", "You need to stop missing them. Did you set an alarm?",
	"The bus takes two hours.", "You should leave earlier then. Are you taking your pain meds?",
	"Sometimes.", "You have to take them every day. That's just irresponsible.",
	"I'm doing my best.", "Calm down. Did you fill out the form?",
	"No.", "You need to do it by Friday or you lose the ride benefit.",
)

func TestConversationSeparatesGoodFromPoor(t *testing.T) {
	a := mustAnalyzer(t)
	good, err := a.AnalyzeConversation(goodSession)
	if err != nil {
		t.Fatal(err)
	}
	poor, err := a.AnalyzeConversation(poorSession)
	if err != nil {
		t.Fatal(err)
	}
	if good.Session.Overall <= poor.Session.Overall+20 {
		t.Errorf("session scores: good %d, poor %d; want good well above poor", good.Session.Overall, poor.Session.Overall)
	}
	if good.Metrics.ReflectionShare <= poor.Metrics.ReflectionShare {
		t.Errorf("reflection share: good %v, poor %v", good.Metrics.ReflectionShare, poor.Metrics.ReflectionShare)
	}
	if poor.Metrics.NonAdherent < 4 || good.Metrics.NonAdherent > 0 {
		t.Errorf("non-adherent counts: good %d, poor %d", good.Metrics.NonAdherent, poor.Metrics.NonAdherent)
	}
	if good.Metrics.Note == "" || good.Metrics.PercentOpen.Source == "" {
		t.Error("thresholds must be labelled as expert opinion with their source")
	}
}

func TestConversationTurnsAndContext(t *testing.T) {
	a := mustAnalyzer(t)
	c, err := a.AnalyzeConversation(goodSession)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Turns) != len(goodSession) {
		t.Fatalf("%d turns, want %d", len(c.Turns), len(goodSession))
	}
	for _, tr := range c.Turns {
		if tr.Practitioner != (tr.Analysis != nil) {
			t.Errorf("turn %d: practitioner %v but analysis %v", tr.Index, tr.Practitioner, tr.Analysis != nil)
		}
		if tr.Practitioner && tr.Behaviour == "" {
			t.Errorf("turn %d has no behaviour", tr.Index)
		}
	}
	// The second practitioner turn reflects the client's words just before it.
	if b := c.Turns[3].Behaviour; b != "reflection" {
		t.Errorf("turn 3 %q coded %q, want reflection", c.Turns[3].Text, b)
	}
	if m := c.Metrics; m.PercentOpen.Rating == "" || m.ReflectionToQ.Good != 2 || m.PercentComplex.Fair != 0.4 {
		t.Errorf("MITI thresholds wrong: %+v", m)
	}
	if c.Metrics.TalkShare <= 0 || c.Metrics.TalkShare >= 1 {
		t.Errorf("talk share %v", c.Metrics.TalkShare)
	}
}

func TestConversationErrors(t *testing.T) {
	a := mustAnalyzer(t)
	if _, err := a.AnalyzeConversation([]Turn{{Speaker: "A", Text: "hello"}}); !errors.Is(err, ErrNoPractitioner) {
		t.Errorf("no practitioner: err %v", err)
	}
	if _, err := a.AnalyzeConversation(nil); !errors.Is(err, ErrNoPractitioner) {
		t.Errorf("empty: err %v", err)
	}
	c, err := a.AnalyzeConversation([]Turn{{Speaker: "CM", Practitioner: true, Text: "   "}, {Speaker: "CM", Practitioner: true, Text: "How are you?"}})
	if err != nil {
		t.Fatalf("an empty turn among others must not fail: %v", err)
	}
	if c.Turns[0].Analysis != nil {
		t.Error("an empty turn has no analysis")
	}
}

func TestMeasureRatings(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		ok   bool
		want string
	}{{0.3, true, "below fair"}, {0.4, true, "fair"}, {0.5, true, "good"}, {0.9, true, "good"}, {0, false, "n/a"}} {
		if got := measure(tc.v, tc.ok, 0.4, 0.5, "test").Rating; got != tc.want {
			t.Errorf("measure(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	best := Metrics{ReflectionToQ: Measure{Value: 3, Good: 2}, ReflectionShare: 0.6, PracticeTurns: 10}
	worst := Metrics{ReflectionToQ: Measure{Value: 0, Good: 2}, InputShare: 0.8, NonAdherent: 5, PracticeTurns: 10}
	if sessionScore(best) != 100 || sessionScore(worst) != 0 {
		t.Errorf("session score bounds: best %d, worst %d", sessionScore(best), sessionScore(worst))
	}
}

// Each turn's reply is the next client turn, skipping the practitioner's own further turns; the
// last turns have none.
func TestClientReplies(t *testing.T) {
	turns := []Turn{
		{Speaker: "CM", Practitioner: true, Text: "How are you?"},
		{Speaker: "Client", Text: "Tired."},
		{Speaker: "CM", Practitioner: true, Text: "Tired."},
		{Speaker: "CM", Practitioner: true, Text: "What keeps you up?"},
		{Speaker: "Client", Text: "The baby."},
		{Speaker: "CM", Practitioner: true, Text: "That sounds hard."},
	}
	want := []string{"Tired.", "The baby.", "The baby.", "The baby.", "", ""}
	if got := clientReplies(turns); !slices.Equal(got, want) {
		t.Errorf("replies %q, want %q", got, want)
	}
}

// A bundle without transcript models (one trained on a text,label CSV) still codes turns, with
// the message models.
func TestConversationFallsBackToMessageModels(t *testing.T) {
	b, err := BuiltinModels()
	if err != nil {
		t.Fatal(err)
	}
	msgOnly := &classifier.Bundle{FeatureVersion: b.FeatureVersion, Models: map[string]*classifier.Model{}}
	for _, task := range []string{"behaviour", "question", "reflection"} {
		if b.Models[TranscriptModel(task)] == nil {
			t.Fatalf("the built-in bundle has no transcript model for %s", task)
		}
		msgOnly.Models[task] = b.Models[task]
	}
	a, err := New(WithModels(msgOnly))
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.AnalyzeConversation(goodSession)
	if err != nil {
		t.Fatal(err)
	}
	if b := c.Turns[3].Behaviour; b != "reflection" {
		t.Errorf("turn 3 coded %q with message models, want reflection", b)
	}
}

// Permission asked once covers the advice of the next few practitioner turns, unless the client
// declines; a single text cannot see it.
func TestPermissionCarriesAcrossTurns(t *testing.T) {
	a := mustAnalyzer(t)
	advice := func(reply string) Code {
		c, err := a.AnalyzeConversation(conv(
			"I want to cut down on smoking.", "Would it be okay if I shared a few things other people have found helpful?",
			reply, "Okay.",
			"Mm.", "You could try the nicotine patch, and you should keep gum in your bag for cravings.",
		))
		if err != nil {
			t.Fatal(err)
		}
		an := c.Turns[len(c.Turns)-1].Analysis
		for _, f := range an.Findings {
			if f.Code == AdviceWithPermission || f.Code == AdviceWithoutPermission {
				return f.Code
			}
		}
		t.Fatalf("reply %q: no advice finding in %+v", reply, an.Findings)
		return ""
	}
	for reply, want := range map[string]Code{
		"Sure, go ahead.":           AdviceWithPermission,
		"No problem.":               AdviceWithPermission,
		"No, not really.":           AdviceWithoutPermission,
		"I'd rather not right now.": AdviceWithoutPermission,
	} {
		if got := advice(reply); got != want {
			t.Errorf("after %q: %s, want %s", reply, got, want)
		}
	}
	// Words that merely contain a plea are none: "pressured" is not "sure", and "he didn't tell
	// me" asks for nothing.
	for _, client := range []string{"I felt pressured into it.", "He didn't really tell me."} {
		c, err := a.AnalyzeConversation(conv(client, "You should keep gum in your bag for cravings."))
		if err != nil {
			t.Fatal(err)
		}
		if f := findCode(*c.Turns[len(c.Turns)-1].Analysis, AdviceWithoutPermission); f == nil {
			t.Errorf("after %q, advice counted as asked for", client)
		}
	}
	// Alone, the same advice is unasked.
	an, err := a.Analyze(Input{Text: "You could try the nicotine patch.", Context: "Mm.", Kind: KindUtterance})
	if err != nil || findCode(an, AdviceWithoutPermission) == nil {
		t.Errorf("the advice alone: %+v, %v", an.Findings, err)
	}
	// Permission runs out after a few turns.
	turns := conv(
		"I want to cut down.", "Would it be okay if I shared some ideas?",
		"Sure.", "Okay.", "Mm.", "Okay.", "Mm.", "Right.", "Mm.", "Right.",
		"Yeah.", "You need to throw out your cigarettes.",
	)
	c, err := a.AnalyzeConversation(turns)
	if err != nil {
		t.Fatal(err)
	}
	if f := findCode(*c.Turns[len(c.Turns)-1].Analysis, AdviceWithoutPermission); f == nil {
		t.Error("permission asked five turns earlier still covers advice")
	}
}

// TestAgreeWithTurnCode: a turn's one reflection or question finding takes the turn's subtype
// (which also read the client's reply), and the levels and score follow; a turn with two
// questions keeps each sentence's own subtype.
func TestAgreeWithTurnCode(t *testing.T) {
	an := Analysis{Kind: KindUtterance, Findings: []Finding{
		{Code: Interpretation, Start: 0, End: 30, Confidence: 0.8},
		{Code: ComplexReflection, Start: 0, End: 60, Confidence: 0.55, Reason: subtypeReasons[ComplexReflection]},
	}}
	an.Levels = levels(an.Findings)
	an.Overall = overall(an.Kind, an.Levels, an.Findings)
	before := an.Overall
	agree(&an, "reflection", "simple")
	if f := an.Findings[1]; f.Code != SimpleReflection || f.Reason != subtypeReasons[SimpleReflection] {
		t.Errorf("finding %+v, want a simple reflection with its own reason", f)
	}
	if an.Overall != overall(an.Kind, levels(an.Findings), an.Findings) || an.Overall >= before {
		t.Errorf("score %d after relabelling (was %d): not recomputed", an.Overall, before)
	}

	two := Analysis{Kind: KindUtterance, Findings: []Finding{{Code: OpenQuestion}, {Code: ClosedQuestion}}}
	agree(&two, "question", "closed")
	if two.Findings[0].Code != OpenQuestion {
		t.Errorf("two questions: the open one became %s", two.Findings[0].Code)
	}

	// On a whole call, no turn shows one subtype in its code and the other in its finding.
	c, err := mustAnalyzer(t).AnalyzeConversation(conv(
		"Honestly not great. I can't keep track of all the new pills and I'm scared I'll mess it up.",
		"That sounds really overwhelming, coming home with a whole new routine.",
		"Yeah. My daughter tries to help but she works nights.", "So you've got some help, but not when you need it most.",
		"The pharmacy keeps getting my refills wrong.", "What have you tried so far?",
		"Calling them.", "Did that help?"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range c.Turns {
		if !tr.Practitioner {
			continue
		}
		pair, ok := subtypeCodes[tr.Behaviour]
		var found []Code
		for _, f := range tr.Analysis.Findings {
			if ok && (f.Code == pair[0] || f.Code == pair[1]) {
				found = append(found, f.Code)
			}
		}
		want := pair[1]
		if tr.Subtype == "open" || tr.Subtype == "complex" {
			want = pair[0]
		}
		if len(found) == 1 && found[0] != want {
			t.Errorf("turn %q coded %s/%s but its finding says %s", tr.Text, tr.Behaviour, tr.Subtype, found[0])
		}
	}
}

// TestMetricsCountEveryAct: as in MITI, a turn that reflects and then asks counts one reflection
// and one question, and the counts agree with the findings shown for the turns.
func TestMetricsCountEveryAct(t *testing.T) {
	c, err := mustAnalyzer(t).AnalyzeConversation(conv(
		"Up and down. I skip the evening dose because I get so tired.",
		"You get worn out by evening, and the dose feels like one more thing.",
		"And I live alone so nobody reminds me.",
		"Being on your own with all of this sounds lonely. What would make the evening dose easier?"))
	if err != nil {
		t.Fatal(err)
	}
	var q, r int
	for _, tr := range c.Turns {
		if tr.Analysis == nil {
			continue
		}
		for _, f := range tr.Analysis.Findings {
			switch f.Code {
			case OpenQuestion, ClosedQuestion:
				q++
			case SimpleReflection, ComplexReflection:
				r++
			}
		}
	}
	m := c.Metrics
	if q != 1 || r != 2 {
		t.Fatalf("findings: %d questions and %d reflections, want 1 and 2", q, r)
	}
	if m.OpenQuestions+m.ClosedQuestions != q || m.SimpleReflections+m.ComplexReflections != r {
		t.Errorf("metrics count %d questions and %d reflections; the findings show %d and %d",
			m.OpenQuestions+m.ClosedQuestions, m.SimpleReflections+m.ComplexReflections, q, r)
	}
}
