package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// Survey instruments: FHIR Questionnaires stored as the JSON survey.EncodeQuestionnaire
// writes. An instrument never changes once stored (a new version is a new row), so parsed
// questionnaires and their scorers are cached in memory, keyed by the SHA-256 of the stored
// JSON: a key can never name two different instruments, even across databases.

const instrumentColumns = `id, url, version, title, builtin, scored, created_by, created_at`

// EnsureBuiltinInstruments stores Rapport's own instruments (survey.Shipped) unless a row with
// the same URL and version is already there. It runs at server start, so it is idempotent, and
// it is not audited: instruments hold no client data and no one is acting. A shipped
// instrument whose wording changes must get a new version, or the stored copy stays.
func (db *DB) EnsureBuiltinInstruments(ctx context.Context) error {
	var rows []*rapport.Instrument
	for _, q := range survey.Shipped() {
		in, err := newInstrument(q)
		if err != nil {
			return wrap("ensure built-in instruments", fmt.Errorf("%s: %w", q.URL, err))
		}
		in.Builtin = true
		rows = append(rows, in)
	}
	return db.update(ctx, "ensure built-in instruments", func(tx *sql.Tx, now time.Time) error {
		for _, in := range rows {
			_, err := tx.ExecContext(ctx, `INSERT INTO survey_instruments (url, version, title, builtin, scored, questionnaire, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, NULL, $7) ON CONFLICT (url, version) DO NOTHING`,
				in.URL, in.Version, in.Title, in.Builtin, in.Scored, in.JSON, now)
			if err != nil {
				return fmt.Errorf("%s: %w", in.URL, err)
			}
		}
		return nil
	})
}

// newInstrument describes q for storage: its JSON export, title, and whether it is scored.
func newInstrument(q *survey.Questionnaire) (*rapport.Instrument, error) {
	if q.URL == "" {
		return nil, rapport.Errorf(rapport.EINVALID, "url: the questionnaire needs a canonical url, which identifies it with its version")
	}
	var buf bytes.Buffer
	if err := survey.EncodeQuestionnaire(&buf, q); err != nil {
		return nil, err
	}
	_, err := survey.NewScorer(q)
	if err != nil && !errors.Is(err, survey.ErrNoRules) {
		return nil, err
	}
	title := q.Title
	if title == "" {
		title = q.Name
	}
	if title == "" {
		title = q.URL
	}
	return &rapport.Instrument{URL: q.URL, Version: q.Version, Title: title, Scored: err == nil, JSON: buf.Bytes()}, nil
}

