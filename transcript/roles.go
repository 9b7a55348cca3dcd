package transcript

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Role words, matched as whole words (or word sequences) in a speaker name.
var (
	practitionerTerms = splitTerms(
		"case manager", "case worker", "caseworker", "care manager", "care coordinator",
		"therapist", "counsellor", "counselor", "clinician", "nurse", "social worker",
		"provider", "staff", "staff member", "cm", "interviewer", "worker", "doctor", "dr",
		"navigator", "coach", "peer specialist", "peer support", "practitioner",
		"psychologist", "psychiatrist", "physician", "advocate", "facilitator")
	clientTerms = splitTerms(
		"client", "patient", "participant", "member", "resident", "caller", "consumer",
		"interviewee", "service user", "customer")
)

// maxListedSpeakers bounds the speaker list in an error message.
const maxListedSpeakers = 10

func splitTerms(terms ...string) [][]string {
	out := make([][]string, len(terms))
	for i, t := range terms {
		out[i] = strings.Fields(t)
	}
	return out
}

// AssignRoles sets Role on every turn. With practitioner set, that speaker
// (case-insensitive) is the practitioner and every other named speaker a
// client; it is an error if no turn has that speaker. Otherwise roles come
// from role words in the names, and in a two-person conversation where only
// one side is known the other side gets the other role. Turns without a
// speaker stay Unknown.
func AssignRoles(turns []Turn, practitioner string) error {
	speakers := speakerOrder(turns)
	var roles map[string]Role
	if key := speakerKey(practitioner); key != "" {
		if _, ok := speakers.index[key]; !ok {
			return fmt.Errorf("practitioner %q not found; speakers are: %s", strings.TrimSpace(practitioner), speakers.list())
		}
		roles = rolesFor(speakers, key)
	} else {
		roles = guessRoles(speakers)
	}
	// Cache by the name as written: speakerKey allocates, and a long
	// transcript repeats the same few names thousands of times.
	cache := map[string]Role{}
	for i := range turns {
		r, ok := cache[turns[i].Speaker]
		if !ok {
			if r, ok = roles[speakerKey(turns[i].Speaker)]; !ok {
				r = Unknown
			}
			cache[turns[i].Speaker] = r
		}
		turns[i].Role = r
	}
	return nil
}

// speakerKey identifies a speaker regardless of case and surrounding space.
func speakerKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// speakers holds the named speakers in order of first appearance.
type speakers struct {
	names []string       // as first written
	index map[string]int // speakerKey -> position in names
}

func speakerOrder(turns []Turn) speakers {
	s := speakers{index: map[string]int{}}
	written := map[string]bool{} // names as written, to skip speakerKey
	for _, t := range turns {
		if written[t.Speaker] {
			continue
		}
		written[t.Speaker] = true
		key := speakerKey(t.Speaker)
		if _, seen := s.index[key]; key != "" && !seen {
			s.index[key] = len(s.names)
			s.names = append(s.names, strings.TrimSpace(t.Speaker))
		}
	}
	return s
}

func (s speakers) list() string {
	if len(s.names) == 0 {
		return "none"
	}
	shown := s.names[:min(len(s.names), maxListedSpeakers)]
	quoted := make([]string, len(shown))
	for i, n := range shown {
		quoted[i] = strconv.Quote(n)
	}
	out := strings.Join(quoted, ", ")
	if more := len(s.names) - len(shown); more > 0 {
		out += fmt.Sprintf(" and %d more", more)
	}
	return out
}

func rolesFor(s speakers, practitioner string) map[string]Role {
	roles := make(map[string]Role, len(s.names))
	for key := range s.index {
		roles[key] = Client
	}
	roles[practitioner] = Practitioner
	return roles
}

func guessRoles(s speakers) map[string]Role {
	roles := make(map[string]Role, len(s.names))
	for _, n := range s.names {
		roles[speakerKey(n)] = roleOf(n)
	}
	if len(s.names) == 2 {
		a, b := speakerKey(s.names[0]), speakerKey(s.names[1])
		roles[a], roles[b] = complete(roles[a], roles[b]), complete(roles[b], roles[a])
	}
	return roles
}

// complete gives an unknown speaker the role opposite to the other speaker's.
func complete(self, other Role) Role {
	if self != Unknown {
		return self
	}
	switch other {
	case Practitioner:
		return Client
	case Client:
		return Practitioner
	}
	return Unknown
}

// roleOf guesses a role from the words in a speaker name. When both kinds of
// word occur, the longer (more specific) term wins: "Staff Member" is staff,
// "Client's Case Manager" a case manager; a tie stays Unknown.
func roleOf(name string) Role {
	words := nameWords(name)
	p, c := longestMatch(words, practitionerTerms), longestMatch(words, clientTerms)
	switch {
	case p > c:
		return Practitioner
	case c > p:
		return Client
	}
	return Unknown
}

// nameWords lower-cases name and splits it into runs of letters and runs of
// digits, so "Dr. Lee" has "dr" and "Client2" has "client".
func nameWords(name string) []string {
	var words []string
	start, prev := -1, 0
	for i, r := range name + " " {
		kind := 0
		switch {
		case unicode.IsLetter(r):
			kind = 1
		case unicode.IsDigit(r):
			kind = 2
		}
		if kind != prev && start >= 0 {
			words = append(words, strings.ToLower(name[start:i]))
			start = -1
		}
		if kind != 0 && start < 0 {
			start = i
		}
		prev = kind
	}
	return words
}

// longestMatch returns the word count of the longest term found in words, 0 if none.
func longestMatch(words []string, terms [][]string) int {
	best := 0
	for _, t := range terms {
		if len(t) > best && containsSeq(words, t) {
			best = len(t)
		}
	}
	return best
}

func containsSeq(words, seq []string) bool {
	for i := 0; i+len(seq) <= len(words); i++ {
		match := true
		for j, w := range seq {
			if words[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
