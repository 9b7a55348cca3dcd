package demo

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
)

// Org is a generated demo organisation, before it is stored: the same seed and
// reference date always give the same Org. Users and teams refer to each other
// by index; the loader turns indices into the IDs the store assigns.
type Org struct {
	Teams   []string
	Users   []User
	Clients []Client
}

// User is one staff account.
type User struct {
	Name  string
	Email string
	Role  rapport.Role
	Teams []int  // indices into Org.Teams
	Style string // the case manager's writing style; empty for other roles
}

// Client is one client with everything recorded about them. The rapport
// values carry no IDs: Team, CareTeam, Primary and authors are indices.
type Client struct {
	Record    rapport.Client // TeamID, CareTeam and CreatedBy are set by the loader
	Team      int            // index into Org.Teams
	CareTeam  []int          // indices into Org.Users; the first is the primary case manager
	Goals     []rapport.Goal
	Decisions []rapport.Decision
	Concerns  []rapport.Concern
	Feedback  []string
	Notes     []Note
	Surveys   []SurveyAnswer // trust pulses about the primary case manager
}

// Note is a note or message with the index of the case manager who wrote it.
type Note struct {
	Author int // index into Org.Users
	Kind   rapport.NoteKind
	Body   string
	At     time.Time // when it was written: spread over the months before the reference date
}

// Writing styles, one per case manager, so each has a recognisable voice.
const (
	StyleWarm     = "warm"     // validating, curious, offers concrete help
	StyleClinical = "clinical" // rushed and clinical: facts, closed questions, jargon
	StyleBut      = "but"      // kind-hearted but minimises, pities, and says "but"
	StyleMI       = "mi"       // motivational interviewing: reflections and autonomy
	StyleStigma   = "stigma"   // uses stigmatising labels and judgement in notes
	StyleMixed    = "mixed"    // mostly neutral, some unasked-for advice
)

// StyleDescriptions says, for the summary, how each style reads.
var StyleDescriptions = map[string]string{
	StyleWarm:     "warm and skilled: validates, asks open questions, offers concrete help",
	StyleClinical: "rushed and clinical: facts, closed questions, jargon, instructions",
	StyleBut:      "kind-hearted, but minimises, pities and says \"I understand, but\"",
	StyleMI:       "motivational interviewing: reflections, choice, asks before advising",
	StyleStigma:   "stigmatising labels and judgement in notes (\"addict\", \"noncompliant\")",
	StyleMixed:    "mostly neutral and informational, with some unasked-for advice",
}

// Counts of the organisation's shape.
const (
	NumClients      = 60
	NumCaseManagers = 6
)

