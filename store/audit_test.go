package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rapporthq/rapport"
)

// ignoreChain compares audit events on what they say, not where they sit.
var ignoreChain = cmpopts.IgnoreFields(rapport.AuditEvent{}, "ID", "Time")

func ev(a rapport.Actor, action rapport.AuditAction, rt rapport.RecordType, clientID, recordID int64, fields ...string) *rapport.AuditEvent {
	return &rapport.AuditEvent{UserID: a.UserID, Role: a.Role, Action: action, RecordType: rt, ClientID: clientID, RecordID: recordID, Fields: fields}
}

// TestAuditRecordsEveryAccess runs every audited method and checks the
// events each one appends, with the time of the transaction.
func TestAuditRecordsEveryAccess(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		cm, sup := f.cmActor, actorOf(f.sup)
		var c *rapport.Client
		var g *rapport.Goal
		var n *rapport.Note
		var con *rapport.Concern
		var d *rapport.Decision
		var fb *rapport.FeedbackEntry
		steps := []struct {
			name string
			do   func() error
			want func() []*rapport.AuditEvent // called after do, when IDs are known
		}{
			{"create client", func() error {
				c = &rapport.Client{TeamID: f.team.ID, PreferredName: "Marisol", CareTeam: []int64{f.cm.ID}}
				return db.CreateClient(ctx, cm, c)
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionCreate, rapport.RecordClient, c.ID, c.ID)}
			}},
			{"view client", func() error { return second(db.FindClientByID(ctx, sup, c.ID)) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(sup, rapport.ActionView, rapport.RecordClient, c.ID, c.ID)}
			}},
			{"update client", func() error {
				return second(db.UpdateClient(ctx, cm, c.ID, rapport.ClientUpdate{Pronouns: ptr("she/her"), Diagnosis: ptr("F41.1")}))
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionUpdate, rapport.RecordClient, c.ID, c.ID, "pronouns", "diagnosis")}
			}},
			{"set care team", func() error { return db.SetCareTeam(ctx, cm, c.ID, []int64{f.cm.ID, f.cm2.ID}) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionUpdate, rapport.RecordCareTeam, c.ID, c.ID)}
			}},
			{"list clients", func() error { return third(db.ListClients(ctx, sup, rapport.ClientFilter{})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(sup, rapport.ActionSearch, rapport.RecordClient, c.ID, c.ID)}
			}},
			{"list clients, none found", func() error { return third(db.ListClients(ctx, sup, rapport.ClientFilter{Name: "zzz"})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(sup, rapport.ActionSearch, rapport.RecordClient, 0, 0)}
			}},
			{"create goal", func() error {
				g = &rapport.Goal{ClientID: c.ID, Words: "A job"}
				return db.CreateGoal(ctx, cm, g)
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionCreate, rapport.RecordGoal, c.ID, g.ID)}
			}},
			{"view goal", func() error { return second(db.FindGoalByID(ctx, cm, g.ID)) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionView, rapport.RecordGoal, c.ID, g.ID)}
			}},
			{"update goal", func() error {
				return second(db.UpdateGoal(ctx, cm, g.ID, rapport.GoalUpdate{Status: ptr(rapport.GoalCompleted)}))
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionUpdate, rapport.RecordGoal, c.ID, g.ID, "status")}
			}},
			{"list goals", func() error { return third(db.ListGoals(ctx, cm, c.ID, rapport.Page{})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionView, rapport.RecordGoal, c.ID, 0)}
			}},
			{"create decision", func() error {
				d = &rapport.Decision{ClientID: c.ID, Summary: "Start with housing", ClientTookPart: true, ClientAgreed: true}
				return db.CreateDecision(ctx, cm, d)
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionCreate, rapport.RecordDecision, c.ID, d.ID)}
			}},
			{"list decisions", func() error { return third(db.ListDecisions(ctx, cm, c.ID, rapport.Page{})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionView, rapport.RecordDecision, c.ID, 0)}
			}},
			{"create concern", func() error {
				con = &rapport.Concern{ClientID: c.ID, Words: "Fees"}
				return db.CreateConcern(ctx, cm, con)
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionCreate, rapport.RecordConcern, c.ID, con.ID)}
			}},
			{"respond to concern", func() error {
				return second(db.UpdateConcern(ctx, cm, con.ID, rapport.ConcernUpdate{Response: ptr("Waived")}))
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionUpdate, rapport.RecordConcern, c.ID, con.ID, "response")}
			}},
			{"list concerns", func() error { return third(db.ListConcerns(ctx, cm, rapport.ConcernFilter{ClientID: c.ID})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionView, rapport.RecordConcern, c.ID, 0)}
			}},
			{"create feedback", func() error {
				fb = &rapport.FeedbackEntry{ClientID: c.ID, Body: "Kind"}
				return db.CreateFeedback(ctx, cm, fb)
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionCreate, rapport.RecordFeedback, c.ID, fb.ID)}
			}},
			{"list feedback", func() error { return third(db.ListFeedback(ctx, cm, c.ID, rapport.Page{})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionView, rapport.RecordFeedback, c.ID, 0)}
			}},
			{"create note", func() error {
				n = &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Met today."}
				return db.CreateNote(ctx, cm, n)
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionCreate, rapport.RecordNote, c.ID, n.ID)}
			}},
			{"view note", func() error { return second(db.FindNoteByID(ctx, sup, n.ID)) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(sup, rapport.ActionView, rapport.RecordNote, c.ID, n.ID)}
			}},
			{"list notes", func() error { return third(db.ListNotes(ctx, cm, rapport.NoteFilter{ClientID: c.ID})) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(cm, rapport.ActionView, rapport.RecordNote, c.ID, 0)}
			}},
			{"search audit log", func() error {
				return second(db.SearchAudit(ctx, actorOf(f.admin), rapport.AuditFilter{ClientID: c.ID}))
			}, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(actorOf(f.admin), rapport.ActionSearch, rapport.RecordAuditLog, c.ID, 0)}
			}},
			{"access report", func() error { return second(db.ClientAccessReport(ctx, actorOf(f.admin), c.ID)) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(actorOf(f.admin), rapport.ActionView, rapport.RecordAuditLog, c.ID, 0)}
			}},
			{"break glass", func() error {
				return db.RecordAudit(ctx, actorOf(f.cm2), rapport.AuditEvent{Action: rapport.ActionBreakGlass, RecordType: rapport.RecordClient, ClientID: c.ID, RecordID: c.ID, Reason: "Client in crisis at the shelter; their worker is away"})
			}, func() []*rapport.AuditEvent {
				e := ev(actorOf(f.cm2), rapport.ActionBreakGlass, rapport.RecordClient, c.ID, c.ID)
				e.Reason = "Client in crisis at the shelter; their worker is away"
				return []*rapport.AuditEvent{e}
			}},
			{"delete client", func() error { return db.DeleteClient(ctx, sup, c.ID) }, func() []*rapport.AuditEvent {
				return []*rapport.AuditEvent{ev(sup, rapport.ActionDelete, rapport.RecordClient, c.ID, c.ID)}
			}},
		}
		seen := len(allEvents(t, db))
		for _, s := range steps {
			f.clock.Advance(time.Second)
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			events := allEvents(t, db)
			got := events[seen:]
			seen = len(events)
			if diff := cmp.Diff(s.want(), got, ignoreChain, equateEmpty); diff != "" {
				t.Errorf("%s: audit events (-want +got):\n%s", s.name, diff)
			}
			for _, e := range got {
				if !e.Time.Equal(f.clock.Now()) {
					t.Errorf("%s: event time %v, want the transaction's %v", s.name, e.Time, f.clock.Now())
				}
			}
		}
		verifyOK(t, db, int64(seen))
	})
}

