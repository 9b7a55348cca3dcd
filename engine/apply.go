package engine

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapporthq/rapport/lexicon"
	"github.com/rapporthq/rapport/syntax"
	"github.com/rapporthq/rapport/textseg"
)

// sentenceRules runs the phrase rules over sentence i.
func (j *job) sentenceRules(i int) {
	s := &j.sents[i]
	j.hits = j.a.rules.find(s.words, j.hits[:0])
	for _, h := range j.hits {
		if skip(j, i, h) {
			continue
		}
		sp := span(s.Tokens, s.words, h.from, h.to)
		if h.rule.sentence {
			sp = Span{s.Start, s.End}
		}
		f := Finding{Code: h.rule.code, Start: sp.Start, End: sp.End, Confidence: h.rule.conf, Reason: h.rule.reason, strength: h.rule.strength,
			levelOnly: h.rule.levelOnly, noLevel: h.rule.noLevel}
		if h.rule.code == AdviceWithoutPermission {
			f = j.classifyAdvice(i, h, f)
		}
		if h.rule.code == OfferOfHelp && offersToExplain(s.words, h.to) {
			f.Code, f.Reason = AskingPermission, explainReason
		}
		if (h.rule.code == Dismissive || h.rule.code == Judgment) && j.indignant(s.words, h) {
			f = Finding{Code: EmotionalReaction, Start: sp.Start, End: sp.End, Confidence: 0.6, strength: 1, levelOnly: true,
				Reason: "Indignation on their behalf."}
		}
		if h.rule.build != nil && f.Code.Pitfall() {
			f.Suggestion = h.rule.build(j, i, h, sp)
		}
		j.add(f)
	}
	// A note records plans and the client's words; an instruction there advises no one.
	if c, k := imperativeClause(s.words); j.kind != KindNote && (s.form == syntax.NotQuestion || tagged(s.words)) && k >= 0 &&
		!exhortation(s.words, 0) && !s.quoted(s.words[k].tok) {
		f := Finding{Code: AdviceWithoutPermission, Start: s.Start, End: s.End, Confidence: 0.7,
			Reason: "An instruction the person did not ask for; people follow advice they chose far more often."}
		if c > 0 {
			f.Start = s.Tokens[s.words[k].tok].Start
		}
		f = j.classifyAdvice(i, hit{}, f)
		if f.Code == AdviceWithoutPermission {
			f.Suggestion = rewriteImperative(j, i, c, k)
		}
		j.add(f)
	}
	j.nudgeAdvice(i)
}

// asksHistory reports "Have you tried…" and "Have you thought about…" that ask for the person's
// own story or plan ("Have you tried quitting before?", "Have you thought about what you'd like
// to do?") rather than suggest something ("Have you tried chamomile tea?").
func asksHistory(ws []word, h hit) bool {
	if ws[h.from].w != "have" {
		return false
	}
	if h.to < len(ws) && (subordinators[ws[h.to].w] || ws[h.to].w == "it" || ws[h.to].w == "that" || ws[h.to].w == "this") {
		return true
	}
	for k := h.from; k < len(ws); k++ {
		// "before" ends a question about the past ("tried that before?"), not a suggestion of
		// a time ("tried chamomile tea before bed?").
		if pastAttempt[ws[k].w] && (ws[k].w != "before" || k+1 == len(ws) || isClauseBreak(ws[k+1].w)) {
			return true
		}
	}
	return false
}

var pastAttempt = map[string]bool{"before": true, "already": true, "previously": true, "past": true, "ever": true}

// shouldNotHaveTo reports "you shouldn't have to prove your pain to anyone": a sense of what is
// fair, which validates, not an instruction.
func shouldNotHaveTo(ws []word, k int) bool {
	if k+3 < len(ws) && ws[k].w == "not" && ws[k+1].w == "have" && ws[k+2].w == "had" && ws[k+3].w == "to" {
		return true // "you shouldn't have had to wait on your neighbour"
	}
	return k+2 < len(ws) && ws[k].w == "not" && (ws[k+1].w == "have" || ws[k+1].w == "need") && ws[k+2].w == "to"
}

// errand reports "make sure you bring your ID": a practical requirement, not advice about how
// to live.
func errand(ws []word, h hit) bool {
	if h.to >= len(ws) || !requirements[ws[h.to].w] {
		return false
	}
	last := ws[h.to-1].w
	// "Make sure you bring…" and "you'll need to bring your ID" state what the office requires;
	// "You need to bring your pay stubs or they'll close the case" stays advice (cases.tsv).
	return last == "you" && h.to >= 2 && ws[h.to-2].w == "sure" ||
		last == "to" && h.to >= 3 && ws[h.to-2].w == "need" && ws[h.to-3].w == "will"
}

var requirements = map[string]bool{"bring": true, "sign": true, "arrive": true, "have": true, "fill": true, "send": true,
	"return": true, "know": true, "understand": true, "submit": true, "provide": true, "show": true, "renew": true, "register": true}

// offersToExplain reports an offer whose help is to explain or share ("Would you like me to go
// through the steps?", "Would it help if I explained…"): it asks leave to inform, and the
// person's yes is permission for the information that follows.
func offersToExplain(ws []word, k int) bool {
	for k < len(ws) && (ws[k].w == "to" || ws[k].w == "i" || ws[k].w == "just") {
		k++
	}
	if k >= len(ws) {
		return false
	}
	switch ws[k].w {
	case "explain", "explained", "share", "shared", "tell", "told", "show", "showed":
		return true
	case "go", "went", "walk", "walked", "talk", "talked", "run", "ran":
		return k+1 < len(ws) && (ws[k+1].w == "through" || ws[k+1].w == "over" || ws[k+1].w == "you")
	}
	return false
}

const explainReason = "Asks before explaining, which keeps the person in control of what they hear."

// skip drops matches that the words around them show to be something else.
func skip(j *job, i int, h hit) bool {
	ws := j.sents[i].words
	switch h.rule.code {
	case AdviceWithoutPermission:
		// Soft suggestions phrased as questions are questions; the firm ones ("why don't you")
		// stay advice whatever their form.
		soft := h.rule.conf < 0.6 && j.sents[i].form != syntax.NotQuestion
		return soft || factualObligation(ws[h.to:]) || shouldNotHaveTo(ws, h.to) || errand(ws, h) || asksHistory(ws, h) || inference(ws, h) || embedded(ws, h) || relative(ws, h) || reported(ws) ||
			exhortation(ws, h.to) || toldSomeoneElse(ws, h) ||
			askedOf(j.sents[i], h) || theirSense(ws, h) || invitation(ws, h) ||
			j.sents[i].quoted(ws[h.from].tok) || proud(ws, h) || imagined(ws, h) || h.from > 0 && ws[h.from-1].w == "to" // "willing to maybe try"
	case EmotionalReaction:
		return apologyForSelf(ws, h)
	case Judgment:
		// "If you never try, you'll never know": a condition, not a verdict on the person; and
		// "you're hopeless about what's going on" names a feeling, as a reflection does.
		return h.from > 0 && ws[h.from-1].w == "if" || hopelessAbout(ws, h) || !blames(ws, h) || mentioned(&j.sents[i], h) ||
			lyingDown(ws, h) || notAPerson(ws, h) ||
			attributed(ws, h) || disappointedFor(ws, h) || ws[h.to-1].w == "entitled" && h.to < len(ws) && ws[h.to].w == "to"
	case Minimizing:
		return !silverLining(ws, h) || mentioned(&j.sents[i], h)
	case Dismissive:
		// "Anyway," changes the subject only when there was one: a message that opens with it
		// and answers nothing is just a way of starting.
		// After the worker's own news ("…my lawyer is useless. Anyway, how's the housing search
		// going?") it turns back to the client.
		anyway := ws[h.from].w == "anyway" || ws[h.from].w == "anyways"
		opening := i == 0 && j.context == "" && anyway
		return opening || anyway && i > 0 && aboutThemself(&j.sents[i-1]) || notAnOrder(ws, h) || mentioned(&j.sents[i], h) || unprompted(j, ws, h)
	case ButCancel:
		// "nothing but bad luck" excepts; it does not take anything back.
		return otherSide(ws, h.to) || longWithoutFeeling(ws, h) && !orderFollows(ws, h.to) && !j.pitfallAfter(h.to) || excepting(ws, h.to-1)
	case AskingPermission:
		// "If you'd like, I can sit in on the call" and "I can walk you through it if you'd
		// like": the condition frames an offer of help.
		return offerFollows(ws, h.to) || ws[h.from].w == "if" && offerBefore(ws, h.from)
	case OfferOfHelp:
		// "Is there anything else you want me to know?" asks; it offers nothing.
		return ws[h.to-1].w == "to" && h.to < len(ws) && (ws[h.to].w == "know" || ws[h.to].w == "hear" || ws[h.to].w == "understand")
	case Validation:
		// "That's a big deal" acknowledges in stock words (a weak interpretation); "Losing
		// someone you trusted is a big deal" says why their reaction makes sense.
		// "That's a lot" validates; "that's a lot of information" describes the information.
		// "Juggling two jobs is a lot" validates; "there is a lot to do" and "it is a lot
		// easier" do not.
		return ws[h.to-1].w == "deal" && h.from > 0 && (ws[h.from-1].w == "that" || ws[h.from-1].w == "it") ||
			ws[h.to-1].w == "lot" && h.to+1 < len(ws) && ws[h.to].w == "of" && plainAmounts[ws[h.to+1].w] ||
			ws[h.from].w == "is" && ws[h.to-1].w == "lot" && h.to < len(ws) && !loneLot[ws[h.to].w]
	case Interpretation:
		// "Sorry you feel that way", "What makes you feel that way?": not a reading of them.
		// "Do you feel like you let her down?" asks what a reflection would tell: exploration,
		// not interpretation. A statement said as a question ("You feel like it's all on you?")
		// still reads them.
		return ws[h.to-1].w == "that" && h.to < len(ws) && ws[h.to].w == "way" || asks(j.sents[i].form) || soundsLikeFact(ws, h)
	}
	return false
}

// soundsLikeFact reports "sounds like" that judges the facts or gives advice rather than
// reading the person: "That sounds like it could be illegal deductions", "It sounds like you
// need to call them", "Sounds like there's a backlog".
func soundsLikeFact(ws []word, h hit) bool {
	k := h.to - 1
	for k > h.from && ws[k].w != "like" {
		k--
	}
	if ws[k].w != "like" || k+2 >= len(ws) {
		return false
	}
	next, then := ws[k+1].w, ws[k+2].w
	switch {
	case next == "it" && (then == "could" || then == "might" || then == "may" || then == "would" || then == "will"):
		return true
	case next == "you" && (then == "need" || then == "should" || then == "could" || then == "might" || then == "must"):
		return true
	case next == "there":
		return true
	}
	return false
}