// Generate builds the organisation for seed. ref is the reference date: every
// date in the data (decisions, concerns, target dates) is computed from it,
// never from the clock, so the same seed and ref give identical data.
func Generate(seed int64, ref time.Time) *Org {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7261_7070_6f72_7421)) // "rapport!"
	ref = ref.UTC().Truncate(24 * time.Hour)
	o := &Org{Teams: []string{"Eastside Housing & Health", "Recovery Support"}}
	o.Users = []User{
		{Name: "Maya Okafor", Email: "maya.okafor", Role: rapport.RoleCaseManager, Teams: []int{0}, Style: StyleWarm},
		{Name: "Daniel Reyes", Email: "daniel.reyes", Role: rapport.RoleCaseManager, Teams: []int{0}, Style: StyleClinical},
		{Name: "Priya Natarajan", Email: "priya.natarajan", Role: rapport.RoleCaseManager, Teams: []int{0}, Style: StyleBut},
		{Name: "Jordan Ellis", Email: "jordan.ellis", Role: rapport.RoleCaseManager, Teams: []int{1}, Style: StyleMI},
		{Name: "Gary Whitfield", Email: "gary.whitfield", Role: rapport.RoleCaseManager, Teams: []int{1}, Style: StyleStigma},
		{Name: "Tanya Brooks", Email: "tanya.brooks", Role: rapport.RoleCaseManager, Teams: []int{1}, Style: StyleMixed},
		{Name: "Renée Castillo", Email: "renee.castillo", Role: rapport.RoleSupervisor, Teams: []int{0, 1}},
		{Name: "Sam Patel", Email: "sam.patel", Role: rapport.RoleAdmin},
	}
	names := newNamePool(r)
	for i := range NumClients {
		team := i % 2
		primary := team*3 + (i/2)%3
		o.Clients = append(o.Clients, genClient(r, o, names, team, primary, ref))
	}
	genSurveys(seed, o, ref)
	return o
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// sample returns n distinct elements of xs in a random order.
func sample[T any](r *rand.Rand, xs []T, n int) []T {
	idx := r.Perm(len(xs))[:min(n, len(xs))]
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// person is what templates need to know about a client.
type person struct {
	name, they, them, their string
	lang                    string
	strength                string
	goal                    string // short phrase: "keep my apartment"
	need                    rapport.NeedDomain
	cm                      string // the writing case manager's first name
}

// genClient draws one client. The draws happen in a fixed order, so a seed always gives the
// same organisation.
func genClient(r *rand.Rand, o *Org, names *namePool, team, primary int, ref time.Time) Client {
	c := Client{Team: team}
	var p person
	c.Record, c.CareTeam, p = genRecord(r, names, team, primary)
	cmName := func(u int) string { first, _, _ := strings.Cut(o.Users[u].Name, " "); return first }
	c.Goals, p.goal = genGoals(r, c.Record.Needs, cmName(primary), ref)
	c.Decisions = genDecisions(r, p, ref)
	c.Concerns = genConcerns(r, p, ref)
	for range r.IntN(3) {
		c.Feedback = append(c.Feedback, fill(pick(r, feedback), p))
	}
	c.Notes = genNotes(r, o, c.CareTeam, p, cmName)
	dateNotes(c.Notes, ref)
	return c
}

// genRecord draws the whole-person record, the care team (the primary case manager, and
// sometimes a second from the same team) and what the templates need to know about the client.
func genRecord(r *rand.Rand, names *namePool, team, primary int) (rapport.Client, []int, person) {
	lang := "English"
	switch x := r.IntN(20); {
	case x < 3:
		lang = "Spanish"
	case x == 3:
		lang = pick(r, []string{"Vietnamese", "Somali", "Arabic", "Haitian Creole", "Tagalog", "ASL"})
	}
	n := names.take(r, lang)
	pronouns := n.pronouns
	if chance(r, 0.07) {
		pronouns = "they/them"
	}
	careTeam := []int{primary}
	if chance(r, 0.35) {
		careTeam = append(careTeam, team*3+(primary-team*3+1+r.IntN(2))%3)
	}
	needs := genNeeds(r, team)
	rec := rapport.Client{
		PreferredName: n.name,
		Pronouns:      pronouns,
		Language:      lang,
		ContactMethod: pick(r, []rapport.ContactMethod{rapport.ContactPhone, rapport.ContactPhone, rapport.ContactText, rapport.ContactText, rapport.ContactText, rapport.ContactEmail, rapport.ContactInPerson, rapport.ContactMail}),
		ContactTimes:  pick(r, contactTimes),
		WhatMatters:   pick(r, whatMatters[team]),
		Strengths:     sample(r, strengths, 2+r.IntN(3)),
		Needs:         needs,
		Diagnosis:     pick(r, diagnoses[team]),
	}
	if chance(r, 0.5) {
		rec.Demographics = rapport.Demographics{
			Consent:       true,
			AgeBand:       pick(r, []string{"18-24", "25-34", "25-34", "35-44", "35-44", "45-54", "55-64", "65+"}),
			Gender:        genderWords(r, pronouns),
			RaceEthnicity: raceFor(r, lang),
		}
	}
	p := person{name: n.name, lang: lang, strength: strings.ToLower(rec.Strengths[0]), need: topNeed(needs)}
	p.they, p.them, p.their = pronounForms(pronouns)
	return rec, careTeam, p
}

// topNeed is the domain of the highest need, so that notes and goals agree on what matters most.
func topNeed(needs []rapport.Need) rapport.NeedDomain {
	top := needs[0]
	for _, nd := range needs {
		if levelRank(nd.Level) > levelRank(top.Level) {
			top = nd
		}
	}
	return top.Domain
}

// genGoals draws goals in the client's words for up to three of their needs, and the short
// phrase the notes use for the first.
func genGoals(r *rand.Rand, needs []rapport.Need, cm string, ref time.Time) ([]rapport.Goal, string) {
	var goals []rapport.Goal
	short := "the plan we made"
	for gi, nd := range sample(r, needs, 1+r.IntN(min(3, len(needs)))) {
		g := pick(r, goalsByDomain[nd.Domain])
		if gi == 0 {
			short = g.short
		}
		steps := genSteps(r, g.steps, cm)
		status := rapport.GoalActive
		switch x := r.IntN(10); {
		case x == 0:
			status = rapport.GoalCompleted
			for i := range steps {
				steps[i].Done = true
			}
		case x == 1:
			status = rapport.GoalOnHold
		}
		goals = append(goals, rapport.Goal{
			Words:      g.words,
			Steps:      steps,
			TargetDate: ref.AddDate(0, 0, 14+7*r.IntN(16)),
			Status:     status,
		})
	}
	return goals, short
}

// genSteps names who helps with each step; the first step is often done already.
func genSteps(r *rand.Rand, ts []stepT, cm string) []rapport.Step {
	var steps []rapport.Step
	for si, s := range ts {
		who := s.who
		switch who {
		case "cm":
			who = cm + " (case manager)"
		case "":
			who = "me"
		}
		steps = append(steps, rapport.Step{Text: s.text, WhoHelps: who, Done: si == 0 && chance(r, 0.6)})
	}
	return steps
}

// genDecisions draws one or two decisions: most made together and agreed, a few not.
func genDecisions(r *rand.Rand, p person, ref time.Time) []rapport.Decision {
	var out []rapport.Decision
	for range 1 + r.IntN(2) {
		d := pick(r, decisions)
		took, agreed := true, true
		switch x := r.IntN(12); {
		case x == 0:
			took, agreed = false, false
		case x == 1:
			took, agreed = true, false
		case x == 2:
			took, agreed = false, true
		}
		out = append(out, rapport.Decision{
			Summary:        fill(d, p),
			ClientTookPart: took,
			ClientAgreed:   agreed,
			DecidedAt:      ref.AddDate(0, 0, -1-r.IntN(90)).Add(time.Duration(9+r.IntN(8)) * time.Hour),
		})
	}
	return out
}

// genConcerns draws up to two concerns: some resolved with the response given, some still open.
func genConcerns(r *rand.Rand, p person, ref time.Time) []rapport.Concern {
	var out []rapport.Concern
	for range r.IntN(3) {
		cc := pick(r, concerns)
		raised := ref.AddDate(0, 0, -3-r.IntN(80)).Add(time.Duration(9+r.IntN(8)) * time.Hour)
		con := rapport.Concern{Words: cc.words, Status: rapport.ConcernOpen, RaisedAt: raised}
		switch x := r.IntN(10); {
		case x < 5:
			con.Status = rapport.ConcernResolved
			con.Response = fill(cc.response, p)
			con.ResolvedAt = raised.AddDate(0, 0, 1+r.IntN(2)).Add(time.Duration(r.IntN(6)) * time.Hour)
		case x < 7:
			con.Status = rapport.ConcernInProgress
			con.Response = fill(cc.response, p)
		}
		out = append(out, con)
	}
	return out
}

// genNotes draws five to eight notes and messages, most by the primary case manager, each in
// its author's style.
func genNotes(r *rand.Rand, o *Org, careTeam []int, p person, cmName func(int) string) []Note {
	var out []Note
	for range 5 + r.IntN(4) {
		author := careTeam[0]
		if len(careTeam) > 1 && chance(r, 0.3) {
			author = careTeam[1]
		}
		p.cm = cmName(author)
		kind := rapport.KindNote
		if chance(r, 0.4) {
			kind = rapport.KindMessage
		}
		out = append(out, Note{Author: author, Kind: kind, Body: compose(r, o.Users[author].Style, kind, p)})
	}
	return out
}

// noteMonths is how far back the notes go: further than the survey answers (six months), so
// that every answer has notes before it for the empathy→trust view to pair with.
const noteMonths = 8

// dateNotes spreads a client's notes evenly, oldest first, over the noteMonths before ref, in
// working hours. The times come from the notes' positions, not from the random stream, so
// dating them leaves the rest of the generated data as it was.
func dateNotes(notes []Note, ref time.Time) {
	span := ref.Sub(ref.AddDate(0, -noteMonths, 0))
	for j := range notes {
		at := ref.Add(-span + span*time.Duration(j+1)/time.Duration(len(notes)+1)).Truncate(24 * time.Hour)
		notes[j].At = at.Add(time.Duration(9+(j*3)%8)*time.Hour + time.Duration(j*7%60)*time.Minute)
	}
}

func levelRank(l rapport.NeedLevel) int {
	return slices.Index([]rapport.NeedLevel{rapport.NeedNone, rapport.NeedLow, rapport.NeedModerate, rapport.NeedHigh, rapport.NeedUrgent}, l)
}

func genNeeds(r *rand.Rand, team int) []rapport.Need {
	domains := sample(r, rapport.NeedDomains, 2+r.IntN(4))
	if team == 1 && !slices.Contains(domains, rapport.NeedSubstanceUse) && !slices.Contains(domains, rapport.NeedMentalHealth) {
		domains[0] = pick(r, []rapport.NeedDomain{rapport.NeedSubstanceUse, rapport.NeedSubstanceUse, rapport.NeedMentalHealth})
	}
	if team == 0 && !slices.Contains(domains, rapport.NeedHousing) && !slices.Contains(domains, rapport.NeedHealth) {
		domains[0] = pick(r, []rapport.NeedDomain{rapport.NeedHousing, rapport.NeedHousing, rapport.NeedHealth})
	}
	var needs []rapport.Need
	for _, d := range domains {
		level := pick(r, []rapport.NeedLevel{rapport.NeedLow, rapport.NeedModerate, rapport.NeedModerate, rapport.NeedHigh, rapport.NeedHigh, rapport.NeedUrgent})
		needs = append(needs, rapport.Need{Domain: d, Level: level, Note: pick(r, needNotes[d])})
	}
	return needs
}

func pronounForms(p string) (they, them, their string) {
	switch p {
	case "she/her":
		return "she", "her", "her"
	case "he/him":
		return "he", "him", "his"
	}
	return "they", "them", "their"
}

func genderWords(r *rand.Rand, pronouns string) string {
	switch pronouns {
	case "she/her":
		return pick(r, []string{"woman", "woman", "female", "trans woman"})
	case "he/him":
		return pick(r, []string{"man", "man", "male", "trans man"})
	}
	return pick(r, []string{"non-binary", "genderqueer", "two-spirit"})
}

func raceFor(r *rand.Rand, lang string) string {
	switch lang {
	case "Spanish":
		return pick(r, []string{"Latina", "Latino", "Mexican American", "Salvadoran", "Hispanic"})
	case "Vietnamese", "Tagalog":
		return "Asian American"
	case "Somali":
		return "Black, Somali"
	case "Arabic":
		return "Middle Eastern"
	case "Haitian Creole":
		return "Black, Haitian"
	}
	return pick(r, []string{"White", "White", "Black", "Black", "African American", "Native American", "Asian American", "Multiracial", "prefer to describe: mixed", "Pacific Islander"})
}

// fill replaces the placeholders in a template with the person's details.
func fill(s string, p person) string {
	return strings.NewReplacer(
		"{name}", p.name, "{they}", p.they, "{them}", p.them, "{their}", p.their,
		"{They}", capitalize(p.they), "{Their}", capitalize(p.their),
		"{strength}", p.strength, "{goal}", p.goal, "{need}", needPhrase[p.need],
		"{cm}", p.cm, "{lang}", p.lang,
	).Replace(s)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// compose writes one note or message in the author's style: an opening, one or
// two middle sentences and a close, each drawn from the style's fragments.
func compose(r *rand.Rand, style string, kind rapport.NoteKind, p person) string {
	parts := fragments[style][kind]
	var b []string
	b = append(b, pick(r, parts.open))
	n := 1 + r.IntN(2)
	if kind == rapport.KindMessage && (style == StyleWarm || style == StyleMI) {
		n++ // skilled messages weave several skills together
	}
	b = append(b, sample(r, parts.middle, n)...)
	if chance(r, 0.5) { // a fact about the situation, in any style
		b = append(b, pick(r, situation[p.need]))
	}
	b = append(b, pick(r, parts.close))
	return fill(strings.Join(b, " "), p)
}

type namePool struct {
	byLang map[string][]namePronoun
}

type namePronoun struct{ name, pronouns string }

func newNamePool(r *rand.Rand) *namePool {
	np := &namePool{byLang: map[string][]namePronoun{}}
	for _, lang := range slices.Sorted(maps.Keys(clientNames)) { // sorted: map order would change the draws
		l := slices.Clone(clientNames[lang])
		r.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
		np.byLang[lang] = l
	}
	return np
}

// take removes a name suited to the language; when that list runs out it
// falls back to the general list, and when every list is empty it numbers.
func (np *namePool) take(r *rand.Rand, lang string) namePronoun {
	for _, l := range []string{lang, "English"} {
		if list := np.byLang[l]; len(list) > 0 {
			n := list[0]
			np.byLang[l] = list[1:]
			return n
		}
	}
	return namePronoun{name: fmt.Sprintf("Client %d", r.IntN(1000)), pronouns: "they/them"}
}
