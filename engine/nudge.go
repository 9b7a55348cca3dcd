package engine

import (
	"strings"

	"github.com/rapporthq/rapport/syntax"
)

// Advice is often put indirectly: "I hope you consider quitting", "It's important to take it
// every day", "What I'd like you to do is keep an eye on it", "You could maybe swap a meal for
// child care", "How about you come back in a week?". AnnoMI's coders code these as advice, and
// the phrase rules, which look for "you need to" and "you should", missed most of them (recall
// 0.24 on the development half; docs/evaluation.md). A nudge is one of these stems followed by a
// verb that imperativeAdvice accepts as an instruction, so "I hope you feel better" and "It's
// important to take care of yourself" stay what they are.

// nudgeStem is the wording before the advised verb. Soft stems offer an idea; firm ones press it.
// Most take the verb's base form ("I hope you consider…"); some a gerund ("it might be worth
// asking…") or a finite verb ("it would help if you wrote…").
type nudgeStem struct {
	words []string
	soft  bool
	slot  verbSlot
}

type verbSlot int

const (
	baseVerb verbSlot = iota
	gerundVerb
	finiteVerb
)

// nudgeStems, in the matcher's normalised words ("it's" is "it is", "I'd" is "I would"). "~"
// stands for any run of intensifiers ("really", "very", "so", "just", "maybe").
var nudgeStems = []nudgeStem{
	{words: []string{"i", "~", "hope", "you", "~"}},
	{words: []string{"i", "~", "hope", "you", "will", "~"}},
	{words: []string{"i", "would", "~", "like", "you", "to", "~"}},
	{words: []string{"what", "i", "would", "like", "you", "to", "do", "is", "~"}},
	{words: []string{"what", "i", "would", "like", "you", "to", "do", "is", "to", "~"}},
	{words: []string{"it", "is", "~", "important", "to", "~"}},
	{words: []string{"it", "is", "~", "important", "for", "you", "to", "~"}},
	{words: []string{"it", "is", "~", "important", "that", "you", "~"}},
	{words: []string{"it", "would", "be", "~", "best", "to", "~"}},
	{words: []string{"it", "is", "~", "best", "to", "~"}},
	{words: []string{"it", "is", "a", "~", "good", "idea", "to", "~"}},
	{words: []string{"it", "would", "be", "a", "~", "good", "idea", "to", "~"}},
	{words: []string{"it", "might", "be", "a", "~", "good", "idea", "to", "~"}},
	{words: []string{"something", "i", "would", "like", "you", "to", "~"}},
	{words: []string{"i", "would", "~", "encourage", "you", "to", "~"}},
	{words: []string{"i", "~", "encourage", "you", "to", "~"}},
	{words: []string{"i", "would", "~", "advise", "you", "to", "~"}},
	{words: []string{"i", "~", "advise", "you", "to", "~"}},
	{words: []string{"i", "~", "want", "you", "to", "~"}},
	{words: []string{"my", "advice", "is", "to", "~"}},
	{words: []string{"my", "advice", "would", "be", "to", "~"}},
	{words: []string{"my", "advice", "is", "that", "you", "~"}},
	{words: []string{"the", "best", "thing", "would", "be", "to", "~"}},
	{words: []string{"the", "best", "thing", "is", "to", "~"}},
	{words: []string{"the", "best", "thing", "to", "do", "is", "~"}},
	{words: []string{"the", "best", "thing", "to", "do", "is", "to", "~"}},
	{words: []string{"your", "best", "bet", "is", "to", "~"}},
	{words: []string{"your", "best", "option", "is", "to", "~"}},
	{words: []string{"you", "would", "be", "better", "off", "~"}, slot: gerundVerb},
	{words: []string{"it", "would", "be", "~", "good", "if", "you", "~"}, slot: finiteVerb},
	{words: []string{"it", "would", "be", "~", "great", "if", "you", "~"}, slot: finiteVerb},
	{words: []string{"it", "would", "be", "~", "helpful", "if", "you", "~"}, slot: finiteVerb},
	{words: []string{"it", "would", "be", "~", "best", "if", "you", "~"}, slot: finiteVerb},
	{words: []string{"it", "would", "help", "if", "you", "~"}, slot: finiteVerb},
	{words: []string{"it", "might", "help", "if", "you", "~"}, slot: finiteVerb, soft: true},
	{words: []string{"it", "is", "~", "worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"it", "might", "be", "~", "worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"it", "may", "be", "~", "worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"it", "could", "be", "~", "worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"it", "would", "be", "~", "worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"you", "~", "may", "want", "to", "~"}, soft: true},
	// "Now is the time to…": "now" opens clauses, so the stem starts after it.
	{words: []string{"is", "the", "time", "to", "~"}},
	{words: []string{"what", "i", "would", "do", "is", "~"}},
	{words: []string{"what", "i", "would", "do", "is", "to", "~"}},
	{words: []string{"i", "would", "~", "say", "~"}},
	{words: []string{"it", "would", "be", "~", "wise", "to", "~"}},
	{words: []string{"it", "would", "be", "~", "sensible", "to", "~"}},
	{words: []string{"it", "is", "~", "wise", "to", "~"}},
	{words: []string{"you", "would", "be", "~", "best", "~"}, slot: gerundVerb},
	{words: []string{"might", "be", "~", "worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"worth", "~"}, slot: gerundVerb, soft: true},
	{words: []string{"you", "~", "could", "~"}, soft: true},
	{words: []string{"you", "~", "might", "~"}, soft: true},
	{words: []string{"how", "about", "you", "~"}, soft: true},
	{words: []string{"what", "about", "you", "~"}, soft: true},
	{words: []string{"that", "is", "something", "you", "~", "can", "~"}, soft: true},
	{words: []string{"that", "is", "something", "you", "~", "could", "~"}, soft: true},
	{words: []string{"that", "is", "something", "you", "~", "might", "~"}, soft: true},
	{words: []string{"something", "you", "~", "could", "~"}, soft: true},
	{words: []string{"something", "you", "~", "might", "~"}, soft: true},
}

// offerStems ask the person's view of an idea as they put it forward: "What would you think about
// swapping a meal for child care?", "How would you feel about trying the patch?". Advice, but
// with the choice left to them, as MITI's persuasion with permission.
// The conditional marks the idea as the worker's: "How do you feel about being back home?"
// explores, where "How would you feel about trying the patch?" suggests.
var offerStems = [][]string{
	{"what", "would", "you", "think", "about"}, {"how", "would", "you", "feel", "about"},
	{"what", "would", "you", "think", "of"}, {"would", "you", "be", "open", "to"},
}

// nudgeVerbs are actions a nudge may advise beyond the bare instructions' verbs.
var nudgeVerbs = map[string]bool{"swap": true, "enroll": true, "enrol": true, "join": true, "look": true,
	"check": true, "sign": true, "apply": true, "bring": true, "come": true, "make": true, "give": true,
	"follow": true, "work": true, "plan": true, "schedule": true, "book": true, "contact": true, "visit": true,
	"attend": true, "practise": true, "practice": true, "track": true, "record": true, "download": true,
	"register": true, "pick": true, "buy": true, "prepare": true, "arrange": true, "reach": true,
	"speak": true, "meet": true, "consider": true, "text": true, "email": true, "phone": true, "ring": true,
	"see": true, "mention": true, "talk": true, "write": true, "cook": true, "switch": true, "cut": true,
	"reconsider": true, "wear": true, "steer": true, "test": true}

// nudgeIntensifiers may stand where a stem has "~".
var nudgeIntensifiers = map[string]bool{"really": true, "very": true, "so": true, "just": true, "maybe": true,
	"perhaps": true, "also": true, "always": true, "definitely": true, "truly": true, "even": true}

// softVerbsExcluded are verbs that after "you could" or "you might" say what may happen, not
// what to do: "you could tell she was upset", "you might find it hard", "you could use a break".
var softVerbsExcluded = map[string]bool{"tell": true, "find": true, "use": true, "get": true, "be": true,
	"have": true, "feel": true, "see": true, "say": true, "lose": true, "end": true}

// nudge finds indirect advice in a sentence and returns where its clause starts (the comma before
// it, or 0), where the advised verb stands, whether the stem was soft, and the verb's form;
// verb is -1 if none.
func nudge(s *sentence) (clause, verb int, soft bool, slot verbSlot) {
	ws := s.words
	for _, c := range clauseOpenings(ws) {
		k := c
		if c > 0 {
			k = c + 1
		}
		k = skipOpeners(ws, k)
		// "so you could see the whole day ahead" gives a purpose, not advice.
		purpose := k > 0 && ws[k-1].w == "so" && k < len(ws) && ws[k].w == "you"
		for _, st := range nudgeStems {
			v, ok := matchStem(ws, k, st.words)
			if !ok || !slotFilled(ws, v, st) || st.soft && (purpose || !softForm(s, st)) {
				continue
			}
			return c, v, st.soft, st.slot
		}
	}
	return -1, -1, false, baseVerb
}

// clauseOpenings lists where a clause may open: the sentence's start and each comma.
func clauseOpenings(ws []word) []int {
	out := []int{0}
	for c := 1; c+1 < len(ws); c++ {
		if ws[c].w == "," {
			out = append(out, c)
		}
	}
	return out
}

// skipOpeners steps over the words a spoken or written clause opens with before its content:
// "and", "so", "um", "you know", "okay".
func skipOpeners(ws []word, k int) int {
	for k < len(ws) {
		switch {
		case ws[k].is(classOpener | classInterjection | classHesitation):
			k++
		case ws[k].w == "you" && k+1 < len(ws) && ws[k+1].w == "know" && (k+2 == len(ws) || ws[k+2].w == ","):
			k += 2
		default:
			return k
		}
	}
	return k
}

var hesitations = map[string]bool{"um": true, "uh": true, "umm": true, "uhm": true, "er": true, "erm": true,
	"maybe": true, "perhaps": true, "then": true, "also": true}

// matchStem matches stem at word k, "~" taking any run of intensifiers, and returns the index
// after the match.
func matchStem(ws []word, k int, stem []string) (int, bool) {
	for _, want := range stem {
		if want == "~" {
			k = skipIntensifiers(ws, k)
			continue
		}
		if k >= len(ws) || ws[k].w != want {
			return 0, false
		}
		k++
	}
	return k, true
}

// skipIntensifiers steps over "really", "maybe", "kind of" and the commas between them.
func skipIntensifiers(ws []word, k int) int {
	for k < len(ws) {
		switch {
		case nudgeIntensifiers[ws[k].w] || ws[k].w == ",":
			k++
		case (ws[k].w == "kind" || ws[k].w == "sort") && k+1 < len(ws) && ws[k+1].w == "of":
			k += 2
		default:
			return k
		}
	}
	return k
}

// slotFilled reports the verb a stem needs at word k.
func slotFilled(ws []word, k int, st nudgeStem) bool {
	if k >= len(ws) {
		return false
	}
	switch st.slot {
	case gerundVerb:
		return gerund(ws[k].w)
	case finiteVerb:
		return !isClauseBreak(ws[k].w) && !wishVerbs[ws[k].w] // "it would help if you want to", no
	}
	return nudgeVerb(ws, k, st.soft)
}

var wishVerbs = map[string]bool{"want": true, "wanted": true, "like": true, "liked": true, "feel": true, "felt": true,
	"wish": true, "need": true, "needed": true, "are": true, "were": true, "had": true, "have": true}

// nudgeVerb reports an instruction verb at word k; "consider" counts, since "I hope you consider
// the patch" advises as much as "try the patch".
func nudgeVerb(ws []word, k int, soft bool) bool {
	if k >= len(ws) || soft && softVerbsExcluded[ws[k].w] {
		return false
	}
	switch w := ws[k].w; {
	case w == "consider":
		return true // "that's something you can consider"
	case w == "think":
		// "What I'd like you to think about is…" presses; "you could think about it" is soft,
		// and both advise.
		return k+1 < len(ws) && ws[k+1].w == "about"
	case w == "be" && k+1 < len(ws) && ws[k+1].w == "able":
		return false // "I'd like you to be able to tell me…" asks
	case imperativeVerbs[w] || nudgeVerbs[w]:
		return instruction(ws, k)
	}
	return false
}

// offer reports a question that asks the person's view of an idea as it puts it forward: an
// offer stem followed by an action ("swapping a meal", "a plan where…").
func offer(s *sentence) bool {
	if s.form == syntax.NotQuestion {
		return false
	}
	ws := s.words
	for _, c := range clauseOpenings(ws) {
		k := skipOpeners(ws, c)
		for _, st := range offerStems {
			if v, ok := matchStem(ws, k, st); ok && idea(ws, v) {
				return true
			}
		}
	}
	return false
}

// idea reports an action or a plan at word v: "swapping a meal", "a plan where…".
func idea(ws []word, v int) bool {
	return v < len(ws) && (gerund(ws[v].w) || v+1 < len(ws) && (ws[v].w == "a" || ws[v].w == "an" || ws[v].w == "the") && ideaWords[ws[v+1].w])
}

var ideaWords = map[string]bool{"plan": true, "idea": true, "option": true, "arrangement": true, "suggestion": true}

// gerund reports an -ing verb, leaving out nouns that end the same way ("something", "morning").
func gerund(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ing") && !ingNouns[w]
}

var ingNouns = map[string]bool{"something": true, "anything": true, "nothing": true, "everything": true,
	"morning": true, "evening": true, "feeling": true, "meeting": true, "thing": true, "building": true,
	"wedding": true, "ceiling": true, "clothing": true, "housing": true, "funding": true, "spring": true}

// softForm reports whether a soft stem's sentence puts an idea forward: a statement, or a
// question that opens "what about" or "how about". "Do you think you could call them?" asks.
func softForm(s *sentence, st nudgeStem) bool {
	if s.form == syntax.NotQuestion || s.form == syntax.Declarative || st.words[1] == "about" {
		return true // "how about you…" and "what about you…" put the idea as a question
	}
	k := skipOpeners(s.words, 0)
	return k+1 < len(s.words) && (s.words[k].w == "what" || s.words[k].w == "how") && s.words[k+1].w == "about"
}

// nudgeAdvice adds sentence i's indirect advice, if the phrase and instruction rules found none.
// A note records plans and the client's words, so it is not read for advice, as with bare
// instructions.
func (j *job) nudgeAdvice(i int) {
	s := &j.sents[i]
	if j.kind == KindNote || j.has(i, AdviceWithoutPermission) || j.has(i, AdviceWithPermission) {
		return
	}
	if offer(s) {
		j.add(Finding{Code: AdviceWithPermission, Start: s.Start, End: s.End, Confidence: 0.6,
			Reason: "Puts an idea forward by asking what the person thinks of it, which leaves the choice with them."})
		return
	}
	c, k, soft, slot := nudge(s)
	if k < 0 || s.quoted(s.words[k].tok) {
		return
	}
	f := Finding{Code: AdviceWithoutPermission, Start: s.Start, End: s.End, Confidence: 0.7,
		Reason: "Advice the person did not ask for, however gently put; people follow advice they chose far more often."}
	if c > 0 {
		f.Start = s.Tokens[s.words[c+1].tok].Start
	}
	if soft {
		f.Confidence = 0.55
	}
	if f = j.classifyAdvice(i, hit{}, f); f.Code == AdviceWithoutPermission && soft && (j.asksViewAfter(i) || saysAny(s.Text, theirCall)) {
		f.Code, f.Reason = AdviceWithPermission, "Offers an idea and asks what the person makes of it, which leaves the choice with them."
	}
	if f.Code == AdviceWithoutPermission {
		f.Suggestion = askFirst(j, i)
		if slot == baseVerb {
			f.Suggestion = rewriteNudge(j, i, c, k)
		}
	}
	j.add(f)
}

// rewriteNudge turns the advice into an offer ("Would it help to take it every day?") where the
// advised verb's clause runs cleanly to the sentence's end, and otherwise asks leave first.
func rewriteNudge(j *job, i, c, k int) *Suggestion {
	ws := j.sents[i].words
	if ws[0].w == "how" || ws[0].w == "what" || k+1 >= len(ws) || ws[k].w == "think" || ws[k].w == "consider" && isClauseBreak(ws[k+1].w) ||
		j.sents[i].form != syntax.NotQuestion && j.sents[i].form != syntax.Declarative {
		return askFirst(j, i)
	}
	return rewriteImperative(j, i, c, k)
}

// asksViewAfter reports a later sentence of the text that asks the person's view of what was
// just offered: "What do you think?", "How does that sound?". The last such sentence is found
// once per text, so a long text of soft suggestions costs no more than its length.
func (j *job) asksViewAfter(i int) bool {
	if !j.viewSought {
		j.viewSought, j.lastView = true, -1
		for k := len(j.sents) - 1; k >= 0; k-- {
			if saysAny(j.sents[k].Text, viewQuestions) {
				j.lastView = k
				break
			}
		}
	}
	return j.lastView > i
}

// theirCall leaves a soft suggestion's choice with the person in the same sentence.
var theirCall = spaced("up to you", "your choice", "your call", "your decision", "if you wanted", "if you want")

var viewQuestions = spaced("what do you think", "how does that sound", "what are your thoughts",
	"would that work for you", "does that sound", "what do you make of", "how would that be",
	"how do you feel about that", "what would you think")