// asks reports a question in question form (not a statement said as one).
func asks(f syntax.QuestionForm) bool {
	return f != syntax.NotQuestion && f != syntax.Declarative && f != syntax.TagQuestion
}

// longWithoutFeeling reports a "but" far from the opener ("I know you were here to get a
// prescription for birth control but…") with no feeling in between: the opener acknowledged a
// fact, not what the person feels, so the "but" cancels no empathy. "I know losing your
// benefits has been really stressful, but…" names one and still counts.
func longWithoutFeeling(ws []word, h hit) bool {
	if h.to-h.from <= maxGap+3 {
		return false
	}
	for k := h.from; k < h.to; k++ {
		if syntax.FeelingWords[ws[k].w] || hardship[ws[k].w] || ws[k].w == "how" && k+1 < h.to && ws[k+1].w == "much" {
			return false // a feeling, a hardship, or "how much it means to you"
		}
	}
	return true
}

var hardship = map[string]bool{"sorry": true, "stressful": true, "unfair": true, "hard": true, "tough": true, "difficult": true,
	"painful": true, "scary": true, "frustrating": true, "upsetting": true, "exhausting": true, "awful": true,
	"rough": true, "hardest": true, "harder": true, "heartbreaking": true, "brutal": true, "lonely": true,
	"isolating": true, "overwhelming": true, "hurting": true, "sting": true, "stings": true}

// excepting reports the "but" of "nothing but bad luck", which excepts and takes nothing back.
func excepting(ws []word, but int) bool {
	return but >= 1 && (ws[but-1].w == "nothing" || ws[but-1].w == "anything" || ws[but-1].w == "all")
}

// pitfallAfter reports a judgement, dismissal or minimising phrase from word k on: "I get that
// things were tight at home, but stealing is stealing" takes back what it granted, however long
// the granting clause.
func (j *job) pitfallAfter(k int) bool {
	return slices.ContainsFunc(j.hits, func(h hit) bool {
		c := h.rule.code
		return h.from >= k && (c == Judgment || c == Dismissive || c == Minimizing)
	})
}

// orderFollows reports an instruction or a blame right after a "but" ("I know you're flat out
// with silage, but you really need to see the GP"): however long the clause before it, what it
// granted is taken back.
func orderFollows(ws []word, k int) bool {
	for k < len(ws) && (ws[k].w == "," || ws[k].w == "honestly" || ws[k].w == "really" || ws[k].w == "to" || ws[k].w == "be" || ws[k].w == "fair") {
		k++
	}
	if k+1 < len(ws) && ws[k].w == "you" {
		switch ws[k+1].w {
		case "need", "have", "should", "must", "ought", "got", "really", "just", "still":
			return true
		}
	}
	return k < len(ws) && (imperativeVerbs[ws[k].w] || ws[k].w == "if")
}

// offerFollows reports "I can", "I could" or "I will" right after a conditional opener and its
// comma.
func offerFollows(ws []word, k int) bool {
	if k < len(ws) && ws[k].w == "," {
		k++
	}
	return k+1 < len(ws) && ws[k].w == "i" && (ws[k+1].w == "can" || ws[k+1].w == "could" || ws[k+1].w == "will") &&
		!offersToExplain(ws, k+2) // "If you'd like, I can share what others found": asking leave to inform
}

// offerBefore reports "I can", "I could" or "I will" earlier in the sentence than word k.
func offerBefore(ws []word, k int) bool {
	for m := 0; m+1 < k; m++ {
		if ws[m].w == "i" && (ws[m+1].w == "can" || ws[m+1].w == "could" || ws[m+1].w == "will") {
			return true
		}
	}
	return false
}

// blames checks the words after two openers that blame only with some verbs: "I can't believe
// you missed another appointment" but not "I can't believe you got through that alone"; "Why
// would you do that?" but not MI's evocative "Why would you want to make this change?".
func blames(ws []word, h hit) bool {
	next := ""
	if h.to < len(ws) {
		next = ws[h.to].w
	}
	switch {
	case ws[h.from].w == "i" && saysAt(ws, h.from, disbelief):
		// "…you didn't call" and "…you'd do that", not "…you did it!"
		return ws[h.to-1].w == "would" || blameVerbs[next] || saysAt(ws, h.to, didNot)
	case ws[h.from].w == "why":
		return !rulerWords[next]
	}
	return true
}

// rulerWords follow "why would you" and "why didn't you" in MI's evocative questions, which ask
// for the client's own reasons rather than blame: "Why would you want to make this change?",
// "Why didn't you pick a lower number, like a two?", "Why would you be at a six and not a two?"
var rulerWords = map[string]bool{"want": true, "like": true, "choose": true, "say": true, "pick": true,
	"be": true, "rate": true, "give": true, "put": true}

var (
	disbelief = []string{"i", "can", "not", "believe", "you"}
	didNot    = []string{"did", "not"}
)

// blameVerbs after "I can't believe you" blame; verbs that also praise ("…you quit smoking",
// "…you lost 20 pounds", "…you still came in") are left out.
var blameVerbs = map[string]bool{"missed": true, "forgot": true, "skipped": true, "used": true,
	"relapsed": true, "blew": true, "ignored": true, "threw": true, "spent": true, "drank": true,
	"lied": true, "wasted": true}

// silverLining checks a bare "at least": it plays the problem down when it opens a clause
// ("At least the surgery went well") but not when it counts ("for at least a week").
func silverLining(ws []word, h hit) bool {
	if h.to-h.from != 2 || ws[h.from].w != "at" {
		return true
	}
	clauseStart := h.from == 0 || ws[h.from-1].w == "," || h.from == 1 && liningOpeners[ws[0].w]
	return clauseStart && h.to < len(ws) && liningSubjects[ws[h.to].w]
}

// liningOpeners may come before a silver lining; "and at least" adds an item to a list.
var liningOpeners = map[string]bool{"well": true, "oh": true, "but": true, "hey": true, "so": true}

var liningSubjects = map[string]bool{"the": true, "your": true, "he": true, "she": true, "they": true, "we": true,
	"there": true, "it": true, "that": true, "this": true, "nobody": true, "no": true, "his": true, "her": true,
	"their": true, "i": true, "you": true, "now": true}

func hopelessAbout(ws []word, h hit) bool {
	if ws[h.to-1].w != "hopeless" || h.to >= len(ws) {
		return false
	}
	switch ws[h.to].w {
	case "about", "that", "because", "when", "right", "at", "with":
		return true
	}
	return false
}

// notAnOrder recognises an order-shaped dismissal ("calm down", "stop crying", "get over it")
// used as a plain verb: "Donna helped you calm down", "how did you get over it". As an order it
// opens its clause, perhaps after a softener ("okay, just calm down").
func notAnOrder(ws []word, h hit) bool {
	if !orderVerbs[ws[h.from].w] {
		return false
	}
	for k := h.from - 1; k >= 0; k-- {
		w := ws[k].w
		if isClauseBreak(w) {
			return false
		}
		if w == "you" && k+1 < h.from && modals[ws[k+1].w] {
			continue // "you need to calm down" orders; "you just let it go" tells what they did
		}
		if !softeners[w] {
			return true
		}
	}
	return false
}

var (
	orderVerbs = map[string]bool{"calm": true, "settle": true, "stop": true, "get": true, "just": true} // "just" opens "just let it go"
	softeners  = map[string]bool{"just": true, "please": true, "okay": true, "ok": true, "now": true, "so": true,
		"well": true, "oh": true, "look": true, "hey": true, "alright": true, "and": true, "but": true,
		// "You need to calm down", "try to calm down": still orders.
		"need": true, "to": true, "have": true, "got": true, "should": true, "must": true, "try": true, "really": true,
		"will": true} // "you'll just have to put up with it"
	modals = map[string]bool{"need": true, "have": true, "got": true, "should": true, "must": true, "really": true, "will": true}
)

// factualObligation recognises "you should get a letter", "you have to be 18": statements of
// fact that share advice's wording.
func factualObligation(rest []word) bool {
	if len(rest) == 0 {
		return false
	}
	switch rest[0].w {
	case "get", "receive", "hear", "expect":
		for _, w := range rest[1:min(len(rest), 6)] {
			if deliveries[w.w] {
				return true
			}
		}
		// "you should get back your deposit" is news; "you need to get back out there" advice.
		return len(rest) > 2 && rest[1].w == "back" && gotBack[rest[2].w]
	case "be":
		return len(rest) > 1 && (isNumber(rest[1].w) || rest[1].w == "eligible" || rest[1].w == "a")
	case "have":
		// "You should have received a letter": an expectation about the mail, not advice.
		return len(rest) > 1 && (rest[1].w == "received" || rest[1].w == "gotten" || rest[1].w == "got" || rest[1].w == "heard")
	}
	return false
}

var gotBack = map[string]bool{"a": true, "an": true, "the": true, "your": true, "some": true, "any": true,
	"it": true, "them": true, "results": true, "money": true, "everything": true}

// inference recognises "you must have been in so much pain": must as a guess about the client's
// experience (interpretation), not as an order.
func inference(ws []word, h hit) bool {
	if ws[h.to-1].w != "must" || h.to >= len(ws) {
		return false
	}
	switch ws[h.to].w {
	case "have", "be", "feel", "really", "like", "love", "enjoy", "miss", "know", "want", "wonder", "think", "get":
		return true
	}
	return false
}

// askedOf recognises advice wording in a question that asks the client for their own plan:
// "What do you need to do next?", "What time would you need to get up?". "(So) why don't
// you…" stays advice.
func askedOf(s sentence, h hit) bool {
	if s.form != syntax.WhOpen && s.form != syntax.WhFact {
		return false
	}
	return s.words[h.from].w != "why"
}

// theirSense recognises an obligation the client feels, reflected back: "a part of you knows you
// need to", "feel like you need to", "kind of like you've got to change everything", or one the
// worker is sorry they face: "I'm sorry you have to wait". The worker's own opinion ("I think
// you need to…") is advice all the same.
func theirSense(ws []word, h hit) bool {
	if ws[h.from].w != "you" {
		return false
	}
	for k := h.from - 1; k >= 0 && k >= h.from-3 && !isClauseBreak(ws[k].w); k-- {
		if sympathyWords[ws[k].w] {
			return true // "I'm so sorry you have to rely on charity" names a burden
		}
		if senseVerbs[ws[k].w] {
			m := k - 1
			for m >= 0 && fillers[ws[m].w] {
				m-- // "I really think you should…"
			}
			return m < 0 || (ws[m].w != "i" && ws[m].w != "we")
		}
	}
	return false
}

