package engine

import (
	"slices"
	"strings"

	"github.com/rapporthq/rapport/syntax"
)

// questions codes sentence i as an open or closed question. Clear forms (what/how, tell me;
// do you/are you) are decided by syntax; forms the syntax cannot settle (declarative and tag
// questions) go to the question model trained on AnnoMI when it is present.
func (j *job) questions(i int) {
	s := j.sents[i]
	if s.form == syntax.NotQuestion {
		return
	}
	open, conf := s.form.Open(), 0.9
	if s.form == syntax.Declarative || s.form == syntax.TagQuestion {
		open, conf = false, 0.7
		if m := j.a.models["question"]; m != nil {
			_, p := m.Predict(s.Text, j.context)
			po := m.Prob(p, "open")
			open, conf = po >= 0.5, max(po, 1-po)
		}
	}
	if !j.has(i, Exploration) && !j.claimed(i, []Code{AskingPermission, OfferOfHelp, AdviceWithoutPermission}) && !adviceQuestion(s.words) &&
		!(s.form == syntax.AuxInverted && practical(s.words)) && !echoQuestion(s) && !formFilling(s.words) {
		strength := 1
		if (aboutExperience(s.words) || namedAfterStem(s.words)) && !howLong(s.words) {
			strength = 2
		}
		j.add(Finding{Code: Exploration, Start: s.Start, End: s.End, Confidence: 0.6, strength: strength,
			Reason: "Invites the person to say more about their situation and experience."})
	} else if j.has(i, Exploration) && namedAfterStem(s.words) {
		// "How are you feeling about going in for your next shift?": the stem a phrase rule
		// found is generic, and what follows it names the experience.
		j.add(Finding{Code: Exploration, Start: s.Start, End: s.End, Confidence: 0.6, strength: 2, levelOnly: true})
	}
	if open {
		j.add(Finding{Code: OpenQuestion, Start: s.Start, End: s.End, Confidence: conf, Reason: subtypeReasons[OpenQuestion]})
		return
	}
	j.add(Finding{Code: ClosedQuestion, Start: s.Start, End: s.End, Confidence: conf, Reason: subtypeReasons[ClosedQuestion]})
}

// namedAfterStem reports "how are you feeling", "coping" or "holding up", or "how do you
// feel", followed by words
// that name what it is about ("…about having her home after five months", "…when they're
// asleep"), where "…about it all" or "…now it's done" leave it generic.
func namedAfterStem(ws []word) bool {
	for k := 0; k+3 < len(ws); k++ {
		if ws[k].w != "how" || !feelingAux[ws[k+1].w] || ws[k+2].w != "you" || !feelingStems[ws[k+3].w] {
			continue
		}
		for _, w := range ws[k+4:] {
			if !genericAfterStem[w.w] {
				return true
			}
		}
		return false
	}
	return false
}

var (
	feelingAux   = map[string]bool{"are": true, "do": true, "did": true}
	feelingStems = map[string]bool{"feeling": true, "coping": true, "holding": true, "feel": true, "finding": true}
)

var genericAfterStem = map[string]bool{"up": true, "about": true, "it": true, "all": true, "of": true, "that": true,
	"this": true, "now": true, "so": true, "far": true, "today": true, "tonight": true, "lately": true, "these": true,
	"days": true, "with": true, "everything": true, "things": true, "right": true, "really": true, "honestly": true,
	"over": true, "done": true, "is": true, "was": true, "has": true, "been": true, "at": true, "the": true,
	"moment": true, "dear": true, "love": true, "hun": true, "mate": true, "pet": true, "hon": true, "sweetheart": true,
	"yourself": true, "in": true, "generally": true, "otherwise": true, ",": true, "?": true, "!": true, "-": true}

