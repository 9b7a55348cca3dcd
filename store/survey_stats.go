package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/rapporthq/rapport"
)

// Reading survey results: a case manager's own responses (client data, audited per response),
// historical imports, and the dashboards' aggregates.
//
// The aggregates (TrustSeries, TrustDistribution, TrustByCaseManager) return counts and sums
// of scores per month, per score value or per case manager: no client, no answer, no comment.
// They are not audited. The audit log answers "who saw this client's record"; an aggregate
// names no client, so an event for it could only say "someone looked at a dashboard", and a
// dashboard read on every page view would bury the events that matter. What keeps a small
// group from identifying a person is the dashboards' minimum n, applied before a per-person
// figure is shown. Each aggregate reads one range of a covering partial index
// (migrations/*/0007_surveys.sql) and adds up in SQL, so the database returns a few rows
// whatever the number of responses; see BenchmarkTrustAggregates.

// MaxImportResponses bounds one ImportResponses call, so one transaction stays short.
const MaxImportResponses = 10000

// ListResponses returns a page of the case manager's completed, identified responses, newest
// first, with scores and comments, and how many match. Anonymous responses are never listed.
// The caller checks that actor may see them. Audited as one view per response shown (a search
// with no client when none is).
func (db *DB) ListResponses(ctx context.Context, actor rapport.Actor, f rapport.ResponseFilter) ([]*rapport.SurveyResponse, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list survey responses", err)
	}
	var out []*rapport.SurveyResponse
	var total int
	err := db.audited(ctx, "list survey responses", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if out, total, err = listResponses(ctx, tx, f); err != nil {
			return nil, err
		}
		if len(out) == 0 {
			return []rapport.AuditEvent{{Action: rapport.ActionSearch, RecordType: rapport.RecordSurveyResponse}}, nil
		}
		events := make([]rapport.AuditEvent, len(out))
		for i, r := range out {
			events[i] = responseEvent(rapport.ActionView, r)
		}
		return events, nil
	})
	return out, total, err
}