var sympathyWords = map[string]bool{"sorry": true, "shame": true, "unfair": true, "hate": true}

var senseVerbs = map[string]bool{"think": true, "know": true, "knows": true, "feel": true, "feels": true,
	"felt": true, "like": true, "realize": true, "realise": true, "believe": true, "sense": true,
	"told": true, "saying": true, "says": true, "said": true}

// invitation recognises "why don't you tell me…", "maybe you could fill me in": an invitation to
// talk, not advice.
func invitation(ws []word, h hit) bool {
	return h.to+1 < len(ws) && talkVerbs[ws[h.to].w] && (ws[h.to+1].w == "me" || ws[h.to+1].w == "us" || ws[h.to+1].w == "about")
}

var talkVerbs = map[string]bool{"tell": true, "fill": true, "share": true, "talk": true, "describe": true,
	"explain": true, "walk": true, "show": true}

// lyingDown recognises "you're lying there", "lying awake": a posture, not an accusation.
func lyingDown(ws []word, h hit) bool {
	return ws[h.to-1].w == "lying" && h.to < len(ws) && postures[ws[h.to].w]
}

var postures = map[string]bool{"there": true, "down": true, "in": true, "on": true, "awake": true, "still": true,
	"flat": true, "here": true, "around": true, "about": true}

// notAPerson recognises "the clinic doesn't care about that": a verdict on a service, not on the
// person, for the verdicts that name no one themselves.
func notAPerson(ws []word, h hit) bool {
	return h.from > 0 && ws[h.from].w == "does" && institutions[ws[h.from-1].w]
}

var institutions = map[string]bool{"clinic": true, "office": true, "hospital": true, "system": true, "court": true,
	"school": true, "council": true, "agency": true, "government": true, "state": true, "county": true, "it": true,
	"that": true, "this": true, "nobody": true, "landlord": true, "company": true, "insurance": true, "judge": true}

// imagined recognises "I'd be devastated if I were you": the worker imagining the person's
// feeling, not telling them what to do.
func imagined(ws []word, h hit) bool {
	if ws[h.from].w != "if" {
		return false
	}
	for k := h.from - 1; k >= 1 && !isClauseBreak(ws[k].w); k-- {
		if ws[k-1].w == "would" && (ws[k].w == "be" || ws[k].w == "feel") {
			return true
		}
	}
	return false
}

// proud recognises "you should be proud of yourself": an affirmation in advice's clothes.
func proud(ws []word, h hit) bool {
	return h.to+1 < len(ws) && ws[h.to].w == "be" && ws[h.to+1].w == "proud"
}

// embedded recognises advice wording inside a clause that only talks about an obligation: "what
// you need to do", "when you have to think about this", "being told that you have to get rid
// of your dog", "where you might want to go". None of them tells the client what to do.
func embedded(ws []word, h hit) bool {
	if h.from == 0 || !subordinators[ws[h.from-1].w] || cleft(ws, h) {
		return false
	}
	// "I think that you should see a doctor" and "I'm telling you that you need to stop" are
	// advice all the same.
	if ws[h.from-1].w == "that" && h.from >= 3 && ws[h.from-2].w == "you" && speechVerbs[ws[h.from-3].w] {
		return false
	}
	return ws[h.from-1].w != "that" || h.from < 2 || !opinionVerbs[ws[h.from-2].w]
}

// cleft recognises advice put forward by a clause that names it first: "What I would recommend
// is that you avoid cold remedies", "what you need to do is call them", "That's why I recommend
// that you…". The clause is the advice's subject, not an aside about an obligation.
func cleft(ws []word, h hit) bool {
	switch ws[h.from-1].w {
	case "what":
		for k := h.to; k < len(ws) && k < h.to+6; k++ {
			switch {
			case ws[k].w == "is":
				return true
			case ws[k].w != "," && isClauseBreak(ws[k].w):
				return false
			}
		}
	case "why":
		return h.from >= 3 && ws[h.from-2].w == "is" && (ws[h.from-3].w == "that" || ws[h.from-3].w == "this")
	}
	return false
}

// toldSomeoneElse recognises advice wording inside what the client might say to someone else:
// "How would it be if you were to tell her that this time you really need to do this for the
// family?" The worker is not telling the client what to do. "I'd tell you that you need to…"
// is advice all the same.
func toldSomeoneElse(ws []word, h hit) bool {
	for k := h.from - 1; k >= 1 && k >= h.from-25; k-- {
		if ws[k].w != "that" || !speechVerbs[ws[k-1].w] && !(k >= 2 && speechVerbs[ws[k-2].w] && ws[k-1].w != "you") {
			continue
		}
		return true
	}
	return false
}

var speechVerbs = map[string]bool{"tell": true, "told": true, "say": true, "said": true, "explain": true,
	"explained": true, "telling": true, "saying": true}

// exhortation reports advice whose content is itself a pitfall the minimising and dismissive
// rules rewrite better: "you need to stay positive", "just calm down", "try to cheer up".
// Offering it as "one option" would keep the pitfall.
func exhortation(ws []word, k int) bool {
	for k < len(ws) && (ws[k].is(classOpener) || ws[k].w == "try" || ws[k].w == "to") {
		k++
	}
	for _, p := range exhortations {
		if saysAt(ws, k, p) {
			return true
		}
	}
	return forbidsFeeling(ws, k)
}

// forbidsFeeling recognises "(you shouldn't) be scared", "feel so upset": an order not to feel,
// which the dismissive rule rewrites.
func forbidsFeeling(ws []word, k int) bool {
	if k+2 >= len(ws) || ws[k].w != "not" || ws[k+1].w != "be" && ws[k+1].w != "feel" {
		return false
	}
	m := k + 2
	if ws[m].w == "so" && m+1 < len(ws) {
		m++
	}
	return syntax.FeelingWords[ws[m].w]
}

var exhortations = [][]string{{"stay", "positive"}, {"think", "positive"}, {"be", "positive"}, {"cheer", "up"},
	{"calm", "down"}, {"get", "over", "it"}, {"focus", "on", "the", "good"}, {"stop", "putting", "yourself", "down"}, {"focus", "on", "the", "positives"}, {"focus", "on", "the", "positive"}, {"look", "on", "the", "bright", "side"}, {"let", "it", "go"},
	{"stop", "worrying"}, {"relax"}, {"not", "worry"}, {"stop", "dwelling"}, {"stop", "stressing"}, {"stop", "complaining"},
	{"stop", "whining"}, {"stop", "obsessing"}, {"quit", "stressing"}, {"quit", "complaining"}, {"quit", "whining"},
	{"quit", "dwelling"}, {"deal", "with", "it"}, {"suck", "it", "up"}, {"toughen", "up"}, {"man", "up"}}

// relative recognises advice wording in a clause that describes a thing: "something you have
// to do", "any changes you might want to make". "Something you might want to try is…" puts
// the thing forward as advice, so a clause followed shortly by "is" stays advice.
func relative(ws []word, h hit) bool {
	if h.from == 0 || !relativeHeads[ws[h.from-1].w] {
		return false
	}
	for k := h.to; k < len(ws) && k < h.to+4; k++ {
		if ws[k].w == "is" || ws[k].w == "would" || isClauseBreak(ws[k].w) {
			return ws[k].w == ","
		}
	}
	return true
}

var relativeHeads = map[string]bool{"something": true, "anything": true, "everything": true, "nothing": true,
	"thing": true, "things": true, "change": true, "changes": true, "stuff": true, "steps": true, "ways": true}

// reported recognises a sentence that gives back what the client said: "So what I'm hearing
// is that you've got to keep awake", "You said you have to be at work by seven". The
// obligation is the client's, not the worker's advice. ("It sounds like you need to…" often is
// advice, so it is not one of these.)
func reported(ws []word) bool {
	k := 0
	for k < len(ws) && (ws[k].w == "so" || ws[k].w == "," || ws[k].w == "and" || ws[k].w == "okay") {
		k++
	}
	for _, p := range reportStems {
		if saysAt(ws, k, p) {
			return true
		}
	}
	return false
}

// unprompted reports "Don't worry" when the client voiced no feeling: "Please don't worry about
// being a few minutes late" reassures; said to "I'm so worried about the form", it brushes the
// worry aside.
func unprompted(j *job, ws []word, h hit) bool {
	switch ws[h.to-1].w {
	case "worry", "stress", "panic", "fret":
		return clientFeeling(j) == ""
	}
	return false
}

// disappointedFor reports disappointment on the person's behalf ("I'm so disappointed for you",
// "disappointed that the landlord said no") rather than in them.
func disappointedFor(ws []word, h hit) bool {
	if ws[h.to-1].w != "disappointed" || h.to >= len(ws) {
		return false
	}
	switch ws[h.to].w {
	case "to":
		// "disappointed to see you've not…" is in the person; "disappointed to hear the
		// landlord said no" is for them.
		return !(h.to+2 < len(ws) && ws[h.to+2].w == "you" || h.to+3 < len(ws) && ws[h.to+2].w == "that" && ws[h.to+3].w == "you")
	case "for", "about", "with", "by":
		return true
	case "that":
		return h.to+1 < len(ws) && ws[h.to+1].w != "you"
	}
	return false
}

// attributed reports a verdict the sentence gives as someone else's: "He brought this on
// himself, per his sister", "Mother says he is lazy", "according to staff". A note records it;
// the writer is not judging.
func attributed(ws []word, h hit) bool {
	for k, w := range ws {
		switch {
		case w.w == "per" && k+1 < len(ws) && !isClauseBreak(ws[k+1].w) && ws[k+1].w != "usual" && (k == 0 || ws[k-1].w != "as"),
			w.w == "according" && k+1 < len(ws) && ws[k+1].w == "to":
			return true
		case k < h.from && attributions[w.w] && k > 0 && ws[k-1].w != "i" && ws[k-1].w != "it" && !turnsBetween(ws, k, h.from):
			return true
		}
	}
	return false
}

// turnsBetween reports a "but" or "however" between an attribution and a verdict: "your
// probation officer says you've been doing well, but honestly I'll believe it when I see it"
// reports the officer and then judges in the writer's own voice.
func turnsBetween(ws []word, from, to int) bool {
	for _, w := range ws[from+1 : to] {
		if w.w == "but" || w.w == "however" {
			return true
		}
	}
	return false
}

var attributions = map[string]bool{"says": true, "said": true, "states": true, "stated": true, "reports": true,
	"reported": true, "believes": true, "thinks": true, "feels": true, "felt": true, "claims": true, "told": true}