// TestFailedWriteLeavesNoTrace checks that the data and its audit event
// commit together: when either fails, neither is kept.
func TestFailedWriteLeavesNoTrace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		before := len(allEvents(t, db))

		// The update touches the row, then fails on the missing team.
		f.clock.Advance(time.Hour)
		_, err := db.UpdateClient(ctx, f.cmActor, c.ID, rapport.ClientUpdate{Pronouns: ptr("they/them"), TeamID: ptr(int64(9999))})
		wantCode(t, err, rapport.EINVALID)
		got, err := db.FindClientScope(ctx, c.ID)
		must(t, err)
		if after := allEvents(t, db); len(after) != before {
			t.Errorf("a failed update left %d audit events", len(after)-before)
		}
		var pronouns string
		var updated time.Time
		must(t, db.read.QueryRowContext(ctx, "SELECT pronouns, updated_at FROM clients WHERE id = $1", got.ClientID).Scan(&pronouns, &updated))
		if pronouns != "" || !updated.Equal(start) {
			t.Errorf("a failed update changed the row: pronouns %q, updated_at %v", pronouns, updated)
		}

		// Breaking the audit log makes the write fail and leaves no client.
		rawExec(t, db, "DROP TABLE audit_pending")
		clients := countRows(t, db, "clients")
		err = db.CreateClient(ctx, f.cmActor, &rapport.Client{TeamID: f.team.ID, PreferredName: "Unaudited"})
		wantCode(t, err, rapport.EINTERNAL)
		if n := countRows(t, db, "clients"); n != clients {
			t.Errorf("a write whose audit event failed was kept: %d clients, want %d", n, clients)
		}
	})
}