// echoQuestion reports a question that only echoes the person's news in disbelief: "Ten
// minutes?", "Fifth?!", "Two hours on hold?". EPITOME counts such rhetorical questions as no
// exploration. A declarative question about the person ("You're sleeping in the car?") still
// explores.
//
// A short question that offers the person a feeling ("Numb?", "Exciting or scary?", "Lonely
// nights?") is no echo: it explores, strongly. A tag question about something other than the
// person ("Seven weeks, is it?", "That must be hard, isn't it?") checks rather than asks.
func echoQuestion(s sentence) bool {
	n := 0
	for _, w := range s.words {
		switch {
		case w.w == "you" || w.w == "your" || w.w == "yourself":
			return false // "How are you feeling??" asks, however it is punctuated
		case syntax.FeelingWords[w.w] || stateWords[w.w]:
			return false
		case w.w == "," || w.w == "?" || w.w == "!":
		default:
			n++
		}
	}
	if s.form == syntax.TagQuestion || rhetoricalWho(s.words) {
		return true
	}
	t := strings.TrimRight(s.Text, " \"')”’")
	if (strings.HasSuffix(t, "?!") || strings.HasSuffix(t, "!?") || strings.HasSuffix(t, "??")) && (s.form == syntax.Declarative || n <= 3) {
		return true // "Fifth?!"; "How did it go??" still asks
	}
	return s.form == syntax.Declarative && n <= 8
}

// rhetoricalWho reports "Who talks to people like that?": indignation in a question's shape.
func rhetoricalWho(ws []word) bool {
	k := skipOpeners(ws, 0)
	n := len(ws)
	for n > 0 && (ws[n-1].w == "?" || ws[n-1].w == "!") {
		n--
	}
	return k < n && ws[k].w == "who" && n >= 2 && ws[n-2].w == "like" && ws[n-1].w == "that"
}

// formFilling reports a question that collects a fact for a form or an assessment ("How old are
// they?", "What's your national insurance number?", "What documents do you have?"): EPITOME's
// exploration asks about experience, and these ask for data.
func formFilling(ws []word) bool {
	if aboutExperience(ws) {
		return false
	}
	if supportCheck(ws) {
		return true
	}
	for k, w := range ws {
		if formFacts[w.w] {
			return true
		}
		if w.w == "how" && k+1 < len(ws) && (ws[k+1].w == "old" || ws[k+1].w == "far" && k+2 < len(ws) && ws[k+2].w == "along") {
			return true
		}
		if w.w == "what" && k+1 < len(ws) && ws[k+1].w == "time" {
			return true // "What time is he planning to leave?"
		}
		if w.w == "how" && k+1 < len(ws) && (ws[k+1].w == "many" || ws[k+1].w == "much") {
			return true // "How many did you take?", "Short by how much?": a count for the record
		}
	}
	return false
}

// supportCheck reports a question that takes stock of who is around the person ("Who's with
// you tonight?", "Who do you have on your side?"): a safety or support assessment, which EPITOME
// counts as no exploration of their experience.
func supportCheck(ws []word) bool {
	k := skipOpeners(ws, 0)
	if k+2 < len(ws) && ws[k].w == "is" && ws[k+1].w == "there" && helpers[ws[k+2].w] ||
		k+1 < len(ws) && (ws[k].w == "is" && helpers[ws[k+1].w] || ws[k].w == "who" && ws[k+1].w == "else") {
		// "Is there someone with you tonight?", "Is anyone at home with them?", "Who else is local?"
		return true
	}
	if k >= len(ws) || ws[k].w != "who" {
		return false
	}
	for m := k + 1; m+1 < len(ws); m++ {
		if (ws[m].w == "with" || ws[m].w == "for" || ws[m].w == "on") && ws[m+1].w == "you" || ws[m].w == "your" && m+1 < len(ws) && ws[m+1].w == "side" ||
			ws[m].w == "you" && ws[m+1].w == "have" {
			return true
		}
	}
	return false
}

var helpers = map[string]bool{"anyone": true, "someone": true, "anybody": true, "somebody": true}

var formFacts = map[string]bool{"number": true, "documents": true, "document": true, "address": true, "postcode": true,
	"zip": true, "agency": true, "bedrooms": true, "dob": true, "reference": true, "owe": true, "paperwork": true,
	"date": true, "details": true, "amounts": true, "payslips": true, "records": true, "lenders": true,
	"due": true, "income": true, "band": true, "ward": true, "copies": true, "register": true, "form": true, "dose": true}

