package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/engine"
)

// Trends add up the analyses stored with each note, per author and period.
//
// Each note's numbers are read from its analysis JSON once, into note_stats (levels, score,
// question and pitfall counts), note_stat_pitfalls and note_stat_suggestions, and trends
// aggregate those small rows; each row repeats the note's author and time, so every query is
// one index range with no join. Parsing the JSON on every view would cost tens of milliseconds per thousand
// notes (about 45 ms for 5,000 short demo notes, several times that for long assessments) and
// grow with every note; a supervisor's page covers a whole team. The rows are filled lazily,
// inside the trend's own transaction, for the covered notes that have none yet: this backfills
// notes written before the tables existed, keeps CreateNote unchanged, and means a migration
// that changes what is counted need only empty the tables. Notes never change after they are
// written, so a row, once filled, stays right; deleting a note (or its client) cascades.
//
// Periods are bucketed in Go rather than SQL, because SQLite and PostgreSQL truncate dates with
// different functions, and an author's notes in a year are few enough (thousands of rows of
// ten numbers) to scan. Totals for a team and the suggestions are grouped in SQL, which both
// engines write alike.
//
// A trend is a query over notes that names no client, so it is audited as one search event
// with no client, in the same transaction.

// maxSuggestionChars bounds a stored suggestion: longer ones are whole rewritten sentences,
// which do not recur, and the page shows a phrase, not a paragraph.
const maxSuggestionChars = 300

// fillBatch is how many rows one INSERT writes while filling note stats.
const fillBatch = 100

// AuthorTrends returns the trends of the notes and messages authorID wrote in [since, until),
// as actor. The caller checks that actor may see them (auth.ViewStaff).
func (db *DB) AuthorTrends(ctx context.Context, actor rapport.Actor, authorID int64, since, until time.Time) (*rapport.Trends, error) {
	f := rapport.TrendFilter{AuthorIDs: []int64{authorID}, Since: since, Until: until}
	if err := f.Validate(); err != nil {
		return nil, wrap("author trends", err)
	}
	tr := &rapport.Trends{AuthorID: authorID, Since: since.UTC(), Until: until.UTC()}
	err := db.audited(ctx, "author trends", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		if err := fillNoteStats(ctx, tx, f); err != nil {
			return nil, err
		}
		if err := loadPeriods(ctx, tx, f, tr); err != nil {
			return nil, err
		}
		if err := loadPitfallCodes(ctx, tx, f, tr); err != nil {
			return nil, err
		}
		var err error
		tr.Suggestions, err = topSuggestions(ctx, tx, f)
		return []rapport.AuditEvent{trendEvent()}, err
	})
	if err != nil {
		return nil, err
	}
	return tr, nil
}

