package store

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"time"

	"github.com/rapporthq/rapport"
)

// The empathy→trust pairs: each completed, identified, scored response beside the analyses of
// the notes and messages its case manager wrote about that client in the rapport.EmpathyWindow
// before it was completed.
//
// The window is applied in Go rather than in SQL: "90 days before this row's time" is written
// differently in SQLite (datetime(x, '-90 days')) and PostgreSQL (x - interval '90 days'), and
// both queries below are single index ranges (the responses by the survey indexes, the note
// stats by author and time), so matching them in memory is one sorted pass per client and
// case manager. The note numbers come from the trends' note_stats cache (migration 0006),
// filled here for the covered notes that have no row yet, exactly as a trend fills it.

// EmpathyTrust returns the pairs for the filter's responses, as actor; the caller checks that
// actor may see the group. Anonymous responses are counted, not paired: they name no client.
// Audited like a trend (a search of note analyses naming no client) plus a search of survey
// responses naming no client, because the result is only ever shown as correlations.
func (db *DB) EmpathyTrust(ctx context.Context, actor rapport.Actor, f rapport.TrustFilter) (*rapport.EmpathyTrust, error) {
	if err := f.Validate(); err != nil {
		return nil, wrap("empathy and trust", err)
	}
	out := &rapport.EmpathyTrust{}
	err := db.audited(ctx, "empathy and trust", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		events := []rapport.AuditEvent{trendEvent(), {Action: rapport.ActionSearch, RecordType: rapport.RecordSurveyResponse}}
		w := trustWhere(f)
		w.add("client_id IS NULL")
		var err error
		if out.Anonymous, err = count(ctx, tx, "survey_responses", w); err != nil {
			return nil, err
		}
		responses, err := pairableResponses(ctx, tx, f)
		if err != nil || len(responses) == 0 {
			return events, err
		}
		notes, err := windowNotes(ctx, tx, responses, f)
		if err != nil {
			return nil, err
		}
		out.Pairs, out.WithoutNotes = pairResponses(responses, notes)
		return events, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// pairableResponses returns the filter's identified, scored responses, oldest first, with
// empty Notes.
func pairableResponses(ctx context.Context, tx *sql.Tx, f rapport.TrustFilter) ([]rapport.EmpathyTrustPair, error) {
	w := trustWhere(f)
	w.add("client_id IS NOT NULL")
	return queryAll(ctx, tx, func(s scanner) (rapport.EmpathyTrustPair, error) {
		var p rapport.EmpathyTrustPair
		err := s.Scan(&p.ResponseID, &p.ClientID, &p.CaseManagerID, &p.TeamID, &p.CompletedAt, &p.Score)
		p.CompletedAt = p.CompletedAt.UTC()
		return p, err
	}, "SELECT id, client_id, case_manager_id, team_id, completed_at, score FROM survey_responses"+w.String()+" ORDER BY completed_at, id", w.args...)
}

// authorClient keys the notes one case manager wrote about one client.
type authorClient struct{ author, client int64 }

// timedSums is one note's numbers and when it was written.
type timedSums struct {
	at time.Time
	sums
}

// windowNotes fills the note stats of the responses' case managers from a window before the
// first response to the end of the range, and returns the analysed notes by case manager and
// client, oldest first.
func windowNotes(ctx context.Context, tx *sql.Tx, responses []rapport.EmpathyTrustPair, f rapport.TrustFilter) (map[authorClient][]timedSums, error) {
	var authors []int64
	for _, r := range responses {
		authors = append(authors, r.CaseManagerID)
	}
	slices.Sort(authors)
	authors = slices.Compact(authors)
	tf := rapport.TrendFilter{Since: f.Since.Add(-rapport.EmpathyWindow), Until: f.Until}
	out := map[authorClient][]timedSums{}
	for chunk := range slices.Chunk(authors, rapport.MaxTrendAuthors) {
		tf.AuthorIDs = chunk
		if err := fillNoteStats(ctx, tx, tf); err != nil {
			return nil, err
		}
		w := noteFilter(tf, "s.")
		w.add("s.analysed = ?", true)
		rows, err := tx.QueryContext(ctx, `SELECT n.client_id, s.author_id, s.created_at, 1, s.overall, s.emotional, s.cognitive, s.exploration,
			s.compassionate, s.open_questions, s.closed_questions, s.pitfalls FROM note_stats s JOIN notes n ON n.id = s.note_id`+w.String(), w.args...)
		if err != nil {
			return nil, err
		}
		if err := readWindowNotes(rows, out); err != nil {
			return nil, err
		}
	}
	for _, notes := range out {
		slices.SortFunc(notes, func(a, b timedSums) int { return a.at.Compare(b.at) })
	}
	return out, nil
}

func readWindowNotes(rows *sql.Rows, out map[authorClient][]timedSums) error {
	defer rows.Close()
	for rows.Next() {
		var k authorClient
		var n timedSums
		s, err := scanSums(rows, &k.client, &k.author, &n.at)
		if err != nil {
			return err
		}
		n.at, n.sums = n.at.UTC(), s
		out[k] = append(out[k], n)
	}
	return rows.Err()
}

// pairResponses adds up, for each response, its case manager's notes about its client in
// [completed − EmpathyWindow, completed). Responses with no such note are counted, not paired.
func pairResponses(responses []rapport.EmpathyTrustPair, notes map[authorClient][]timedSums) (pairs []rapport.EmpathyTrustPair, without int) {
	for _, r := range responses {
		ns := notes[authorClient{r.CaseManagerID, r.ClientID}]
		from := r.CompletedAt.Add(-rapport.EmpathyWindow)
		lo := sort.Search(len(ns), func(i int) bool { return !ns[i].at.Before(from) })
		hi := sort.Search(len(ns), func(i int) bool { return !ns[i].at.Before(r.CompletedAt) })
		if lo >= hi {
			without++
			continue
		}
		var total sums
		for _, n := range ns[lo:hi] {
			total.add(n.sums)
		}
		r.Notes = total.stats()
		pairs = append(pairs, r)
	}
	return pairs, without
}
