package store

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

func TestSearchAuditLogByRecordType(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		admin := actorOf(f.admin)
		c := f.client(t, "One")
		must(t, db.CreateNote(ctx, f.cmActor, &rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Called about the lease."}))
		_, err := db.CreateBreakGlass(ctx, actorOf(f.cm2), c.ID, "crisis line called", time.Hour)
		must(t, err)
		until := start.Add(time.Second)
		f.clock.Advance(time.Minute) // the searches below fall after until

		tests := []struct {
			name   string
			filter rapport.AuditFilter
			rt     rapport.RecordType
			want   []rapport.RecordType
		}{
			{"notes only", rapport.AuditFilter{Until: until}, rapport.RecordNote, []rapport.RecordType{rapport.RecordNote}},
			{"client records", rapport.AuditFilter{Until: until}, rapport.RecordClient, []rapport.RecordType{rapport.RecordClient, rapport.RecordClient}},
			{"break-glass on client records", rapport.AuditFilter{Until: until, Action: rapport.ActionBreakGlass}, rapport.RecordClient, []rapport.RecordType{rapport.RecordClient}},
			{"no record type", rapport.AuditFilter{Until: until, UserID: f.cm.ID}, "", []rapport.RecordType{rapport.RecordNote, rapport.RecordClient}},
			{"one per page", rapport.AuditFilter{Until: until, Limit: 1}, "", []rapport.RecordType{rapport.RecordClient}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.SearchAuditLog(ctx, admin, tt.filter, tt.rt)
				must(t, err)
				types := make([]rapport.RecordType, len(got))
				for i, e := range got {
					types[i] = e.RecordType
				}
				if diff := cmp.Diff(tt.want, types); diff != "" {
					t.Errorf("record types (-want +got):\n%s", diff)
				}
			})
		}
		wantCode(t, second(db.SearchAuditLog(ctx, admin, rapport.AuditFilter{}, "diary")), rapport.EINVALID)
		wantCode(t, second(db.SearchAuditLog(ctx, admin, rapport.AuditFilter{Limit: rapport.MaxPageSize + 1}, "")), rapport.EINVALID)

		// Every search is recorded, with the client it was about.
		events := allEvents(t, db)
		last := events[len(events)-1]
		if last.Action != rapport.ActionSearch || last.RecordType != rapport.RecordAuditLog || last.UserID != f.admin.ID {
			t.Errorf("last event %+v, want the admin's search", last)
		}
	})
}

func TestExportAuditLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		admin := actorOf(f.admin)
		c := f.client(t, "One")
		f.client(t, "Two")
		must(t, second(db.FindClientByID(ctx, f.cmActor, c.ID)))

		// The page is ignored: the whole result is exported, newest first,
		// and the export event itself comes first.
		var got []*rapport.AuditEvent
		must(t, db.ExportAuditLog(ctx, admin, rapport.AuditFilter{ClientID: c.ID, Limit: 1, BeforeID: 1}, "", func(e *rapport.AuditEvent) error {
			got = append(got, e)
			return nil
		}))
		var summary []string
		for _, e := range got {
			summary = append(summary, string(e.Action)+" "+string(e.RecordType))
		}
		if diff := cmp.Diff([]string{"export audit_log", "view client", "create client"}, summary); diff != "" {
			t.Errorf("exported (-want +got):\n%s", diff)
		}
		if e := got[0]; e.UserID != f.admin.ID || e.ClientID != c.ID {
			t.Errorf("export event %+v", e)
		}

		// A failed write stops the export and says which event it was at.
		stop := errors.New("client went away")
		err := db.ExportAuditLog(ctx, admin, rapport.AuditFilter{}, rapport.RecordClient, func(*rapport.AuditEvent) error { return stop })
		if !errors.Is(err, stop) {
			t.Errorf("export error %v, want the writer's", err)
		}
		wantCode(t, db.ExportAuditLog(ctx, admin, rapport.AuditFilter{Action: "peek"}, "", nil), rapport.EINVALID)
		wantCode(t, db.ExportAuditLog(ctx, rapport.Actor{}, rapport.AuditFilter{}, "", nil), rapport.EUNAUTHORIZED)
	})
}

func TestAuditChainReport(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		f.client(t, "One")
		f.client(t, "Two")
		_, err := db.ChainAudit(ctx)
		must(t, err)
		ok, checked, problem, err := db.AuditChainReport(ctx)
		must(t, err)
		if !ok || checked != 2 || problem != "" {
			t.Fatalf("intact chain: ok %v, %d checked, problem %q", ok, checked, problem)
		}
		rawExec(t, db, "UPDATE audit_events SET reason = 'edited' WHERE id = (SELECT MIN(id) FROM audit_events)")
		ok, _, problem, err = db.AuditChainReport(ctx)
		must(t, err)
		if ok || problem == "" {
			t.Errorf("edited chain: ok %v, problem %q", ok, problem)
		}
	})
}