var reportStems = [][]string{{"what", "i", "am", "hearing"}, {"what", "i", "hear"}, {"you", "are", "saying"},
	{"you", "said"}, {"you", "mentioned"}, {"you", "told", "me"}, {"if", "i", "understand"}, {"if", "i", "am", "understanding"}}

var opinionVerbs = map[string]bool{"think": true, "believe": true, "feel": true, "guess": true, "suggest": true,
	"recommend": true, "hope": true, "reckon": true, "say": true, "insist": true}

var subordinators = map[string]bool{"what": true, "where": true, "when": true, "how": true, "why": true,
	"which": true, "who": true, "that": true, "if": true, "because": true, "cause": true, "until": true,
	"whatever": true, "wherever": true, "whenever": true, "unless": true, "whether": true}

// deliveries are things a client receives rather than does: "you should get a letter".
var deliveries = map[string]bool{"letter": true, "call": true, "notice": true, "email": true, "text": true,
	"reply": true, "response": true, "check": true, "payment": true, "card": true, "message": true,
	"decision": true, "answer": true, "bill": true, "statement": true, "refund": true}

// apologyForSelf recognises "I'm sorry, the office is closed" and "I'm sorry I was late": the
// worker apologising for themselves or for news, not responding to the client's feeling.
func apologyForSelf(ws []word, h hit) bool {
	if h.to >= len(ws) || h.to-h.from > 3 || ws[h.to-1].w != "sorry" {
		return false
	}
	next := ws[h.to].w
	if next == "," && h.to+1 < len(ws) {
		// "I'm sorry, the office is closed" is news; "I'm sorry, that's scary" and "I'm
		// sorry, friend" answer the feeling.
		next = ws[h.to+1].w
		if next == "you" && h.to+2 < len(ws) {
			return !aboutTheirState(ws[h.to+2:])
		}
		return newsOpeners[next]
	}
	return next == "i" || next == "but"
}

// aboutTheirState tells "(I'm sorry,) you must be exhausted" and "you've been through so much",
// which answer the person, from "you'll have to wait" and "you can't park there", which are news.
func aboutTheirState(ws []word) bool {
	switch ws[0].w {
	case "must", "sound", "seem", "feel", "are", "were", "went":
		return true
	case "have":
		return len(ws) > 1 && (ws[1].w == "been" || ws[1].w == "had" || ws[1].w == "gone")
	}
	return false
}

var newsOpeners = map[string]bool{"the": true, "i": true, "we": true, "but": true, "our": true, "my": true,
	"there": true, "you": true, "a": true, "no": true, "he": true, "she": true, "they": true}

