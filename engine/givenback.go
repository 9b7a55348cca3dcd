package engine

import "strings"

// givenBack rates as weak each reading whose only feelings are ones the person already named:
// "I'm scared" answered with "It makes sense you're scared", or "I'm exhausted" with "You sound
// shattered". EPITOME-style raters score a feeling handed back as generic understanding; naming
// one the person did not say is what reads them. It needs the person's words, so a note or a
// message without context is left alone.
func (j *job) givenBack() {
	if len(j.ctxWords) == 0 {
		return
	}
	var said map[string]bool
	for k := range j.findings {
		f := &j.findings[k]
		if f.strength == 1 || f.Code != Interpretation && f.Code != Validation && f.Code != ComplexReflection {
			continue
		}
		if said == nil {
			said = j.contextFeelings()
		}
		if j.onlyFeelingsSaid(f.Start, said) {
			f.strength = 1
		}
	}
}

// contextFeelings returns the feeling families the person's words name.
func (j *job) contextFeelings() map[string]bool {
	said := map[string]bool{}
	for w := range j.ctxWords {
		if fam, ok := feelingFamily[w]; ok {
			said[fam] = true
		}
	}
	return said
}

// onlyFeelingsSaid reports that the rest of the sentence from rune offset start is short, names
// at least one feeling, and only feelings in said. A longer reading says what lies behind the
// feeling ("…between wanting help and being terrified it will cost you your baby"), which is
// understanding however familiar its feeling word.
func (j *job) onlyFeelingsSaid(start int, said map[string]bool) bool {
	s := j.sents[j.sentOf(start)]
	words := evidenceWords(j.slice(start, s.End))
	if len(words) > maxGivenBack {
		return false
	}
	named := false
	for _, w := range words {
		if selfDescriptors[w] {
			// "You feel like a failure" after "I feel like a failure": their own word back.
			if !j.ctxWords[w] {
				return false
			}
			named = true
			continue
		}
		fam, ok := feelingFamily[w]
		if !ok {
			continue
		}
		if !said[fam] {
			return false
		}
		named = true
	}
	return named
}

// selfDescriptors are the words people use for how they see themselves ("I feel like a
// failure", "I feel invisible"); given back in the same word, they are heard, not read.
var selfDescriptors = map[string]bool{"failure": true, "burden": true, "invisible": true, "useless": true,
	"worthless": true, "stupid": true, "pathetic": true, "weak": true, "nobody": true, "joke": true, "fraud": true}

// maxGivenBack is the most words a feeling handed back takes ("It makes sense you'd be scared
// about that").
const maxGivenBack = 9

// feelingFamily groups the words for one feeling, so that "terrified" in the post and "scared"
// in the reply count as the same feeling given back.
var feelingFamily = families(map[string]string{
	"fear":      "afraid scared terrified frightened frightening scary fear fearful petrified panicked panicking panic",
	"worry":     "worried worry worrying anxious anxiety nervous uneasy stressed stress stressful dreading dread",
	"anger":     "angry anger furious mad livid fuming irritated annoyed frustrated frustrating frustration resentful resentment",
	"sadness":   "sad sadness miserable heartbroken devastated gutted crushed grief grieving depressed unhappy down low",
	"tiredness": "tired exhausted exhausting shattered drained worn knackered weary wiped",
	"isolation": "alone lonely loneliness isolated isolating",
	"overwhelm": "overwhelmed overwhelming swamped drowning",
	"hopeless":  "hopeless defeated discouraged",
	"shame":     "ashamed shame embarrassed humiliated guilty guilt",
	"hurt":      "hurt hurting betrayed rejected",
	"confusion": "confused lost stuck trapped",
	"joy":       "happy glad excited proud relieved thrilled",
})

func families(m map[string]string) map[string]string {
	out := map[string]string{}
	for fam, words := range m {
		for _, w := range strings.Fields(words) {
			out[w] = fam
		}
	}
	return out
}