var stateWords = map[string]bool{"jumpy": true, "mind": true, "experience": true, "safe": true, "alone": true,
	"scariest": true, "heaviest": true, "hardest": true, "affecting": true, "killing": true, "suicide": true,
	"hurting": true, "coping": true, "holding": true, "sleeping": true, "thinking": true,
	"worries": true, "worry": true, "dreading": true, "dread": true, "confusing": true, "worst": true, "ending": true,
	"miss": true, "frightens": true, "scaring": true, "scares": true, "head": true, "body": true, "guilt": true,
	"fear": true, "anger": true, "shame": true, "nerves": true, "craving": true,
	"worrying": true, "blames": true, "blame": true, "flashbacks": true, "struggling": true, "gut": true, "weighing": true,
	"sleep": true, "sticking": true, "worse": true, "stressing": true, "sting": true, "wobble": true,
	"cravings": true, "loneliest": true, "missing": true}

// adviceStems open questions that carry advice or plans rather than curiosity: "Have you tried
// calling 211?" is a suggestion, not an exploration (EPITOME).
var adviceStems = [][]string{{"have", "you", "tried"}, {"have", "you", "thought", "about"}, {"did", "you", "try"},
	{"have", "you", "looked"}, {"have", "you", "considered"}, {"did", "you", "call"}, {"have", "you", "called"},
	{"did", "you", "file"}, {"did", "you", "request"}, {"could", "you"}, {"can", "you", "get"},
	{"would", "you", "consider"}, {"why", "do", "not", "you"}, {"is", "there", "anyone", "who"},
	{"do", "you", "have", "your"}, {"have", "you", "applied"}, {"did", "you", "apply"}, {"can", "we"},
	{"is", "there", "someone", "who"}, {"can", "you", "stay"}, {"can", "you", "upload"}, {"can", "you", "send"},
	{"can", "you", "bring"}, {"can", "you", "ask"}, {"can", "you", "email"}, {"can", "you", "sign"}, {"can", "you", "fill"},
	{"shall", "i"}, {"should", "i"}, {"can", "you", "forward"}, {"can", "your"}, {"does", "he", "know"},
	{"does", "she", "know"}, {"do", "they", "know"}, {"do", "you", "know", "who"}}

func adviceQuestion(ws []word) bool {
	flat := make([]string, 0, len(ws))
	for _, w := range ws {
		if w.w != "," && w.w != "so" && w.w != "and" {
			flat = append(flat, w.w)
		}
	}
	for _, st := range adviceStems {
		for i := 0; i+len(st) <= len(flat); i++ {
			if syntax.HasPrefix(flat[i:], st) && !asksTheirView(flat[i+len(st):]) {
				return true
			}
		}
	}
	return false
}

// asksTheirView reports what follows an advice stem that asks for the person's own account
// rather than suggesting something: "Could you walk me through…", "Have you thought about
// what you'd like to do next?" ("Have you thought about AA?" suggests).
func asksTheirView(rest []string) bool {
	if len(rest) == 0 {
		return false
	}
	switch rest[0] {
	case "tell", "walk", "describe", "share", "say", "explain", "help", "talk", "what", "how", "where",
		"whether", "why", "who", "when", "which":
		return true
	}
	return false
}

// practical reports a yes/no question about an errand rather than the person's experience: "Did
// you file a police report?", "Have you talked to your supervisor?", "Do you have the denial
// letter?". It checks facts; EPITOME's exploration asks about feelings and experience. "Are
// you having those thoughts right now?" and "Do you find yourself going over it?" still explore.
func practical(ws []word) bool {
	for k := 0; k+1 < len(ws); k++ {
		if ws[k].w != "you" {
			continue
		}
		v := ws[k+1].w
		if v == "have" && k+2 < len(ws) && (ws[k+2].w == "a" || ws[k+2].w == "the" || ws[k+2].w == "his" || ws[k+2].w == "her" || ws[k+2].w == "any") {
			return !aboutExperience(ws[k+2:]) // "Do you have the letter?", not "…any thoughts of…"
		}
		if k+2 < len(ws) && (v == "have" || v == "already") {
			v = ws[k+2].w // "Have you reported it…", "Did you already call…"
		}
		return errands[v]
	}
	return false
}

var errands = map[string]bool{"reported": true, "report": true, "filed": true, "file": true, "called": true,
	"call": true, "contacted": true, "contact": true, "talked": true, "spoken": true, "sent": true, "send": true,
	"applied": true, "apply": true, "signed": true, "sign": true, "get": true, "got": true, "gotten": true,
	"received": true, "brought": true, "bring": true, "submitted": true, "filled": true,
	"checked": true, "emailed": true, "asked": true, "registered": true, "scheduled": true, "booked": true,
	"take": true, "took": true, "picked": true, "complained": true, "rung": true, "phoned": true, "told": true, "mentioned": true}