func isNumber(w string) bool {
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

// classifyAdvice turns advice into advice_with_permission when the client asked for it or the
// writer asked first, and lowers the confidence of hedged advice ("maybe you could").
func (j *job) classifyAdvice(i int, h hit, f Finding) Finding {
	if j.permitted || j.askedPermissionBefore(i) {
		f.Code = AdviceWithPermission
		f.Reason = "Advice the person asked for or agreed to hear."
		f.Suggestion = nil
		return f
	}
	if h.rule != nil && hedged(j.sents[i].words[h.from:h.to]) {
		f.Confidence = 0.55
		f.Reason = "A suggestion the person did not ask for; even gently put, asking first keeps them in charge."
	}
	return f
}

func hedged(ws []word) bool {
	for _, w := range ws {
		switch w.w {
		case "maybe", "perhaps", "might", "could":
			return true
		}
	}
	return false
}

// askedPermissionBefore reports an asking_permission finding earlier in the text.
func (j *job) askedPermissionBefore(i int) bool {
	if offeredConditionally(j.sents[i].words) {
		return true
	}
	return j.askedAt >= 0 && j.askedAt < j.sents[i].End
}

// offeredConditionally recognises an option offered on the client's terms: "if you want, one
// option is...", "if you'd like, you could...", "if you want to try it". A condition about the
// client's own goal ("if you want to get better, you have to…") offers nothing.
func offeredConditionally(ws []word) bool {
	for k := 0; k+2 < len(ws); k++ {
		if ws[k].w != "if" || ws[k+1].w != "you" {
			continue
		}
		m := k + 2
		switch ws[m].w {
		case "would", "are", "feel":
			m++ // "if you would like", "if you are open", "if you feel like it"
		case "want", "like":
		default:
			continue
		}
		if m+1 >= len(ws) {
			return true
		}
		switch next := ws[m+1].w; {
		case isClauseBreak(next) || next == "." || next == "it":
			return true
		case next == "to" && m+2 < len(ws) && (ws[m+2].w == "hear" || ws[m+2].w == "try" || ws[m+2].w == "know"):
			return true
		}
	}
	return false
}

// advicePleas ask for advice; adviceYeses agree to hear it, which only means something right
// after the worker asked. Each is kept between spaces, as saysAny looks for it.
var (
	advicePleas = spaced("what should i", "what do you think", "any ideas", "what would you do",
		"should i", "how do i", "what do you recommend", "what do you suggest", "can you tell me",
		"could you tell me", "tell me what", "what can i do", "do you have any ideas", "any advice",
		"what do i do", "what am i supposed to do", "what do i need to do", "what now", "what happens now",
		"how am i meant to", "how am i supposed to", "how should i", "how do i take", "what would you suggest",
		"any tips", "some tips", "give me some", "can you give me")
	adviceYeses = spaced("go ahead", "i am listening", "i'm listening", "sure", "yes please", "yeah tell me", "yes tell me",
		"okay tell me", "ok tell me", "please tell me", "so tell me")
)

func spaced(phrases ...string) []string {
	for i, p := range phrases {
		phrases[i] = " " + p + " "
	}
	return phrases
}

// clientAskedForAdvice reads the client's preceding words for a request or a yes to advice.
func clientAskedForAdvice(context string) bool {
	return saysAny(context, advicePleas, adviceYeses)
}

// saysAny reports whether text holds one of the phrases (made by spaced) as whole words: "sure"
// is not in "pressured", nor "should i" in "should it".
func saysAny(text string, lists ...[]string) bool {
	if text == "" {
		return false
	}
	// The words, lower-cased, each between single spaces, so " sure " finds the word alone.
	var b strings.Builder
	b.Grow(len(text) + 2)
	b.WriteByte(' ')
	gap := true
	for _, r := range text {
		if r == '’' {
			r = '\''
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' {
			b.WriteRune(unicode.ToLower(r))
			gap = false
		} else if !gap {
			b.WriteByte(' ')
			gap = true
		}
	}
	if !gap {
		b.WriteByte(' ')
	}
	c := b.String()
	for _, phrases := range lists {
		for _, p := range phrases {
			if strings.Contains(c, p) {
				return true
			}
		}
	}
	return false
}

// openers are the words an instruction may start with before its verb: "Honestly, just call them."
var openers = map[string]bool{"just": true, "please": true, "so": true, ",": true, "honestly": true, "but": true,
	"look": true, "listen": true, "okay": true, "ok": true, "well": true, "seriously": true}

var courtesyTake = map[string]bool{"care": true, "your": true, "the": true, "time": true, "a": true, "it": true, "whatever": true, "all": true}

var takeCourtesy = map[string]bool{"time": true, "moment": true, "moments": true, "break": true, "breath": true,
	"breather": true, "seat": true, "minute": true, "day": true, "days": true, "care": true, "rest": true, "weekend": true,
	"evening": true, "night": true, "space": true, "pressure": true, "compliment": true, "win": true, "look": true}

var takeItEasy = map[string]bool{"easy": true, "slow": true, "slowly": true, "one": true, "steady": true, "gently": true, "from": true}

// imperativeStart returns where an instruction's verb may stand: after the sentence's colon, if
// any ("About the missed dose: just take two tomorrow"), and after openers such as "just".
func imperativeStart(ws []word) int {
	k := 0
	if c := slices.IndexFunc(ws, func(w word) bool { return w.w == ":" }); c >= 0 {
		k = c + 1
	}
	for k < len(ws) && (ws[k].is(classOpener) || ws[k].w == "maybe" || ws[k].w == "perhaps") {
		k++ // "Maybe pop them next to your toothbrush" is still an instruction, gently put
	}
	return k
}

var imperativeVerbs = map[string]bool{"stop": true, "quit": true, "call": true, "go": true, "block": true,
	"cut": true, "start": true, "apologise": true, "apologize": true, "leave": true, "get": true,
	"try": true, "eat": true, "exercise": true, "drink": true, "tell": true, "move": true, "find": true,
	"take": true, "avoid": true, "skip": true, "ask": true, "talk": true, "set": true, "put": true, "use": true,
	"keep": true, "push": true, "stay": true, "wear": true, "limit": true, "reduce": true, "sleep": true,
	"rest": true, "walk": true, "write": true, "have": true, "be": true, "drop": true, "switch": true,
	"ignore": true, "toss": true, "upload": true, "restart": true, "lay": true, "sit": true, "throw": true, "bin": true,
	"pray": true, "accept": true, "forget": true, "ring": true, "close": true, "agree": true, "open": true,
	"consider": true, "pick": true, "ice": true, "pop": true, "elevate": true, "crush": true, "mix": true, "hide": true, "test": true}

// plainAmounts are what "that's a lot of…" can count without acknowledging a burden.
// loneLot are the words after which "is a lot" stands alone as a judgement of how much
// someone carries.
var loneLot = map[string]bool{",": true, "!": true, "?": true, "for": true, "right": true, "on": true, "and": true,
	"with": true, "at": true, "honestly": true, "really": true}

var plainAmounts = map[string]bool{"information": true, "info": true, "questions": true, "detail": true,
	"details": true, "reading": true, "numbers": true, "words": true, "people": true, "options": true}

// tagged reports an order with a tag that makes it look like a question: "Just pray and sleep
// early, okay?", "Keep away from them this weekend, you hear?".
func tagged(ws []word) bool {
	n := len(ws)
	if n < 3 || ws[n-1].w != "?" {
		return false
	}
	switch ws[n-2].w {
	case "okay", "ok", "alright", "yeah", "hear", "right":
		return ws[n-3].w == "," || ws[n-3].w == "you"
	}
	return false
}

// forbiddenActs are what a negative order about health or daily life forbids: "Don't skip the
// dose", "Do not drive after taking it".
var forbiddenActs = map[string]bool{"skip": true, "miss": true, "stop": true, "eat": true, "drink": true,
	"smoke": true, "use": true, "drive": true, "lift": true, "go": true, "let": true, "touch": true,
	"take": true, "quit": true, "leave": true, "answer": true, "sign": true, "spend": true, "overdo": true}

// courtesies are what an instruction verb's next word turns into good wishes or encouragement
// rather than advice: "keep going", "stay safe", "have a good weekend", "be well".
var courtesies = map[string]map[string]bool{
	"take":  courtesyTake,
	"keep":  {"going": true, "it": true, "at": true, "in": true, "me": true, "us": true},
	"go":    {"on": true, "you": true, "girl": true, "team": true},
	"stay":  {"safe": true, "warm": true, "well": true, "strong": true, "in": true, "cool": true, "dry": true, "tuned": true},
	"have":  {"a": true, "an": true, "fun": true, "faith": true, "you": true, "we": true, "they": true, "i": true},
	"be":    {"well": true, "safe": true, "kind": true, "gentle": true, "proud": true, "there": true, "here": true},
	"use":   {"me": true, "us": true},
	"write": {"me": true, "to": true, "back": true},
	"put":   {"me": true, "us": true},
}

// haveAdvice are what "have a…" takes when it is advice ("Have a nap") rather than a wish
// ("Have a good weekend").
var haveAdvice = map[string]bool{"nap": true, "rest": true, "drink": true, "snack": true, "lie": true,
	"bath": true, "walk": true, "break": true, "word": true}

// imperativeClause finds a bare instruction in a sentence and returns where its clause starts
// (the comma or semicolon before it, or 0) and where its verb stands, or -1, -1. The verb opens
// the sentence (after openers such as "just"), follows its colon, or opens a clause after ", so",
// ", just" or ";": "Your potassium was high, so cut out bananas", "Everyone feels like that,
// just push through".
func imperativeClause(ws []word) (clause, verb int) {
	if k := imperativeStart(ws); imperativeAdvice(ws, k) {
		return 0, k
	}
	if c, k := afterCondition(ws); k >= 0 {
		return c, k
	}
	for c := 1; c+1 < len(ws); c++ {
		if ws[c].w != ";" && ws[c].w != "but" && (ws[c].w != "," || ws[c+1].w != "so" && ws[c+1].w != "just") {
			continue
		}
		k := c + 1
		for k < len(ws) && (ws[k].w == "so" || ws[k].w == "just") {
			k++
		}
		// After "just", only a clause that runs to the sentence's end: spoken turns use "just" as
		// a filler mid-thought ("you know, just find alcohol, maybe takes the edge off"). After
		// "so" or ";" the order may list things ("so cut out bananas, potatoes and juice").
		filler := ws[c+1].w == "just" && slices.ContainsFunc(ws[k:], func(w word) bool { return w.w == "," })
		if imperativeAdvice(ws, k) && !filler {
			return c, k
		}
	}
	return -1, -1
}

// afterCondition finds an instruction after an opening condition: "If you need to relax, go for a
// walk", "When the cravings hit, just chew gum". Getting in touch is an invitation there, not
// advice: "If you have any of those, call your doctor".
func afterCondition(ws []word) (clause, verb int) {
	k := skipOpeners(ws, 0)
	if k >= len(ws) || !conditions[ws[k].w] {
		return -1, -1
	}
	c := slices.IndexFunc(ws[k:], func(w word) bool { return w.w == "," })
	if c < 0 {
		return -1, -1
	}
	c += k
	v := c + 1
	for v < len(ws) && (ws[v].w == "then" || ws[v].w == "just" || ws[v].w == "please") {
		v++
	}
	if v >= len(ws) || contactVerbs[ws[v].w] || !imperativeAdvice(ws, v) {
		return -1, -1
	}
	return c, v
}

var conditions = map[string]bool{"if": true, "when": true, "whenever": true, "once": true, "next": true, "before": true, "after": true}

// imperativeAdvice recognises a bare instruction verb at word k: "Stop drinking." "Just call
// them." "Take your time" style courtesies pass.
func imperativeAdvice(ws []word, k int) bool {
	if k+2 < len(ws) && ws[k].w == "do" && ws[k+1].w == "not" {
		return forbiddenActs[ws[k+2].w] // "Don't skip your meds", not "Don't worry" or "Don't forget your ID"
	}
	return k < len(ws) && imperativeVerbs[ws[k].w] && instruction(ws, k)
}

// instruction reports that the verb at word k, taken as an order, gives advice: "call me",
// "take care", "have a good weekend" and "just start where you want to" do not.
func instruction(ws []word, k int) bool {
	if exhortation(ws, k) {
		return false
	}
	if k+1 < len(ws) && (ws[k+1].w == "me" || ws[k+1].w == "us") {
		return false // "call me", "tell me": an invitation, not advice
	}
	if k+1 < len(ws) && (ws[k+1].w == "whatever" || ws[k+1].w == "whichever") {
		return false // "Pick whatever feels doable" hands the choice back
	}
	if ws[k].w == "have" {
		// "Have a nap" advises; "Have a good weekend" wishes, and "Have folks over" is too loose
		// a verb to read as advice.
		return k+2 < len(ws) && (ws[k+1].w == "a" || ws[k+1].w == "some") && haveAdvice[ws[k+2].w]
	}
	if ws[k].w == "keep" && k+1 < len(ws) && ws[k+1].w == "up" {
		// "Keep up the good work" encourages; "keep up the folic acid" advises.
		return k+3 < len(ws) && !saysAt(ws, k+2, []string{"the", "good"}) && !saysAt(ws, k+2, []string{"the", "great"}) &&
			!saysAt(ws, k+2, []string{"the", "hard"}) && !saysAt(ws, k+2, []string{"the", "amazing"})
	}
	if ws[k].w == "tell" && k+2 < len(ws) && ws[k+1].w == "you" && ws[k+2].w == "what" {
		return false // "Tell you what, …" opens an offer
	}
	if ws[k].w == "take" && k+2 < len(ws) {
		switch ws[k+1].w {
		case "it":
			return !takeItEasy[ws[k+2].w] // "take it easy", "take it one day at a time"; not "take it every day"
		case "your", "the", "a", "some", "all":
			return !takeCourtesy[ws[k+2].w] // "take your time", "take a breath"; not "take your meds"
		}
	}
	if k+1 < len(ws) && (courtesies[ws[k].w][ws[k+1].w] || ws[k+1].w == "not") {
		return false // "take care", "keep going", "stay safe", "be well"; "haven't" is no order
	}
	if k+2 < len(ws) && ws[k+1].w == "to" && (ws[k+2].w == "me" || ws[k+2].w == "us") {
		return false // "talk to me about…" invites
	}
	if contactVerbs[ws[k].w] && slices.ContainsFunc(ws[k:], func(w word) bool { return w.w == "anytime" || w.w == "whenever" || w.w == "any" }) {
		return false // "Call the unit anytime" offers a way in
	}
	if contactVerbs[ws[k].w] && k+2 < len(ws) && ws[k+1].w == "the" && services[ws[k+2].w] {
		return false // "just ring the office" invites; it advises nothing
	}
	if ws[k].w == "use" && k+2 < len(ws) && ws[k+1].w == "the" && channels[ws[k+2].w] {
		return false // "use the portal" shows a way in
	}
	if ws[k].w == "ask" && k+1 < len(ws) && (ws[k+1].w == "at" || ws[k+1].w == "for" || ws[k+1].w == "me" || ws[k+1].w == "us") {
		return false // "just ask at the van" invites
	}
	return !theirChoice(ws, k)
}

var channels = map[string]bool{"portal": true, "app": true, "link": true, "line": true, "number": true, "form": true,
	"website": true, "chat": true, "button": true, "office": true, "hotline": true, "helpline": true}

// services are the worker's own team, which getting in touch with invites rather than advises.
var services = map[string]bool{"office": true, "team": true, "unit": true, "ward": true, "desk": true,
	"helpline": true, "duty": true}

var contactVerbs = map[string]bool{"call": true, "ring": true, "text": true, "phone": true, "contact": true, "message": true, "email": true}

// theirChoice reports an instruction that hands the choice back: "just start where you want to
// start", "go at whatever pace you like".
func theirChoice(ws []word, k int) bool {
	for ; k+1 < len(ws); k++ {
		// "wherever you want" leaves the choice; "if you want to stay sober" sets a goal.
		if ws[k].w != "you" || !choiceVerbs[ws[k+1].w] || k == 0 || !choiceHeads[ws[k-1].w] {
			continue
		}
		if ws[k-1].w != "if" || offerEnds(ws, k+2) {
			return true
		}
	}
	return false
}

// offerEnds reports the end of "if you want" as an offer ("…if you want.", "…if you'd like to,
// …"), not a goal ("if you want to stay sober").
func offerEnds(ws []word, k int) bool {
	if k < len(ws) && ws[k].w == "to" {
		k++
	}
	return k >= len(ws) || isClauseBreak(ws[k].w)
}

var choiceHeads = map[string]bool{"where": true, "wherever": true, "whatever": true, "whichever": true, "however": true,
	"whenever": true, "what": true, "when": true, "how": true, "way": true, "pace": true, "as": true, "if": true}

var choiceVerbs = map[string]bool{"want": true, "like": true, "choose": true, "decide": true, "prefer": true, "feel": true}

// stigma finds lexicon terms.
func (j *job) stigma() {
	judged := j.spansOf(Judgment)
	for _, m := range j.a.lex.Find(j.text) {
		if j.notALabel(m, judged) || j.echoes(m.Surface) {
			continue
		}
		f := Finding{Code: StigmatizingLanguage, Start: m.Start, End: m.End, Confidence: m.Entry.Confidence,
			Reason: m.Entry.Reason, Evidence: m.Surface}
		f.Suggestion = j.stigmaRewrite(m)
		j.add(f)
	}
}

// echoes reports a term the client used just before: "I'm not crazy" → "Nobody here is calling
// you crazy", "The doctor called me a drug seeker" → "Being called a drug seeker sounds awful".
// Giving back the client's own word, to reflect or dispute it, is not the worker labelling them.
func (j *job) echoes(surface string) bool {
	if j.context == "" {
		return false
	}
	ctx, term := strings.ToLower(j.context), withoutArticle(strings.ToLower(surface))
	for k := strings.Index(ctx, term); k >= 0; {
		end := k + len(term)
		if (k == 0 || !isLetterByte(ctx[k-1])) && (end == len(ctx) || !isLetterByte(ctx[end])) {
			return true
		}
		next := strings.Index(ctx[k+1:], term)
		if next < 0 {
			break
		}
		k += 1 + next
	}
	return false
}

// withoutArticle drops a leading article, so that "the drunk" gives back "a drunk" and "an
// addict" gives back "drug addict".
func withoutArticle(term string) string {
	for _, a := range []string{"a ", "an ", "the "} {
		if rest, ok := strings.CutPrefix(term, a); ok {
			return rest
		}
	}
	return term
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// notALabel reports a character judgement from the lexicon ("lazy", "manipulative",
// "noncompliant") that needs no finding of its own: the text denies it ("I don't think you're
// lazy", "nobody here thinks you're manipulative"), reports how the person feels ("feeling lazy
// since the new medication"), or is inside a judgement already found ("you're being so lazy"),
// whose rewrite mends the whole clause where the lexicon's word-for-word one would not. Labels
// of other kinds ("an addict") stay flagged even when denied: the word itself is what the
// lexicon offers an alternative for.
func (j *job) notALabel(m lexicon.Match, judged []Span) bool {
	s := &j.sents[j.sentOf(m.Start)]
	k := sort.Search(len(s.words), func(k int) bool { return s.Tokens[s.words[k].tok].Start >= m.Start })
	if k < len(s.words) && reportedSpeech(s, k) {
		return true
	}
	if m.Entry.Category != lexicon.DifficultPatient && m.Entry.Category != lexicon.Compliance {
		return false
	}
	if covered(judged, m.Start, m.End) {
		return true
	}
	return k < len(s.words) && (denied(s.words, k) || felt(s.words, k))
}

// reportedSpeech recognises a label in quotation marks that the writer attributes to someone:
// "her ex-partner called her 'a psycho'", "Client stated \"I'm just a junkie\"". The record
// keeps the words that were said; the writer does not use them. A label in quotation marks
// with no one saying it ("a 'frequent flyer'") is the writer's own, and stays flagged.
func reportedSpeech(s *sentence, k int) bool {
	if !s.quoted(s.words[k].tok) {
		return false
	}
	return slices.ContainsFunc(s.words[:k], func(w word) bool { return reportVerbs[w.w] })
}

var reportVerbs = map[string]bool{"said": true, "says": true, "say": true, "saying": true, "stated": true,
	"states": true, "called": true, "calls": true, "call": true, "calling": true, "told": true, "tells": true,
	"reported": true, "reports": true, "described": true, "describes": true, "named": true, "wrote": true,
	"yelled": true, "shouted": true, "screamed": true, "labelled": true, "labeled": true, "heard": true}

// spansOf returns the spans of the findings with the code, ordered by start.
func (j *job) spansOf(code Code) []Span {
	var out []Span
	for _, f := range j.findings {
		if f.Code == code {
			out = append(out, Span{f.Start, f.End})
		}
	}
	slices.SortFunc(out, func(a, b Span) int { return a.Start - b.Start })
	return out
}

// covered reports whether one of spans (ordered by start, and not nested: one rule's matches
// in a sentence do not overlap) holds [start, end). A binary search keeps a text with
// thousands of judgements linear.
func covered(spans []Span, start, end int) bool {
	k := sort.Search(len(spans), func(k int) bool { return spans[k].Start > start })
	return k > 0 && spans[k-1].End >= end
}

// denied reports a negation that governs the word at k: within the five words before it, with
// no clause break or conjunction between ("he doesn't call and is lazy" denies nothing).
func denied(ws []word, k int) bool {
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		w := ws[j].w
		if isClauseBreak(w) || conjunctions[w] {
			return false
		}
		if negators[w] {
			return true
		}
	}
	return false
}

// felt reports a feeling verb shortly before the word at k, within its clause: "reports feeling
// lazy and unmotivated" describes how the person feels, in their words.
func felt(ws []word, k int) bool {
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		if isClauseBreak(ws[j].w) {
			return false
		}
		if feelVerbs[ws[j].w] {
			return true
		}
	}
	return false
}

