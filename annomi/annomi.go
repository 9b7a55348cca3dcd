// Package annomi reads the AnnoMI corpus of expert-coded motivational-interviewing transcripts
// (Wu et al., 2022/2023) in either of its CSV layouts: "simple" (one row per utterance) and "full"
// (one row per annotator per utterance, with question, reflection and input subtypes). Where
// several annotators coded one utterance, each label is the majority vote.
package annomi

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Utterance is one turn of a transcript with its (majority) labels. Labels are empty where the
// coders gave none (client turns, or a subtype that does not apply).
type Utterance struct {
	Transcript string
	Index      int
	Quality    string // "high" or "low", for the whole transcript
	Therapist  bool
	Text       string
	Behaviour  string // question, reflection, therapist_input, other
	Question   string // open, closed
	Reflection string // simple, complex
	Input      string // information, advice, negotiation, options
	// Codings holds each annotator's own labels, in file order; the labels above are their
	// majority. Most utterances have one coding; some in the full layout have ten.
	Codings []Coding
}

// Coding is one annotator's labels for an utterance (empty where they gave none).
type Coding struct {
	Annotator  string
	Behaviour  string
	Question   string
	Reflection string
}

// Majority returns the utterance's majority labels as a coding with no annotator.
func (u Utterance) Majority() Coding {
	return Coding{Behaviour: u.Behaviour, Question: u.Question, Reflection: u.Reflection}
}

// Transcript is one counselling session, turns in order.
type Transcript struct {
	ID         string
	Quality    string
	Utterances []Utterance
}

// Header reports whether a CSV header row is an AnnoMI file.
func Header(cols []string) bool {
	idx := columnIndex(cols)
	_, a := idx["transcript_id"]
	_, b := idx["utterance_text"]
	_, c := idx["interlocutor"]
	return a && b && c
}

// Read parses an AnnoMI CSV (either layout) into transcripts ordered by ID.
func Read(r io.Reader) ([]Transcript, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("annomi: reading header: %w", err)
	}
	idx := columnIndex(head)
	if !Header(head) {
		return nil, errors.New("annomi: header lacks transcript_id, interlocutor or utterance_text")
	}
	votes := map[key]*tally{}
	var order []key
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("annomi: %w", err)
		}
		k, err := addRow(votes, idx, rec)
		if err != nil {
			return nil, fmt.Errorf("annomi: line %d: %w", line, err)
		}
		if votes[k].rows == 1 {
			order = append(order, k)
		}
	}
	return assemble(votes, order), nil
}

type key struct {
	transcript string
	index      int
}

// tally collects every annotator's labels for one utterance.
type tally struct {
	u                                   Utterance
	rows                                int
	behaviour, question, reflect, input map[string]int
}

func columnIndex(cols []string) map[string]int {
	m := make(map[string]int, len(cols))
	for i, c := range cols {
		m[strings.TrimSpace(strings.ToLower(strings.TrimPrefix(c, "\ufeff")))] = i
	}
	return m
}

func addRow(votes map[key]*tally, idx map[string]int, rec []string) (key, error) {
	get := func(col string) string {
		if i, ok := idx[col]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	n, err := strconv.Atoi(get("utterance_id"))
	if err != nil {
		return key{}, fmt.Errorf("utterance_id %q: %w", get("utterance_id"), err)
	}
	k := key{get("transcript_id"), n}
	t := votes[k]
	if t == nil {
		t = &tally{behaviour: map[string]int{}, question: map[string]int{}, reflect: map[string]int{}, input: map[string]int{}}
		text := ""
		if i := idx["utterance_text"]; i < len(rec) {
			text = rec[i] // as written: leading dashes and spacing mark cut-off speech
		}
		t.u = Utterance{Transcript: k.transcript, Index: n, Quality: get("mi_quality"),
			Therapist: get("interlocutor") == "therapist", Text: text}
		votes[k] = t
	}
	t.rows++
	t.u.Codings = append(t.u.Codings, Coding{Annotator: get("annotator_id"),
		Behaviour: label(get("main_therapist_behaviour")), Question: label(get("question_subtype")),
		Reflection: label(get("reflection_subtype"))})
	vote(t.behaviour, get("main_therapist_behaviour"))
	vote(t.question, get("question_subtype"))
	vote(t.reflect, get("reflection_subtype"))
	vote(t.input, get("therapist_input_subtype"))
	return k, nil
}

func vote(m map[string]int, l string) {
	if l = label(l); l != "" {
		m[l]++
	}
}

// label reads a label cell, where "n/a" means none.
func label(s string) string {
	if s == "n/a" {
		return ""
	}
	return s
}

// Majority picks the most frequent label of a vote count; ties go to the alphabetically first,
// so the result is deterministic.
func Majority(m map[string]int) string {
	best, n := "", 0
	for l, c := range m {
		if c > n || (c == n && l < best) {
			best, n = l, c
		}
	}
	return best
}

func assemble(votes map[key]*tally, order []key) []Transcript {
	byID := map[string]*Transcript{}
	var ids []string
	for _, k := range order {
		t := votes[k]
		u := t.u
		u.Behaviour, u.Question = Majority(t.behaviour), Majority(t.question)
		u.Reflection, u.Input = Majority(t.reflect), Majority(t.input)
		tr := byID[k.transcript]
		if tr == nil {
			tr = &Transcript{ID: k.transcript, Quality: u.Quality}
			byID[k.transcript] = tr
			ids = append(ids, k.transcript)
		}
		tr.Utterances = append(tr.Utterances, u)
	}
	sort.Slice(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) })
	out := make([]Transcript, 0, len(ids))
	for _, id := range ids {
		tr := byID[id]
		sort.SliceStable(tr.Utterances, func(i, j int) bool { return tr.Utterances[i].Index < tr.Utterances[j].Index })
		out = append(out, *tr)
	}
	return out
}

// lessID orders numeric IDs numerically and others as strings.
func lessID(a, b string) bool {
	x, e1 := strconv.Atoi(a)
	y, e2 := strconv.Atoi(b)
	if e1 == nil && e2 == nil {
		return x < y
	}
	return a < b
}

// PreviousClient returns the text of the nearest client turn before utterance i, or "".
func (t Transcript) PreviousClient(i int) string {
	for j := i - 1; j >= 0; j-- {
		if !t.Utterances[j].Therapist {
			return t.Utterances[j].Text
		}
	}
	return ""
}

// NextClient returns the text of the nearest client turn after utterance i (the client's reply to
// it, or to the therapist's run of turns it belongs to), or "".
func (t Transcript) NextClient(i int) string {
	for j := i + 1; j < len(t.Utterances); j++ {
		if !t.Utterances[j].Therapist {
			return t.Utterances[j].Text
		}
	}
	return ""
}
