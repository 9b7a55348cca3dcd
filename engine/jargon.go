package engine

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rapporthq/rapport/textseg"
)

// Clinical jargon and acronyms that confuse clients, with plain words to use instead. Acronyms
// are matched as written (capitals), so "mat" or "bid" in ordinary English is left alone; words
// are matched in any case. Only messages and spoken turns are checked: in a note for the record
// the same words are the right ones.
var jargonAcronyms = map[string]string{
	"CRP": "inflammation blood test (CRP)", "U&E": "kidney blood tests", "U&Es": "kidney blood tests", "TTO": "medicines to take home", "TTOs": "medicines to take home",
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
	"PT": "physical therapist", "s/p": "after", "h/o": "history of", "qhs": "at bedtime", "CBT": "cognitive behavioural therapy (CBT)",
	"DBT": "dialectical behaviour therapy (DBT)", "INR": "blood clotting test (INR)", "BP": "blood pressure",
	"AMA": "against medical advice", "HbA1c": "blood sugar test (A1c)", "EKG": "heart tracing (EKG)",
	"ECG": "heart tracing (ECG)", "UDS": "urine drug screen", "SSRI": "antidepressant (SSRI)",
	"NEMT": "ride service for medical visits", "DME": "medical equipment", "ROI": "permission to share information",
	"LTC": "long-term care", "HHA": "home health aide", "K+": "potassium",
	"eGFR": "kidney function test (eGFR)", "GFR": "kidney function test (GFR)",
	// Heart, lungs and kidneys.
	"EF": "heart pumping strength", "LVEF": "heart pumping strength", "HFrEF": "heart failure",
	"HFpEF": "heart failure", "CKD": "kidney disease", "ESRD": "kidney failure", "AKI": "sudden kidney injury",
	"HD": "dialysis", "AVF": "dialysis access (fistula)", "IDWG": "weight gained between dialysis sessions",
	"SGLT2": "heart and kidney medicine (SGLT2)", "ACEi": "blood pressure medicine", "ARB": "blood pressure medicine",
	"SABA": "rescue inhaler", "LABA": "long-acting inhaler", "ICS": "steroid inhaler", "FEV1": "breathing test score",
	"PFT": "breathing test", "PFTs": "breathing tests", "SpO2": "oxygen level", "BNP": "heart strain blood test",
	"ICD": "implanted heart defibrillator", "cMRI": "heart MRI scan", "CABG": "heart bypass surgery",
	"PCI": "heart stent procedure", "CAD": "heart artery disease", "AFib": "irregular heartbeat (AFib)",
	"DOAC": "blood thinner", "DVT": "blood clot in the leg", "CVA": "stroke", "TIA": "mini-stroke",
	"LDKT": "living-donor kidney transplant", "PRA": "transplant antibody test", "OLT": "liver transplant",
	"CMP": "blood chemistry test", "LFTs": "liver tests", "TSH": "thyroid test", "WNL": "normal",
	// Pregnancy, diabetes and wounds.
	"GTT": "glucose tolerance test", "OGTT": "glucose tolerance test", "GDM": "diabetes in pregnancy",
	"EDD": "due date", "L&D": "labour and delivery", "PPD": "postpartum depression", "NST": "baby heart-rate check",
	"NPWT": "wound vacuum dressing", "PICC": "long IV line", "TPN": "IV nutrition", "N/V": "nausea and vomiting",
	"NWB": "no weight on that leg", "WBAT": "as much weight as is comfortable",
	"ROM": "range of movement", "MVPA": "brisk activity",
	// Mental health and substance use.
	"AVH": "hearing or seeing things", "MSE": "mental state check", "PHP": "partial hospital program",
	"LAI": "long-acting injection", "MAR": "medication record", "OTP": "opioid treatment program",
	"MMT": "methadone treatment", "NRT": "nicotine replacement", "AUD": "alcohol use disorder",
	"OUD": "opioid use disorder", "SMI": "serious mental illness", "BH": "behavioural health", "ASAM": "treatment level",
	// Benefits, housing, immigration, veterans and courts.
	"RFI": "request for information", "CDR": "disability review", "RRR": "renewal form", "ABAWD": "work requirement",
	"MCO": "health plan", "EOB": "explanation of benefits", "HAP": "housing assistance payment",
	"TTP": "rent share", "PHA": "housing authority", "HQS": "housing inspection", "LIHEAP": "energy bill help",
	"I-130": "family visa petition", "I-485": "green card application", "I-765": "work permit application",
	"EAD": "work permit", "USCIS": "immigration office", "RFE": "request for more evidence", "NTA": "notice to appear in immigration court",
	"TPS": "temporary protected status", "C&P": "VA disability", "NOD": "appeal notice", "VSO": "veterans' advocate",
	"GAL": "child's court-appointed advocate", "TPR": "ending parental rights", "ICPC": "placement across state lines",
	// UK health and social care.
	"TAF": "team around the family meeting", "EHA": "early help plan", "SEMH": "social, emotional and mental health",
	"NASS": "asylum support", "ASU": "asylum support unit", "MAU": "medical assessment unit", "IOL": "induced labour",
	"VL": "viral load", "CD4": "immune cell count", "ART": "HIV medicine", "HDC": "home detention curfew",
	"OM": "offender manager", "MAPPA": "public protection review", "OASys": "risk assessment", "GIC": "gender identity clinic",
	"AMHP": "approved mental health professional", "IDVA": "domestic abuse advocate", "MARAC": "domestic abuse safety meeting",
	"DVPO": "domestic violence protection order", "DNACPR": "do-not-resuscitate decision", "EoLC": "end-of-life care",
	"CPA": "care programme review", "CTO": "community treatment order", "EWO": "education welfare officer",
	"RHA": "refugee health check", "FQHC": "community health center", "I-94": "arrival record", "IOM": "migration agency",
	"RFC": "work capacity form", "TCM": "follow-up visit after the hospital", "LMN": "letter of medical need",
	"PBM": "drug plan manager", "ERAP": "emergency rent help", "CCM": "care management program",
	"SBT": "breathing trial off the ventilator", "ABG": "blood oxygen test", "ABGs": "blood oxygen tests", "CCJ": "court judgment for debt",
	"FRG": "family support group", "HIFIS": "housing database", "LAC": "looked-after children", "IRO": "independent reviewing officer",
	"ADOS-2": "autism assessment", "ADOS": "autism assessment", "SALT": "speech and language therapy", "DRO": "debt relief order",
	"DSE": "workstation", "CTR": "council tax reduction", "SWF": "welfare fund",
	"EHCP": "education, health and care plan", "SENCo": "special needs coordinator", "EP": "educational psychologist",
	"SOP":  "standard procedure",
	"BD":   "twice a day",
	"DOTS": "watched daily doses", "MR": "mandatory reconsideration", "SSCS": "benefit appeals tribunal",
	"WCA": "work capability assessment", "UC50": "health questionnaire", "LCWRA": "higher health element",
	"HCP": "health professional", "YOT": "youth offending team", "ISS": "intensive supervision",
	"OG": "feeding tube through the mouth", "SVR12": "cure test twelve weeks after treatment", "EOT": "end of treatment",
	"MTL": "memory area of the brain", "MCI": "mild memory problems",
	"PV": "probation violation", "VOP": "probation violation", "FTA": "missed court date",
	// Shorthand of hospital, community and social care teams that has one meaning in a message
	// to a client. Those with two ("PA", "PD", "CP", "POC", "HB") keep the slot for the
	// writer's own words.
	"MDT": "care team", "NBM": "nothing to eat or drink", "LFT": "liver test", "FBC": "blood count test",
	"CHC": "NHS continuing healthcare funding", "CMHT": "community mental health team", "CIN": "child in need",
	"NFA": "no fixed address", "MFFD": "well enough to leave hospital", "CGM": "glucose sensor",
	"CAMHS": "children's mental health service", "NRPF": "no access to most benefits", "MCV": "red blood cell test",
	"GGT": "liver test", "ALT": "liver test", "ECHO": "heart scan", "DFG": "home adaptations grant",
	"D2A": "going home first, with the assessment done there", "HMCTS": "court service", "ALJ": "judge", "USS": "ultrasound scan",
	"UACR": "kidney urine test", "TDS": "three times a day", "RTW": "return to work", "OPA": "outpatient appointment",
	"MHA": "Mental Health Act", "LPA": "lasting power of attorney", "IAPT": "NHS talking therapies", "HV": "health visitor",
	"HTT": "home treatment team", "HCBS": "home and community care services", "FPL": "federal poverty level",
	"ESY": "summer school services", "EIP": "early help team for psychosis", "EHCNA": "education, health and care assessment",
	"CPN": "community mental health nurse", "CHW": "community health worker", "ANC": "pregnancy check-ups",
	"CXR": "chest X-ray", "CPAP": "sleep breathing machine", "TANF": "cash assistance (TANF)",
	"SENCO": "school's special needs coordinator", "EPDS": "postnatal mood questionnaire", "HMRC": "tax office",
	"HCA": "healthcare assistant", "GUM": "sexual health clinic", "CTPA": "scan for clots in the lungs",
	"NICU": "baby intensive care unit", "ISVA": "sexual violence advocate", "SLP": "speech therapist",
	"FMLA": "family and medical leave", "IADL": "everyday tasks like shopping and cooking", "EOL": "end of life",
	"DN": "district nurse", "MMSE": "memory test", "EPSE": "movement side effects", "THC": "cannabis",
}