// verifyOK links every queued event, then checks the whole chain verifies
// with events links.
func verifyOK(t *testing.T, db *DB, events int64) {
	t.Helper()
	_, err := db.ChainAudit(t.Context())
	must(t, err)
	res, err := db.VerifyAudit(t.Context())
	must(t, err)
	if !res.OK || res.Checked != events || res.HeadID != events || res.Pending != 0 || len(res.HeadHash) != 32 {
		t.Errorf("VerifyAudit = %+v, want OK with %d events", res, events)
	}
}

func TestAuditChainVerifies(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		res, err := db.VerifyAudit(t.Context())
		must(t, err)
		if !res.OK || res.Checked != 0 {
			t.Errorf("empty log: %+v", res)
		}
		f := newFixture(t, db)
		c := f.client(t, "Marisol")
		for range 5 {
			must(t, second(db.FindClientByID(t.Context(), f.cmActor, c.ID)))
		}
		must(t, third(db.ListClients(t.Context(), f.cmActor, rapport.ClientFilter{})))
		events := int64(len(allEvents(t, db)))

		// Committed events wait in the queue, counted but not yet linked.
		res, err = db.VerifyAudit(t.Context())
		must(t, err)
		if !res.OK || res.Checked != 0 || res.Pending != events {
			t.Errorf("before chaining: %+v, want %d pending", res, events)
		}
		n, err := db.ChainAudit(t.Context())
		must(t, err)
		if n != int(events) {
			t.Errorf("ChainAudit linked %d events, want %d", n, events)
		}
		verifyOK(t, db, events)
		if n, err := db.ChainAudit(t.Context()); err != nil || n != 0 {
			t.Errorf("a second ChainAudit linked %d (err %v), want 0", n, err)
		}
	})
}

// TestAuditChainBatches links more events than one chaining transaction
// takes, as after a restart with a backlog.
func TestAuditChainBatches(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		c := f.client(t, "Marisol")
		must(t, db.update(t.Context(), "test: backlog", func(tx *sql.Tx, now time.Time) error {
			events := make([]rapport.AuditEvent, maxEventsPerInsert+chainBatch+7)
			for i := range events {
				events[i] = rapport.AuditEvent{Time: now, UserID: f.cm.ID, Role: f.cm.Role, ClientID: c.ID, Action: rapport.ActionView, RecordType: rapport.RecordClient}
			}
			return appendAudit(t.Context(), tx, events)
		}))
		verifyOK(t, db, 1+maxEventsPerInsert+chainBatch+7)
	})
}