// aboutExperience reports an open question about the person's feelings or inner experience
// rather than facts: it names a feeling, or asks what something is like "for you".
func aboutExperience(ws []word) bool {
	for k, w := range ws {
		if syntax.FeelingWords[w.w] || stateWords[w.w] {
			return true
		}
		if w.w == "for" && k+1 < len(ws) && ws[k+1].w == "you" {
			return true
		}
		if w.w == "thoughts" && k+1 < len(ws) && (ws[k+1].w == "of" || ws[k+1].w == "like" || ws[k+1].w == "about") {
			return true // "Are you having thoughts of not wanting to be here?"
		}
		if k+1 < len(ws) && stateBigrams[[2]string{w.w, ws[k+1].w}] {
			return true
		}
		if w.w == "part" && k+2 < len(ws) && ws[k+1].w == "of" && ws[k+2].w == "you" {
			return true // "Is part of you scared to hope?"
		}
	}
	return likeQuestion(ws)
}

// stateBigrams name an inner state in everyday words: "What keeps coming back to you?", "Is it
// the waiting that's getting to you?", "Are you blaming yourself?", "Did it stir anything up?".
var stateBigrams = map[[2]string]bool{{"coming", "back"}: true, {"getting", "to"}: true, {"gets", "to"}: true,
	{"blaming", "yourself"}: true, {"stir", "anything"}: true, {"stirred", "anything"}: true, {"on", "edge"}: true,
	{"keeping", "you"}: true, {"wearing", "you"}: true, {"weighing", "on"}: true, {"playing", "on"}: true,
	{"in", "you"}: true, {"comes", "up"}: true, {"come", "up"}: true, {"coming", "up"}: true, {"land", "with"}: true,
	{"landed", "with"}: true, {"stayed", "with"}: true, {"beating", "yourself"}: true, {"kicking", "yourself"}: true,
	{"you", "picture"}: true, {"sitting", "with"}: true, {"giving", "up"}: true, {"you", "wish"}: true,
	{"makes", "you"}: true, {"taking", "out"}: true}

// likeQuestion reports "what is X like?" where X is a named part of the person's life ("What's
// the house like without her?", "What are the evenings like?", "What's it like starting over
// each time?"), which EPITOME counts as strong exploration; "What's it been like?" asks
// generically.
func likeQuestion(ws []word) bool {
	for k, w := range ws {
		if w.w != "what" {
			continue
		}
		named := false
		for m := k + 1; m < len(ws) && m <= k+7; m++ {
			switch ws[m].w {
			case "like":
				// "What's it been like getting around the house?" names the experience after "like".
				return named || m+1 < len(ws) && (gerund(ws[m+1].w) || ws[m+1].w == "without" || ws[m+1].w == "having")
			case "do", "does", "did", "look", "looks":
				return false // "What do your days look like?" asks for a routine
			case "is", "are", "was", "were", "has", "have", "been", "it", "that", "this", "things", "everything", "life", "they", "he", "she":
			default:
				named = true
			}
		}
	}
	return false
}

// statements codes a non-question sentence as a reflection and/or information when no rule has
// already said what it does.
func (j *job) statements(i int) {
	s := j.sents[i]
	if s.form != syntax.NotQuestion || j.kind == KindNote || j.claimed(i, directive) {
		return
	}
	reflected := j.context != "" && !j.claimed(i, expressive) && j.reflection(i)
	// A reflection gives back their words; it is information too only where it carries a time,
	// a day, a number or a price ("The clinic closed early, but the pharmacy can fill it until 8").
	if informational(s.words) && (!reflected || hardFacts(s.words)) {
		j.add(Finding{Code: Information, Start: s.Start, End: s.End, Confidence: 0.7,
			Reason: "Practical information: times, places, costs or how a service works."})
	}
}

