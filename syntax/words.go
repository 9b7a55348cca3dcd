package syntax

import "strings"

// Set makes a set of the space-separated words.
func Set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func phrases(list ...string) [][]string {
	out := make([][]string, len(list))
	for i, p := range list {
		out[i] = strings.Fields(p)
	}
	return out
}

var (
	auxiliaries = Set(`do does did don't doesn't didn't is are was were isn't aren't wasn't weren't am
		can could can't couldn't will would won't wouldn't have has had haven't hasn't hadn't should
		shall shouldn't may might must`)
	factWh   = Set(`when where which who whom whose`)
	whWords  = Set(`what how why when where which who`)
	howFact  = Set(`many much often long old far soon`)
	whatFact = Set(`time day date kind type number dose year month age medication medications pharmacy`)
	leadIns  = Set(`so and but okay ok well now alright right then um uh oh yeah and, also`)
	tagEnds  = Set(`right correct yeah huh okay ok no yes`)
	tagPairs = Set(`isn't it, is it, aren't you, don't you, didn't you, wasn't it, won't you, doesn't it,
		is that, isn't that, would you, do you, did you, can you, couldn't you`)
	permissions = phrases("is it okay if", "is it ok if", "is it alright if", "is it all right if",
		"would it be okay", "would it be ok", "would it be alright", "would it be all right",
		"is that okay if", "do you mind if", "would you mind if", "would you mind", "mind if i",
		"can i", "could i", "may i", "is it okay with you", "would that be okay", "would it help if i")
	directives = phrases("tell me", "say more", "talk to me", "talk about", "walk me through",
		"help me understand", "describe", "share with me", "can you tell me", "could you tell me",
		"would you tell me", "can you say more", "could you say more", "can you walk me",
		"could you walk me", "can you describe", "could you describe", "would you describe",
		"can you help me understand", "could you help me understand", "i'm curious", "i wonder",
		"i'm wondering", "i was wondering", "i am wondering", "i was curious", "i am curious",
		"i've been wondering", "i'm just wondering", "i was just wondering")
)

// The word classes below are exported because both the models and the rules use them.
var (
	// FeelingWords name emotions; a reflection that names one the client did not is usually complex.
	FeelingWords = Set(`afraid alone angry annoyed anxious ashamed betrayed bitter burdened
		confused crushed defeated depressed desperate devastated disappointed discouraged disrespected
		distressed drained embarrassed exhausted fed-up frightened frustrated furious grief grieving
		guilty heartbroken helpless hopeless hopeful hurt ignored impatient insecure invisible
		irritated isolated jealous lonely lost mad miserable nervous numb overwhelmed panicked proud
		rejected relieved resentful sad scared shaken shocked sick stressed stuck terrified tired torn
		trapped uneasy unheard unsafe upset uncertain worn worried worthless ambivalent conflicted
		excited happy glad grateful motivated determined confident pressured judged exhausting
		scary hard tough painful difficult heavy stressful frightening overwhelming lonely
		feel feeling feelings felt`)
	// ReflectionStems open many reflections.
	ReflectionStems = phrases("sounds like", "it sounds", "so you", "you feel", "you're feeling",
		"you felt", "it seems", "seems like", "you've been", "you're saying", "what i'm hearing",
		"i hear", "you want", "you'd like", "on one hand", "on the other hand", "part of you",
		"you're not sure", "you don't want", "you're worried", "it's been", "you really",
		"you wish", "for you", "you're", "you've")
	// ValueWords point at what matters to the client, a mark of complex reflection.
	ValueWords = Set(`important matters matter care cares value values family kids children
		health future goal goals want hope hopes dream dreams proud responsibility independence
		respect trust freedom control safe safety`)
	// DoubleSided markers join two sides of ambivalence.
	DoubleSided = phrases("on one hand", "on the other hand", "part of you", "and yet", "and at the same time",
		"but at the same time", "and also", "even though", "while you")
	stopWords = Set(`a an the and or but so to of in on at for with from by about as is are was were
		be been being am i you he she it we they me him her us them my your his its our their this
		that these those there here do does did have has had not no yes just really very too also
		then than if it's that's i'm you're don't can't um uh like okay ok yeah mm hmm mm-hmm right
		well oh know think mean get got going go would could should will can what how why when where`)
)

// StopWord reports whether w carries little content on its own.
func StopWord(w string) bool { return stopWords[w] }
