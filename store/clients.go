package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/rapporthq/rapport"
)

const clientColumns = `id, team_id, preferred_name, pronouns, language, contact_method, contact_times, what_matters,
	strengths, diagnosis, demographics_consent, age_band, gender, race_ethnicity, created_by, created_at, updated_at`

// CreateClient stores a new client record with its needs and care team, and
// sets its ID, creator and times.
func (db *DB) CreateClient(ctx context.Context, actor rapport.Actor, c *rapport.Client) error {
	if err := c.Validate(); err != nil {
		return wrap("create client", err)
	}
	return db.audited(ctx, "create client", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		c.CreatedBy = actor.UserID
		if err := insertClient(ctx, tx, c, now); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{clientEvent(rapport.ActionCreate, c.ID, nil)}, nil
	})
}

func clientEvent(action rapport.AuditAction, id int64, fields []string) rapport.AuditEvent {
	return rapport.AuditEvent{Action: action, ClientID: id, RecordType: rapport.RecordClient, RecordID: id, Fields: fields}
}

func insertClient(ctx context.Context, tx *sql.Tx, c *rapport.Client, now time.Time) error {
	if err := requireRef(ctx, tx, "teams", "team", c.TeamID); err != nil {
		return err
	}
	strengths, err := encodeStrengths(c.Strengths)
	if err != nil {
		return err
	}
	d := c.Demographics
	err = tx.QueryRowContext(ctx, `INSERT INTO clients (team_id, preferred_name, pronouns, language, contact_method,
		contact_times, what_matters, strengths, diagnosis, demographics_consent, age_band, gender, race_ethnicity,
		created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		c.TeamID, c.PreferredName, c.Pronouns, c.Language, c.ContactMethod, c.ContactTimes, c.WhatMatters,
		strengths, c.Diagnosis, d.Consent, d.AgeBand, d.Gender, d.RaceEthnicity, c.CreatedBy, now).Scan(&c.ID)
	if err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = now, now
	sortNeeds(c.Needs)
	if err := setNeeds(ctx, tx, c.ID, c.Needs); err != nil {
		return err
	}
	return replaceCareTeam(ctx, tx, c.ID, c.CareTeam)
}

// requireRef checks that a record a new value refers to exists, so that the
// caller learns which reference is wrong (EINVALID: the request is at fault,
// not the URL).
func requireRef(ctx context.Context, tx *sql.Tx, table, kind string, id int64) error {
	err := requireRow(ctx, tx, table, kind, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return rapport.Errorf(rapport.EINVALID, "%s %d does not exist", kind, id)
	}
	return err
}

// encodeStrengths stores the list as a JSON array: it is only ever read whole.
func encodeStrengths(s []string) (string, error) {
	if s == nil {
		s = []string{}
	}
	b, err := json.Marshal(s)
	return string(b), err
}

// sortNeeds puts needs in rapport.NeedDomains order, the order reads return.
func sortNeeds(needs []rapport.Need) {
	slices.SortFunc(needs, func(a, b rapport.Need) int {
		return cmp.Compare(slices.Index(rapport.NeedDomains, a.Domain), slices.Index(rapport.NeedDomains, b.Domain))
	})
}

// setNeeds inserts or replaces the client's need in each listed domain.
func setNeeds(ctx context.Context, tx *sql.Tx, clientID int64, needs []rapport.Need) error {
	for _, n := range needs {
		_, err := tx.ExecContext(ctx, `INSERT INTO client_needs (client_id, domain, level, note) VALUES ($1, $2, $3, $4)
			ON CONFLICT (client_id, domain) DO UPDATE SET level = excluded.level, note = excluded.note`,
			clientID, n.Domain, n.Level, n.Note)
		if err != nil {
			return fmt.Errorf("set need: %w", err)
		}
	}
	return nil
}

// replaceCareTeam makes members the client's whole care team, in ascending
// order of user ID.
func replaceCareTeam(ctx context.Context, tx *sql.Tx, clientID int64, members []int64) error {
	slices.Sort(members)
	if err := requireUsers(ctx, tx, members); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM care_team_members WHERE client_id = $1", clientID); err != nil {
		return err
	}
	for _, id := range members {
		if _, err := tx.ExecContext(ctx, "INSERT INTO care_team_members (client_id, user_id) VALUES ($1, $2)", clientID, id); err != nil {
			return fmt.Errorf("add care team member: %w", err)
		}
	}
	return nil
}

// requireUsers checks that every ID names a user, in one query.
func requireUsers(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var w where
	w.in("id", ids)
	n, err := count(ctx, tx, "users", &w)
	if err != nil {
		return err
	}
	if n != len(ids) {
		return rapport.Errorf(rapport.EINVALID, "the care team lists a user who does not exist")
	}
	return nil
}

// FindClientByID returns the whole client record, or ENOTFOUND.
func (db *DB) FindClientByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Client, error) {
	var c *rapport.Client
	err := db.audited(ctx, "find client", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		c, err = findClient(ctx, tx, id)
		return []rapport.AuditEvent{clientEvent(rapport.ActionView, id, nil)}, err
	})
	return c, err
}

func findClient(ctx context.Context, tx *sql.Tx, id int64) (*rapport.Client, error) {
	c, err := scanClient(tx.QueryRowContext(ctx, "SELECT "+clientColumns+" FROM clients WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "client", id)
	}
	return c, attachClientDetails(ctx, tx, []*rapport.Client{c})
}

func scanClient(s scanner) (*rapport.Client, error) {
	var c rapport.Client
	var strengths string
	d := &c.Demographics
	err := s.Scan(&c.ID, &c.TeamID, &c.PreferredName, &c.Pronouns, &c.Language, &c.ContactMethod, &c.ContactTimes,
		&c.WhatMatters, &strengths, &c.Diagnosis, &d.Consent, &d.AgeBand, &d.Gender, &d.RaceEthnicity,
		&c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(strengths), &c.Strengths); err != nil {
		return nil, fmt.Errorf("client %d strengths: %w", c.ID, err)
	}
	if len(c.Strengths) == 0 {
		c.Strengths = nil
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// attachClientDetails loads the needs and care teams of several clients in
// two queries, whatever their number.
func attachClientDetails(ctx context.Context, tx *sql.Tx, clients []*rapport.Client) error {
	if len(clients) == 0 {
		return nil
	}
	byID := make(map[int64]*rapport.Client, len(clients))
	for _, c := range clients {
		byID[c.ID] = c
	}
	var w where
	w.in("client_id", ids(clients, func(c *rapport.Client) int64 { return c.ID }))
	needs, err := queryAll(ctx, tx, scanNeed, "SELECT client_id, domain, level, note FROM client_needs"+w.String(), w.args...)
	if err != nil {
		return fmt.Errorf("load needs: %w", err)
	}
	for _, n := range needs {
		c := byID[n.clientID]
		c.Needs = append(c.Needs, n.Need)
	}
	team, err := queryAll(ctx, tx, scanPair, "SELECT client_id, user_id FROM care_team_members"+w.String()+" ORDER BY client_id, user_id", w.args...)
	if err != nil {
		return fmt.Errorf("load care team: %w", err)
	}
	for _, p := range team {
		c := byID[p[0]]
		c.CareTeam = append(c.CareTeam, p[1])
	}
	for _, c := range clients {
		sortNeeds(c.Needs)
	}
	return nil
}

type clientNeed struct {
	clientID int64
	rapport.Need
}

func scanNeed(s scanner) (clientNeed, error) {
	var n clientNeed
	err := s.Scan(&n.clientID, &n.Domain, &n.Level, &n.Note)
	return n, err
}

// FindClientScope returns a client's team and care team without any client
// details, so an access check can run before the record is read (and before
// the read is audited).
func (db *DB) FindClientScope(ctx context.Context, id int64) (*rapport.ClientScope, error) {
	s := &rapport.ClientScope{ClientID: id}
	err := db.view(ctx, "find client scope", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT team_id FROM clients WHERE id = $1", id).Scan(&s.TeamID)
		if err != nil {
			return notFound(err, "client", id)
		}
		team, err := queryAll(ctx, tx, scanPair, "SELECT client_id, user_id FROM care_team_members WHERE client_id = $1 ORDER BY user_id", id)
		for _, p := range team {
			s.CareTeam = append(s.CareTeam, p[1])
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// ListClients returns a page of the clients that match f, by preferred name,
// and how many match in all. Every client returned counts as seen: each gets
// a search event, so it appears in that client's access report. A search
// that finds no one is recorded once, without a client.
func (db *DB) ListClients(ctx context.Context, actor rapport.Actor, f rapport.ClientFilter) ([]*rapport.Client, int, error) {
	if err := f.Validate(); err != nil {
		return nil, 0, wrap("list clients", err)
	}
	var clients []*rapport.Client
	var total int
	err := db.audited(ctx, "list clients", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if clients, total, err = listClients(ctx, tx, f); err != nil {
			return nil, err
		}
		if len(clients) == 0 {
			return []rapport.AuditEvent{{Action: rapport.ActionSearch, RecordType: rapport.RecordClient}}, nil
		}
		events := make([]rapport.AuditEvent, len(clients))
		for i, c := range clients {
			events[i] = clientEvent(rapport.ActionSearch, c.ID, nil)
		}
		return events, nil
	})
	return clients, total, err
}

func listClients(ctx context.Context, tx *sql.Tx, f rapport.ClientFilter) ([]*rapport.Client, int, error) {
	var w where
	if f.TeamIDs != nil {
		w.in("team_id", f.TeamIDs)
	}
	if f.CareTeamMember != 0 {
		w.add("id IN (SELECT client_id FROM care_team_members WHERE user_id = ?)", f.CareTeamMember)
	}
	if f.Name != "" {
		w.add(`lower(preferred_name) LIKE ? ESCAPE '\'`, likePattern(f.Name))
	}
	total, err := count(ctx, tx, "clients", &w)
	if err != nil {
		return nil, 0, err
	}
	limit := w.page(f.Page)
	clients, err := queryAll(ctx, tx, scanClient, "SELECT "+clientColumns+" FROM clients"+w.String()+" ORDER BY lower(preferred_name), id"+limit, w.args...)
	if err != nil {
		return nil, 0, err
	}
	return clients, total, attachClientDetails(ctx, tx, clients)
}