// Codes that say what a sentence does, so it is neither a reflection nor plain information
// (directive), or not a reflection though it may still inform (expressive).
var (
	directive = []Code{AdviceWithoutPermission, AdviceWithPermission, Judgment, Dismissive, Minimizing,
		SympathyPity, BoundaryRisk, ButCancel, OfferOfHelp, AskingPermission}
	expressive = []Code{AutonomySupport, Validation, Affirmation, EmotionalReaction, Exploration, SelfDisclosure, Jargon, StigmatizingLanguage}
)

// anyFound reports a finding with one of the codes in any sentence.
func (j *job) anyFound(codes ...Code) bool {
	for i := range j.sents {
		if j.claimed(i, codes) {
			return true
		}
	}
	return false
}

func (j *job) claimed(i int, codes []Code) bool {
	for _, c := range codes {
		if j.has(i, c) {
			return true
		}
	}
	return false
}

// reflection decides whether sentence i gives back the client's words, and whether it adds
// meaning (complex) or mostly repeats them (simple). The rule's view and the models' are
// averaged: the rule knows overlap and feeling words, the models know AnnoMI coders' habits.
func (j *job) reflection(i int) bool {
	s := j.sents[i]
	shared, added, newMeaning := j.overlap(s.words)
	if givesInput(s.words) && !j.echoesCannot(s.words) || opensWithOrder(s.words) || requires(s.words) || j.contradicts(s.words) {
		return false
	}
	if j.answers(i) {
		return false
	}
	pr := 0.15
	// An echo of their words with little added ("Sixty days clean.", "He says he's changed.")
	// is the plainest reflection, though it names no "you"; it only repeats, so it is simple.
	echo := shared >= 2 && added <= shared && !addressesClient(s.words) && !aboutSelf(s.words)
	if echo {
		pr = 0.8
	}
	if addressesClient(s.words) {
		pr = 0.3
		if newMeaning > 0 || added >= 3 {
			pr = 0.4 // a you-statement that adds substance after the client spoke
		}
		if shared > 0 || j.has(i, Interpretation) {
			pr = 0.8
		}
	}
	if m := j.a.models["behaviour"]; m != nil {
		_, p := m.Predict(s.Text, j.context)
		pr = (pr + m.Prob(p, "reflection")) / 2
	}
	if pr < 0.45 || j.judges {
		return false
	}
	ruleComplex := newMeaning > 0 || doubleSided(s.words) || added > 2*shared+2 || j.has(i, Interpretation)
	pc := vote(ruleComplex)
	if m := j.a.models["reflection"]; m != nil {
		_, p := m.Predict(s.Text, j.context)
		pc = (pc + m.Prob(p, "complex")) / 2
	}
	code := SimpleReflection
	if pc >= 0.5 && !echo {
		code = ComplexReflection
	}
	j.add(Finding{Code: code, Start: s.Start, End: s.End, Confidence: max(pc, 1-pc), Reason: subtypeReasons[code]})
	return true
}

// vote turns a rule's yes or no into a probability-like score that a model can be averaged with.
// answers reports practical information given in reply to the client's question ("What's a
// mandatory reconsideration?" → "It's where you ask the DWP to look again…"): it shares their
// words because it answers them, not because it gives them back.
func (j *job) answers(i int) bool {
	if j.has(i, Interpretation) || !strings.Contains(j.context, "?") {
		return false
	}
	return informational(j.sents[i].words) || asksForFacts(j.context)
}

// asksForFacts reports a client's turn that asks for facts ("What's a care plan? The nurse keeps
// mentioning it.", "Can I bring my mum?"), not a worry put as a question ("What if I panic?",
// "Is that mad?").
func asksForFacts(context string) bool {
	qs := strings.Split(context, "?")
	for _, q := range qs[:len(qs)-1] { // the last piece follows the last "?"
		words := strings.Fields(strings.ToLower(q[strings.LastIndexAny(q, ".!\n")+1:]))
		if len(words) == 0 || words[0] == "what" && len(words) > 1 && words[1] == "if" {
			continue
		}
		if factStarts[strings.Trim(words[0], "\"'“”‘’")] {
			return true
		}
	}
	return false
}

var factStarts = map[string]bool{"what": true, "what's": true, "whats": true, "when": true, "where": true,
	"which": true, "who": true, "can": true, "could": true, "will": true}

// aboutSelf reports a sentence whose subject is the writer ("I've been a single dad too").
func aboutSelf(ws []word) bool {
	return len(ws) > 0 && (ws[0].w == "i" || ws[0].w == "we")
}

