package store

import (
	"testing"

	"github.com/rapporthq/rapport"
)

// Benchmarks of one audited read (a client page's record) and one audited
// write (saving a note), each a whole transaction with its audit append, per
// engine: go test -run '^$' -bench . -benchmem ./store/
// (with RAPPORT_TEST_POSTGRES set for the PostgreSQL half).

func BenchmarkAuditedRead(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, f *fixture, c *rapport.Client) {
		for b.Loop() {
			if _, err := f.db.FindClientByID(b.Context(), f.cmActor, c.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkAuditedWrite(b *testing.B) {
	forEachEngineB(b, func(b *testing.B, f *fixture, c *rapport.Client) {
		n := rapport.Note{ClientID: c.ID, Kind: rapport.KindNote, Body: "Met at the library; talked about the housing form.", Analysis: []byte(`{"score":70}`)}
		for b.Loop() {
			note := n
			if err := f.db.CreateNote(b.Context(), f.cmActor, &note); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func forEachEngineB(b *testing.B, bench func(b *testing.B, f *fixture, c *rapport.Client)) {
	engines := []struct {
		name string
		open func(testing.TB) *DB
	}{{SQLite, openSQLiteTest}, {Postgres, openPostgresTest}}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			f := newFixture(b, e.open(b))
			c := fullClientFor(b, f)
			bench(b, f, c)
		})
	}
}

func fullClientFor(tb testing.TB, f *fixture) *rapport.Client {
	c := fullClient(f)
	must(tb, f.db.CreateClient(tb.Context(), f.cmActor, c))
	return c
}