var (
	conjunctions = map[string]bool{"and": true, "but": true, "or": true, "because": true, "so": true, "while": true, "although": true, "though": true}
	feelVerbs    = map[string]bool{"feel": true, "feels": true, "feeling": true, "felt": true}
)

func (j *job) stigmaRewrite(m lexicon.Match) *Suggestion {
	if s := noncompliantRewrite(j, m); s != nil {
		return s
	}
	alt := lexicon.MatchCase(m.Entry.Alternative, m.Surface)
	if m.Start == j.sents[j.sentOf(m.Start)].Start {
		alt = fitCase(alt, true) // "IVDU is common" → "Injection drug use is common"
	}
	if sug := j.verbAfterCopula(m, alt); sug != nil {
		return sug
	}
	if art, ok := j.articleBefore(m.Start); ok {
		if want := article(alt); want != art.Lower {
			// "an addict" → "a person who…": the article changes with the words after it.
			return &Suggestion{Kind: Replace, Start: art.Start, End: m.End, Text: matchFirst(want, art.Text) + " " + alt}
		}
	}
	return &Suggestion{Kind: Replace, Start: m.Start, End: m.End, Text: alt}
}

// articleBefore returns the token just before rune offset r if it is "a" or "an".
func (j *job) articleBefore(r int) (textseg.Token, bool) {
	s := j.sents[j.sentOf(r)]
	for k, t := range s.Tokens {
		if t.Start >= r {
			if k > 0 && (s.Tokens[k-1].Lower == "a" || s.Tokens[k-1].Lower == "an") {
				return s.Tokens[k-1], true
			}
			break
		}
	}
	return textseg.Token{}, false
}

// verbAfterCopula rewrites a label that follows "is" or "was" with an alternative that is a verb
// ("uses a wheelchair", "has MS"), replacing the verb too: "who is now wheelchair bound" → "who
// now uses a wheelchair", "was wheelchair-bound" → "used a wheelchair". Nil where it does not
// apply.
func (j *job) verbAfterCopula(m lexicon.Match, alt string) *Suggestion {
	verb, rest, _ := strings.Cut(alt, " ")
	forms, ok := copulaVerbs[verb]
	if !ok {
		return nil
	}
	s := j.sents[j.sentOf(m.Start)]
	k := sort.Search(len(s.words), func(k int) bool { return s.Tokens[s.words[k].tok].Start >= m.Start })
	adverb := ""
	if k > 0 && copulaAdverbs[s.words[k-1].w] {
		k--
		adverb = s.Tokens[s.words[k].tok].Text + " "
	}
	if k == 0 {
		return nil
	}
	be := s.words[k-1]
	form := ""
	switch be.w {
	case "is":
		form = verb
	case "are":
		form = forms[0]
	case "was", "were":
		form = forms[1]
	default:
		return nil
	}
	text := adverb + strings.TrimSpace(form+" "+rest)
	if k >= 2 && s.words[k-2].tok == be.tok {
		// A contraction ("He's wheelchair bound"): the subject comes out of it ("He uses…").
		t := s.Tokens[be.tok]
		subject := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t.Text, "'s"), "’s"), "'re"), "’")
		return &Suggestion{Kind: Replace, Start: t.Start, End: m.End, Text: subject + " " + text}
	}
	return &Suggestion{Kind: Replace, Start: s.Tokens[be.tok].Start, End: m.End, Text: text}
}

// copulaVerbs gives the plural and past forms of the verbs the lexicon's alternatives begin with.
var copulaVerbs = map[string][2]string{"uses": {"use", "used"}, "has": {"have", "had"}, "lives": {"live", "lived"}}

var copulaAdverbs = map[string]bool{"now": true, "still": true, "also": true, "currently": true, "permanently": true}

// article chooses "a" or "an" by the first letter, which is right for the lexicon's wording.
func article(next string) string {
	if next != "" && strings.ContainsRune("aeiouAEIOU", rune(next[0])) {
		return "an"
	}
	return "a"
}

func matchFirst(word, like string) string {
	if like != "" && like[0] >= 'A' && like[0] <= 'Z' {
		return strings.ToUpper(word[:1]) + word[1:]
	}
	return word
}

// focusShift flags self-disclosure that turns the conversation onto the worker: a reply that
// talks about "I" and "my" far more than about the client, at length; or one of its sentences
// does, however much the others are about the client ("You gave up so much for him. I did the
// same for my mum, gave up my job, lost my flat…").
func (j *job) focusShift() {
	me, you := 0, 0
	for si := range j.sents {
		m, y := selfTalk(&j.sents[si])
		me, you = me+m, you+y
	}
	// One long sentence about the worker's own life ("I had it for eight months, I couldn't
	// even walk, my husband had to do everything…") turns the focus as surely as several.
	if !aboutMe(me, you) || len(j.sents) < 2 && me < 5 {
		j.focusShiftIn()
		return
	}
	j.addFocusShift(j.sents[0].Start, j.sents[len(j.sents)-1].End)
}

// focusShiftIn flags each sentence that is by itself a story of the worker's own life.
func (j *job) focusShiftIn() {
	for si := range j.sents {
		if me, you := selfTalk(&j.sents[si]); me >= 5 && aboutMe(me, you) {
			j.addFocusShift(j.sents[si].Start, j.sents[si].End)
		}
	}
}

func aboutMe(me, you int) bool { return me >= 4 && me >= 3*you+2 }

// sharedExperience marks each sentence in which the worker answers the person with a similar
// experience of their own ("I did the same with my son and sat on the stairs all night"):
// understanding by EPITOME's measure, strong when it carries detail (see levels). It runs after
// focusShift, which has flagged any that turns the reply onto the worker.
func (j *job) sharedExperience() {
	if j.context == "" {
		return
	}
	first := j.firstIn(SelfDisclosure)
	for i := range j.sents {
		s := &j.sents[i]
		end := s.End
		if !shares(s) {
			if !j.opensStory(i) {
				continue
			}
			end = j.sents[i+1].End
		}
		f := Finding{Code: SelfDisclosure, Start: s.Start, End: end, Confidence: 0.6,
			Reason: "Shares a similar experience of your own; brief and for the person's benefit, it shows you understand."}
		if j.has(i, BoundaryRisk) {
			// A story that turns the talk to the worker is still understanding by EPITOME's
			// measure; it raises the level, and the boundary risk stays the finding shown.
			f.levelOnly = true
			j.add(f)
			continue
		}
		if k, ok := first[i]; ok {
			// A phrase rule found the start of what the sentence as a whole does: widen it.
			g := &j.findings[k]
			g.Start, g.End, g.Evidence = s.Start, end, j.slice(s.Start, end)
			continue
		}
		j.add(f)
	}
}

// shares reports a sentence about the worker's own past that echoes the person's: it talks
// about "I" more than "you", tells something that happened rather than a plan ("I'll ring
// them"), and marks the likeness ("too", "the same", "I remember", "when my…", "my first…").
func shares(s *sentence) bool {
	story, like := ownStory(s)
	return story && like && len(s.words) >= 6
}

