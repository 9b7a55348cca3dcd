package engine

import "unicode/utf8"

// feelingEmoji rates as weak emotion the first emoji of feeling in a reply that has no
// emotional reaction in words: a heart, a crying face or a party popper is warmth by EPITOME's
// measure ("nooo 😩", "Well done 🎉"). It raises the level without being listed as a skill,
// since a heart to a client can also cross a line. A smiley or a thumbs-up is politeness and is
// left alone. Notes are left alone too: a record's feelings are not offered to anyone.
func (j *job) feelingEmoji() {
	if j.kind == KindNote {
		return
	}
	for _, f := range j.findings {
		if f.Code == EmotionalReaction || f.Code == SympathyPity {
			return
		}
	}
	for _, s := range j.sents {
		for _, t := range s.Tokens {
			if t.Word || !feelingRunes(t.Text) {
				continue
			}
			j.add(Finding{Code: EmotionalReaction, Start: t.Start, End: t.End, Confidence: 0.6, strength: 1, levelOnly: true,
				Reason: "Shows warmth with an emoji; a few words naming your own feeling say more."})
			return
		}
	}
}

// feelingRunes reports a token made of one emoji of feeling (a variation selector may follow).
func feelingRunes(t string) bool {
	r, n := utf8.DecodeRuneInString(t)
	return n > 0 && feelingEmojis[r] && (n == len(t) || t[n:] == "\ufe0f")
}

// feelingEmojis are hearts, sad, crying and shocked faces, hugs and celebration.
var feelingEmojis = map[rune]bool{
	'❤': true, '💛': true, '💙': true, '💚': true, '💜': true, '🧡': true, '🤍': true, '🖤': true, '💕': true,
	'💖': true, '💗': true, '💓': true, '💞': true, '💔': true, '😭': true, '😢': true, '😥': true, '😞': true,
	'😔': true, '😩': true, '😫': true, '🥺': true, '😟': true, '🙁': true, '☹': true, '😕': true, '😱': true,
	'😮': true, '😡': true, '😤': true, '🤬': true, '🥰': true, '😍': true, '🤗': true, '🫂': true, '🎉': true,
	'🥳': true, '🎊': true, '🙌': true, '👏': true,
}