var jargonWords = map[string]string{
	"stenosis": "narrowing", "foraminal stenosis": "narrowing where the nerves leave the spine", "neuropathic": "nerve pain",
	"degenerative changes": "wear and tear", "medevac": "medical flight",
	"tachy": "heart racing", "tachycardic": "heart racing", "abx": "antibiotics", "orthopnoea": "breathlessness lying flat",
	"orthopnea": "breathlessness lying flat", "septic screen": "tests for infection",
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
	"recert": "renewal", "recertification": "renewal", "dyspnea": "breathlessness", "dyspnoea": "breathlessness",
	"exacerbation": "flare-up", "cannulate": "put the needles in", "cannulation": "putting the needles in",
	"serosanguineous": "pink, watery", "exudate": "fluid", "alginate": "seaweed-based dressing",
	"debridement": "cleaning out the wound", "eschar": "dead tissue", "dehiscence": "the wound opening up",
	"cardiomyopathy": "heart muscle disease", "tacrolimus": "anti-rejection medicine (tacrolimus)",
	"tacro": "anti-rejection medicine", "trough level": "lowest blood level", "prophylaxis": "prevention", "prophylactic": "preventive",
	"idiopathic": "of unknown cause", "emesis": "vomiting", "syncope": "fainting", "pruritus": "itching",
	"hematuria": "blood in the urine", "nocturia": "getting up at night to pass urine", "afebrile": "without a fever",
	"ambulation": "walking", "nephropathy": "kidney damage", "neuropathy": "nerve damage", "retinopathy": "eye damage",
	"hypokalemia": "low potassium", "hyperkalemia": "high potassium", "hyponatremia": "low sodium",
	"tac": "anti-rejection medicine (tacrolimus)", "bilirubin": "jaundice level", "phototherapy": "light treatment", "physiological": "normal", "adjudication": "decision", "extubation": "taking the breathing tube out", "doxy": "the antibiotic (doxycycline)", "redetermination": "renewal review", "sats": "oxygen levels", "bili": "jaundice level",
	"recon": "reconsideration appeal", "e-prescribed": "sent electronically",
	"orthostatic hypotension": "a drop in blood pressure when you stand", "hypotension": "low blood pressure",
	"med mgmt": "medication review", "interim recert": "mid-year renewal", "discharge planning": "planning for going home",
}