// TestAuditTamperDetected edits the log directly in SQL, as someone with
// database access could after removing the triggers, and checks that the
// verifier names the first bad link and its event.
func TestAuditTamperDetected(t *testing.T) {
	const events = 8
	tests := []struct {
		name          string
		tamper        func(t *testing.T, db *DB)
		link, eventID int64
	}{
		{"edit a field", func(t *testing.T, db *DB) {
			rawExec(t, db, "UPDATE audit_events SET user_id = 999 WHERE id = 3")
		}, 3, 3},
		{"edit the time", func(t *testing.T, db *DB) {
			rawExec(t, db, "UPDATE audit_events SET occurred_at = $1 WHERE id = 5", start.Add(-time.Hour))
		}, 5, 5},
		{"delete an event", func(t *testing.T, db *DB) {
			rawExec(t, db, "DELETE FROM audit_events WHERE id = 4")
		}, 4, 4},
		{"delete a link", func(t *testing.T, db *DB) {
			rawExec(t, db, "DELETE FROM audit_chain WHERE seq = 4")
		}, 4, 0},
		{"delete the newest events", func(t *testing.T, db *DB) {
			rawExec(t, db, "DELETE FROM audit_events WHERE id >= 7")
		}, 7, 7},
		{"delete the newest links", func(t *testing.T, db *DB) {
			rawExec(t, db, "DELETE FROM audit_chain WHERE seq >= 7")
		}, 7, 0},
		{"rewrite an event and its hash", func(t *testing.T, db *DB) {
			e := allEvents(t, db)[2]
			e.UserID = 999
			prev := chainLinks(t, db)[1].Hash
			rawExec(t, db, "UPDATE audit_events SET user_id = 999 WHERE id = 3")
			rawExec(t, db, "UPDATE audit_chain SET hash = $1 WHERE seq = 3", chainHash(prev, e))
		}, 4, 4},
		{"insert an event around the store", func(t *testing.T, db *DB) {
			rawExec(t, db, "INSERT INTO audit_events (id, occurred_at, user_id, role, action, record_type) VALUES (100, $1, 1, 'admin', 'view', 'client')", start)
		}, 0, 100},
		{"take an event off the queue", func(t *testing.T, db *DB) {
			e := rapport.AuditEvent{Action: rapport.ActionExport, RecordType: rapport.RecordAuditLog}
			must(t, db.RecordAudit(t.Context(), rapport.Actor{UserID: 1, Role: rapport.RoleAdmin}, e))
			rawExec(t, db, "DELETE FROM audit_pending")
		}, 0, events + 1},
		{"link a forged event at the end", func(t *testing.T, db *DB) {
			links := chainLinks(t, db)
			last := links[len(links)-1]
			forged := *allEvents(t, db)[events-1]
			forged.ID, forged.Reason = 100, "forged"
			rawExec(t, db, "INSERT INTO audit_events ("+auditColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
				forged.ID, forged.Time, forged.UserID, forged.Role, forged.ClientID, forged.Action, forged.RecordType, forged.RecordID, "", forged.Reason)
			rawExec(t, db, "INSERT INTO audit_chain (seq, event_id, prev_hash, hash) VALUES ($1, $2, $3, $4)",
				last.Seq+1, forged.ID, last.Hash, chainHash(last.Hash, &forged))
		}, events + 1, 0},
		{"wind the head back", func(t *testing.T, db *DB) {
			rawExec(t, db, "UPDATE audit_head SET seq = 6")
		}, 7, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, db *DB) {
				f := newFixture(t, db)
				c := f.client(t, "Marisol")
				for range events - 1 {
					must(t, second(db.FindClientByID(t.Context(), f.cmActor, c.ID)))
				}
				verifyOK(t, db, events)
				tt.tamper(t, db)
				res, err := db.VerifyAudit(t.Context())
				must(t, err)
				if res.OK || res.BrokenID != tt.link || res.BrokenEvent != tt.eventID || res.Problem == "" {
					t.Errorf("VerifyAudit = %+v, want link %d, event %d reported broken", res, tt.link, tt.eventID)
				}
			})
		})
	}
}

// chainLinks reads the chain, first link first.
func chainLinks(t *testing.T, db *DB) []chainLink {
	t.Helper()
	var links []chainLink
	must(t, db.view(t.Context(), "test: read chain", func(tx *sql.Tx) error {
		var err error
		links, err = queryAll(t.Context(), tx, func(s scanner) (chainLink, error) {
			var l chainLink
			return l, s.Scan(&l.Seq, &l.PrevHash, &l.Hash)
		}, "SELECT seq, prev_hash, hash FROM audit_chain ORDER BY seq")
		return err
	}))
	return links
}

