package engine

// The hand-written rules: explainable, high-precision phrase patterns for the pitfalls and for
// the skills that have a recognisable wording. Patterns match the normalised word stream (lower
// case, contractions expanded: "you're" is "you are"); see patterns.go for the syntax.
//
// Each rule says why it fires in words a case manager understands, and how to rewrite: a phrase
// may carry its own replacement after "=>", and the rule's builder (suggest.go) uses it or makes
// one from the sentence.

type rule struct {
	code      Code
	phrases   []string
	conf      float64
	reason    string
	negatable bool    // a negation before the match cancels it ("I don't think you're lazy")
	build     builder // makes the suggestion; nil for skills, which need none
	sentence  bool    // the finding spans the whole sentence rather than the matched words
}

var rules = []rule{
	// ---- pitfalls ----
	{code: Judgment, conf: 0.9, negatable: true, build: rewriteJudgment,
		reason: "Labels the person's character or blames them; people who feel judged stop telling you things.",
		phrases: []string{
			"you are (being) (so/really/just/very) lazy/irresponsible/selfish/hopeless/pathetic/useless/stupid/careless/ungrateful",
			"is/are/being lazy => has had low energy", "is/are lazy and unmotivated => has been having trouble getting started", "that is (just/so/really/pretty) selfish/pathetic/stupid/irresponsible/ridiculous",
			"that was (a/so/really) (really/very/pretty) stupid/dumb/irresponsible/selfish/bad choice/decision",
			"stupid/dumb/bad/terrible/irresponsible choice/decision",
			"(really) irresponsible of you", "you only have yourself to blame => a lot of things led up to this", "your own fault => not something you chose",
			"you should be ashamed (of) (yourself) => I can tell this was a hard situation", "shame on you => that sounds like it was a hard situation", "you are not trying => this has been hard to keep going with", "you do not even try",
			"you never follow through => some plans have been hard to follow through on", "you never listen", "you always have an excuse", "always has an excuse => has described barriers",
			"you clearly do not care => I wonder what has made this hard to focus on", "you obviously do not care => I wonder what has made this hard to focus on", "you do not care about getting better",
			"what kind of mother/father/parent/person => what got in the way for the person who", "makes no sense to stop/skip/quit",
			"what were you thinking => what was going on for you then", "you brought this on yourself", "you did this to yourself",
			"makes no effort => has found it hard to engage", "no effort with", "you are making excuses => there have been real obstacles", "you keep making excuses",
			"exaggerates/exaggerating (his/her/their) symptoms", "is/are manipulative => is trying hard to get needs met", "attention-seeking => seeking connection",
			"pretty/so pathetic", "great job , you missed", "great job you missed", "nice job , you missed",
		}},
	{code: Minimizing, conf: 0.85, negatable: true, build: rewriteMinimizing,
		reason: "Plays the problem down or promises what no one can promise; the person may feel unheard.",
		phrases: []string{
			"it is not that bad => this sounds really hard", "it is not so bad => this sounds really hard", "it could be worse => this is a lot to deal with", "could have been worse",
			"everything will be fine/okay/ok/alright => I can't promise how this turns out, but I'll be with you through it", "everything is going to be fine/okay/ok/alright => I can't promise how this turns out, but I'll be with you through it",
			"it will be fine/okay", "i am sure it is nothing => waiting for news like this is frightening", "i am sure it will be fine",
			"at least you have/had/got/still => that is a real loss, and it matters that you still have", "at least it was/is not",
			"lots/plenty/loads of people have it (way/much/far) worse", "others have it (way/much) worse",
			"other clients have it (way/much) worse", "people have it (way/much) worse than you",
			"just a little/small/minor setback", "it is just a setback", "it is only a", "no big deal => a real worry",
			"everyone gets (a) (bit/little) anxious/sad/stressed/nervous/down/scared/worried", "everyone feels that way",
			"you will get over it => this really hurts right now", "you will bounce back", "look on the bright side", "cheer up => I'm sorry things feel this heavy",
			"it is all in your head", "it happens to everyone", "breakups happen to everyone",
			"it is not the end of the world", "you are fine", "it is nothing to worry about",
		}},
	{code: Dismissive, conf: 0.85, negatable: true, build: rewriteDismissive,
		reason: "Brushes the concern aside; the person learns not to bring it up again.",
		phrases: []string{
			"calm down => I can see how upsetting this is", "settle down", "that is not my problem/job/concern/department => let's work out together who can sort this out",
			"not my problem", "let us not get into that/this => that sounds important; would you like to talk about it now or come back to it", "we are not going to get into that",
			"do not worry about that/it => it makes sense to worry about that; let's talk it through", "you are overreacting => this has really upset you", "you are being dramatic",
			"i do not have time for this/that => I want to give this the time it deserves; can we set a time today", "anyway , moving on", "anyway moving on", "moving on ,",
			"that is not relevant => that sounds important, and I want to hear about it", "is not relevant to", "let us stick to the paperwork/forms/form",
			"stick to the paperwork", "whatever , that is", "whatever that is", "stop crying => it's okay to cry",
			"above my pay grade => not something I can decide, but I'll find out who can", "talk to someone else", "that is not what we are here for",
			"we do not have time for", "i do not want to hear", "get over it",
		}},
	{code: SympathyPity, conf: 0.85, build: rewritePity,
		reason: "Pity looks down on the person; empathy stands beside them.",
		phrases: []string{
			"you poor thing => that sounds really hard", "poor thing => that sounds really hard", "poor you => that sounds so frustrating", "poor baby => that sounds like so much at once", "you poor dear => that sounds really hard", "poor dear",
			"i feel (so) sorry for people like you", "i feel (so) sorry for you => I'm sorry you're going through this", "i pity you => I'm sorry you've had to face this",
			"feel (so) bad for you people", "bless your heart", "pitiful life", "such a pitiful",
			"people in your situation (just) never", "people like you (just) never",
			"your life sounds so tragic", "so tragic", "i do not know how you live with it",
			"i do not know how you live like that", "i do not know how you do it",
		}},
	{code: AdviceWithoutPermission, conf: 0.8, negatable: false, build: rewriteAdvice, sentence: true,
		reason: "Tells the person what to do before they asked; people follow advice they chose far more often.",
		phrases: []string{
			"you need to", "you (really) have to", "you (really) should (really)", "you ought to",
			"you have got to", "you got to", "you must",
			"maybe/perhaps you could/should (try)", "you might want to", "you could try", "why do not you",
		}},
	{code: AdviceWithoutPermission, conf: 0.55, build: rewriteAdvice, sentence: true,
		reason: "A suggestion the person did not ask for; even gently put, asking first keeps them in charge.",
		phrases: []string{
			"i would suggest", "i suggest", "some people find", "my suggestion would be", "if it were me",
			"you might try", "a good first step", "i would recommend", "i recommend", "i would go",
			"one thing you could try", "one option is", "it might help to",
		}},
	{code: BoundaryRisk, conf: 0.85, build: rewriteBoundary,
		reason: "Crosses the professional boundary that keeps the relationship safe for the client.",
		phrases: []string{
			"my personal cell/phone/number/email => the office line", "my cell number", "text my cell => message me through the office line", "text me whenever",
			"call me at home", "my home number", "add me on facebook/instagram/snapchat/tiktok/whatsapp => message me through the patient portal",
			"friend request", "follow me on => reach me through the patient portal, not", "dm me", "message me on facebook/instagram/snapchat/whatsapp",
			"grab a drink/beer/coffee/bite", "drinks on me", "meet for coffee/drinks/dinner/lunch",
			"not as a work thing", "just us", "take you out", "my treat", "ask you out",
			"got you a little something", "got you something", "a little gift for you",
			"lend you => help you apply for emergency funds to cover", "out of my own pocket", "take twenty/ten/fifty bucks", "from me , just",
			"more like a friend than a client", "more of a friend than a client",
			"feel more like a friend", "you are really beautiful/gorgeous/hot/sexy", "lucky guy/girl",
			"if you were not on my caseload", "stay at my place/house", "keep this between us",
			"do not tell my supervisor", "do not mention it to anyone", "with my family",
			"pick you up saturday/sunday", "let us hang out", "hang out sometime",
		}},
	{code: ButCancel, conf: 0.85, build: rewriteBut,
		reason: "\"But\" cancels the empathy before it: the person hears only what follows.",
		phrases: []string{
			"i (totally/completely/really) understand ~ but/however",
			"i hear you ~ but/however", "i know ~ but/however", "i get that ~ but/however",
			"i get it ~ but/however", "i can see ~ but/however", "i realise/realize ~ but/however",
			"i appreciate ~ but/however", "i am sorry you ~ but/however", "that makes sense ~ but/however",
			"that sounds ~ but/however", "i understand ~ but/however",
		}},

	// ---- skills ----
	{code: Validation, conf: 0.85, negatable: true,
		reason: "Tells the person their reaction makes sense, which lowers shame and opens the conversation.",
		phrases: []string{
			"it makes sense", "that makes sense", "makes (a) (lot) (of) sense that/to/you", "makes sense given",
			"it is (completely/totally/perfectly/really) understandable", "that is understandable",
			"anyone would be/feel", "anybody would be/feel", "of course you are", "of course you feel",
			"is (a) (really/very/completely/perfectly) normal/natural (reaction/response)",
			"no wonder you", "you are not overreacting", "would rattle anyone", "it is natural to",
			"is natural", "your anger/feelings/frustration/reaction makes sense", "that is a normal",
			"you have every right to feel/be",
		}},
	{code: Affirmation, conf: 0.8,
		reason: "Recognises a real strength or effort, which builds confidence and trust.",
		phrases: []string{
			"that took (real) courage/commitment/strength/guts", "took real", "it took strength",
			"i (really) admire", "great job", "nice work", "good work", "well done", "way to go",
			"a huge/big/real accomplishment", "you did the work", "thank you for being honest",
			"thank you for telling me", "thanks for being honest", "you are clearly someone who",
			"someone who does not give up", "you do not give up", "that is resourceful", "you found a way",
			"it shows", "that shows real/how", "shows how much you", "says a lot about you",
			"you kept going", "you stuck with it", "you have kept", "you kept every", "that matters",
			"you are still showing up", "keeps showing up", "you care a lot about", "that was a brave",
			"you earned it", "that is huge", "proud of you", "you have worked really hard", "you worked hard",
			"you have been working hard", "that honesty matters", "you did it",
		}},
	{code: EmotionalReaction, conf: 0.8, negatable: true,
		reason: "Responds to the feeling with warmth or concern.",
		phrases: []string{
			"i am (so/really/very/truly) sorry", "sorry to hear", "so sad to hear", "sad to hear",
			"that sounds (so/really/incredibly/very/pretty) frightening/painful/awful/hard/scary/terrible/heavy/exhausting/tough/difficult/overwhelming/heartbreaking/frustrating/lonely/stressful",
			"that must (have) be/been (so/really) awful/scary/hard/painful/frightening/terrifying/difficult/exhausting/lonely",
			"must be so scary", "must be so hard", "that is heartbreaking", "that is (so) frustrating",
			"that is wonderful news", "i am so happy for you", "i am (really) concerned about you",
			"i am worried about you", "i am thinking of you", "i feel for you", "oh no", "how awful",
			"that is awful", "that is terrible", "that is so hard", "my heart goes out",
		}},
	{code: Interpretation, conf: 0.8, negatable: true,
		reason: "Shows you understood their experience and point of view.",
		phrases: []string{
			"it sounds like you", "sounds like you feel/are/have/were", "it seems like you",
			"it seems you", "i get the sense", "if i am understanding you", "if i understand you",
			"from where you are standing", "you feel like/that", "i understand that you", "i can see how",
			"i can see that you", "i imagine you", "i can imagine", "you must be feeling", "it must feel",
			"you are feeling", "you are worried that", "part of you", "i hear that you", "what i am hearing",
		}},
	{code: Exploration, conf: 0.8,
		reason: "Invites the person to say more about their feelings and experience.",
		phrases: []string{
			"what has ~ been like", "what was ~ like", "what is that/it like", "how are you feeling",
			"how has ~ been for you", "what was it like for you", "like for you",
			"how do you feel", "how did you feel", "how has it been", "how have you been feeling",
			"tell me more about", "what goes through your mind", "what was going on for you",
			"i would like to understand", "i would like to hear more", "what scares you", "what worries you",
			"say more about", "how are you holding up", "what does ~ look like", "what is been hardest",
			"what has been the hardest", "what is the hardest", "how are you doing with",
			"what was that night like", "how that has affected/felt", "what was different",
			"how are you feeling about",
		}},
	{code: OfferOfHelp, conf: 0.8, negatable: true,
		reason: "Offers concrete help, which turns understanding into action.",
		phrases: []string{
			"i can call/help/book/send/drop/drive/meet/bring/look/come/go/set/take/sort/arrange/fill/make/get",
			"i will call/help/book/send/drop/drive/meet/bring/look/come/go/set/take/sort/arrange/fill/make/get",
			"let me call/help/book/send/find/check/look/sort/arrange/get", "would it help if i", "what i can do is",
			"want me to", "would you like me to", "we can do it together", "let us go through it together",
			"i could call/help/drive/book/send", "can i get you", "i can do it while",
			"go through it together",
		}},
	{code: AutonomySupport, conf: 0.85,
		reason: "Makes plain the choice is theirs, which people need before they change.",
		phrases: []string{
			"your decision", "your choice", "your call", "up to you", "you get to decide",
			"you know your life best", "you are the one in charge", "whatever you decide",
			"you do not have to decide", "what feels right for you", "whichever option you choose",
			"i will respect", "no pressure",
		}},
	{code: AskingPermission, conf: 0.85,
		reason: "Asks before advising or raising a topic, which keeps the person in control.",
		phrases: []string{
			"would it be ok/okay/alright/fine if i/we", "is it ok/okay/alright/fine if i/we",
			"can/could/may i share/suggest/offer/ask/bring/make", "may i bring up",
			"would you like to hear", "want to hear it", "do you mind if i/we",
			"would you be open to", "are you open to", "if you are open to it", "if you would like",
			"would you like some", "can i make a suggestion",
		}},
	{code: SelfDisclosure, conf: 0.7,
		reason: "Shares something personal; brief and for the client's benefit, it can build connection.",
		phrases: []string{
			"i have found * hard/difficult too", "i am a parent too", "i moved here from",
			"i lost my", "i get nervous", "i am in recovery too", "i struggled with",
			"i grew up", "when i was", "i have been there", "i went through", "my own", "me too",
			"same here", "i remember how hard",
		}},
}
