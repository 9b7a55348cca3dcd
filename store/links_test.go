package store

import (
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func TestSetupLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		clock := &fakeClock{t: start}
		db.now = clock.Now
		has, err := db.HasUsers(ctx)
		must(t, err)
		if has {
			t.Fatal("HasUsers on a fresh database")
		}
		link := auth.OneTimeLink{Purpose: auth.LinkSetup, ExpiresAt: start.Add(auth.SetupLinkTTL)}
		must(t, db.CreateLink(ctx, hash32("setup"), link))
		got, err := db.FindLink(ctx, hash32("setup"))
		must(t, err)
		if got != link {
			t.Errorf("FindLink = %+v, want %+v", got, link)
		}
		wantCode(t, second(db.FindLink(ctx, hash32("missing"))), rapport.ENOTFOUND)

		admin := func(email string) *rapport.User {
			return &rapport.User{Email: email, Name: "Ada Admin", Role: rapport.RoleAdmin, PasswordHash: "x"}
		}
		// A failed creation leaves the link usable.
		wantCode(t, db.CreateFirstAdmin(ctx, hash32("setup"), &rapport.User{Email: "not an email", Name: "A", Role: rapport.RoleAdmin}), rapport.EINVALID)
		wantCode(t, db.CreateFirstAdmin(ctx, hash32("setup"), &rapport.User{Email: "cm@example.org", Name: "A", Role: rapport.RoleCaseManager}), rapport.EINVALID)
		wantCode(t, db.CreateFirstAdmin(ctx, hash32("missing"), admin("a@example.org")), rapport.ENOTFOUND)

		clock.Advance(time.Minute)
		u := admin("Ada@Example.org")
		must(t, db.CreateFirstAdmin(ctx, hash32("setup"), u))
		if u.ID == 0 || u.Email != "ada@example.org" {
			t.Errorf("created %+v", u)
		}
		got, err = db.FindLink(ctx, hash32("setup"))
		must(t, err)
		if !got.UsedAt.Equal(start.Add(time.Minute)) {
			t.Errorf("used at %v", got.UsedAt)
		}
		if err := db.CreateFirstAdmin(ctx, hash32("setup"), admin("b@example.org")); !errors.Is(err, auth.ErrLinkUsed) {
			t.Errorf("second use: %v, want ErrLinkUsed", err)
		}
		has, err = db.HasUsers(ctx)
		must(t, err)
		if !has {
			t.Error("HasUsers after setup")
		}

		// Another setup link cannot add a second admin once setup is done.
		must(t, db.CreateLink(ctx, hash32("late"), link))
		wantCode(t, db.CreateFirstAdmin(ctx, hash32("late"), admin("c@example.org")), rapport.ECONFLICT)

		// Expired links, and links of the wrong kind.
		must(t, db.CreateLink(ctx, hash32("old"), auth.OneTimeLink{Purpose: auth.LinkSetup, ExpiresAt: start.Add(2 * time.Minute)}))
		must(t, db.CreateLink(ctx, hash32("reset"), auth.OneTimeLink{Purpose: auth.LinkReset, UserID: u.ID, ExpiresAt: start.Add(time.Hour)}))
		clock.Advance(time.Hour)
		if err := db.CreateFirstAdmin(ctx, hash32("old"), admin("d@example.org")); !errors.Is(err, auth.ErrLinkExpired) {
			t.Errorf("expired link: %v, want ErrLinkExpired", err)
		}
		wantCode(t, db.CreateFirstAdmin(ctx, hash32("reset"), admin("d@example.org")), rapport.ENOTFOUND)

		for _, bad := range []struct {
			hash []byte
			link auth.OneTimeLink
		}{
			{[]byte("short"), link},
			{hash32("x"), auth.OneTimeLink{Purpose: "other", ExpiresAt: start}},
			{hash32("x"), auth.OneTimeLink{Purpose: auth.LinkSetup, UserID: u.ID, ExpiresAt: start}},
			{hash32("x"), auth.OneTimeLink{Purpose: auth.LinkReset, ExpiresAt: start}},
			{hash32("x"), auth.OneTimeLink{Purpose: auth.LinkSetup}},
		} {
			wantCode(t, db.CreateLink(ctx, bad.hash, bad.link), rapport.EINVALID)
		}
		wantCode(t, db.CreateLink(ctx, hash32("setup"), link), rapport.ECONFLICT)
	})
}

// TestSetupLinkRace: of many requests racing with one setup link, or with several (each restart
// of an empty Rapport prints a new one), exactly one creates an admin.
func TestSetupLinkRace(t *testing.T) {
	for _, links := range []int{1, 8} {
		t.Run(strconv.Itoa(links)+" links", func(t *testing.T) { setupRace(t, links) })
	}
}

func setupRace(t *testing.T, links int) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		for i := range links {
			must(t, db.CreateLink(ctx, hash32("setup"+strconv.Itoa(i)), auth.OneTimeLink{Purpose: auth.LinkSetup, ExpiresAt: time.Now().Add(time.Hour)}))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := range 8 {
			wg.Go(func() {
				u := &rapport.User{Email: "a" + string(rune('a'+i)) + "@example.org", Name: "Ada", Role: rapport.RoleAdmin}
				if db.CreateFirstAdmin(ctx, hash32("setup"+strconv.Itoa(i%links)), u) == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if ok != 1 {
			t.Errorf("%d requests succeeded, want 1", ok)
		}
	})
}