// TestAuditLogRejectsChanges checks the triggers that make the log
// append-only for anyone using the database normally.
func TestAuditLogRejectsChanges(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		f.client(t, "Marisol")
		must(t, second(db.ChainAudit(t.Context())))
		statements := []string{
			"UPDATE audit_events SET reason = 'x' WHERE id = 1",
			"DELETE FROM audit_events WHERE id = 1",
			"DELETE FROM audit_head",
			"UPDATE audit_head SET seq = 0",
			"UPDATE audit_chain SET hash = prev_hash",
			"DELETE FROM audit_chain",
		}
		if db.engine == Postgres {
			statements = append(statements, "TRUNCATE audit_events", "TRUNCATE audit_head", "TRUNCATE audit_chain")
		}
		for _, q := range statements {
			if _, err := db.write.ExecContext(t.Context(), q); err == nil {
				t.Errorf("%s: succeeded, want the trigger to reject it", q)
			}
		}
		verifyOK(t, db, 1)
	})
}

// TestAuditConcurrentWriters appends from many goroutines at once, through
// two handles on the database as two server processes would, while both
// chain: every event must be linked exactly once, with no fork.
func TestAuditConcurrentWriters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		c := f.client(t, "Marisol")
		handles := []*DB{db, reopen(t, db)}
		const workers, writes = 8, 25
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				h := handles[w%len(handles)]
				for i := range writes {
					n := &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: fmt.Sprintf("worker %d note %d", w, i)}
					if err := h.CreateNote(t.Context(), f.cmActor, n); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		// Both "processes" link events while the writers commit, as their
		// chainers would (more often than the server's, which waits for a nudge
		// or a second): events committed out of ID order must all be linked.
		ctx, stop := context.WithCancel(t.Context())
		var chainers sync.WaitGroup
		for _, h := range handles {
			chainers.Go(func() {
				for ctx.Err() == nil {
					if _, err := h.ChainAudit(ctx); err != nil && ctx.Err() == nil {
						t.Error(err)
					}
					time.Sleep(5 * time.Millisecond)
				}
			})
		}
		wg.Wait()
		stop()
		chainers.Wait()
		if n := countRows(t, db, "notes"); n != workers*writes {
			t.Fatalf("%d notes stored, want %d", n, workers*writes)
		}
		verifyOK(t, db, 1+workers*writes)
	})
}

func TestSearchAudit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		admin, sup := actorOf(f.admin), actorOf(f.sup)
		c1 := f.client(t, "One") // event 1 at start
		c2 := f.client(t, "Two") // event 2 at start
		f.clock.Advance(time.Hour)
		must(t, second(db.FindClientByID(ctx, sup, c1.ID))) // 3 at +1h
		f.clock.Advance(time.Hour)
		must(t, second(db.UpdateClient(ctx, f.cmActor, c2.ID, rapport.ClientUpdate{Language: ptr("Tagalog")}))) // 4 at +2h
		f.clock.Advance(time.Hour)

		eventIDs := func(events []*rapport.AuditEvent) []int64 {
			return ids(events, func(e *rapport.AuditEvent) int64 { return e.ID })
		}
		tests := []struct {
			name   string
			filter rapport.AuditFilter
			want   []int64
		}{
			{"everything, newest first", rapport.AuditFilter{Until: start.Add(3 * time.Hour)}, []int64{4, 3, 2, 1}},
			{"by user", rapport.AuditFilter{UserID: f.sup.ID}, []int64{3}},
			{"by client", rapport.AuditFilter{ClientID: c1.ID, Until: start.Add(3 * time.Hour)}, []int64{3, 1}},
			{"by action", rapport.AuditFilter{Action: rapport.ActionUpdate}, []int64{4}},
			{"time range", rapport.AuditFilter{Since: start.Add(time.Hour), Until: start.Add(2 * time.Hour)}, []int64{3}},
			{"since is inclusive", rapport.AuditFilter{Since: start.Add(2 * time.Hour), Until: start.Add(3 * time.Hour)}, []int64{4}},
			{"page after a cursor", rapport.AuditFilter{BeforeID: 3, Limit: 1}, []int64{2}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.SearchAudit(ctx, admin, tt.filter)
				must(t, err)
				if diff := cmp.Diff(tt.want, eventIDs(got)); diff != "" {
					t.Errorf("IDs (-want +got):\n%s", diff)
				}
			})
		}

		// Walking every page with the cursor visits each event once.
		var walked []int64
		for cursor := int64(0); ; {
			page, err := db.SearchAudit(ctx, admin, rapport.AuditFilter{BeforeID: cursor, Limit: 3, Until: start.Add(3 * time.Hour)})
			must(t, err)
			if len(page) == 0 {
				break
			}
			walked = append(walked, eventIDs(page)...)
			cursor = page[len(page)-1].ID
		}
		if diff := cmp.Diff([]int64{4, 3, 2, 1}, walked); diff != "" {
			t.Errorf("paging with BeforeID (-want +got):\n%s", diff)
		}
		wantCode(t, second(db.SearchAudit(ctx, admin, rapport.AuditFilter{Since: start, Until: start})), rapport.EINVALID)
		wantCode(t, second(db.SearchAudit(ctx, admin, rapport.AuditFilter{Action: "peek"})), rapport.EINVALID)
		wantCode(t, second(db.SearchAudit(ctx, rapport.Actor{}, rapport.AuditFilter{})), rapport.EUNAUTHORIZED)
	})
}