func vote(yes bool) float64 {
	if yes {
		return 0.8
	}
	return 0.2
}

// difficulty words restate a problem the client already put in negative terms ("I can't get
// there" → "getting there is hard"), so they add no new meaning after a negation.
var difficulty = map[string]bool{"hard": true, "difficult": true, "tough": true, "harder": true}

// overlap counts content words shared with the client's words, content words added, and added
// words that name a feeling or a value.
func (j *job) overlap(ws []word) (shared, added, meaning int) {
	for _, w := range ws {
		if syntax.StopWord(w.w) || isClauseBreak(w.w) {
			continue
		}
		if j.ctxWords[w.w] {
			shared++
			continue
		}
		added++
		if (syntax.FeelingWords[w.w] || syntax.ValueWords[w.w]) && !(difficulty[w.w] && j.ctxNegated) {
			meaning++
		}
	}
	return shared, added, meaning
}

// inputStems open sentences that inform or instruct rather than reflect: "You can reapply
// online", "Make sure you have glucagon".
var inputStems = [][]string{{"you", "can"}, {"you", "could"}, {"you", "may"}, {"you", "will", "need"},

	{"you", "will", "get"}, {"make", "sure"}, {"it", "is", "best"}, {"it", "should"}, {"keep"}, {"stay"},
	{"you", "will"}, {"please"}, {"remember"}, {"do", "not", "forget"}}

// echoesCannot reports "You can't face it" after "I can't face it": the client's own inability
// given back, not the "you can" of a rule or an option.
func (j *job) echoesCannot(ws []word) bool {
	k := 0
	for k < len(ws) && (ws[k].w == "so" || ws[k].w == "and" || ws[k].w == ",") {
		k++
	}
	if k+3 >= len(ws) || ws[k].w != "you" || ws[k+2].w != "not" {
		return false
	}
	if aux := ws[k+1].w; aux != "can" && aux != "could" {
		return false
	}
	return j.ctxWords["not"] && j.ctxWords[ws[k+3].w] && !syntax.StopWord(ws[k+3].w)
}

func givesInput(ws []word) bool {
	flat := make([]string, 0, 4)
	for _, w := range ws {
		if w.w != "," && w.w != "so" && w.w != "and" && w.w != "just" && w.w != "also" {
			flat = append(flat, w.w)
		}
		if len(flat) == 3 {
			break
		}
	}
	for _, st := range inputStems {
		if len(flat) >= len(st) && syntax.Contains(flat[:len(st)], st) {
			return true
		}
	}
	return false
}

// opensWithOrder reports a sentence that starts with an instruction's verb ("Take your PRN at
// night"): whatever it shares with the client's words, it does not give them back.
func opensWithOrder(ws []word) bool {
	k := imperativeStart(ws)
	return k < len(ws) && (imperativeVerbs[ws[k].w] || instructionVerbs[ws[k].w])
}

// instructionVerbs open the practical steps a worker or a service sets out ("Check if your
// deposit was protected", "Bring the letter on Tuesday"). They are not advice to be asked
// permission for, but they give nothing back either, so no such sentence is a reflection.
var instructionVerbs = map[string]bool{"check": true, "bring": true, "send": true, "fill": true, "contact": true,
	"apply": true, "phone": true, "book": true, "ensure": true, "note": true, "complete": true, "provide": true,
	"submit": true, "read": true, "look": true, "give": true, "email": true, "text": true, "register": true,
	"sign": true, "speak": true, "visit": true, "attend": true, "return": true, "post": true, "pack": true,
	"dress": true, "print": true, "label": true, "save": true, "show": true, "list": true, "record": true, "store": true}

// requires reports a sentence that states a rule's requirement ("A valid address is required to
// process your claim"): the voice of a policy, not a reflection.
func requires(ws []word) bool {
	return slices.ContainsFunc(ws, func(w word) bool { return w.w == "required" || w.w == "requirement" })
}

// addressesClient reports a sentence about the client, not about the worker: it speaks of "you"
// or of "it/that" and does not open with "I" or "we".
func addressesClient(ws []word) bool {
	if len(ws) > 0 && (ws[0].w == "i" || ws[0].w == "we") {
		return false
	}
	for _, w := range ws {
		switch w.w {
		case "you", "your", "yourself":
			return true
		}
	}
	return len(ws) > 0 && (ws[0].w == "it" || ws[0].w == "that" || ws[0].w == "the" || ws[0].w == "so")
}

