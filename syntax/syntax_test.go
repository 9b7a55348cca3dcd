package syntax

import (
	"slices"
	"strings"
	"testing"

	"github.com/rapporthq/rapport/textseg"
)

func words(s string) []string { return Words(textseg.Tokenize(s)) }

func TestForm(t *testing.T) {
	cases := []struct {
		text string
		want QuestionForm
	}{
		// wh-questions that invite the client's own words
		{"What brings you in today?", WhOpen},
		{"How are you feeling about that?", WhOpen},
		{"Why do you think that is?", WhOpen},
		{"So what would it take for you to cut down?", WhOpen},
		{"Okay, and how was the weekend?", WhOpen},
		{"So, Bob, what are you hoping to get out of today?", WhOpen},
		{"What-what do you think would help?", WhOpen},
		{"Wh-what happened after that?", WhOpen},
		{"What's been going on since I saw you last?", WhOpen},
		{"And so what happened next?", WhOpen},
		{"Um, how do you see your drinking fitting in with your plans?", WhOpen},
		// wh-questions that ask for one fact
		{"When did you last have a drink?", WhFact},
		{"Where do you usually smoke?", WhFact},
		{"Which one of those matters most?", WhFact},
		{"How many cigarettes a day are you smoking?", WhFact},
		{"How often do you drink during the week?", WhFact},
		{"How long have you been using?", WhFact},
		{"What time do you usually go to bed?", WhFact},
		{"Who do you live with?", WhFact},
		// yes/no questions
		{"Do you drink every day?", AuxInverted},
		{"Are you worried about your health?", AuxInverted},
		{"Have you ever tried to quit before?", AuxInverted},
		{"Can you come back next week?", AuxInverted},
		{"So, did you go to the meeting?", AuxInverted},
		{"Would you be willing to try that?", AuxInverted},
		{"Do-do you have any kids?", AuxInverted},
		// asking permission
		{"Is it okay if I share some information with you?", Permission},
		{"Do you mind if we talk about your drinking for a bit?", Permission},
		{"Okay, would it be alright if I asked a few questions about that?", Permission},
		{"So, can I share with you some information on alcohol use?", Permission},
		// scaling
		{"On a scale of 0 to 10, how ready are you to cut back?", Scaling},
		{"So, on a scale from 1 to 10, where would you put yourself?", Scaling},
		{"And how confident are you on that same scale?", Scaling},
		{"Would you scale back a bit?", AuxInverted},
		// choices
		{"Do you want to start with the alcohol or the smoking?", Either},
		{"Is it every day or just on weekends?", Either},
		// tags
		{"That was a hard week, wasn't it?", TagQuestion},
		{"You said you quit in May, right?", TagQuestion},
		{"That's your third time, correct?", TagQuestion},
		// declarative questions
		{"So you drink every day?", Declarative},
		{"You felt isolated?", Declarative},
		{"Really?", Declarative},
		{"Your mom watches him?", Declarative},
		// directives: open without a question mark
		{"Tell me more about that.", Directive},
		{"Tell me about your week.", Directive},
		{"So, walk me through a typical day.", Directive},
		{"Can you tell me a little more about that?", Directive},
		{"Could you say more about what worries you?", Directive},
		{"I'm curious what your family thinks.", Directive},
		{"Help me understand what happened.", Directive},
		// topic openers and elicitation
		{"What about your job?", WhatAboutForm},
		{"How about at home?", WhatAboutForm},
		{"Anything else?", Elicit},
		{"Okay. Any other concerns?", Elicit},
		{"What else?", Elicit},
		// left open on purpose
		{"Do you have a plan for that, or?", TrailingOr},
		// not questions
		{"You've been drinking less since March.", NotQuestion},
		{"It sounds like you're really worried about him.", NotQuestion},
		{"Okay.", NotQuestion},
		{"Mm-hmm.", NotQuestion},
		{"I wonder", Directive},
		{"That's great, you should be proud.", NotQuestion},
		{"", NotQuestion},
	}
	for _, c := range cases {
		// The form of a sentence, as the engine sees one: of its last sentence here.
		sents := textseg.Split(c.text)
		got := NotQuestion
		if len(sents) > 0 {
			got = Form(Words(sents[len(sents)-1].Tokens))
		}
		if got != c.want {
			t.Errorf("Form(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
}

func TestOpen(t *testing.T) {
	open := []QuestionForm{WhOpen, Directive, WhatAboutForm, Elicit, TrailingOr}
	for _, f := range []QuestionForm{NotQuestion, WhOpen, WhFact, AuxInverted, Either, TagQuestion, Declarative, Directive, WhatAboutForm, Elicit, TrailingOr} {
		if got, want := f.Open(), slices.Contains(open, f); got != want {
			t.Errorf("%q.Open() = %v, want %v", f, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"what-what do you think", "what do you think"},
		{"wh-what happened", "what happened"},
		{"so so you said", "so you said"},
		{"what's going on", "what going on"},
		{"well-being matters", "well-being matters"},
		{"i-i don't know", "i don't know"},
		{", , okay", ", , okay"},
	}
	for _, c := range cases {
		if got := strings.Join(Normalize(strings.Fields(c.in)), " "); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestQuestionClause(t *testing.T) {
	cases := []struct{ in, want string }{
		{"So, Bob, what are you hoping for?", "what are you hoping for"},
		{"Okay. How was it?", "how was it"},
		{"And so what happened next?", "what happened next"},
		{"That was hard, wasn't it?", "wasn't it"},
		{"Tell me about it.", "tell me about it"},
		{"You felt isolated?", "you felt isolated"},
		{"It was a good week.", ""},
	}
	for _, c := range cases {
		sents := textseg.Split(c.in)
		got := strings.Join(QuestionClause(Words(sents[len(sents)-1].Tokens)), " ")
		if got != c.want {
			t.Errorf("QuestionClause(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStem(t *testing.T) {
	same := [][]string{
		{"drink", "drinks", "drinking"},
		{"worried", "worries", "worrying", "worry"},
		{"stop", "stopped", "stopping", "stops"},
		{"feel", "feeling", "feelings"},
		{"stress", "stressed"},
		{"family", "families"},
		{"smoke", "smoking", "smokes"},
		{"kid", "kids"},
	}
	for _, group := range same {
		for _, w := range group[1:] {
			if Stem(w) != Stem(group[0]) {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want equal", w, Stem(w), group[0], Stem(group[0]))
			}
		}
	}
	for _, w := range []string{"is", "his", "this", "us", "focus", "anxious", "bus", ""} {
		if Stem(w) == "" && w != "" {
			t.Errorf("Stem(%q) is empty", w)
		}
	}
	if Stem("this") == Stem("th") || Stem("focus") != "focus" {
		t.Errorf("Stem over-strips: this→%q focus→%q", Stem("this"), Stem("focus"))
	}
}

func TestContains(t *testing.T) {
	w := strings.Fields("it sounds like you are worried")
	if !Contains(w, []string{"sounds", "like"}) || Contains(w, []string{"like", "sounds"}) || !Contains(w, nil) {
		t.Error("Contains is wrong")
	}
	if Contains([]string{"so"}, []string{"so", "you"}) {
		t.Error("Contains matched past the end")
	}
}

func TestWordLists(t *testing.T) {
	if !FeelingWords["frustrated"] || !ValueWords["family"] || !StopWord("the") || StopWord("drinking") {
		t.Error("word classes are missing basic members")
	}
	for _, p := range append(slices.Clone(ReflectionStems), DoubleSided...) {
		if len(p) == 0 {
			t.Error("empty phrase")
		}
	}
}

func FuzzForm(f *testing.F) {
	for _, s := range []string{"What-what do you think?", "Tell me more.", ", , ?", "or?", "- ?", "wh-wh-wh-what?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := words(s)
		Form(w)
		QuestionClause(w)
		for _, x := range w {
			Stem(x)
		}
	})
}