// UpdateClient changes the fields upd sets and returns the updated record.
func (db *DB) UpdateClient(ctx context.Context, actor rapport.Actor, id int64, upd rapport.ClientUpdate) (*rapport.Client, error) {
	var c *rapport.Client
	err := db.audited(ctx, "update client", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		var err error
		if c, err = updateClient(ctx, tx, id, upd, now); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{clientEvent(rapport.ActionUpdate, id, upd.Fields())}, nil
	})
	return c, err
}

func updateClient(ctx context.Context, tx *sql.Tx, id int64, upd rapport.ClientUpdate, now time.Time) (*rapport.Client, error) {
	if err := lockRow(ctx, tx, "clients", "client", id, now); err != nil {
		return nil, err
	}
	c, err := findClient(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := upd.Apply(c); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if upd.TeamID != nil {
		if err := requireRef(ctx, tx, "teams", "team", c.TeamID); err != nil {
			return nil, err
		}
	}
	strengths, err := encodeStrengths(c.Strengths)
	if err != nil {
		return nil, err
	}
	d := c.Demographics
	_, err = tx.ExecContext(ctx, `UPDATE clients SET team_id = $1, preferred_name = $2, pronouns = $3, language = $4,
		contact_method = $5, contact_times = $6, what_matters = $7, strengths = $8, diagnosis = $9,
		demographics_consent = $10, age_band = $11, gender = $12, race_ethnicity = $13 WHERE id = $14`,
		c.TeamID, c.PreferredName, c.Pronouns, c.Language, c.ContactMethod, c.ContactTimes, c.WhatMatters,
		strengths, c.Diagnosis, d.Consent, d.AgeBand, d.Gender, d.RaceEthnicity, id)
	if err != nil {
		return nil, err
	}
	return c, setNeeds(ctx, tx, id, upd.Needs)
}

// SetCareTeam makes userIDs the client's whole care team.
func (db *DB) SetCareTeam(ctx context.Context, actor rapport.Actor, clientID int64, userIDs []int64) error {
	if err := rapport.CheckCareTeam(userIDs); err != nil {
		return wrap("set care team", err)
	}
	return db.audited(ctx, "set care team", actor, func(tx *sql.Tx, now time.Time) ([]rapport.AuditEvent, error) {
		if err := lockRow(ctx, tx, "clients", "client", clientID, now); err != nil {
			return nil, err
		}
		if err := replaceCareTeam(ctx, tx, clientID, slices.Clone(userIDs)); err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{{Action: rapport.ActionUpdate, ClientID: clientID, RecordType: rapport.RecordCareTeam, RecordID: clientID}}, nil
	})
}

// DeleteClient removes a client and everything recorded about them (needs,
// care team, care plan, notes). The audit log keeps its events, which hold
// IDs only.
func (db *DB) DeleteClient(ctx context.Context, actor rapport.Actor, id int64) error {
	return db.audited(ctx, "delete client", actor, func(tx *sql.Tx, _ time.Time) ([]rapport.AuditEvent, error) {
		res, err := tx.ExecContext(ctx, "DELETE FROM clients WHERE id = $1", id)
		if err != nil {
			return nil, err
		}
		return []rapport.AuditEvent{clientEvent(rapport.ActionDelete, id, nil)}, mustAffect(res, rapport.Errorf(rapport.ENOTFOUND, "client %d not found", id))
	})
}