// ImportInstrument stores an instrument an admin imported (q comes from
// survey.DecodeQuestionnaire, which has checked it completely). An instrument with the same
// URL and version is ECONFLICT: stored instruments never change. Audited as the actor's
// creation of an instrument, which concerns no client.
func (db *DB) ImportInstrument(ctx context.Context, actor rapport.Actor, q *survey.Questionnaire) (*rapport.Instrument, error) {
	in, err := newInstrument(q)
	if err != nil {
		return nil, wrap("import instrument", err)
	}
	err = db.audited(ctx, "import instrument", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		in.CreatedBy, in.CreatedAt = actor.UserID, now
		err := tx.QueryRowContext(ctx, `INSERT INTO survey_instruments (url, version, title, builtin, scored, questionnaire, created_by, created_at)
			VALUES ($1, $2, $3, FALSE, $4, $5, $6, $7) RETURNING id`,
			in.URL, in.Version, in.Title, in.Scored, in.JSON, in.CreatedBy, now).Scan(&in.ID)
		if isUnique(err) {
			return nil, rapport.Errorf(rapport.ECONFLICT, "an instrument with url %s and version %q is already stored: give the new one another version", in.URL, in.Version)
		}
		return []rapport.AuditEvent{{Action: rapport.ActionCreate, RecordType: rapport.RecordSurveyInstrument, RecordID: in.ID}}, err
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

func scanInstrument(s scanner) (*rapport.Instrument, error) {
	var in rapport.Instrument
	var by sql.NullInt64
	if err := s.Scan(&in.ID, &in.URL, &in.Version, &in.Title, &in.Builtin, &in.Scored, &by, &in.CreatedAt); err != nil {
		return nil, err
	}
	in.CreatedBy, in.CreatedAt = by.Int64, in.CreatedAt.UTC()
	return &in, nil
}

// ListInstruments returns a page of instruments, by title, without their JSON (FindInstrument
// has it), and how many there are. Instruments hold no client data: not audited.
func (db *DB) ListInstruments(ctx context.Context, p rapport.Page) ([]*rapport.Instrument, int, error) {
	if err := p.Validate(); err != nil {
		return nil, 0, wrap("list instruments", err)
	}
	var out []*rapport.Instrument
	var total int
	err := db.view(ctx, "list instruments", func(tx *sql.Tx) error {
		var w where
		var err error
		if total, err = count(ctx, tx, "survey_instruments", &w); err != nil {
			return err
		}
		limit := w.page(p)
		out, err = queryAll(ctx, tx, scanInstrument, "SELECT "+instrumentColumns+" FROM survey_instruments ORDER BY title, version, id"+limit, w.args...)
		return err
	})
	return out, total, err
}

// FindInstrument returns an instrument with its JSON, or ENOTFOUND.
func (db *DB) FindInstrument(ctx context.Context, id int64) (*rapport.Instrument, error) {
	return db.findInstrument(ctx, "find instrument", "id = $1", id)
}

// FindInstrumentByURL returns the newest stored version of the instrument with a canonical
// URL (survey.URLTrustPulse, say), or ENOTFOUND.
func (db *DB) FindInstrumentByURL(ctx context.Context, url string) (*rapport.Instrument, error) {
	return db.findInstrument(ctx, "find instrument by url", "url = $1 ORDER BY id DESC LIMIT 1", url)
}

func (db *DB) findInstrument(ctx context.Context, op, cond string, arg any) (*rapport.Instrument, error) {
	var in *rapport.Instrument
	err := db.view(ctx, op, func(tx *sql.Tx) error {
		var err error
		in, err = findInstrument(ctx, tx, cond, arg)
		return err
	})
	return in, err
}

func findInstrument(ctx context.Context, tx *sql.Tx, cond string, arg any) (*rapport.Instrument, error) {
	var in rapport.Instrument
	var by sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT "+instrumentColumns+", questionnaire FROM survey_instruments WHERE "+cond, arg).
		Scan(&in.ID, &in.URL, &in.Version, &in.Title, &in.Builtin, &in.Scored, &by, &in.CreatedAt, &in.JSON)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "survey instrument not found")
	}
	if err != nil {
		return nil, err
	}
	in.CreatedBy, in.CreatedAt = by.Int64, in.CreatedAt.UTC()
	return &in, nil
}

// parsedInstrument is a decoded questionnaire and its scorer (nil when it has no rules).
type parsedInstrument struct {
	q      *survey.Questionnaire
	scorer *survey.Scorer
}

// parsedInstruments caches parsedInstrument by the SHA-256 of the stored JSON. Instruments are
// few and immutable, so the cache needs no eviction.
var parsedInstruments sync.Map // [32]byte → *parsedInstrument

// parse decodes an instrument's JSON once per distinct content.
func parse(in *rapport.Instrument) (*parsedInstrument, error) {
	key := sha256.Sum256(in.JSON)
	if p, ok := parsedInstruments.Load(key); ok {
		return p.(*parsedInstrument), nil
	}
	q, err := survey.DecodeQuestionnaire(bytes.NewReader(in.JSON))
	if err != nil {
		return nil, fmt.Errorf("stored instrument %d does not decode: %w", in.ID, err)
	}
	p := &parsedInstrument{q: q}
	if p.scorer, err = survey.NewScorer(q); err != nil && !errors.Is(err, survey.ErrNoRules) {
		return nil, fmt.Errorf("stored instrument %d cannot be scored: %w", in.ID, err)
	}
	parsedInstruments.Store(key, p)
	return p, nil
}

// Questionnaire returns an instrument and its parsed questionnaire. The questionnaire is
// shared by every caller: read it, never change it.
func (db *DB) Questionnaire(ctx context.Context, id int64) (*rapport.Instrument, *survey.Questionnaire, error) {
	in, err := db.FindInstrument(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := parse(in)
	if err != nil {
		return nil, nil, wrap("load questionnaire", err)
	}
	return in, p.q, nil
}

// Scorer returns the scorer of an instrument, shared and safe for concurrent use. An
// instrument that is answered but not scored gives an EINVALID error that is also
// survey.ErrNoRules (errors.Is).
func (db *DB) Scorer(ctx context.Context, id int64) (*survey.Scorer, error) {
	in, err := db.FindInstrument(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := parse(in)
	if err != nil {
		return nil, wrap("load scorer", err)
	}
	if p.scorer == nil {
		return nil, fmt.Errorf("%w (%w)", rapport.Errorf(rapport.EINVALID, "survey instrument %d is not scored", id), survey.ErrNoRules)
	}
	return p.scorer, nil
}