// opensStory reports a short sentence that begins a shared experience which the next sentence
// tells: "I got mine at 24. For the first month I did my injections in the work toilets…".
func (j *job) opensStory(i int) bool {
	if story, like := ownStory(&j.sents[i]); !story || !like || len(j.sents[i].words) < 4 || i+1 >= len(j.sents) {
		return false
	}
	story, _ := ownStory(&j.sents[i+1])
	return story
}

// ownStory reports a sentence about the worker's own past rather than a plan or an offer, and
// whether it marks a likeness to the person's.
func ownStory(s *sentence) (story, like bool) {
	if me, you := selfTalk(s); me < 2 || me <= you || !slices.ContainsFunc(s.words, func(w word) bool { return w.w == "i" }) || opensWithOrder(s.words) {
		return false, false
	}
	would, past := false, false
	for k, w := range s.words {
		switch w.w {
		case "could", "can":
			if k+1 < len(s.words) && s.words[k+1].w == "not" {
				continue // "I couldn't face the kitchen" tells; "I could ring them" offers
			}
			return false, false
		case "will", "shall", "going", "let":
			return false, false // a plan or an offer, not a story
		case "would":
			would = true
		case "too", "same", "remember", "mine", "also", "exactly":
			like = true
		case "used":
			if k > 0 && s.words[k-1].w == "i" { // "I used to time it for 8:58"
				like, past = true, true
			}
		case "when":
			if k+1 < len(s.words) && (s.words[k+1].w == "i" || s.words[k+1].w == "my") {
				like, past = true, true
			}
		case "first":
			if k > 0 && s.words[k-1].w == "my" { // "My first sober Christmas I brought my own…"
				like, past = true, true
			}
		}
	}
	// "I'd" is a plan or an offer ("I'd ring them"), unless the sentence tells of the past,
	// where it is a habit: "I used to sleep with a chair against the door, so I'd have one more
	// thing between me and the fridge."
	return !would || past, like
}

// firstIn maps each sentence to its first finding with the code, found in one pass over the
// findings, so that widening them sentence by sentence stays linear in a long text. It is nil,
// without allocating, when there are none.
func (j *job) firstIn(code Code) map[int]int {
	var first map[int]int
	for k, f := range j.findings {
		if f.Code != code {
			continue
		}
		if first == nil {
			first = map[int]int{}
		}
		if i := j.sentOf(f.Start); !hasKey(first, i) {
			first[i] = k
		}
	}
	return first
}

func hasKey(m map[int]int, k int) bool {
	_, ok := m[k]
	return ok
}

// aboutThemself reports a sentence in which the worker talks about themselves more than about
// the client.
func aboutThemself(s *sentence) bool {
	me, you := selfTalk(s)
	return me >= 2 && me > you
}

// selfTalk counts the words about the worker and about the client in a sentence. Quoted words
// are someone else's, "I think" is a stance rather than a story, and "you know" as a filler
// is about no one.
func selfTalk(s *sentence) (me, you int) {
	for k, w := range s.words {
		switch w.w {
		case "i":
			if !stance(s.words, k) && !s.quoted(w.tok) {
				me++
			}
		case "my", "me", "mine", "myself":
			if !s.quoted(w.tok) {
				me++
			}
		case "you":
			if !fillerYou(s.words, k) {
				you++
			}
		case "your", "yourself":
			you++
		}
	}
	return me, you
}

// fillerYou recognises "you know" and "you see" between commas or at the end: talk, not a
// reference to the client.
func fillerYou(ws []word, k int) bool {
	if k+1 >= len(ws) || ws[k+1].w != "know" && ws[k+1].w != "see" {
		return false
	}
	return k+2 == len(ws) || ws[k+2].w == ","
}

func (j *job) addFocusShift(start, end int) {
	j.add(Finding{Code: BoundaryRisk, Start: start, End: end, Confidence: 0.7,
		Reason: "The reply is mostly about you; the client came to talk about their own situation.",
		Suggestion: &Suggestion{Kind: Replace, Start: start, End: end,
			Text: "That sounds like a lot to carry. How are you doing with it?"}})
}

// butAcrossSentences finds empathy cancelled at the start of the next sentence: "That sounds
// really tough. But you still need to show up on Monday."
func (j *job) butAcrossSentences() {
	for i := 1; i < len(j.sents); i++ {
		s := j.sents[i]
		if len(s.words) == 0 || !sentenceBut[s.words[0].w] || otherSide(s.words, 1) {
			continue
		}
		if !j.claimed(i-1, []Code{EmotionalReaction, Validation, Interpretation, Affirmation}) {
			continue
		}
		t := s.Tokens[s.words[0].tok]
		sug := &Suggestion{Kind: Replace, Start: t.Start, End: t.End, Text: "And"}
		if j.has(i, Judgment) || j.has(i, Dismissive) || j.has(i, Minimizing) {
			// "That sounds hard. But you brought it on yourself.": "And" would keep the put-down.
			sug = &Suggestion{Kind: Replace, Start: j.sents[i-1].End, End: s.End, Text: ""}
		}
		j.add(Finding{Code: ButCancel, Start: j.sents[i-1].Start, End: t.End, Confidence: 0.75,
			Reason:     "\"But\" cancels the empathy before it: the person hears only what follows.",
			Suggestion: sug})
	}
}

// butAfterPraise finds praise, warmth or pity cancelled later in the same sentence, however it
// was worded: "Good for you for going, but one meeting is just the start", "Well done, but it
// took you till you were 30". The phrase rules know only the commonest openings ("I hear you,
// but"); this reads any skill finding the sentence already has.
func (j *job) butAfterPraise(i int) {
	s := &j.sents[i]
	if !slices.ContainsFunc(s.words, func(w word) bool { return w.w == "but" || w.w == "however" }) {
		return // most sentences; checked first because this runs on every sentence of bulk notes
	}
	if j.has(i, ButCancel) || j.has(i, AutonomySupport) || oneHand(s.words) {
		return // "…, but again, it's your choice" hands the choice back; "on the one hand… but" weighs both
	}
	// This sentence's findings are the last ones added, so the search stops at the first from an
	// earlier sentence rather than reading every finding of a long text again.
	for n := len(j.findings) - 1; n >= 0 && j.findings[n].Start >= s.Start; n-- {
		f := j.findings[n]
		if !praiseOrWarmth[f.Code] {
			continue
		}
		// The "but" must follow closely: far after the praise, it answers something else.
		from := wordIndexAt(*s, f.End)
		for k := from; k > 0 && k < len(s.words) && k <= from+maxButGap; k++ {
			if w := s.words[k].w; (w == "but" || w == "however") && !otherSide(s.words, k+1) && !excepting(s.words, k) {
				t := s.Tokens[s.words[k].tok]
				j.add(Finding{Code: ButCancel, Start: f.Start, End: t.End, Confidence: 0.75,
					Reason:     "\"But\" cancels the empathy before it: the person hears only what follows.",
					Suggestion: j.butSuggestion(i, k)})
				return
			}
		}
	}
}

// butSuggestion swaps the "but" at word k of sentence i for "and", or, where a judgement,
// dismissal or minimising follows it ("Well done, but it took you till you were 30"), ends the
// sentence before the "but": "and" would keep the put-down.
func (j *job) butSuggestion(i, k int) *Suggestion {
	s := &j.sents[i]
	t := s.Tokens[s.words[k].tok]
	for n := len(j.findings) - 1; n >= 0 && j.findings[n].Start >= s.Start; n-- {
		if f := j.findings[n]; f.Start > t.Start && (f.Code == Judgment || f.Code == Dismissive || f.Code == Minimizing) {
			if prev, ok := wordBefore(s.Sentence, t.Start); ok {
				return cutFrom(*s, prev.End)
			}
		}
	}
	return &Suggestion{Kind: Replace, Start: t.Start, End: t.End, Text: "and"}
}

// grants reports a sentence that opens by granting the person's side: "I know the letter was a
// shock.", "I get that the rules feel unfair."
func grants(ws []word) bool {
	k := skipOpeners(ws, 0)
	for _, p := range grantStems {
		if saysAt(ws, k, p) {
			return true
		}
	}
	return false
}

var grantStems = [][]string{{"i", "know"}, {"i", "understand"}, {"i", "get", "that"}, {"i", "hear", "you"},
	{"i", "hear", "that"}, {"i", "appreciate"}, {"i", "realise"}, {"i", "realize"}, {"i", "can", "see"}}

// takesBack reports a sentence that presses, blames or plays the problem down, as the sentence
// after a granting one does when its "But" takes the granting back: "But honestly, it's only a
// sanction." A "But" that goes on to praise ("But you've done so well") takes nothing back.
func (j *job) takesBack(i int) bool {
	return j.has(i, AdviceWithoutPermission) || j.has(i, Judgment) || j.has(i, Dismissive) || j.has(i, Minimizing)
}

// oneHand reports a double-sided reflection that opens with "on the one hand".
func oneHand(ws []word) bool {
	for k := range ws {
		if saysAt(ws, k, []string{"on", "the", "one", "hand"}) {
			return true
		}
	}
	return false
}

const maxButGap = 10

var praiseOrWarmth = map[Code]bool{Affirmation: true, Validation: true, EmotionalReaction: true, SympathyPity: true}

// butAfterReflection finds a reflection taken back at the start of the next sentence: "Going
// back in the fall, you sound excited about it. However, the deadlines have passed." Reflections
// are decided after the phrase rules, so this runs once they are known.
func (j *job) butAfterReflection() {
	for i := 1; i < len(j.sents); i++ {
		s := j.sents[i]
		if len(s.words) == 0 || !sentenceBut[s.words[0].w] || otherSide(s.words, 1) || j.has(i, ButCancel) {
			continue
		}
		granted := j.claimed(i-1, []Code{SimpleReflection, ComplexReflection}) || grants(j.sents[i-1].words) && j.takesBack(i)
		if !granted || oneHand(j.sents[i-1].words) {
			continue
		}
		t := s.Tokens[s.words[0].tok]
		j.add(Finding{Code: ButCancel, Start: j.sents[i-1].Start, End: t.End, Confidence: 0.7,
			Reason:     "\"But\" cancels the understanding before it: the person hears only what follows.",
			Suggestion: &Suggestion{Kind: Replace, Start: t.Start, End: t.End, Text: "And"}})
	}
}

// sentenceBut are the words that open a sentence which takes back the one before.
var sentenceBut = map[string]bool{"but": true, "however": true, "though": true, "still": true, "mind": true}

