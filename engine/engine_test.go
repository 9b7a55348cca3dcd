package engine

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func analyze(t testing.TB, text, context string, kind Kind) Analysis {
	t.Helper()
	an, err := mustAnalyzer(t).Analyze(Input{Text: text, Context: context, Kind: kind})
	if err != nil {
		t.Fatalf("Analyze(%q): %v", text, err)
	}
	return an
}

func findCode(an Analysis, c Code) *Finding {
	for i := range an.Findings {
		if an.Findings[i].Code == c {
			return &an.Findings[i]
		}
	}
	return nil
}

// apply performs a suggestion on text, as the one-click accept does.
func apply(text string, s *Suggestion) string {
	r := []rune(text)
	return string(r[:s.Start]) + s.Text + string(r[s.End:])
}

func TestNoncompliantRewriteKeepsMeaning(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"You're noncompliant with meds.", "You haven't been taking your meds as prescribed."},
		{"Client is non-compliant with insulin.", "Client has not been taking insulin as prescribed."},
		{"He remains noncompliant with his medication, per pharmacy.", "He has not been taking his medication as prescribed, per pharmacy."},
	} {
		an := analyze(t, tc.text, "", KindNote)
		f := findCode(an, StigmatizingLanguage)
		if f == nil || f.Suggestion == nil {
			t.Fatalf("%q: no stigmatizing_language suggestion: %+v", tc.text, an.Findings)
		}
		if got := apply(tc.text, f.Suggestion); got != tc.want {
			t.Errorf("%q rewritten as %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestSuggestionsUseTheWritersWords(t *testing.T) {
	for _, tc := range []struct {
		text, context string
		code          Code
		want          string
	}{
		{"You need to stop drinking.", "I had a few beers.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to stop drinking. What do you think?"},
		{"Just call them.", "They haven't called back.", AdviceWithoutPermission, "Would it help to call them?"},
		{"Maybe you could try cutting out coffee after lunch.", "I can't sleep.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be cutting out coffee after lunch. What do you think?"},
		{"You need to bring your pay stubs on Monday.", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to bring your pay stubs on Monday. What do you think?"},
		{"I hope you consider cutting back on salt this month.", "", AdviceWithoutPermission,
			"Would it help to consider cutting back on salt this month?"},
		{"It works best at night, and it's important that you take it with food.", "", AdviceWithoutPermission,
			"It works best at night. Would it help to take it with food?"},
		{"What I would recommend is that you rest and drink plenty of fluids.", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to rest and drink plenty of fluids. What do you think?"},
		{"That's why I recommend that all my patients quit.", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? That's why I recommend that all my patients quit."},
		{"And if the cravings hit after dinner, go for a short walk.", "", AdviceWithoutPermission,
			"And if the cravings hit after dinner, would it help to go for a short walk?"},
		{"How about you stop by the pantry on Thursday?", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? How about you stop by the pantry on Thursday?"},
		{"Honestly, I can't believe you'd do that.", "I smoked in the car with the baby.", Judgment,
			"Honestly, I'd like to understand what led you to do that."},
		{"Maybe you could try, like, a sticker chart?", "Bedtime takes two hours.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to try a sticker chart. What do you think?"},
		{"So why not just, you know, do it again?", "I did Dry January and felt amazing.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to do it again. What do you think?"},
		{"If you turn up late, I can't be bothered holding your place.", "", Judgment,
			"If you turn up late, I'd like to understand what has been getting in the way."},
		{"It's your annual CPA review next week.", "", Jargon, "It's your annual care programme review next week."},
		{"That's such a painful thing to watch, but try to remember she's still in there.", "", AdviceWithoutPermission,
			"That's such a painful thing to watch. Would it help to try to remember she's still in there?"},
		{"IOP starts Monday.", "", Jargon, "Intensive outpatient program starts Monday."},
		{"You have a h/o falls, so use the rail.", "", Jargon, "You have a history of falls, so use the rail."},
		{"Please stay NPO after midnight.", "", Jargon, "Please stay without food or drink after midnight."},
		{"It's not that bad. You need to stay positive.", "I'm scared the cancer is back.", Minimizing,
			"It makes sense to feel scared. You need to stay positive."},
		{"The nurse wants you NPO after midnight.", "", Jargon, "The nurse wants you to have nothing to eat or drink after midnight."},
		{"I understand, but you need to call the landlord today.", "I got an eviction notice.", AdviceWithoutPermission,
			"I understand. Would it be okay if I shared an idea? One option might be to call the landlord today. What do you think?"},
		{"Honestly you should just leave him.", "He yelled at me again.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to leave him. What do you think?"},
		{"Have you tried a pill box?", "I keep forgetting my tablets.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to try a pill box. What do you think?"},
		{"Have you considered respite?", "I haven't slept in weeks looking after Dad.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be respite. What do you think?"},
		{"Why not call the helpline?", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to call the helpline. What do you think?"},
		{"Why don't you get a pill box?", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be to get a pill box. What do you think?"},
		{"What about a pill box?", "I keep forgetting my tablets.", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be a pill box. What do you think?"},
		{"Have you looked into the respite grant?", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be the respite grant. What do you think?"},
		{"You just need a proper break.", "", AdviceWithoutPermission,
			"Would it be okay if I shared an idea? One option might be a proper break. What do you think?"},
		{"NPO after midnight, please.", "", Jargon, "Nothing to eat or drink after midnight, please."},
		{"Want to meet for coffee on Saturday?", "", BoundaryRisk, "Let's keep talking at our next appointment."},
		{"You're my favourite client, you know.", "", BoundaryRisk, "I've really valued working with you, and I'll keep supporting you in my role here."},
		{"Don't tell anyone, but I've put twenty quid on your meter.", "", BoundaryRisk,
			"I can't keep things just between us, but if I ever need to share something, I'll tell you first and why."},
		{"My personal mobile is 07700 900123.", "", BoundaryRisk, "You can reach me through the office line during working hours."},
		{"Hi, I'll bring round my old sofa on Saturday.", "", BoundaryRisk,
			"Hi, I can't do that myself, but let's look at what the service can arrange for you."},
		{"I understand, but you have to follow the plan.", "", ButCancel, "I understand, and you have to follow the plan."},
		{"Calm down.", "This is unfair!", Dismissive, "I can see how upsetting this is."},
		{"You poor thing.", "He left.", SympathyPity, "That sounds really hard."},
		{"Your PCP will call.", "", Jargon, "Your primary care doctor will call."},
		{"The MDT will meet on Thursday to discuss your discharge.", "", Jargon, "The care team will meet on Thursday to discuss your discharge."},
		{"Dr Patel wants an ECHO next week.", "", Jargon, "Dr Patel wants a heart scan next week."},
		{"Stay NBM from midnight.", "", Jargon, "Stay without food or drink from midnight."},
		{"The CPAP machine arrives Monday.", "", Jargon, "The sleep breathing machine arrives Monday."},
		{"Other addicts in the group found it useful.", "", StigmatizingLanguage, ""},
		{"He is an IV drug user.", "", StigmatizingLanguage, "He is a person who injects drugs."},
	} {
		an := analyze(t, tc.text, tc.context, KindMessage)
		f := findCode(an, tc.code)
		if f == nil || f.Suggestion == nil {
			t.Errorf("%q: no %s suggestion (findings %+v)", tc.text, tc.code, an.Findings)
			continue
		}
		got := apply(tc.text, f.Suggestion)
		if tc.want != "" && got != tc.want {
			t.Errorf("%q → %q, want %q", tc.text, got, tc.want)
		}
		if got == tc.text {
			t.Errorf("%q: suggestion changes nothing", tc.text)
		}
	}
}

// TestRewritesReadAsSentences applies each rewrite and checks the whole text that results: a
// rewrite that fits its own words but leaves the rest of the clause dangling ("What got in the
// way to anything I say") is worse than none.
func TestRewritesReadAsSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		kind Kind
		code Code
		want string
	}{
		// The phrase's own rewrite, where the phrase ends its clause.
		{"The client is lazy.", KindNote, Judgment, "The client has had low energy."},
		{"Client is noncompliant with meds and lazy.", KindNote, StigmatizingLanguage,
			"Client has not been taking meds as prescribed and is lazy."},
		{"Client is noncompliant with meds and has missed two visits.", KindNote, StigmatizingLanguage,
			"Client has not been taking meds as prescribed and has missed two visits."},
		{"Client is lazy and unmotivated, always has an excuse for missing appointments.", KindNote, Judgment,
			"Client has been having trouble getting started, always has an excuse for missing appointments."},
		{"Pt is manipulative and attention-seeking, exaggerates symptoms.", KindNote, Judgment,
			"Pt is trying hard to get needs met, exaggerates symptoms."},
		// A rewrite that leads into the writer's words keeps them.
		{"At least you still have a roof over your head.", KindMessage, Minimizing,
			"That is a real loss, and it matters that you still have a roof over your head."},
		{"At least you had a few good years together.", KindMessage, Minimizing,
			"That is a real loss, and it matters that you had a few good years together."},
		{"You need to stay positive.", KindMessage, Minimizing, "This sounds really hard."},
		{"You need to calm down, okay?", KindUtterance, Dismissive, "I can see how upsetting this is."},
		// The non-apology becomes one that owns what happened.
		{"I'm sorry you feel we let you down.", KindMessage, Dismissive, "I'm sorry we let you down."},
		{"Dear Ms Carter, I'm sorry you feel the service has been lacking.", KindMessage, Dismissive,
			"Dear Ms Carter, I'm sorry the service has been lacking."},
		{"At least the surgery went well.", KindMessage, Minimizing,
			"This is a lot to go through, even though the surgery went well."},
		{"Why didn't you call me before you stopped the medication?", KindUtterance, Judgment,
			"What made it hard to call me before you stopped the medication?"},
		{"I can't believe you missed another appointment.", KindMessage, Judgment, "I noticed you missed another appointment."},
		{"Why would you do that?", KindUtterance, Judgment, "What led you to do that?"},
		{"What kind of mother misses her son's court date?", KindUtterance, Judgment,
			"What got in the way for the person who misses her son's court date?"},
		// A clause-opening phrase's rewrite replaces the clause, leaving nothing dangling.
		{"You only have yourself to blame for this.", KindUtterance, Judgment, "A lot of things led up to this."},
		{"I think you're wrong. You know, it really worries me.", KindUtterance, Judgment, "I see it differently. You know, it really worries me."},
		{"I don't have time for this right now.", KindUtterance, Dismissive,
			"I want to give this the time it deserves; can we set a time today."},
		// No rewrite of its own: the clause gives way to curiosity, and the other clauses stay.
		{"You never listen to anything I say.", KindMessage, Judgment, "I'd like to understand what has been getting in the way."},
		{"Honestly, that was a stupid decision.", KindUtterance, Judgment, "Honestly, I'd like to understand what has been getting in the way."},
		{"Using again after everything we did? What were you thinking, Marcus.", KindUtterance, Judgment,
			"Using again after everything we did? What was going on for you then, Marcus."},
		{"He brought this on himself, per his sister.", KindNote, Judgment, "He brought this on himself, per his sister."},
		{"It's just a little setback, you'll bounce back in no time.", KindMessage, Minimizing,
			"This sounds really hard."},
		{"You poor thing, that sounds awful.", KindMessage, SympathyPity, "That sounds awful."},
		{"Oh, bless your heart, you've had such a pitiful life.", KindMessage, SympathyPity,
			"You've had such a pitiful life."},
		// A predicate rewrite agrees with the verb it replaces.
		{"His parents are lazy and unmotivated.", KindNote, Judgment, "His parents have been having trouble getting started."},
		{"They were manipulative with staff.", KindNote, StigmatizingLanguage, "They were trying hard to get needs met with staff."},
		// Pity in a note gives way to the facts, in the record's voice, not to words for the client.
		{"Poor woman is living in her car.", KindNote, SympathyPity, "She is living in her car."},
		{"The poor guy has been sleeping in the bus station.", KindNote, SympathyPity, "He has been sleeping in the bus station."},
		{"Poor thing has lost everything in the fire.", KindNote, SympathyPity, "Client has lost everything in the fire."},
		{"I feel so sorry for this client, she has nobody.", KindNote, SympathyPity, "She has nobody."},
		{"She lost her job last week, poor thing.", KindNote, SympathyPity, "She lost her job last week."},
		{"Pt is such a sad case, no family nearby.", KindNote, SympathyPity, "Pt has been through a great deal, no family nearby."},
		{"Client was a sad case.", KindNote, SympathyPity, "Client had been through a great deal."},
		{"It is just so sad.", KindNote, SympathyPity, "Client is going through a hard time."},
		{"They brought this on themselves.", KindNote, Judgment, "They have had many things lead up to this."},
		{"Your C&P exam is on Friday.", KindMessage, Jargon, "Your VA disability exam is on Friday."},
		{"The nurse will change the dressing q48h.", KindMessage, Jargon, "The nurse will change the dressing every 48 hours."},
		// An order that ends a sentence about something else becomes a question of its own.
		{"Your sugar was high this morning, so cut out the juice for now.", KindMessage, AdviceWithoutPermission,
			"Your sugar was high this morning. Would it help to cut out the juice for now?"},
		{"Good for you, but one meeting won't fix it.", KindMessage, ButCancel, "Good for you, and one meeting won't fix it."},
		{"Don't skip your evening dose.", KindMessage, AdviceWithoutPermission, "Would it help not to skip your evening dose?"},
		// A verdict that names its subject keeps the subject; a sneer word gives way to a plain one.
		{"Client is difficult and demanding; calls daily about his claim.", KindNote, Judgment,
			"Client has found this hard; calls daily about his claim."},
		{"Client predictably asked for food vouchers.", KindNote, Judgment, "Client again asked for food vouchers."},
		{"Take his account with a pinch of salt.", KindNote, Judgment, "Take his account as given."},
		{"It's probably just a phase.", KindMessage, Minimizing, "It is worth taking seriously."},
		{"Apparently his kid was 'sick' again.", KindNote, Judgment, "Apparently his kid was sick again."},
		// A brush-off names the feeling it waved away, with what the feeling is about.
		{"You shouldn't feel guilty! You're doing your best.", KindMessage, Dismissive, "It makes sense to feel guilty. You're doing your best."},
		{"Don't stress about the caseworker change.", KindMessage, Dismissive, "It makes sense to feel stressed about the caseworker change."},
		// After the worker's own acknowledgement, a brush-off or a put-down after "but" goes, and
		// the sentence ends with the acknowledgement; "and" would keep the put-down.
		{"It's understandable to feel guilty, but really, there's no point dwelling on it now.", KindUtterance, Dismissive,
			"It's understandable to feel guilty."},
		{"I know your back's been bad, but honestly a bit of hoovering never killed anyone.", KindMessage, ButCancel,
			"I know your back's been bad."},
		{"That sounds really tough. But you brought this on yourself.", KindMessage, ButCancel, "That sounds really tough."},
		// A sentence of its own in place of a clause does not join two sentences with a comma.
		{"We've got people waiting since last summer, so honestly you're not doing too badly.", KindUtterance, Minimizing,
			"We've got people waiting since last summer. This sounds really hard."},
		// A note keeps its facts: an opinion that is most of its clause is deleted, not replaced
		// by a reason no one has explored; a note does not claim a review or a plan that never
		// happened.
		{"Callum says he can cook for himself but I have my doubts.", KindNote, Judgment, "Callum says he can cook for himself."},
		{"Wife reports he drinks after harvest. Typical of the men on these crews; no further action.", KindNote, Judgment,
			"Wife reports he drinks after harvest. No further action."},
		{"Client was pleasant and cooperative today, for once.", KindNote, Judgment, "Client was pleasant and cooperative today."},
		{"Says she takes it all herself. We all know where half of it ends up.", KindNote, Judgment, "Says she takes it all herself."},
		{"Client rang again, very upset. Told her there is nothing more we can do.", KindNote, Dismissive,
			"Client rang again, very upset. Told her there is nothing more we can do. The concern is still open and needs a follow-up."},
		{"Client cried again. Overly dramatic; nothing is actually wrong, she just wants attention.", KindNote, Dismissive,
			"Client cried again. Overly dramatic, she just wants attention."},
		{"Stop worrying about the letter, they send them to everyone.", KindMessage, Dismissive, "It makes sense to feel worried about the letter."},
		// A tag or a hedge left hanging, or an exclamation mark on understanding, goes with the
		// clause it hung on.
		{"Let's focus on the positives today, shall we? How's the new job?", KindUtterance, Dismissive,
			"That sounds important, and I want to hear more about it. How's the new job?"},
		{"Beggars can't be choosers, I'm afraid.", KindUtterance, Judgment, "I'd like to understand what has been getting in the way."},
		{"Sorry to hear the scan showed a shadow. I'm sure it'll turn out to be nothing!", KindMessage, Minimizing,
			"Sorry to hear the scan showed a shadow. This sounds really hard."},
		{"I know, I know. Anyway, let's get to the renewal form.", KindUtterance, Dismissive,
			"I know, I know. That matters, and we can come back to it; for now, let's get to the renewal form."},
		{"Hi Ms Reid, kids will be kids, and Jayden needs to learn to let it wash over him a bit.", KindMessage, Minimizing,
			"Hi Ms Reid. This sounds really hard."},
		{"Mr Evans is a stroke survivor who is now wheelchair bound.", KindNote, StigmatizingLanguage,
			"Mr Evans is a stroke survivor who now uses a wheelchair."},
		{"She was wheelchair-bound for years.", KindNote, StigmatizingLanguage, "She used a wheelchair for years."},
		{"Well, it's your choice, but have you really thought about what that means for school?", KindUtterance, Judgment,
			"Well, it's your choice."},
		{"Well, that's how people end up losing toes, isn't it?", KindUtterance, Judgment, "Well, what has been getting in the way?"},
		{"We're refeeding under the MHA.", KindMessage, Jargon, "We're refeeding under the Mental Health Act."},
		{"Your IADLs were flagged.", KindMessage, Jargon, "Your everyday tasks like shopping and cooking were flagged."},
		{"He's wheelchair bound.", KindNote, StigmatizingLanguage, "He uses a wheelchair."},
		// Pity as a name is deleted where words around it care; alone, it is answered.
		{"That's awful, Bilal, you poor, poor man. I'm ringing the housing team now.", KindMessage, SympathyPity,
			"That's awful, Bilal. I'm ringing the housing team now."},
		{"Oh, you poor thing. I wish I could do more for you.", KindMessage, SympathyPity,
			"That sounds really hard. I wish I could do more for you."},
		// A rule with its consequence is asked about first and kept, not turned into an option.
		{"I can hear how exhausted you are, but you still need to make the 9 a.m. or they'll close the referral.", KindMessage,
			AdviceWithoutPermission, "I can hear how exhausted you are. Can I go over what's needed and why? You still need to make the 9 a.m. or they'll close the referral."},
		{"You need to send the form by Friday, otherwise the claim lapses.", KindMessage, AdviceWithoutPermission,
			"Can I go over what's needed and why? You need to send the form by Friday, otherwise the claim lapses."},
		// A reproach after the rewritten clause goes with it; a plan of the worker's stays.
		{"I'm a bit disappointed, to be honest, we talked about this.", KindMessage, Judgment,
			"I'd like to understand what has been getting in the way."},
		{"Presented with an abscess to L forearm, IVDU, refused bloods.", KindNote, StigmatizingLanguage,
			"Presented with an abscess to L forearm, injection drug use, refused bloods."},
		{"It's not a big deal, we'll rebook you for the 14th.", KindMessage, Minimizing, "It is a real worry, we'll rebook you for the 14th."},
		{"Try not to stress, exams aren't the end of the world.", KindMessage, Minimizing, "Try not to stress, exams are a real setback."},
		{"Gave client a lift home in my own car.", KindNote, BoundaryRisk,
			"Gave client a lift home in my own car. To discuss in supervision; future needs to go through agency resources and channels."},
	} {
		an := analyze(t, tc.text, "", tc.kind)
		f := findCode(an, tc.code)
		if tc.want == tc.text {
			if f != nil {
				t.Errorf("%q: unexpected %s finding %+v", tc.text, tc.code, f)
			}
			continue
		}
		if f == nil || f.Suggestion == nil {
			t.Errorf("%q: no %s suggestion (findings %+v)", tc.text, tc.code, an.Findings)
			continue
		}
		if got := apply(tc.text, f.Suggestion); got != tc.want {
			t.Errorf("%q\n rewritten as %q\n        want %q", tc.text, got, tc.want)
		}
	}
}

// TestEachPitfallInASentence: three boundary crossings in one sentence are three findings, each
// with its own words marked.
func TestEachPitfallInASentence(t *testing.T) {
	an := analyze(t, "Here's my personal cell, text me anytime, we could grab a drink after this.", "", KindMessage)
	var got []string
	for _, f := range an.Findings {
		if f.Code == BoundaryRisk {
			got = append(got, f.Evidence)
		}
	}
	if strings.Join(got, "|") != "my personal cell|text me anytime|grab a drink" {
		t.Errorf("boundary findings %q, want the cell number, the texting and the drink", got)
	}
}

func TestNegationAndHedging(t *testing.T) {
	if f := findCode(analyze(t, "I don't think you're lazy.", "", KindUtterance), Judgment); f != nil {
		t.Errorf("negated judgement flagged: %+v", f)
	}
	// A character label the writer denies, or the client's own report of a feeling, is no label;
	// a label is still one after an unrelated negation, and a noun label stays flagged.
	for _, tc := range []struct {
		text, kind string
		flagged    bool
	}{
		{"I don't think you're lazy at all.", "message", false},
		{"Nobody here thinks you're manipulative.", "message", false},
		{"Client reports feeling lazy and unmotivated since the new medication.", "note", false},
		{"He doesn't call back and is lazy.", "note", true},
		{"You're not an addict.", "message", true},
	} {
		an := analyze(t, tc.text, "", Kind(tc.kind))
		if got := findCode(an, StigmatizingLanguage) != nil || findCode(an, Judgment) != nil; got != tc.flagged {
			t.Errorf("%q: flagged %v, want %v (findings %+v)", tc.text, got, tc.flagged, an.Findings)
		}
	}
	// Advice wording inside a clause that only talks about an obligation tells no one what to do.
	for _, text := range []string{
		"You're more focused on what you need to do to get this behind you?",
		"That's pretty shocking to be told that you have to get rid of your dog.",
		"Do you have a plan as to where you might want to go?",
		"I see a sense of sadness there when you have to think about this.",
		// A question asking for the client's own plan, an obligation the client feels, an
		// invitation to talk, a guess, someone else's words, and praise.
		"What do you think you need to do to get that qualification?",
		"What time would you need to get up then?",
		"So a part of you knows you need to do something different?",
		"Feel like you need to.",
		"Why don't you fill me in on what's been going on since I saw you last?",
		"You must like that statue.",
		`And here I am, the next doctor who's saying, "You need to quit smoking, David."`,
		"You should be proud of yourself.",
	} {
		if f := findCode(analyze(t, text, "", KindUtterance), AdviceWithoutPermission); f != nil {
			t.Errorf("%q: advice found in a clause about an obligation: %+v", text, f)
		}
	}
	for _, text := range []string{"I think that you should see a doctor about it.", "I think you need to cut back.",
		"Why don't you take your pills with breakfast?", "You need to quit.", "So why don't you try that?",
		"I think you really need to quit.", "Well, you do need to take your medicine.", "I really need you to quit smoking."} {
		if f := findCode(analyze(t, text, "", KindUtterance), AdviceWithoutPermission); f == nil {
			t.Errorf("%q is advice", text)
		}
	}
	// Order-shaped words used as plain verbs, and "I" as the worker's stance, are no pitfalls.
	for _, tc := range []struct {
		text string
		code Code
	}{
		{"So Donna helped you calm down, and you'd like them to calm down too?", Dismissive},
		{"How did you get over it last time?", Dismissive},
		{"You're hopeless about what's going on.", Judgment},
		{"I agree with you, I really do. And I think a lot of the time, I know, the side effects are real, and I completely understand why people stop.", BoundaryRisk},
		{"So we're trying to cut back on your salt intake.", Jargon},
		{"It sounds like drinking is fairly important to you. But on the other hand, you've talked about your grades slipping.", ButCancel},
		{"I understand you enjoy it, but at the same time you're worried about your job.", ButCancel},
	} {
		if f := findCode(analyze(t, tc.text, "", KindMessage), tc.code); f != nil {
			t.Errorf("%q: %s found: %+v", tc.text, tc.code, f)
		}
	}
	if f := findCode(analyze(t, "Okay, just calm down.", "", KindMessage), Dismissive); f == nil {
		t.Error("'Okay, just calm down' is dismissive")
	}
	if f := findCode(analyze(t, "If you never try, you'll never know.", "", KindMessage), Judgment); f != nil {
		t.Errorf("a condition flagged as a judgement: %+v", f)
	}
	if f := findCode(analyze(t, "Frankly, you never even try.", "", KindMessage), Judgment); f == nil {
		t.Error("'you never even try' is a judgement")
	}
	if f := findCode(analyze(t, "You are not trying.", "", KindUtterance), Judgment); f == nil {
		t.Error("'You are not trying' is a judgement")
	}
	hedged := findCode(analyze(t, "Maybe you could try a walk after dinner.", "I can't sleep.", KindUtterance), AdviceWithoutPermission)
	plain := findCode(analyze(t, "You need to walk after dinner.", "I can't sleep.", KindUtterance), AdviceWithoutPermission)
	if hedged == nil || plain == nil || hedged.Confidence >= plain.Confidence {
		t.Errorf("hedged advice should be found with lower confidence: hedged %+v plain %+v", hedged, plain)
	}
	if f := findCode(analyze(t, "You need to stop drinking.", "What should I do?", KindUtterance), AdviceWithPermission); f == nil {
		t.Error("advice the client asked for is advice_with_permission")
	}
}

func TestOffsetsAreRunesForAnyUTF8(t *testing.T) {
	text := "José 👋🏽 — é\xff you're an addict."
	an := analyze(t, text, "", KindMessage)
	f := findCode(an, StigmatizingLanguage)
	if f == nil {
		t.Fatalf("no finding in %q", text)
	}
	runes := []rune(sanitize(text))
	got := string(runes[f.Start:f.End])
	if !strings.HasSuffix(got, "addict") || got != f.Evidence {
		t.Errorf("span %d-%d is %q (evidence %q), want the words ending in addict", f.Start, f.End, got, f.Evidence)
	}
}

// TestMarkup: text pasted with HTML reads as its words, and offsets stay on the text as given.
func TestMarkup(t *testing.T) {
	text := "<p>You're <b>lazy</b> &amp; you never listen.</p>"
	an := analyze(t, text, "", KindMessage)
	f := findCode(an, Judgment)
	if f == nil {
		t.Fatalf("no judgement in %q: %+v", text, an.Findings)
	}
	if got := string([]rune(text)[f.Start:f.End]); got != "You're <b>lazy" {
		t.Errorf("span %d-%d is %q in the text as given", f.Start, f.End, got)
	}
	for in, want := range map[string]string{
		"BP < 140 & HR > 60, I <3 you":                   "BP < 140 & HR > 60, I <3 you", // not markup
		"<script>you are lazy</script>Thanks.":           "                             Thanks.",
		"Fish &amp; chips&nbsp;today":                    "Fish &     chips      today",
		"<b>é</b>lazy":                                   "   é    lazy",
		"a <unclosed tag and then text":                  "a <unclosed tag and then text",
		"<!-- note -->Hi":                                "             Hi",
		"<STYLE>p{}</style>ok, <a href='x'>link</a> end": "                  ok," + strings.Repeat(" ", 13) + "link     end",
	} {
		if got := blankMarkup(in); got != want || utf8.RuneCountInString(got) != utf8.RuneCountInString(in) {
			t.Errorf("blankMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLevelStrength: after EPITOME, naming one's own feeling about the person's situation is a
// strong emotional reaction however short, and a stock apology, a wish or encouragement is a
// weak one however long; a stock acknowledgement or normalising is weak understanding.
func TestLevelStrength(t *testing.T) {
	for _, tc := range []struct {
		text                 string
		emotional, cognitive int
	}{
		{"I'm angry for you.", 2, 0},
		{"I'm so sorry.", 1, 0},
		{"I'm so sorry for your loss.", 1, 0},
		{"I'm heartbroken for you.", 2, 0},
		{"I'm happy to help you fill out the form.", 0, 0},
		{"I hope things get easier for you soon.", 1, 0},
		{"You've got this, and I'm rooting for you.", 1, 0},
		{"That's great news, I'm really glad!", 2, 0},
		{"That can't be easy.", 0, 1},
		{"Being on hold for three hours would drive anyone up the wall.", 0, 1},
		{"That sounds like a really long day.", 0, 1},
		{"It sounds like you felt invisible in that meeting.", 0, 2},
		// Validation and normalising are generic understanding; a feeling named for the
		// person is a specific reading of them.
		{"That makes sense.", 0, 1},
		{"Loads of parents find the first month like that.", 0, 1},
		{"I've been in your shoes.", 0, 1},
		{"That sounds devastating.", 0, 2},
		{"I bet you were furious.", 0, 2},
		{"No wonder you're tired, and that sounds humiliating.", 0, 2},
		// Answering their harsh word about themselves is validation a worker should see
		// credited, but it reads nothing of what they feel.
		{"You weren't rambling.", 0, 0},
		{"No need to say sorry.", 0, 0},
		// Interjections and pity are weak emotion; a feeling of one's own named for the person,
		// or an apology joined to the event and a judgement of it, is strong.
		{"Oh bless.", 1, 0},
		{"You poor thing.", 1, 0},
		{"I'm chuffed for you!", 2, 0},
		{"I'm so sorry your flat flooded again, that's just not fair.", 2, 1},
		// How bad it is, said plainly, is weak understanding; a feeling read for the person,
		// even in two words, is strong. "Oh no" is dismay, not a negation of what follows.
		{"Right, that's a mess and no mistake.", 0, 1},
		{"Totally normal to be scared.", 0, 1},
		{"I appreciate that this uncertainty is difficult.", 0, 1},
		{"Sounds exhausting.", 0, 2},
		{"God. That's terrifying.", 1, 2},
		{"Not being there must be eating at you.", 0, 2},
		{"Bet that's a weight lifted.", 0, 2},
		{"ahh no that sounds horrible", 1, 2},
		{"Three weeks is a long stretch.", 0, 1},
		{"Panic attacks are very common.", 0, 1},
		{"I'd guess it's more than flowers to you.", 0, 2},
		{"That must be disappointing.", 0, 2},
		{"That's agonising.", 0, 2},
		{"Nope. Absolutely not. I'd be seething.", 1, 2},
		{"Brain zaps are the worst.", 0, 1},
		{"Aw no. That's a tough one.", 1, 1},
		{"That's a big decision at a hard time.", 0, 1},
		{"A lot of new dads feel flat at first.", 0, 1},
		{"That kind of thing stays with you.", 0, 1},
		{"Anniversaries have a way of dragging it all back up.", 0, 1},
		{"The phone queues are a nightmare this time of year.", 0, 1},
		{"Thoughts like these are more common than people realise.", 0, 1},
		{"That's a hell of a load to carry.", 0, 1},
		{"I'm really sorry they've cut it, that's bleak.", 2, 1},
		{"You're human.", 0, 1},
		{"It's a lot.", 0, 1},
		{"Oh no. That's a big loss.", 1, 1},
		{"It happens to the best of carers.", 0, 1},
		{"I can't imagine.", 0, 1},
		{"I can't imagine how frightening that was.", 0, 2},
		{"Hooray! That's a game changer.", 1, 1},
		{"Oh, thank goodness. Let me know how the hearing goes.", 1, 0},
		{"Four hours! God. How is he now?", 1, 0},
		{"The fluttery heart thing scares me, honestly.", 2, 0},
		{"Welcome home! What's the first thing you did?", 1, 0},
		{"Brilliant, I'll send the form over.", 0, 0},
		{"Oh love. It's so hard.", 1, 1},
		// Any feeling inferred with "must" reads the person; a duty or an order does not.
		{"That must sting, watching someone else take your role.", 0, 2},
		{"Starting over at 52 must feel strange.", 0, 2},
		{"Answering that over and over must be heartbreaking.", 0, 2},
		{"The form must be signed by Friday.", 0, 0},
		{"I must say the new flat looks lovely.", 0, 0},
		{"Sitting there watching the door sounds incredibly lonely.", 0, 2},
		{"I bet your heart sinks when that envelope lands.", 0, 2},
		{"Your plan sounds good to me.", 0, 0},
		{"That would have stung, being picked on in front of everyone.", 0, 2},
		{"That would be the number 12 bus.", 0, 0},
		{"A whole month's work gone. That's deflating.", 0, 2},
		// Round five: the weight of it in stock phrases is weak; inference past "make…feel".
		{"Two years without a day off, that's a huge amount to carry.", 0, 1},
		{"I know it's been a long road.", 0, 1},
		{"Many elders are facing the same thing nowadays.", 0, 1},
		{"Seeing it on every screen must make it feel like there's no escape.", 0, 2},
		{"Walking into that silence must have been like being hit by a truck.", 0, 2},
		{"That'd be so demoralising, being told your own illness doesn't count.", 0, 2},
		{"Oh, that's so hard.", 0, 1},
		{"That sounds so hard.", 0, 1},
		{"That sounds so frightening.", 0, 2},
		{"Argh, typical. What a faff.", 1, 1},
		{"That's a tall order.", 0, 1},
		{"Oh, that just about broke my heart.", 2, 0},
		{"Seriously? That's so wrong.", 1, 0},
		{"Sending big hugs. I know it's a lot.", 1, 1},
	} {
		l := analyze(t, tc.text, "", KindMessage).Levels
		if l.Emotional.Rating != tc.emotional || l.Cognitive.Rating != tc.cognitive {
			t.Errorf("%q: emotional %d and cognitive %d, want %d and %d", tc.text, l.Emotional.Rating, l.Cognitive.Rating, tc.emotional, tc.cognitive)
		}
	}
}

// TestUnderstandingInReplies: in a reply, a similar experience of one's own is understanding
// (strong with detail), a reading asked as a question is exploration rather than understanding,
// and a step to take gives nothing back.
func TestUnderstandingInReplies(t *testing.T) {
	ctx := "Since my wife died I can't face cooking for one."
	for _, tc := range []struct {
		text      string
		cognitive int
		code      Code // a code the reply must carry, or ""
	}{
		{"When my husband died I stopped cooking too, I lived on toast for months.", 2, SelfDisclosure},
		{"I've been there.", 1, ""},
		{"Oh that's rotten. I went through the same when my dad died, I couldn't face the kitchen for a year.", 2, SelfDisclosure},
		{"Do you feel like the kitchen is hers?", 0, ""},
		{"Check if you can get meals on wheels through the council.", 0, ""},
		{"No wonder you're angry with everyone.", 2, Validation},
		{"i had the same after my mum went, toast for tea every night. do u still eat at the table?", 2, SelfDisclosure},
		{"I used to time the food bank for 8:58 so nobody from school saw me.", 2, SelfDisclosure},
		{"I used to sit in the car outside the shop so I'd have a minute before facing anyone.", 2, SelfDisclosure},
		// A story can open in a few words and go on in the next sentence, or open with "my first".
		{"I got mine at 40. For the first month I ate toast standing up because I couldn't bear the empty chair. What's dinner like for you now?", 2, SelfDisclosure},
		{"My first Christmas alone I bought a whole turkey out of habit and gave most of it to the neighbours.", 2, SelfDisclosure},
	} {
		an := analyze(t, tc.text, ctx, KindMessage)
		if an.Levels.Cognitive.Rating != tc.cognitive {
			t.Errorf("%q: cognitive %d, want %d", tc.text, an.Levels.Cognitive.Rating, tc.cognitive)
		}
		if tc.code != "" && !hasCode(an, tc.code) {
			t.Errorf("%q: no %s in %v", tc.text, tc.code, an.Findings)
		}
		if hasCode(an, BoundaryRisk) || hasCode(an, SimpleReflection) || hasCode(an, ComplexReflection) {
			t.Errorf("%q: a boundary risk or a reflection in %v", tc.text, an.Findings)
		}
	}
}

// TestLongStoryStillUnderstands: a shared experience told at such length that it turns the talk
// to the worker is listed as a boundary risk, and still rates as strong understanding, as
// EPITOME counts it.
func TestLongStoryStillUnderstands(t *testing.T) {
	an := analyze(t, "I remember the first time my gran called me by my mother's name. I smiled and went along with it, "+
		"then sat in the car afterwards and couldn't stop shaking.", "My nan doesn't know who I am any more.", KindMessage)
	if !hasCode(an, BoundaryRisk) || hasCode(an, SelfDisclosure) || an.Levels.Cognitive.Rating != 2 {
		t.Errorf("want a boundary risk listed and strong understanding; got %v, cognitive %d", an.Findings, an.Levels.Cognitive.Rating)
	}
}

// TestSoundsLikeFact: "sounds like" that judges the facts or advises is no reading of the
// person; "it sounds like you felt invisible" is.
func TestSoundsLikeFact(t *testing.T) {
	for text, want := range map[string]bool{
		"It sounds like you need to ring the council first thing.": false,
		"That sounds like it could be an illegal deduction.":       false,
		"It sounds like there's a backlog at the office.":          false,
		"It sounds like you felt invisible in that meeting.":       true,
	} {
		if got := hasCode(analyze(t, text, "", KindMessage), Interpretation); got != want {
			t.Errorf("%q: interpretation %v, want %v", text, got, want)
		}
	}
}

// TestEmotionInEverydayWords: exclamations, idioms and emoji carry the worker's feeling, as
// EPITOME rates it. An endearment, pride said without "I" and an emoji raise the emotional
// level without being listed as an emotional_reaction skill, since case managers read
// "Aw, pet" or a heart to a client as pity or a crossed line as often as warmth.
func TestEmotionInEverydayWords(t *testing.T) {
	for _, tc := range []struct {
		text      string
		emotional int
		listed    bool
	}{
		{"Bummer. Do you want me to help with the appeal?", 1, true},
		{"Ah, sorry things are tight again.", 1, true},
		{"Woohoo! Tell me everything.", 1, true},
		{"That really irks me. How did they put it to you?", 2, true},
		{"I'm a bit choked up reading that.", 2, true},
		{"This has made my whole week.", 2, true},
		{"I've got tears in my eyes.", 2, true},
		{"Aw, pet. Have you rung the council?", 1, false},
		{"So proud of u!! keep going", 2, false},
		{"nooo 😩 what did she say?", 1, true},
		{"What did she say? 😢", 1, false},
		{"See you Monday 🙂", 0, false},
		{"YESSS 🎉 how are you celebrating?", 1, true},
		{"That's appalling. I'm raising it with the discharge lead tomorrow.", 1, true},
		{"Sorry you're dealing with that.", 1, true},
		{"So relieved you're out. How are the kids?", 2, true},
		{"That makes my blood run cold.", 2, true},
		// Round five: a bare apology, stock warmth, and one's own feeling in idiom.
		{"Sorry. When did that start?", 1, true},
		{"Big hug to you. Is anyone with you?", 1, true},
		{"Not again! Did they book the right language?", 1, true},
		{"Oh, honey. Are you angry at him?", 1, false},
		{"That has me properly fuming.", 2, true},
		{"Mate, I'm rapt for ya.", 2, true},
		{"That's knocked me for six.", 2, true},
		{"I hate that this keeps happening to you.", 2, true},
		{"I'm so sorry the coverage is dragging you back there, that's cruel timing.", 2, true},
		{"I'm so, so sorry.", 1, true},
		{"Oh, I am just tickled to hear that!", 2, true},
		{"Either way, this made my whole afternoon.", 2, true},
		{"Ha, good for you! Does it feel like a fresh start?", 1, false},
		{"I'm here. Are you safe right now?", 1, false},
		{"I'm sorry that happened there, it's horrible.", 2, true},
		{"Oh no, I'm so sorry that happened - I'm really upset that no one heard you.", 2, true},
		{"That's the policy, I'm afraid. There's a pantry on Tuesdays though.", 0, false},
		{"Ten minutes and the bus didn't show? That's mad. Fuming for you.", 2, true},
		{"That makes my stomach turn, and I'm sorry.", 2, true},
		{"Well I'm just tickled pink for you!", 2, true},
		{"Again?! Unbelievable.", 1, true},
		{"Sending a big hug. What's making you wobble about going?", 1, true},
		{"That's so unfair. Who said it?", 1, false},
		{"My heart just sank reading that.", 2, true},
		{"That genuinely makes me feel sick.", 2, true},
	} {
		an := analyze(t, tc.text, "I finally heard back about it.", KindMessage)
		if an.Levels.Emotional.Rating != tc.emotional {
			t.Errorf("%q: emotional %d, want %d", tc.text, an.Levels.Emotional.Rating, tc.emotional)
		}
		if got := hasCode(an, EmotionalReaction); got != tc.listed {
			t.Errorf("%q: emotional_reaction listed %v, want %v", tc.text, got, tc.listed)
		}
		if hasCode(an, Jargon) {
			t.Errorf("%q: read as jargon", tc.text)
		}
	}
}

// TestComplexReflectionShowsUnderstanding: a sentence the models call a complex reflection
// raises the cognitive level when it reads the person, not when it passes on a procedure.
func TestComplexReflectionShowsUnderstanding(t *testing.T) {
	for _, tc := range []struct {
		evidence  string
		cognitive int
	}{
		{"Sanctions are applied in line with the claimant commitment you signed.", 0},
		{"You do have the right to request a mandatory reconsideration within one month.", 0},
		{"Your mum will be over the moon.", 0},
		{"The house must feel so empty.", 2},
		{"Losing the one place you looked forward to is its own kind of grief.", 2},
		{"Going days without hearing your own voice sounds so isolating.", 2},
		{"Every week of that wait you're counting bites at the dinner table and lying awake listening for her.", 2},
		// A plan or a refusal in a reflection's shape reads no one.
		{"You'd start with one injection at night.", 0},
		{"But we really can't increase your opioids any further, and most people have to learn to live with some pain.", 0},
		{"Loads of people your age feel like that, even the ones with parents.", 1},
	} {
		l := levels([]Finding{{Code: ComplexReflection, Evidence: tc.evidence}})
		if l.Cognitive.Rating != tc.cognitive {
			t.Errorf("%q: cognitive %d, want %d", tc.evidence, l.Cognitive.Rating, tc.cognitive)
		}
	}
}

// TestLevelWords: a level gives back the words behind its spans, each once, so a rating carried
// by unlisted warmth (an emoji, "Aw, pet") still shows where it came from.
func TestLevelWords(t *testing.T) {
	text := "Aw, pet ❤️ That's so unfair."
	an := analyze(t, text, "My dog died this morning.", KindMessage)
	got := an.Levels.Emotional.Words(text)
	if !slices.Contains(got, "Aw, pet") || !slices.Contains(got, "That's so unfair") {
		t.Errorf("emotional words %q, want \"Aw, pet\" and \"That's so unfair\"", got)
	}
	if w := (Level{Spans: []Span{{0, 3}, {0, 3}, {5, 99}}}).Words("Aw, pet"); len(w) != 1 || w[0] != "Aw," {
		t.Errorf("repeated and out-of-range spans: %q", w)
	}
}

// TestNoSkillAndPitfallOnTheSameWords: "in the same boat" minimises a worry; the same words are
// not also shown as understanding, though the rest of the sentence may be.
func TestNoSkillAndPitfallOnTheSameWords(t *testing.T) {
	an := analyze(t, "Loads of families are in the same boat with distance.", "I feel like I've abandoned my mum by moving away.", KindMessage)
	for _, f := range an.Findings {
		for _, g := range an.Findings {
			if f.Code == Interpretation && g.Code == Minimizing && f.Start == g.Start && f.End == g.End {
				t.Errorf("%q is both interpretation and minimising", f.Evidence)
			}
		}
	}
	if !hasCode(an, Minimizing) || an.Levels.Cognitive.Rating != 1 {
		t.Errorf("want minimising and weak understanding from the rest; got %v, cognitive %d", an.Findings, an.Levels.Cognitive.Rating)
	}
}

func hasCode(an Analysis, c Code) bool {
	return slices.ContainsFunc(an.Findings, func(f Finding) bool { return f.Code == c })
}

// TestExplorationLevel: after EPITOME, a question explores the person's experience; a question
// that only echoes their news in disbelief or collects a fact for a form does not, and asking
// what a named part of their life is like explores it strongly.
func TestExplorationLevel(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"Three weeks?!", 0},
		{"How are you feeling about it??", 1},
		{"How are you feeling about going in for your next shift?", 2},
		{"How are you holding up when they're asleep?", 2},
		{"Exciting or scary? Or both?", 2},
		{"Numb?", 2},
		{"How did it go??", 1},
		{"Want to tell me about it?", 1},
		{"What's it been like getting around the house without one?", 2},
		{"Seven weeks, is it?", 0},
		{"Who talks to people like that?", 0},
		{"Is there someone with you tonight?", 0},
		{"How many did you take?", 0},
		{"Have you complained to her manager?", 0},
		{"Can you upload a copy of the letter?", 0},
		{"How long have you been feeling like this?", 1},
		{"Are Friday nights the loneliest now?", 2},
		{"What does it mean to you, having it finally?", 2},
		{"Is that pressure what keeps you up at night?", 2},
		{"How are you finding the daily journey to Croydon?", 2},
		{"How are you finding it?", 1},
		{"What keeps coming back to you from that journey?", 2},
		{"Is it the not knowing that's getting to you most?", 2},
		{"When they knock, what goes on in you?", 2},
		{"Are you kicking yourself about it?", 2},
		{"Is part of you scared to hope this time?", 2},
		{"How do you feel about that?", 1},
		{"How do you feel about moving in with your sister?", 2},
		{"Is anyone at home with them?", 0},
		{"What time is he planning to leave?", 0},
		{"What's your current dose?", 0},
		{"Is it worse as a passenger or when you think about driving?", 2},
		{"Six hours on the phone?", 0},
		{"What's your reference number?", 0},
		{"How old is your son?", 0},
		{"What are the mornings like before school?", 2},
		{"What part of the move worries you most?", 2},
		{"You're sleeping in the car?", 2},
		{"Tell me more about what's been happening at night.", 1},
		{"How are you holding up?", 1},
		{"What frightens you most about telling them?", 2},
		{"What do your days look like at the moment?", 1},
		{"What's your tenancy start date?", 0},
		{"Who's with you tonight?", 0},
		{"Are you having any thoughts of not wanting to be here?", 2},
		{"Are you getting any sleep yourself?", 2},
	} {
		if got := analyze(t, tc.text, "", KindMessage).Levels.Exploration.Rating; got != tc.want {
			t.Errorf("%q: exploration %d, want %d", tc.text, got, tc.want)
		}
	}
}

// TestCodeSetHoldsEveryCode: a sentence's codes are one bit each in a codeSet.
func TestCodeSetHoldsEveryCode(t *testing.T) {
	var all codeSet
	for _, c := range Codes {
		if all.has(c) {
			t.Fatalf("%s shares a bit with another code", c)
		}
		all.add(c)
	}
	if len(Codes) > 32 || !all.has(Jargon) || all.has(Code("nope")) {
		t.Errorf("codeSet cannot hold the %d codes", len(Codes))
	}
}

func TestBadInput(t *testing.T) {
	a := mustAnalyzer(t)
	for _, in := range []string{"", "   \n\t ", "\x00\x00"} {
		if _, err := a.Analyze(Input{Text: in}); !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: err %v, want ErrEmpty", in, err)
		}
	}
	if _, err := a.Analyze(Input{Text: strings.Repeat("a", MaxTextBytes+1)}); !errors.Is(err, ErrTooLong) {
		t.Errorf("over-long text: err %v", err)
	}
	for _, text := range []string{
		"<script>alert('x')</script><b>You need to</b> calm down",
		"😀😀😀 🙏🏽",
		"Usted necesita tomar sus medicamentos. 你需要休息。",
		"\xff\xfe\xfd you are lazy \xc3",
		strings.Repeat("you are lazy and ", 20000),                // one enormous sentence
		strings.Repeat("I hear you. What happened next? ", 30000), // about 1 MB of sentences
		strings.Repeat("<script>a</b><style>", 50000),             // 1 MB of elements never closed
		strings.Repeat("<b>you are lazy</b>&amp;&#", 40000),
	} {
		an, err := a.Analyze(Input{Text: text})
		if err != nil {
			t.Fatalf("%.40q: %v", text, err)
		}
		checkSpans(t, text, an)
	}
}

// checkSpans asserts that every span lies inside the text and suggestions are valid UTF-8.
func checkSpans(t testing.TB, text string, an Analysis) {
	t.Helper()
	n := utf8.RuneCountInString(text)
	for _, f := range an.Findings {
		if f.Start < 0 || f.End > n || f.Start > f.End {
			t.Fatalf("finding %s span %d-%d outside text of %d runes", f.Code, f.Start, f.End, n)
		}
		if f.Confidence < 0 || f.Confidence > 1 {
			t.Fatalf("confidence %v", f.Confidence)
		}
		if s := f.Suggestion; s != nil && (s.Start < 0 || s.End > n || s.Start > s.End || !utf8.ValidString(s.Text)) {
			t.Fatalf("bad suggestion %+v", s)
		}
	}
	if an.Overall < 0 || an.Overall > 100 {
		t.Fatalf("overall %d", an.Overall)
	}
}

func TestConcurrentUse(t *testing.T) {
	a := mustAnalyzer(t)
	texts := []string{"You're noncompliant with meds.", "What has that been like for you?", "I understand, but rules are rules."}
	want := make([]Analysis, len(texts))
	for i, x := range texts {
		want[i], _ = a.Analyze(Input{Text: x})
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				i := k % len(texts)
				got, _ := a.Analyze(Input{Text: texts[i]})
				if got.Overall != want[i].Overall || len(got.Findings) != len(want[i].Findings) {
					t.Errorf("concurrent result differs for %q", texts[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestScoreOrdersMessages(t *testing.T) {
	good := analyze(t, "I'm so sorry you lost the apartment. It sounds like you feel the ground went out from under you. What has this week been like for you? I can call the housing office with you tomorrow at ten.", "They evicted us on Friday.", KindMessage)
	neutral := analyze(t, "The housing office is open Monday to Friday.", "They evicted us on Friday.", KindMessage)
	bad := analyze(t, "Calm down. You only have yourself to blame, you need to stop missing rent.", "They evicted us on Friday.", KindMessage)
	if !(good.Overall > neutral.Overall && neutral.Overall > bad.Overall) {
		t.Errorf("scores not ordered: good %d, neutral %d, bad %d", good.Overall, neutral.Overall, bad.Overall)
	}
	if good.Levels.Emotional.Rating == 0 || good.Levels.Cognitive.Rating == 0 || good.Levels.Exploration.Rating == 0 || good.Levels.Compassionate.Rating == 0 {
		t.Errorf("strong message should reach every level: %+v", good.Levels)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"You're noncompliant with meds.", "I understand, but", "é\xff\x00", "?", "Dr. Lee... ok?!", "a\n\nb",
		"At least", "Well, at least the", "<b>é</b>lazy &amp;", "<script>x</script", "&#", "Why didn't you", "I can't believe you didn't", "something you have to;", "what I'm hearing is you must",
		"Apparently his kid was 'sick' again.", "'forgot'. Shocking.", "\"", "in 6/", "every 2/52", "C&", "your PO", "Poor thing", "Don't"} {
		f.Add(s, "I'm scared.", uint8(0))
		f.Add(s, "", uint8(1))
	}
	a := mustAnalyzer(f)
	kinds := []Kind{KindMessage, KindNote, KindUtterance}
	f.Fuzz(func(t *testing.T, text, context string, kind uint8) {
		if utf8.RuneCountInString(sanitize(text)) != utf8.RuneCountInString(text) {
			t.Fatalf("sanitize changed the rune count of %q", text)
		}
		an, err := a.Analyze(Input{Text: text, Context: context, Kind: kinds[int(kind)%len(kinds)]})
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrTooLong) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		checkSpans(t, text, an)
	})
}

// TestFeelingGivenBack: a feeling the person already named, handed back in a few words, is
// generic understanding; a new feeling, a longer reading, or no context at all stays strong.
func TestFeelingGivenBack(t *testing.T) {
	for _, tc := range []struct {
		text, context string
		cognitive     int
	}{
		{"It makes sense you'd be scared about that.", "I'm scared my treatment won't work.", 1},
		{"You sound shattered.", "I'm exhausted, the baby's up every hour.", 1},
		{"Of course you're frightened.", "I'm terrified of losing the flat.", 1},
		{"It makes sense you'd be scared about that.", "My treatment might not work.", 2},
		{"It makes sense you'd be scared about that.", "", 2},
		{"You feel like a failure, I hear that.", "I feel like a failure. Didn't get into nursing school again.", 1},
		{"It sounds like you're feeling invisible.", "I feel invisible since the kids left home.", 1},
		{"It sounds like you're feeling invisible.", "The kids left home and my husband just watches telly.", 2},
		{"That must be lonely as well as frightening.", "I'm terrified of losing the flat.", 2},
		{"It sounds like you're caught between wanting help and being terrified that asking will cost you your baby.",
			"I'm terrified they'll take my baby if I ask for help.", 2},
	} {
		an := analyze(t, tc.text, tc.context, KindMessage)
		if got := an.Levels.Cognitive.Rating; got != tc.cognitive {
			t.Errorf("%q after %q: cognitive %d, want %d", tc.text, tc.context, got, tc.cognitive)
		}
	}
}

// TestOverlappingFindingsMerge: two rules matching parts of one apology give one finding over
// the joined words, not two that a reader would count twice.
func TestOverlappingFindingsMerge(t *testing.T) {
	text := "I'm so sorry you lost your job, that's awful."
	an := analyze(t, text, "", KindMessage)
	var ers []Finding
	for _, f := range an.Findings {
		if f.Code == EmotionalReaction {
			ers = append(ers, f)
		}
	}
	if len(ers) != 1 {
		t.Fatalf("%q: %d emotional_reaction findings, want 1: %v", text, len(ers), ers)
	}
	if got := ers[0].Evidence; got != "I'm so sorry you lost your job, that's awful" {
		t.Errorf("%q: merged evidence %q", text, got)
	}
}

// TestRidiculousTakesSides: "That's ridiculous" about what was done to the person is
// indignation on their behalf; about their own fear or view of themselves it dismisses them.
func TestRidiculousTakesSides(t *testing.T) {
	an := analyze(t, "That's ridiculous. I'll write to the councillor this week.", "The council says the wait is two to three years.", KindMessage)
	if hasCode(an, Dismissive) || an.Levels.Emotional.Rating != 1 {
		t.Errorf("indignation: emotional %d, findings %v", an.Levels.Emotional.Rating, an.Findings)
	}
	an = analyze(t, "That's ridiculous, nobody is poisoning your food.", "I think my food is being poisoned.", KindUtterance)
	if !hasCode(an, Dismissive) {
		t.Errorf("dismissal not found: %v", an.Findings)
	}
	an = analyze(t, "That's ridiculous.", "", KindMessage)
	if !hasCode(an, Dismissive) {
		t.Errorf("without context: %v", an.Findings)
	}
	// "It's disgraceful" of what was done sides with them; of their conduct, it judges.
	an = analyze(t, "I'm so sorry you lost your job over that, it's disgraceful.", "I got sacked for taking my son to hospital.", KindMessage)
	if hasCode(an, Judgment) || an.Levels.Emotional.Rating != 2 {
		t.Errorf("indignation: emotional %d, findings %v", an.Levels.Emotional.Rating, an.Findings)
	}
	an = analyze(t, "Your behaviour in group was disgraceful.", "I shouted at the facilitator.", KindMessage)
	if !hasCode(an, Judgment) {
		t.Errorf("judgement not found: %v", an.Findings)
	}
}