func TestClientAccessReport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		sup := actorOf(f.sup)
		c := f.client(t, "Marisol") // created by the case manager at start
		other := f.client(t, "Someone else")
		f.clock.Advance(time.Minute)
		must(t, second(db.FindClientByID(ctx, f.cmActor, c.ID)))
		f.clock.Advance(time.Minute)
		must(t, second(db.FindClientByID(ctx, f.cmActor, c.ID)))
		must(t, second(db.FindClientByID(ctx, f.cmActor, other.ID)))
		f.clock.Advance(time.Minute)
		must(t, third(db.ListNotes(ctx, sup, rapport.NoteFilter{ClientID: c.ID})))

		got, err := db.ClientAccessReport(ctx, actorOf(f.admin), c.ID)
		must(t, err)
		want := []rapport.ClientAccess{
			{UserID: f.sup.ID, Action: rapport.ActionView, RecordType: rapport.RecordNote, Count: 1, FirstAt: start.Add(3 * time.Minute), LastAt: start.Add(3 * time.Minute)},
			{UserID: f.cm.ID, Action: rapport.ActionView, RecordType: rapport.RecordClient, Count: 2, FirstAt: start.Add(time.Minute), LastAt: start.Add(2 * time.Minute)},
			{UserID: f.cm.ID, Action: rapport.ActionCreate, RecordType: rapport.RecordClient, Count: 1, FirstAt: start, LastAt: start},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ClientAccessReport (-want +got):\n%s", diff)
		}
		wantCode(t, second(db.ClientAccessReport(ctx, actorOf(f.admin), 0)), rapport.EINVALID)
	})
}

func TestRecordAuditValidates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		tests := []struct {
			name string
			e    rapport.AuditEvent
		}{
			{"break glass without a reason", rapport.AuditEvent{Action: rapport.ActionBreakGlass, RecordType: rapport.RecordClient, ClientID: 1}},
			{"break glass without a client", rapport.AuditEvent{Action: rapport.ActionBreakGlass, RecordType: rapport.RecordClient, Reason: "crisis"}},
			{"unknown action", rapport.AuditEvent{Action: "peek", RecordType: rapport.RecordClient}},
			{"unknown record type", rapport.AuditEvent{Action: rapport.ActionExport, RecordType: "everything"}},
			{"field name with a comma", rapport.AuditEvent{Action: rapport.ActionExport, RecordType: rapport.RecordNote, Fields: []string{"a,b"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, db.RecordAudit(t.Context(), f.cmActor, tt.e), rapport.EINVALID)
			})
		}
		must(t, db.RecordAudit(t.Context(), actorOf(f.admin), rapport.AuditEvent{Action: rapport.ActionExport, RecordType: rapport.RecordAuditLog, Fields: []string{"csv"}}))
		verifyOK(t, db, 1)
	})
}