// otherSide recognises "but on the other hand" and "but at the same time" from word k: the two
// sides of a double-sided reflection, which keeps what came before rather than cancelling it.
func otherSide(ws []word, k int) bool {
	for _, p := range [][]string{{"on", "the", "other"}, {"at", "the", "same", "time"}} {
		if saysAt(ws, k, p) {
			return true
		}
	}
	return false
}

// saysAt reports whether the normalised words from position k, commas skipped, begin with p.
// It is wordsFrom's test without building a slice, since it runs for every rule hit.
func saysAt(ws []word, k int, p []string) bool {
	for _, want := range p {
		for k < len(ws) && ws[k].w == "," {
			k++
		}
		if k >= len(ws) || ws[k].w != want {
			return false
		}
		k++
	}
	return true
}

// ownFeeling finds the worker naming their own feeling about the client's situation: "I'm
// really worried about you", "I'm angry for you", "I feel sick thinking about it" (EPITOME's
// strong emotional reactions).
func (j *job) ownFeeling(i int) {
	if j.kind == KindNote {
		return // a record's "I" is the writer's, and the feeling is not offered to anyone
	}
	s := j.sents[i]
	ws := s.words
	for k := 0; k+1 < len(ws); k++ {
		// "You said, 'I'm scared'": the client's feeling, quoted.
		if ws[k].w != "i" || !feelVerb[ws[k+1].w] || s.quoted(ws[k].tok) {
			continue
		}
		for m := k + 2; m < len(ws) && m <= k+5; m++ {
			if (syntax.FeelingWords[ws[m].w] || warmth[ws[m].w]) && !offering(ws, m) && !politeAfraid(ws, m) {
				if negatedBefore(ws, m) {
					return
				}
				sp := span(s.Tokens, ws, k, m+1)
				// Naming one's own feeling about their situation is EPITOME's strong reaction,
				// however short ("I'm angry for you").
				j.add(Finding{Code: EmotionalReaction, Start: sp.Start, End: sp.End, Confidence: 0.75, strength: 2,
					Reason: "Responds to the feeling with your own warmth or concern."})
				return
			}
			if isClauseBreak(ws[m].w) {
				break
			}
		}
	}
}

// politeAfraid reports the "I'm afraid" of a refusal ("That's the policy, I'm afraid"), which
// softens bad news rather than voicing fear; "I'm afraid for you" is a feeling.
func politeAfraid(ws []word, m int) bool {
	if ws[m].w != "afraid" {
		return false
	}
	return m+1 >= len(ws) || ws[m+1].w != "for" && ws[m+1].w != "of" && ws[m+1].w != "about"
}

// offering reports a feeling word that introduces an offer: "I'm happy to help you fill out
// the form" offers help; "I'm happy to hear it" and "I'm glad you told me" still react.
func offering(ws []word, m int) bool {
	return m+2 < len(ws) && ws[m+1].w == "to" && !reactVerbs[ws[m+2].w]
}

var reactVerbs = map[string]bool{"hear": true, "see": true, "know": true, "learn": true, "read": true, "think": true, "imagine": true}

// stance reports "I" before a verb of thinking or listening ("I think", "I hear", "I wonder"):
// the worker's stance towards what the client said, not talk about the worker's own life.
func stance(ws []word, k int) bool {
	return k+1 < len(ws) && stanceVerbs[ws[k+1].w]
}

var stanceVerbs = map[string]bool{"think": true, "agree": true, "understand": true, "know": true, "wonder": true,
	"hear": true, "see": true, "guess": true, "mean": true, "imagine": true, "notice": true, "noticed": true,
	"heard": true, "want": true, "appreciate": true}

// quoted reports a token inside quotation marks: the worker voicing the client ("Look, I did
// this").
func (s *sentence) quoted(tok int) bool {
	if !s.quotesMarked {
		s.markQuotes()
	}
	return s.inQuotes != nil && s.inQuotes[tok]
}

// mentioned recognises words the writer quotes rather than says: "People keep saying \"at least
// you have a roof\"", "When people say \"you're lazy\" it hurts". A sentence that is nothing
// but the quotation is still the writer's own.
func mentioned(s *sentence, h hit) bool {
	return s.quoted(s.words[h.from].tok) && s.wordsOutside
}

// markQuotes records, once per sentence, which tokens stand inside quotation marks and whether
// any word stands outside them, so that many findings in one huge sentence stay linear. A single
// quotation mark opens only where a word could start, since "students' rights" uses the same
// mark as a possessive.
func (s *sentence) markQuotes() {
	s.quotesMarked = true
	if !slices.ContainsFunc(s.Tokens, func(t textseg.Token) bool { return isQuote(t.Text) || t.Text == "'" || t.Text == "‘" }) {
		return // most sentences: nothing to mark, nothing to allocate
	}
	s.inQuotes = make([]bool, len(s.Tokens))
	double, single := false, false
	for k, t := range s.Tokens {
		switch {
		case isQuote(t.Text):
			double = !double
			continue
		case (t.Text == "'" || t.Text == "‘") && !single && (k == 0 || s.Tokens[k-1].End < t.Start):
			single = true
			continue
		case (t.Text == "'" || t.Text == "’") && single:
			single = false
			continue
		}
		s.inQuotes[k] = double || single
		if !s.inQuotes[k] && startsWithLetter(t.Text) {
			s.wordsOutside = true
		}
	}
}

// doubtQuotes finds scare quotes in a note: a word or two of the person's own account put in
// quotation marks beside a word of doubt ("his kid was 'sick' again", "Apparently she was 'too
// anxious'"). The marks tell the next reader not to believe it. A label someone else used, in
// quotation marks after the verb that reports it ("called her 'a psycho'"), is a record.
func doubts(ws []word) bool {
	return slices.ContainsFunc(ws, func(w word) bool { return doubtWords[w.w] })
}

func (j *job) doubtQuotes() {
	for i := range j.sents {
		s := &j.sents[i]
		toks := s.Tokens
		// Quotation marks first: few sentences have any, and the check is cheaper than looking
		// every word up among the doubt words.
		if !slices.ContainsFunc(toks, func(t textseg.Token) bool { return len(t.Text) <= 3 && closesQuote(t.Text) }) {
			continue
		}
		if !doubts(s.words) && !(i+1 < len(j.sents) && doubts(j.sents[i+1].words)) && !j.sarcasmFollows(i) {
			continue // "'Allergic' to codeine. Only tramadol works, apparently." doubts in the next sentence
		}
		for a := 0; a < len(toks); a++ {
			if !opensQuote(toks, a) {
				continue
			}
			b, words := a+1, 0
			for b < len(toks) && !closesQuote(toks[b].Text) && words <= maxScareWords {
				if toks[b].Word {
					words++
				}
				b++
			}
			if b >= len(toks) || words == 0 || words > maxScareWords || reportedJustBefore(toks, a) {
				a = b
				continue
			}
			j.add(Finding{Code: Judgment, Start: toks[a].Start, End: toks[b].End, Confidence: 0.7,
				Reason:     "Quotation marks around the person's own account, beside a word of doubt, tell the next reader not to believe them; record what they said plainly.",
				Suggestion: &Suggestion{Kind: Replace, Start: toks[a].Start, End: toks[b].End, Text: j.slice(toks[a+1].Start, toks[b-1].End)}})
			a = b
		}
	}
}

const maxScareWords = 3

// reportedJustBefore reports a verb of saying among the two tokens before a quotation: "called
// her 'a psycho'", "said 'fine'".
func reportedJustBefore(toks []textseg.Token, a int) bool {
	for k := a - 1; k >= 0 && k >= a-2; k-- {
		if reportVerbs[toks[k].Lower] {
			return true
		}
	}
	return false
}

var doubtWords = map[string]bool{"apparently": true, "supposedly": true, "allegedly": true, "conveniently": true,
	"again": true, "so-called": true}

// sarcasmFollows reports a next sentence that is only a sneer: "Client 'forgot' to mention it.
// Shocking."
func (j *job) sarcasmFollows(i int) bool {
	if i+1 >= len(j.sents) {
		return false
	}
	ws := j.sents[i+1].words
	return len(ws) > 0 && len(ws) <= 2 && sneers[ws[0].w]
}

var sneers = map[string]bool{"shocking": true, "shocker": true, "surprise": true, "funny": true, "classic": true,
	"typical": true, "convenient": true}

func opensQuote(toks []textseg.Token, a int) bool {
	t := toks[a].Text
	return isQuote(t) || (t == "'" || t == "‘") && (a == 0 || toks[a-1].End < toks[a].Start)
}

func closesQuote(t string) bool { return isQuote(t) || t == "'" || t == "’" }

// isQuote reports a double quotation mark, straight or curly.
func isQuote(t string) bool {
	return t == "\"" || t == "“" || t == "”"
}

func startsWithLetter(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLetter(r)
}

var (
	feelVerb = map[string]bool{"am": true, "feel": true, "felt": true, "was": true}
	warmth   = map[string]bool{"glad": true, "thrilled": true, "touched": true, "moved": true, "heartbroken": true,
		"crying": true, "awe": true, "concerned": true, "shaken": true, "delighted": true, "honoured": true, "honored": true,
		"choked": true, "welling": true, "teary": true, "tearful": true, "fuming": true, "livid": true, "heartsick": true,
		"heartsore": true, "gutted": true, "raging": true, "beaming": true, "pleased": true, "buzzing": true,
		"alarmed": true, "stoked": true}
)

// indignant reports a "That's ridiculous" that takes the person's side against what was done to
// them ("They're sending me home Monday" — "That's ridiculous"), not one that waves away their
// own fear or belief ("I think my food is being poisoned" — "That's ridiculous"). Without the
// person's words there is no telling, so it stays a dismissal. "It's disgraceful" said of what
// happened ("I'm so sorry you lost your job over that, it's disgraceful") sides with them the
// same way; said of a person or their conduct ("Your behaviour was disgraceful") it judges.
func (j *job) indignant(ws []word, h hit) bool {
	if j.context == "" || j.ctxSelfView || h.to-h.from > 3 {
		return false
	}
	switch ws[h.to-1].w {
	case "ridiculous":
		return true
	case "disgraceful":
		return ofWhatHappened(ws, h.from)
	}
	return false
}

// ofWhatHappened reports "it/that/this is/was" just before word k, intensifiers aside: a verdict
// on an event rather than on someone.
func ofWhatHappened(ws []word, k int) bool {
	for k > 0 && ws[k-1].soft {
		k--
	}
	if k < 2 || ws[k-1].w != "is" && ws[k-1].w != "was" {
		return false
	}
	return ws[k-2].w == "it" || ws[k-2].w == "that" || ws[k-2].w == "this"
}