// compoundIntake reports "intake" after a noun ("alcohol intake", "salt intake"): the plain
// word for how much someone takes in, not the service's first meeting.
func compoundIntake(toks []textseg.Token, k int) bool {
	if toks[k].Lower != "intake" {
		return false
	}
	if k+1 < len(toks) && (toks[k+1].Lower == "form" || toks[k+1].Lower == "forms" || toks[k+1].Lower == "questionnaire") {
		return true // "the intake form" names a form the client has in hand
	}
	if k == 0 || !toks[k-1].Word {
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
			if !toks[k].Word {
				continue
			}
			whole := toks[k] // the token as written, with any "'s" or plural "s"
			if _, listed := jargonAcronyms[whole.Text]; !listed {
				toks = withAcronymStem(toks, k) // "ADLs" is listed as it is; "CRP's" is not
			}
			t := toks[k]
			plain, end, ok := jargonAt(toks, k)
			if !ok && j.unknownAcronym(toks, k) {
				// No plain wording is known, so the suggestion leaves a slot for the writer's own.
				j.add(Finding{Code: Jargon, Start: t.Start, End: t.End, Confidence: 0.6,
					Reason:     "An abbreviation the client may not know; spell it out, or say what it means the first time.",
					Suggestion: &Suggestion{Kind: Insert, Start: whole.End, End: whole.End, Text: " (in plain words: …)"}})
				continue
			}
			if !ok || compoundIntake(toks, k) || explained(toks, k) || j.clientSaid(t.Text) {
				continue
			}
			if t.Text == "PO" && k > 0 && possessives[toks[k-1].Lower] {
				plain = "probation officer" // "your PO"; "PO" alone is "by mouth"
			}
			if t.Text == "NPO" || t.Text == "NBM" {
				plain = plainNPO(toks, k)
			}
			plain = dropEcho(plain, toks, end) // "CPA review" → "care programme review", not "…review review"
			if whole.Text == t.Text+"s" && end == k {
				// "the TTOs": the plain words take the plural, and the replacement its "s".
				plain, t.End = plural(plain), whole.End
				toks[k].End = whole.End
			}
			sug := &Suggestion{Kind: Replace, Start: t.Start, End: toks[end].End, Text: fitCase(plain, t.Start == j.sents[i].Start)}
			fitArticle(toks, k, sug)
			j.add(Finding{Code: Jargon, Start: t.Start, End: toks[end].End, Confidence: 0.85,
				Reason: "Clinical shorthand the client may not know; plain words keep them in the conversation.", Suggestion: sug})
			k = end
		}
	}
}