func listResponses(ctx context.Context, tx *sql.Tx, f rapport.ResponseFilter) ([]*rapport.SurveyResponse, int, error) {
	var w where
	w.add("case_manager_id = ?", f.CaseManagerID)
	w.add("status = 'completed' AND client_id IS NOT NULL")
	if f.InstrumentID != 0 {
		w.add("instrument_id = ?", f.InstrumentID)
	}
	if f.ClientID != 0 {
		w.add("client_id = ?", f.ClientID)
	}
	if !f.Since.IsZero() {
		w.add("completed_at >= ?", dbTime(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("completed_at < ?", dbTime(f.Until))
	}
	total, err := count(ctx, tx, "survey_responses", &w)
	if err != nil {
		return nil, 0, err
	}
	limit := w.page(f.Page)
	out, err := queryAll(ctx, tx, scanResponse, "SELECT "+responseColumns+" FROM survey_responses"+w.String()+" ORDER BY completed_at DESC, id DESC"+limit, w.args...)
	return out, total, err
}

// ImportResponses stores completed responses collected elsewhere (on paper, in an earlier
// system, or the demo's history) with their own completion times, as actor, and sets their IDs.
// They come from no invitation. A flagged comment raises no concern here: imported answers
// are history, and whoever imports them deals with what they say. Audited as one creation per
// response; an anonymous one names no client.
func (db *DB) ImportResponses(ctx context.Context, actor rapport.Actor, rs []*rapport.SurveyResponse) error {
	if len(rs) > MaxImportResponses {
		return wrap("import survey responses", rapport.Errorf(rapport.EINVALID, "import at most %d responses at a time", MaxImportResponses))
	}
	if len(rs) == 0 {
		return nil
	}
	for _, r := range rs {
		if err := checkImported(r); err != nil {
			return wrap("import survey responses", err)
		}
	}
	return db.audited(ctx, "import survey responses", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		events := make([]rapport.AuditEvent, 0, len(rs))
		for _, r := range rs {
			if r.CompletedAt.After(now) {
				return nil, rapport.Errorf(rapport.EINVALID, "an imported response cannot be completed in the future")
			}
			if r.StartedAt.IsZero() {
				r.StartedAt = r.CompletedAt
			}
			r.StartedAt, r.CompletedAt, r.UpdatedAt = dbTime(r.StartedAt), dbTime(r.CompletedAt), now
			if err := insertCompleted(ctx, tx, r); err != nil {
				return nil, err
			}
			events = append(events, responseEvent(rapport.ActionCreate, r))
		}
		return events, nil
	})
}

func checkImported(r *rapport.SurveyResponse) error {
	switch {
	case r.Status != rapport.ResponseCompleted || r.CompletedAt.IsZero():
		return rapport.Errorf(rapport.EINVALID, "only completed responses, with their completion time, can be imported")
	case r.InvitationID != 0:
		return rapport.Errorf(rapport.EINVALID, "an imported response comes from no invitation")
	case r.InstrumentID <= 0 || r.CaseManagerID <= 0 || r.TeamID <= 0:
		return rapport.Errorf(rapport.EINVALID, "instrument, case manager and team are required")
	case r.Anonymous != (r.ClientID == 0):
		return rapport.Errorf(rapport.EINVALID, "a response names its client unless it is anonymous, and then it names none")
	case r.StartedAt.After(r.CompletedAt):
		return rapport.Errorf(rapport.EINVALID, "a response cannot be started after it was completed")
	}
	return r.ValidateCompletion()
}

// trustWhere selects the completed, scored responses a filter covers. The literal status
// condition lets both engines use the partial indexes.
func trustWhere(f rapport.TrustFilter) *where {
	return responsesWhere("status = 'completed' AND score IS NOT NULL", f)
}

// responsesWhere is the condition which, then the filter's case manager or team, instrument and
// time range.
func responsesWhere(which string, f rapport.TrustFilter) *where {
	w := &where{}
	w.add(which)
	switch {
	case f.CaseManagerID != 0:
		w.add("case_manager_id = ?", f.CaseManagerID)
	case f.TeamID != 0:
		w.add("team_id = ?", f.TeamID)
	}
	if f.IdentifiedOnly {
		w.add("anonymous = ?", false)
	}
	w.add("instrument_id = ?", f.InstrumentID)
	w.add("completed_at >= ?", dbTime(f.Since))
	w.add("completed_at < ?", dbTime(f.Until))
	return w
}

// TrustSeries returns the n, sum and sum of squares of the scores per calendar month (UTC),
// for every month from Since's to the one before Until (months without responses have N 0).
func (db *DB) TrustSeries(ctx context.Context, f rapport.TrustFilter) ([]rapport.TrustPeriod, error) {
	if err := f.Validate(); err != nil {
		return nil, wrap("trust series", err)
	}
	sums := map[int]rapport.ScoreSums{}
	err := db.view(ctx, "trust series", func(tx *sql.Tx) error {
		w := trustWhere(f)
		rows, err := queryAll(ctx, tx, scanKeyedSums,
			"SELECT completed_month, COUNT(*), SUM(score), SUM(score * score) FROM survey_responses"+w.String()+" GROUP BY completed_month", w.args...)
		for _, r := range rows {
			sums[int(r.key)] = r.sums
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []rapport.TrustPeriod
	last := f.Until.Add(-time.Nanosecond)
	for m := monthStart(monthKey(f.Since)); !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, rapport.TrustPeriod{Start: m, ScoreSums: sums[monthKey(m)]})
	}
	return out, nil
}

// keyedSums is one group's sums: a month or a case manager.
type keyedSums struct {
	key  int64
	sums rapport.ScoreSums
}

func scanKeyedSums(s scanner) (keyedSums, error) {
	var k keyedSums
	err := s.Scan(&k.key, &k.sums.N, &k.sums.Sum, &k.sums.SumSq)
	return k, err
}

// TrustByCaseManager returns the sums of each case manager's scores over the filter's range,
// by case manager ID; case managers without responses are left out.
func (db *DB) TrustByCaseManager(ctx context.Context, f rapport.TrustFilter) ([]rapport.StaffTrust, error) {
	if err := f.Validate(); err != nil {
		return nil, wrap("trust by case manager", err)
	}
	var out []rapport.StaffTrust
	err := db.view(ctx, "trust by case manager", func(tx *sql.Tx) error {
		w := trustWhere(f)
		rows, err := queryAll(ctx, tx, scanKeyedSums,
			"SELECT case_manager_id, COUNT(*), SUM(score), SUM(score * score) FROM survey_responses"+w.String()+
				" GROUP BY case_manager_id ORDER BY case_manager_id", w.args...)
		for _, r := range rows {
			out = append(out, rapport.StaffTrust{CaseManagerID: r.key, ScoreSums: r.sums})
		}
		return err
	})
	return out, err
}

// TrustDistribution returns how many responses had each score, ascending, with the range of
// the instrument's first subscale, for a histogram and the ceiling effect. Scores are grouped
// by exact value (a trust-pulse mean takes a few dozen values), and the caller bins them.
func (db *DB) TrustDistribution(ctx context.Context, f rapport.TrustFilter) (rapport.TrustDistribution, error) {
	var d rapport.TrustDistribution
	if err := f.Validate(); err != nil {
		return d, wrap("trust distribution", err)
	}
	scorer, err := db.Scorer(ctx, f.InstrumentID)
	if err != nil {
		return d, wrap("trust distribution", err)
	}
	sub := scorer.Rules().Subscales[0]
	d.Min, d.Max = sub.Range()
	err = db.view(ctx, "trust distribution", func(tx *sql.Tx) error {
		w := trustWhere(f)
		d.Counts, err = queryAll(ctx, tx, scanScoreCount,
			"SELECT score, COUNT(*) FROM survey_responses"+w.String()+" GROUP BY score ORDER BY score", w.args...)
		return err
	})
	return d, err
}

func scanScoreCount(s scanner) (rapport.ScoreCount, error) {
	var c rapport.ScoreCount
	err := s.Scan(&c.Score, &c.Count)
	return c, err
}