func doubleSided(ws []word) bool {
	flat := make([]string, len(ws))
	for k, w := range ws {
		flat[k] = w.w
	}
	for _, d := range syntax.DoubleSided {
		if syntax.Contains(flat, d) {
			return true
		}
	}
	return false
}

var infoMarkers = map[string]bool{"open": true, "opens": true, "closed": true, "closes": true, "free": true,
	"covers": true, "meets": true, "starts": true, "runs": true, "takes": true, "located": true,
	"eligible": true, "available": true, "costs": true, "copay": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"appointment": true, "scheduled": true, "program": true, "pharmacy": true, "clinic": true,
	"office": true, "apply": true, "application": true, "letter": true, "requires": true, "need": true,
	"bring": true, "check-in": true, "noon": true, "tonight": true, "tomorrow": true, "today": true,
	"mondays": true, "tuesdays": true, "wednesdays": true, "thursdays": true, "fridays": true,
	"portal": true, "voucher": true, "insurance": true, "benefits": true, "doctor": true, "nurse": true,
	"hospital": true, "dose": true, "procedure": true, "midnight": true, "form": true, "forms": true,
	"card": true, "option": true, "shelter": true, "pantry": true, "referral": true, "line": true}

// informational recognises practical statements: they mention a time, a place, a cost or how a
// service works.
// hardFacts reports a number, a price or a day of the week.
func hardFacts(ws []word) bool {
	for _, w := range ws {
		if isNumber(w.w) || strings.HasPrefix(w.w, "$") || weekdays[w.w] {
			return true
		}
	}
	return false
}

var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "today": true, "tomorrow": true, "tonight": true}

func informational(ws []word) bool {
	n := 0
	for _, w := range ws {
		if infoMarkers[w.w] || isNumber(w.w) || (len(w.w) > 0 && w.w[0] == '$') {
			n++
		}
	}
	return n > 0
}

// howLong reports a question about duration ("How long have you been feeling like this?"): it
// asks for the story rather than what it is like, however it is worded.
func howLong(ws []word) bool {
	k := skipOpeners(ws, 0)
	return k+1 < len(ws) && ws[k].w == "how" && ws[k+1].w == "long"
}

// contradicts reports a sentence that denies what the client said of themselves or feared: "You're
// not a burden" after "I feel like a burden", "Oh, you won't break anything" after "I'm
// frightened I'll break my hip", "I'm sure she hasn't forgotten you". It repeats their words,
// but to reassure or correct them, not to give their meaning back, so it is no reflection. A
// client who spoke in the negative ("I can't go back") may be reflected in the negative ("You
// don't want to go back"), so then nothing is a denial.
func (j *job) contradicts(ws []word) bool {
	if j.ctxNegated {
		return false
	}
	for start := 0; start < len(ws) && start <= 8; {
		end := start
		for end < len(ws) && !isClauseBreak(ws[end].w) {
			end++
		}
		if j.deniesIn(ws[start:end], start == 0) {
			return true
		}
		start = end + 1
	}
	return false
}

// deniesIn reports a clause about a person that negates something the client said. "Not just the
// land, your dad's life's work" and "Can't say I blame you" negate in order to add or to side
// with them, and "not" that opens a clause ("…, not Ajay the patient") contrasts.
func (j *job) deniesIn(cl []word, opens bool) bool {
	person, neg := false, -1
	for k, w := range cl {
		switch w.w {
		case "you", "she", "he", "they", "nobody":
			person = true
		case "no":
			person = person || k == 0 && opens
		}
		if neg < 0 && negators[w.w] && !dismay(cl, k) {
			neg = k
		}
	}
	if !person || neg < 0 || neg+1 < len(cl) && concedes[cl[neg+1].w] {
		return false
	}
	if cl[neg].w == "not" && neg+1 == len(cl) && neg > 0 {
		return true // "You won't."
	}
	for _, w := range cl[neg+1:] {
		if j.ctxWords[w.w] && !syntax.StopWord(w.w) {
			return true
		}
	}
	return false
}

var concedes = map[string]bool{"just": true, "only": true, "say": true}
