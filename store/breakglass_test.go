package store

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func TestBreakGlassGrant(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		outsider := actorOf(f.cm2)
		c := f.client(t, "Marisol")
		f.clock.Advance(time.Minute)
		before := len(allEvents(t, db))

		g, err := db.CreateBreakGlass(ctx, outsider, c.ID, "  Crisis call from the ER at night  ", 90*time.Minute)
		must(t, err)
		now := dbTime(start.Add(time.Minute))
		want := auth.BreakGlass{ClientID: c.ID, Reason: "Crisis call from the ER at night", GrantedAt: now, ExpiresAt: now.Add(90 * time.Minute)}
		if diff := cmp.Diff(want, g); diff != "" {
			t.Errorf("grant (-want +got):\n%s", diff)
		}

		// The grant and its break-glass event commit together.
		events := allEvents(t, db)
		if len(events) != before+1 {
			t.Fatalf("%d new audit events, want 1", len(events)-before)
		}
		e := events[len(events)-1]
		if e.Action != rapport.ActionBreakGlass || e.UserID != f.cm2.ID || e.ClientID != c.ID || e.RecordType != rapport.RecordClient || e.Reason != want.Reason || !e.Time.Equal(now) {
			t.Errorf("break-glass event %+v", e)
		}

		// Live between granted_at (inclusive) and expires_at (exclusive), only for its user.
		for _, tt := range []struct {
			name string
			user int64
			at   time.Time
			want []auth.BreakGlass
		}{
			{"at the grant", f.cm2.ID, now, []auth.BreakGlass{want}},
			{"a minute before the end", f.cm2.ID, want.ExpiresAt.Add(-time.Minute), []auth.BreakGlass{want}},
			{"at the end", f.cm2.ID, want.ExpiresAt, nil},
			{"before the grant", f.cm2.ID, now.Add(-time.Second), nil},
			{"another user", f.cm.ID, now, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.LiveBreakGlass(ctx, tt.user, tt.at)
				must(t, err)
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("LiveBreakGlass (-want +got):\n%s", diff)
				}
			})
		}

		// A second grant that ends later comes first.
		f.clock.Advance(time.Hour)
		later, err := db.CreateBreakGlass(ctx, outsider, c.ID, "Still in the ER, family asking", time.Hour)
		must(t, err)
		got, err := db.LiveBreakGlass(ctx, f.cm2.ID, db.clock())
		must(t, err)
		if diff := cmp.Diff([]auth.BreakGlass{later, want}, got); diff != "" {
			t.Errorf("two grants (-want +got):\n%s", diff)
		}
	})
}

func TestBreakGlassRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		c := f.client(t, "Marisol")
		before := len(allEvents(t, db))
		tests := []struct {
			name   string
			actor  rapport.Actor
			client int64
			reason string
			d      time.Duration
			code   string
		}{
			{"no reason", actorOf(f.cm2), c.ID, "  ", time.Hour, rapport.EINVALID},
			{"one word", actorOf(f.cm2), c.ID, "emergency", time.Hour, rapport.EINVALID},
			{"too long a reason", actorOf(f.cm2), c.ID, strings.Repeat("a ", auth.MaxBreakGlassReason), time.Hour, rapport.EINVALID},
			{"over four hours", actorOf(f.cm2), c.ID, "crisis call", auth.MaxBreakGlass + time.Minute, rapport.EINVALID},
			{"no duration", actorOf(f.cm2), c.ID, "crisis call", 0, rapport.EINVALID},
			{"missing client", actorOf(f.cm2), 9999, "crisis call", time.Hour, rapport.ENOTFOUND},
			{"no actor", rapport.Actor{}, c.ID, "crisis call", time.Hour, rapport.EUNAUTHORIZED},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.CreateBreakGlass(ctx, tt.actor, tt.client, tt.reason, tt.d)
				wantCode(t, err, tt.code)
			})
		}
		if n := countRows(t, db, "break_glass"); n != 0 {
			t.Errorf("%d grants stored after refusals", n)
		}
		if n := len(allEvents(t, db)); n != before {
			t.Errorf("%d audit events written by refusals", n-before)
		}
	})
}
