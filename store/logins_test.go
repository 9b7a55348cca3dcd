package store

import (
	"testing"
	"time"

	"github.com/rapporthq/rapport"
)

func TestLogins(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		l := db.Logins()

		// No password yet, then a password, then disabled.
		if _, _, found, err := l.PasswordHash(ctx, f.cm.Email); err != nil || found {
			t.Errorf("user without a password: found %v, err %v", found, err)
		}
		must(t, l.SetPasswordHash(ctx, f.cm.ID, "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"))
		id, encoded, found, err := l.PasswordHash(ctx, "CM@example.org")
		must(t, err)
		if !found || id != f.cm.ID || encoded != "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA" {
			t.Errorf("PasswordHash = %d, %q, %v", id, encoded, found)
		}
		must(t, second(db.UpdateUser(ctx, f.cm.ID, rapport.UserUpdate{Disabled: ptr(true)})))
		if _, _, found, err := l.PasswordHash(ctx, f.cm.Email); err != nil || found {
			t.Errorf("disabled user: found %v, err %v", found, err)
		}
		if _, _, found, err := l.PasswordHash(ctx, "nobody@example.org"); err != nil || found {
			t.Errorf("unknown email: found %v, err %v", found, err)
		}
		wantCode(t, l.SetPasswordHash(ctx, 9999, "x"), rapport.ENOTFOUND)

		for want := 1; want <= 2; want++ {
			n, err := l.Incr(ctx, "account:cm@example.org", time.Minute, time.Time{})
			must(t, err)
			if n != want {
				t.Errorf("Incr = %d, want %d", n, want)
			}
		}
		must(t, l.Reset(ctx, "account:cm@example.org"))
		if n, err := l.Incr(ctx, "account:cm@example.org", time.Minute, time.Time{}); err != nil || n != 1 {
			t.Errorf("after Reset: Incr = %d, %v; want 1", n, err)
		}
	})
}