// StaffTrends returns each author's totals over [since, until), in the order of authorIDs, as
// actor; authors without notes have zero totals. The caller checks access to each author.
func (db *DB) StaffTrends(ctx context.Context, actor rapport.Actor, authorIDs []int64, since, until time.Time) ([]rapport.StaffTrend, error) {
	f := rapport.TrendFilter{AuthorIDs: authorIDs, Since: since, Until: until}
	if err := f.Validate(); err != nil {
		return nil, wrap("staff trends", err)
	}
	if len(authorIDs) == 0 {
		return nil, nil
	}
	var out []rapport.StaffTrend
	err := db.audited(ctx, "staff trends", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		if err := fillNoteStats(ctx, tx, f); err != nil {
			return nil, err
		}
		totals, err := authorTotals(ctx, tx, f)
		for _, id := range authorIDs {
			out = append(out, rapport.StaffTrend{UserID: id, TrendStats: totals[id].stats()})
		}
		return []rapport.AuditEvent{trendEvent()}, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// trendEvent records that the actor read aggregates of note analyses, concerning no one client.
func trendEvent() rapport.AuditEvent {
	return careEvent(rapport.ActionSearch, 0, rapport.RecordNote, 0, []string{"analysis"})
}

// noteFilter is the WHERE clause selecting the filter's rows of a table with author_id and
// created_at columns; prefix names the table ("n." for notes n) where a query joins.
func noteFilter(f rapport.TrendFilter, prefix string) *where {
	w := &where{}
	w.in(prefix+"author_id", f.AuthorIDs)
	w.add(prefix+"created_at >= ?", dbTime(f.Since))
	w.add(prefix+"created_at < ?", dbTime(f.Until))
	return w
}

// noteStats is one note's numbers, read from its analysis.
type noteStats struct {
	id          int64
	author      int64
	at          time.Time
	analysed    bool
	overall     int
	levels      [4]int // emotional, cognitive, exploration, compassionate
	open        int
	closed      int
	pitfalls    int
	byCode      map[string]int    // pitfalls
	suggestions map[[2]string]int // code, text
}

// storedAnalysis is the part of engine.Analysis trends read; decoding only it skips the
// sentences, which are most of the JSON.
type storedAnalysis struct {
	Overall int `json:"overall"`
	Levels  struct {
		Emotional     storedLevel `json:"emotional"`
		Cognitive     storedLevel `json:"cognitive"`
		Exploration   storedLevel `json:"exploration"`
		Compassionate storedLevel `json:"compassionate"`
	} `json:"levels"`
	Findings []struct {
		Code       engine.Code `json:"code"`
		Suggestion *struct {
			Text string `json:"text"`
		} `json:"suggestion"`
	} `json:"findings"`
}

type storedLevel struct {
	Rating int `json:"rating"`
}

// readNoteStats reads a note's numbers from its stored analysis. A missing or unreadable
// analysis gives a row marked not analysed, so the note is not read again and not counted.
// Out-of-range numbers are clamped: the JSON was checked to be JSON, not to be the engine's.
func readNoteStats(id, author int64, at time.Time, analysis []byte) noteStats {
	s := noteStats{id: id, author: author, at: at}
	var a storedAnalysis
	if len(analysis) == 0 || json.Unmarshal(analysis, &a) != nil {
		return s
	}
	s.analysed = true
	s.overall = min(max(a.Overall, 0), 100)
	for i, l := range []storedLevel{a.Levels.Emotional, a.Levels.Cognitive, a.Levels.Exploration, a.Levels.Compassionate} {
		s.levels[i] = min(max(l.Rating, 0), 2)
	}
	s.byCode, s.suggestions = map[string]int{}, map[[2]string]int{}
	for _, fd := range a.Findings {
		switch {
		case fd.Code == engine.OpenQuestion:
			s.open++
		case fd.Code == engine.ClosedQuestion:
			s.closed++
		case fd.Code.Pitfall():
			s.pitfalls++
			s.byCode[string(fd.Code)]++
		case !fd.Code.Valid():
			continue
		}
		if fd.Suggestion != nil {
			if text := suggestionText(fd.Suggestion.Text); text != "" {
				s.suggestions[[2]string{string(fd.Code), text}]++
			}
		}
	}
	return s
}

// suggestionText is the form a suggestion is counted under: valid UTF-8, spaces collapsed, at
// most maxSuggestionChars.
func suggestionText(s string) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	if utf8.RuneCountInString(s) > maxSuggestionChars {
		s = string([]rune(s)[:maxSuggestionChars-1]) + "…"
	}
	return s
}

// fillNoteStats reads the analysis of every note the filter covers that has no stats yet and
// writes its rows. Counting both sides first (two index-only scans) spares the join when, as on
// every view after the first, nothing is missing. Concurrent fills of the same note write the
// same rows, so conflicts are skipped.
func fillNoteStats(ctx context.Context, tx *sql.Tx, f rapport.TrendFilter) error {
	w := noteFilter(f, "")
	notes, err := count(ctx, tx, "notes", w)
	if err != nil {
		return err
	}
	filled, err := count(ctx, tx, "note_stats", w)
	if err != nil || filled == notes {
		return err
	}
	w = noteFilter(f, "n.")
	w.add("s.note_id IS NULL")
	rows, err := tx.QueryContext(ctx, "SELECT n.id, n.author_id, n.created_at, n.analysis FROM notes n LEFT JOIN note_stats s ON s.note_id = n.id"+w.String(), w.args...)
	if err != nil {
		return err
	}
	var pending []noteStats
	for rows.Next() {
		var id, author int64
		var at time.Time
		var analysis []byte
		if err := rows.Scan(&id, &author, &at, &analysis); err != nil {
			rows.Close()
			return err
		}
		pending = append(pending, readNoteStats(id, author, dbTime(at), analysis))
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return writeNoteStats(ctx, tx, pending)
}

func writeNoteStats(ctx context.Context, tx *sql.Tx, notes []noteStats) error {
	var stats, pitfalls, suggestions [][]any
	for _, s := range notes {
		stats = append(stats, []any{s.id, s.author, s.at, s.analysed, s.overall, s.levels[0], s.levels[1], s.levels[2], s.levels[3], s.open, s.closed, s.pitfalls})
		for _, c := range slices.Sorted(maps.Keys(s.byCode)) {
			pitfalls = append(pitfalls, []any{s.id, s.author, s.at, c, s.byCode[c]})
		}
		for _, k := range slices.SortedFunc(maps.Keys(s.suggestions), compareKeys) {
			suggestions = append(suggestions, []any{s.id, s.author, s.at, k[0], k[1], s.suggestions[k]})
		}
	}
	// Parents first: the pitfalls and suggestions refer to note_stats.
	if err := insertRows(ctx, tx, "note_stats (note_id, author_id, created_at, analysed, overall, emotional, cognitive, exploration, compassionate, open_questions, closed_questions, pitfalls)", stats); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, "note_stat_pitfalls (note_id, author_id, created_at, code, hits)", pitfalls); err != nil {
		return err
	}
	return insertRows(ctx, tx, "note_stat_suggestions (note_id, author_id, created_at, code, text, hits)", suggestions)
}

// compareKeys orders suggestion keys, so rows are written in the same order every time.
func compareKeys(a, b [2]string) int {
	if c := strings.Compare(a[0], b[0]); c != 0 {
		return c
	}
	return strings.Compare(a[1], b[1])
}

// insertRows inserts rows into target (a table and its columns, a constant of this file) in
// batches of fillBatch, skipping rows that already exist.
func insertRows(ctx context.Context, tx *sql.Tx, target string, rows [][]any) error {
	for len(rows) > 0 {
		batch := rows[:min(len(rows), fillBatch)]
		rows = rows[len(batch):]
		var q strings.Builder
		var args []any
		q.WriteString("INSERT INTO " + target + " VALUES ")
		for i, r := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for j, v := range r {
				if j > 0 {
					q.WriteString(", ")
				}
				args = append(args, v)
				q.WriteString("$" + strconv.Itoa(len(args)))
			}
			q.WriteString(")")
		}
		q.WriteString(" ON CONFLICT DO NOTHING")
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// sums adds up notes' stats; stats turns them into means and counts.
type sums struct {
	notes, overall, open, closed, pitfalls int
	levels                                 [4]int
}

func (s *sums) stats() rapport.TrendStats {
	out := rapport.TrendStats{Notes: s.notes, OpenQuestions: s.open, Questions: s.open + s.closed, Pitfalls: s.pitfalls}
	if s.notes > 0 {
		n := float64(s.notes)
		out.MeanScore = float64(s.overall) / n
		out.Levels = rapport.LevelMeans{Emotional: float64(s.levels[0]) / n, Cognitive: float64(s.levels[1]) / n,
			Exploration: float64(s.levels[2]) / n, Compassionate: float64(s.levels[3]) / n}
	}
	return out
}

// scanSums reads a row of prefix columns followed by the columns sumColumns lists.
func scanSums(sc scanner, prefix ...any) (sums, error) {
	var s sums
	err := sc.Scan(append(prefix, &s.notes, &s.overall, &s.levels[0], &s.levels[1], &s.levels[2], &s.levels[3], &s.open, &s.closed, &s.pitfalls)...)
	return s, err
}

// sumColumns sums note_stats in the order scanSums reads them.
const sumColumns = `COUNT(*), COALESCE(SUM(overall), 0), COALESCE(SUM(emotional), 0), COALESCE(SUM(cognitive), 0),
	COALESCE(SUM(exploration), 0), COALESCE(SUM(compassionate), 0), COALESCE(SUM(open_questions), 0),
	COALESCE(SUM(closed_questions), 0), COALESCE(SUM(pitfalls), 0)`

// analysedFilter selects the filter's analysed notes in note_stats.
func analysedFilter(f rapport.TrendFilter) *where {
	w := noteFilter(f, "")
	w.add("analysed = ?", true)
	return w
}

// loadPeriods reads each analysed note's time and numbers, picks the bucket from the span of
// the data, and adds the notes up per period and in total.
func loadPeriods(ctx context.Context, tx *sql.Tx, f rapport.TrendFilter, tr *rapport.Trends) error {
	w := analysedFilter(f)
	rows, err := tx.QueryContext(ctx, `SELECT created_at, 1, overall, emotional, cognitive, exploration, compassionate,
		open_questions, closed_questions, pitfalls FROM note_stats`+w.String()+" ORDER BY created_at", w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var times []time.Time
	var notes []sums
	for rows.Next() {
		var at time.Time
		s, err := scanSums(rows, &at)
		if err != nil {
			return err
		}
		times, notes = append(times, at.UTC()), append(notes, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(times) == 0 {
		tr.Bucket = rapport.ChooseBucket(tr.Since, tr.Until)
		return nil
	}
	tr.Bucket = rapport.ChooseBucket(times[0], tr.Until)
	var total sums
	i := 0
	for start := tr.Bucket.Start(times[0]); start.Before(tr.Until); start = tr.Bucket.Next(start) {
		var period sums
		next := tr.Bucket.Next(start)
		for ; i < len(times) && times[i].Before(next); i++ {
			period.add(notes[i])
			total.add(notes[i])
		}
		tr.Periods = append(tr.Periods, rapport.TrendPeriod{Start: start, TrendStats: period.stats()})
	}
	tr.Total = total.stats()
	return nil
}

func (s *sums) add(o sums) {
	s.notes += o.notes
	s.overall += o.overall
	for i := range s.levels {
		s.levels[i] += o.levels[i]
	}
	s.open, s.closed, s.pitfalls = s.open+o.open, s.closed+o.closed, s.pitfalls+o.pitfalls
}

// loadPitfallCodes counts the pitfall findings by code over the whole range.
func loadPitfallCodes(ctx context.Context, tx *sql.Tx, f rapport.TrendFilter, tr *rapport.Trends) error {
	w := noteFilter(f, "")
	var err error
	tr.PitfallsByCode, err = queryAll(ctx, tx, scanCodeCount,
		"SELECT code, SUM(hits) FROM note_stat_pitfalls"+w.String()+" GROUP BY code ORDER BY SUM(hits) DESC, code", w.args...)
	return err
}

func scanCodeCount(s scanner) (rapport.CodeCount, error) {
	var c rapport.CodeCount
	return c, s.Scan(&c.Code, &c.Count)
}

// topSuggestions returns the most frequent suggestions. Ties are broken by code and text; text
// order follows the database's collation, so two engines may order equal counts differently.
func topSuggestions(ctx context.Context, tx *sql.Tx, f rapport.TrendFilter) ([]rapport.SuggestionCount, error) {
	w := noteFilter(f, "")
	w.args = append(w.args, rapport.MaxTrendSuggestions)
	return queryAll(ctx, tx, func(s scanner) (rapport.SuggestionCount, error) {
		var c rapport.SuggestionCount
		return c, s.Scan(&c.Code, &c.Text, &c.Count)
	}, "SELECT code, text, SUM(hits) FROM note_stat_suggestions"+w.String()+
		" GROUP BY code, text ORDER BY SUM(hits) DESC, code, text LIMIT $"+strconv.Itoa(len(w.args)), w.args...)
}

// authorTotals sums each author's analysed notes.
func authorTotals(ctx context.Context, tx *sql.Tx, f rapport.TrendFilter) (map[int64]*sums, error) {
	w := analysedFilter(f)
	rows, err := tx.QueryContext(ctx, "SELECT author_id, "+sumColumns+" FROM note_stats"+w.String()+" GROUP BY author_id", w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	totals := map[int64]*sums{}
	for _, id := range f.AuthorIDs {
		totals[id] = &sums{}
	}
	for rows.Next() {
		var id int64
		s, err := scanSums(rows, &id)
		if err != nil {
			return nil, err
		}
		if t, ok := totals[id]; ok {
			t.add(s)
		}
	}
	return totals, rows.Err()
}