// plural makes plain words plural for a plural acronym ("IADLs"), unless they already read as
// plural or as a list ("everyday tasks like shopping and cooking").
func plural(plain string) string {
	if strings.HasSuffix(plain, "s") || strings.Contains(plain, " like ") || strings.Contains(plain, " and ") {
		return plain
	}
	return plain + "s"
}

// dropEcho drops the plain words' last word when the text repeats it next: "your CPA review"
// becomes "your care programme review", "HDC curfew" becomes "home detention curfew".
func dropEcho(plain string, toks []textseg.Token, end int) string {
	head, last, ok := cutLastWord(plain)
	if !ok || end+1 >= len(toks) {
		return plain
	}
	next := strings.TrimSuffix(strings.TrimSuffix(toks[end+1].Text, "'s"), "’s") // "CPA review's booked"
	if !strings.EqualFold(next, last) {
		return plain
	}
	return head
}

func cutLastWord(s string) (head, last string, ok bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// clientSaid reports shorthand the client used first ("Are you going to tell my PO?"): the
// reply that uses their word is speaking their language, not the clinic's.
func (j *job) clientSaid(term string) bool {
	if j.context == "" {
		return false
	}
	for _, t := range textseg.Tokenize(j.context) {
		if t.Text == term || strings.EqualFold(t.Text, term) && strings.ToLower(term) == term {
			return true
		}
	}
	return false
}

var possessives = map[string]bool{"your": true, "my": true, "his": true, "her": true, "their": true, "the": true}

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
	if k+1 < len(toks) && toks[k].Text == "HI" && toks[k+1].Text == "CBT" {
		return "high-intensity talking therapy", k + 1, true // not "thoughts of harming someone"
	}
	if plain, ok := jargonAcronyms[toks[k].Text]; ok {
		return plain, k, true
	}
	if k+2 < len(toks) && toks[k+1].Text == "&" && toks[k+1].Start == toks[k].End && toks[k+2].Start == toks[k+1].End {
		if plain, ok := jargonAcronyms[toks[k].Text+"&"+toks[k+2].Text]; ok {
			return plain, k + 2, true // "C&P", "L&D"
		}
	}
	if k+1 < len(toks) && toks[k+1].Word {
		if plain, ok := jargonWords[toks[k].Lower+" "+toks[k+1].Lower]; ok {
			return plain, k + 1, true // "med mgmt", "discharge summary"
		}
	}
	if plain, ok := everyHours(toks[k].Text); ok {
		return plain, k, true
	}
	if plain, ok := slashPeriod(toks, k); ok {
		return plain, k + 2, true
	}
	plain, ok := jargonWords[toks[k].Lower]
	return plain, k, ok
}

