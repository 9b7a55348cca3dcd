package store

import (
	"crypto/sha256"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
)

func hash32(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func TestSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		s := &rapport.Session{TokenHash: hash32("a"), UserID: f.cm.ID, Data: []byte{0, 1, 2, 0xff}, ExpiresAt: start.Add(time.Hour)}
		must(t, db.SaveSession(ctx, s))
		want := rapport.Session{TokenHash: hash32("a"), UserID: f.cm.ID, Data: []byte{0, 1, 2, 0xff}, CreatedAt: start, LastSeenAt: start, ExpiresAt: start.Add(time.Hour)}
		got, err := db.FindSession(ctx, hash32("a"))
		must(t, err)
		if diff := cmp.Diff(want, *got); diff != "" {
			t.Errorf("FindSession (-want +got):\n%s", diff)
		}

		// Saving again replaces data and expiry and keeps the creation time.
		f.clock.Advance(time.Minute)
		s.Data, s.ExpiresAt = []byte("new"), start.Add(2*time.Hour)
		must(t, db.SaveSession(ctx, s))
		got, err = db.FindSession(ctx, hash32("a"))
		must(t, err)
		if string(got.Data) != "new" || !got.CreatedAt.Equal(start) || !got.LastSeenAt.Equal(start.Add(time.Minute)) || !got.ExpiresAt.Equal(start.Add(2*time.Hour)) {
			t.Errorf("after saving again: %+v", got)
		}
		f.clock.Advance(time.Minute)
		must(t, db.TouchSession(ctx, hash32("a")))
		got, err = db.FindSession(ctx, hash32("a"))
		must(t, err)
		if !got.LastSeenAt.Equal(start.Add(2 * time.Minute)) {
			t.Errorf("after touch, last seen %v", got.LastSeenAt)
		}

		// An anonymous session, and errors.
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("anon"), ExpiresAt: start.Add(time.Hour)}))
		anon, err := db.FindSession(ctx, hash32("anon"))
		must(t, err)
		if anon.UserID != 0 || len(anon.Data) != 0 {
			t.Errorf("anonymous session: %+v", anon)
		}
		wantCode(t, db.SaveSession(ctx, &rapport.Session{TokenHash: []byte("short"), ExpiresAt: start}), rapport.EINVALID)
		wantCode(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("b"), UserID: 9999, ExpiresAt: start.Add(time.Hour)}), rapport.EINVALID)
		wantCode(t, second(db.FindSession(ctx, hash32("missing"))), rapport.ENOTFOUND)
		wantCode(t, db.TouchSession(ctx, hash32("missing")), rapport.ENOTFOUND)

		// Expiry: an expired session is not found and is swept.
		f.clock.Advance(time.Hour)
		wantCode(t, second(db.FindSession(ctx, hash32("anon"))), rapport.ENOTFOUND)
		wantCode(t, db.TouchSession(ctx, hash32("anon")), rapport.ENOTFOUND)
		n, err := db.DeleteExpiredSessions(ctx)
		must(t, err)
		if n != 1 {
			t.Errorf("DeleteExpiredSessions removed %d, want 1", n)
		}

		// Signing out.
		must(t, db.SaveSession(ctx, &rapport.Session{TokenHash: hash32("c"), UserID: f.cm.ID, ExpiresAt: start.Add(5 * time.Hour)}))
		n, err = db.DeleteUserSessions(ctx, f.cm.ID)
		must(t, err)
		if n != 2 {
			t.Errorf("DeleteUserSessions removed %d, want 2", n)
		}
		must(t, db.DeleteSession(ctx, hash32("a")))
		must(t, db.DeleteSession(ctx, hash32("a")))
	})
}

func TestRateLimit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		window := time.Minute
		for want := int64(1); want <= 3; want++ {
			n, reset, err := db.HitRateLimit(ctx, "login:ip:192.0.2.1", window)
			must(t, err)
			if n != want || !reset.Equal(start.Truncate(window).Add(window)) {
				t.Errorf("hit %d: count %d, reset %v", want, n, reset)
			}
		}
		// Another key counts apart; the next window starts again at one.
		n, _, err := db.HitRateLimit(ctx, "login:account:cm@example.org", window)
		must(t, err)
		if n != 1 {
			t.Errorf("other key: count %d, want 1", n)
		}
		f.clock.Advance(window)
		n, _, err = db.HitRateLimit(ctx, "login:ip:192.0.2.1", window)
		must(t, err)
		if n != 1 {
			t.Errorf("next window: count %d, want 1", n)
		}

		must(t, db.ResetRateLimit(ctx, "login:ip:192.0.2.1"))
		n, _, err = db.HitRateLimit(ctx, "login:ip:192.0.2.1", window)
		must(t, err)
		if n != 1 {
			t.Errorf("after reset: count %d, want 1", n)
		}
		removed, err := db.DeleteRateLimitsBefore(ctx, f.clock.Now().Truncate(window))
		must(t, err)
		if removed != 1 { // the other key's window from before
			t.Errorf("DeleteRateLimitsBefore removed %d, want 1", removed)
		}

		wantCode(t, third(db.HitRateLimit(ctx, "", window)), rapport.EINVALID)
		wantCode(t, third(db.HitRateLimit(ctx, "k", 0)), rapport.EINVALID)
	})
}

// TestRateLimitConcurrent checks that concurrent hits are each counted once:
// every hit sees a distinct count and the last one sees them all.
func TestRateLimitConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		newFixture(t, db)
		const workers, hits = 8, 25
		counts := make(chan int64, workers*hits)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for range hits {
					n, _, err := db.HitRateLimit(t.Context(), "login:ip:198.51.100.7", time.Hour)
					if err != nil {
						t.Error(err)
						return
					}
					counts <- n
				}
			})
		}
		wg.Wait()
		close(counts)
		var got []int64
		for n := range counts {
			got = append(got, n)
		}
		slices.Sort(got)
		for i, n := range got {
			if n != int64(i+1) {
				t.Fatalf("counts seen, sorted, are not 1..%d: position %d holds %d", workers*hits, i, n)
			}
		}
		if len(got) != workers*hits {
			t.Errorf("%d hits counted, want %d", len(got), workers*hits)
		}
	})
}
