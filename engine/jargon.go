package engine

import (
	"strings"

	"github.com/rapporthq/rapport/textseg"
)

// Clinical jargon and acronyms that confuse clients, with plain words to use instead. Acronyms
// are matched as written (capitals), so "mat" or "bid" in ordinary English is left alone; words
// are matched in any case. Only messages and spoken turns are checked: in a note for the record
// the same words are the right ones.
var jargonAcronyms = map[string]string{
	"PCP": "primary care doctor", "NPO": "without food or drink", "PRN": "as needed",
	"ADLs": "daily activities like bathing and dressing", "ADL": "daily activities", "SUD": "substance use",
	"PO": "by mouth", "BID": "twice a day", "TID": "three times a day", "QID": "four times a day",
	"QD": "once a day", "IOP": "intensive outpatient program", "MAT": "medication for addiction treatment",
	"CBC": "blood count test", "BMP": "basic blood test", "BMI": "body weight measure", "HTN": "high blood pressure",
	"T2DM": "type 2 diabetes", "ETOH": "alcohol", "SOB": "shortness of breath", "ED": "emergency room",
	"PHQ-9": "depression questionnaire", "GAD-7": "anxiety questionnaire",
	"A1c": "blood sugar test (A1c)", "A1C": "blood sugar test (A1c)", "UA": "urine test", "Hx": "history",
	"Dx": "diagnosis", "Tx": "treatment", "Rx": "prescription", "f/u": "follow-up", "MOUD": "medication for opioid use disorder",
	"CHF": "heart failure", "COPD": "lung disease (COPD)", "SNF": "nursing facility", "LOC": "level of care",
	"SI": "thoughts of suicide", "HI": "thoughts of harming someone", "d/c": "discharge", "OT": "occupational therapist",
	"PT": "physical therapist", "s/p": "after", "h/o": "history of", "q4h": "every 4 hours", "q6h": "every 6 hours",
	"q8h": "every 8 hours", "q12h": "every 12 hours", "qhs": "at bedtime", "CBT": "cognitive behavioural therapy (CBT)",
	"DBT": "dialectical behaviour therapy (DBT)", "INR": "blood clotting test (INR)", "BP": "blood pressure",
	"AMA": "against medical advice", "HbA1c": "blood sugar test (A1c)", "EKG": "heart tracing (EKG)",
	"ECG": "heart tracing (ECG)", "UDS": "urine drug screen", "SSRI": "antidepressant (SSRI)",
	"NEMT": "ride service for medical visits", "DME": "medical equipment", "ROI": "permission to share information",
	"LTC": "long-term care", "HHA": "home health aide", "K+": "potassium",
	"eGFR": "kidney function test (eGFR)", "GFR": "kidney function test (GFR)",
}

var jargonWords = map[string]string{
	"titrate": "adjust", "titrating": "adjusting", "prognosis": "outlook", "comorbid": "other",
	"comorbidity": "other health condition", "comorbidities": "other health conditions",
	"hypertension": "high blood pressure", "hyperlipidemia": "high cholesterol", "lipids": "cholesterol",
	"consult": "specialist visit", "tab": "tablet", "ambulate": "walk", "ambulating": "walking",
	"contraindicated": "not safe to use", "adherence": "taking it as planned", "benign": "not harmful",
	"edema": "swelling", "hypoglycemia": "low blood sugar", "hyperglycemia": "high blood sugar",
	"bilateral": "on both sides", "discharge summary": "hospital summary", "intake": "first meeting",
	"psychoeducation": "information about mental health", "modality": "type of treatment",
	"biopsychosocial": "whole-life", "ambulatory": "outpatient", "sequelae": "after-effects",
	"creatinine": "kidney blood test", "nephrologist": "kidney doctor", "titration": "dose adjustment",
}

// compoundIntake reports "intake" after a noun ("alcohol intake", "salt intake"): the plain
// word for how much someone takes in, not the service's first meeting.
func compoundIntake(toks []textseg.Token, k int) bool {
	if toks[k].Lower != "intake" || k == 0 || !toks[k-1].Word {
		return false
	}
	switch toks[k-1].Lower {
	case "the", "an", "your", "our", "my", "his", "her", "their", "at", "for", "to", "from", "after", "before", "during":
		return false
	}
	return true
}