// slashPeriod reads the clinical shorthand for a span of time, "2/52" (weeks), "6/12" (months)
// and "3/7" (days), written without spaces. Only after a word of duration ("in 6/12", "every
// 2/52"), since "on 6/12" is a date.
func slashPeriod(toks []textseg.Token, k int) (string, bool) {
	if k+2 >= len(toks) || toks[k+1].Text != "/" || toks[k+1].Start != toks[k].End || toks[k+2].Start != toks[k+1].End {
		return "", false
	}
	if k == 0 || !durationWords[toks[k-1].Lower] {
		return "", false
	}
	n := toks[k].Text
	if n == "" || len(n) > 2 || strings.Trim(n, "0123456789") != "" {
		return "", false
	}
	unit, ok := map[string]string{"52": "week", "12": "month", "7": "day"}[toks[k+2].Text]
	if !ok {
		return "", false
	}
	if n != "1" {
		unit += "s"
	}
	return n + " " + unit, true
}

var durationWords = map[string]bool{"in": true, "every": true, "for": true, "after": true, "within": true, "over": true}

// everyHours reads the dosing shorthand "q4h", "q48h" as "every 4 hours", for any number.
func everyHours(tok string) (string, bool) {
	n, ok := strings.CutPrefix(tok, "q")
	if !ok {
		return "", false
	}
	if n, ok = strings.CutSuffix(n, "h"); !ok || n == "" || len(n) > 3 {
		return "", false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return "every " + n + " hours", true
}

// unknownAcronym reports capitals the jargon list does not know ("The FTT has listed your
// appeal", "a PSP and an EHCNA"): shorthand from a service's own world, which the client is
// unlikely to share. There is no plain wording to offer for it, so the finding asks the writer
// to spell it out. Left alone: abbreviations most people know (GP, ID, NHS, ASAP), a word in
// capitals for emphasis ("Please do NOT stop"), a sentence in capitals, and one the client used
// or that is explained in brackets.
func (j *job) unknownAcronym(toks []textseg.Token, k int) bool {
	t := toks[k].Text
	if !acronymShape(t) || commonAcronyms[t] || roman(t) || stretched(t) || explained(toks, k) || j.clientSaid(t) || shouted(toks) {
		return false
	}
	return !j.a.rules.lexemes[strings.ToLower(t)].known() && !englishCaps[t]
}

// stretched reports a word drawn out for feeling, which ends in one letter three times or
// more: "YESSS", "NOOO", "SOOO".
func stretched(t string) bool {
	n := len(t)
	return n >= 4 && t[n-1] == t[n-2] && t[n-2] == t[n-3]
}

// withAcronymStem returns toks with token k cut to its acronym where it carries a possessive or
// a plural ("CRP's raised", "INR's therapeutic", "the TTOs"), so the shorthand is found and only
// it is replaced. Other tokens are returned as they are, without copying.
func withAcronymStem(toks []textseg.Token, k int) []textseg.Token {
	t := toks[k].Text
	stem := strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
	if stem == t {
		stem = strings.TrimSuffix(t, "s")
	}
	if stem == t || !acronymShape(stem) {
		return toks
	}
	out := slices.Clone(toks)
	out[k].Text, out[k].Lower = stem, strings.ToLower(stem)
	out[k].End = out[k].Start + utf8.RuneCountInString(stem)
	return out
}

// acronymShape reports two to seven capitals and digits with at least two capitals: "FTT",
// "SSCS1", "EHCNA"; not "I", "A1c" or "Mr".
func acronymShape(t string) bool {
	if len(t) < 2 || len(t) > 7 {
		return false
	}
	caps := 0
	for _, r := range t {
		switch {
		case r >= 'A' && r <= 'Z':
			caps++
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return caps >= 2
}

// roman reports a Roman numeral ("type II diabetes", "Chapter VII").
func roman(t string) bool {
	return strings.Trim(t, "IVXL") == ""
}

// shouted reports a sentence mostly in capitals, where capitals mark volume, not acronyms.
func shouted(toks []textseg.Token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if t.Word {
			words++
			if t.Text == strings.ToUpper(t.Text) && t.Text != strings.ToLower(t.Text) {
				caps++
			}
		}
	}
	return words > 2 && 2*caps > words
}

// commonAcronyms are abbreviations most adults know, in the US, the UK and elsewhere, or the
// names of benefits people receive under those names.
var commonAcronyms = map[string]bool{"ID": true, "GP": true, "NHS": true, "OK": true, "TV": true, "UK": true,
	"US": true, "USA": true, "EU": true, "AM": true, "PM": true, "ASAP": true, "FAQ": true, "PIN": true, "PDF": true,
	"CV": true, "ER": true, "ICU": true, "ATM": true, "DMV": true, "IRS": true, "DVD": true, "BBC": true, "AA": true,
	"NA": true, "MRI": true, "CT": true, "HIV": true, "AIDS": true, "COVID": true, "ADHD": true, "PTSD": true,
	"OCD": true, "GCSE": true, "DWP": true, "SNAP": true, "WIC": true, "SSI": true, "SSDI": true, "VA": true,
	"IEP": true, "SSN": true, "DOB": true, "ZIP": true, "URL": true, "SMS": true, "PS": true, "FYI": true, "HR": true,
	"NYC": true, "CPR": true, "PE": true, "ESL": true, "GED": true, "SAT": true, "CEO": true, "MP": true, "PC": true,
	"IVF": true, "STI": true, "STD": true, "UTI": true, "IUD": true, "DIY": true, "YMCA": true, "YWCA": true,
	"RSVP": true, "TBC": true, "ETA": true, "EMT": true, "RN": true, "MD": true, "DNA": true, "ESA": true, "JSA": true,
	"PIP": true, "UC": true, "EBT": true, "GPS": true, "ENT": true, "OTC": true, "IT": true, "NGO": true,
	"AC": true, "TB": true, "ADA": true, "COVID19": true, "NI": true, "MOT": true, "CCTV": true, "DBS": true,
	"DUI": true, "DWI": true, "FBI": true, "CIA": true, "ACLU": true, "MIT": true, "NFL": true, "NBA": true, "NASA": true,
	"UN": true, "GI": true, "LGBT": true, "LGBTQ": true, "BMW": true, "NYPD": true, "LAPD": true, "UPS": true, "CD": true}

// englishCaps are short words often written in capitals for emphasis that the rules' vocabulary
// may not hold.
var englishCaps = map[string]bool{"NOT": true, "DO": true, "NO": true, "YES": true, "ALL": true, "NOW": true,
	"HELP": true, "STOP": true, "NEW": true, "FREE": true, "MUST": true, "NEVER": true, "URGENT": true,
	"IMPORTANT": true, "NOTE": true, "HI": true, "SO": true, "VERY": true, "AND": true, "YOU": true, "ME": true,
	"WE": true, "IS": true, "TO": true, "IN": true, "ON": true, "AT": true, "OF": true, "OR": true, "IF": true,
	"AN": true, "AS": true, "BY": true, "UP": true, "GO": true, "HE": true, "MY": true, "BE": true, "THE": true}