// "ER" is not in the list: "the ER" is plain to most people, while "ED" is not.

// explained reports an acronym in parentheses after its plain words, as the rewrites leave it
// ("your blood sugar test (A1c)"), or followed by its explanation in parentheses.
func explained(toks []textseg.Token, k int) bool {
	return k > 0 && k+1 < len(toks) && toks[k-1].Text == "(" && toks[k+1].Text == ")" ||
		k+1 < len(toks) && toks[k+1].Text == "(" // "A1c (the blood test that shows…)"
}

// plainNPO fits "NPO" to the words before it: "stay NPO" → "stay without food or drink",
// "wants you NPO" → "wants you to have nothing to eat or drink", and at a sentence's start
// "Nothing to eat or drink after midnight".
func plainNPO(toks []textseg.Token, k int) string {
	prev := ""
	for m := k - 1; m >= 0; m-- {
		if toks[m].Word {
			prev = toks[m].Lower
			break
		}
	}
	switch {
	case prev == "":
		return "nothing to eat or drink"
	case linkingVerbs[prev]:
		return "without food or drink"
	}
	return "to have nothing to eat or drink"
}

var linkingVerbs = map[string]bool{"stay": true, "be": true, "remain": true, "is": true, "are": true,
	"was": true, "kept": true, "keep": true, "remains": true, "stays": true, "being": true}

func (j *job) jargon() {
	for i := range j.sents {
		toks := j.sents[i].Tokens
		for k := 0; k < len(toks); k++ {
			t := toks[k]
			if !t.Word {
				continue
			}
			plain, end, ok := jargonAt(toks, k)
			if !ok || compoundIntake(toks, k) || explained(toks, k) {
				continue
			}
			if t.Text == "NPO" {
				plain = plainNPO(toks, k)
			}
			sug := &Suggestion{Kind: Replace, Start: t.Start, End: toks[end].End, Text: fitCase(plain, t.Start == j.sents[i].Start)}
			fitArticle(toks, k, sug)
			j.add(Finding{Code: Jargon, Start: t.Start, End: toks[end].End, Confidence: 0.85,
				Reason: "Clinical shorthand the client may not know; plain words keep them in the conversation.", Suggestion: sug})
			k = end
		}
	}
}

// fitArticle mends "a"/"an" before the replaced word when the plain words need the other one:
// "an EKG" → "a heart tracing (EKG)", "a SNF" → "a nursing facility" (unchanged).
func fitArticle(toks []textseg.Token, k int, sug *Suggestion) {
	if k == 0 || !toks[k-1].Word || (toks[k-1].Lower != "a" && toks[k-1].Lower != "an") || sug.Text == "" {
		return
	}
	want := "a"
	if strings.ContainsRune("aeiouAEIOU", rune(sug.Text[0])) {
		want = "an"
	}
	if toks[k-1].Lower == want {
		return
	}
	art := toks[k-1]
	sug.Start, sug.Text = art.Start, matchFirst(want, art.Text)+" "+sug.Text
}

// jargonAt looks up the jargon starting at token k: an acronym as written, a word in any case,
// or a slashed abbreviation written without spaces ("f/u", "d/c", "h/o"), which the tokenizer
// splits into three tokens. It returns the plain words and the index of the last token.
func jargonAt(toks []textseg.Token, k int) (string, int, bool) {
	if k+2 < len(toks) && toks[k+1].Text == "/" && toks[k+1].Start == toks[k].End && toks[k+2].Start == toks[k+1].End {
		if plain, ok := jargonAcronyms[toks[k].Text+"/"+toks[k+2].Text]; ok {
			return plain, k + 2, true
		}
	}
	if k+1 < len(toks) && toks[k+1].Text == "+" && toks[k+1].Start == toks[k].End {
		if plain, ok := jargonAcronyms[toks[k].Text+"+"]; ok {
			return plain, k + 1, true // "K+": the tokenizer splits off the plus
		}
	}
	if plain, ok := jargonAcronyms[toks[k].Text]; ok {
		return plain, k, true
	}
	plain, ok := jargonWords[toks[k].Lower]
	return plain, k, ok
}
