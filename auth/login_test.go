package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

type fakeCredentials struct {
	hashes map[string]string // email → encoded hash; user ID is len(email)
	set    map[int64]string
	err    error
}

func (f *fakeCredentials) PasswordHash(_ context.Context, email string) (int64, string, bool, error) {
	enc, ok := f.hashes[email]
	return int64(len(email)), enc, ok, f.err
}

func (f *fakeCredentials) SetPasswordHash(_ context.Context, id int64, enc string) error {
	f.set[id] = enc
	return nil
}

func newAuthenticator(t *testing.T) (Authenticator, *fakeCredentials) {
	t.Helper()
	enc, err := hashWith(cheap, "kettle orbit lantern mossy")
	if err != nil {
		t.Fatal(err)
	}
	creds := &fakeCredentials{hashes: map[string]string{"ann@x.org": enc}, set: map[int64]string{}}
	return Authenticator{Credentials: creds, Limiter: NewLimiter(&MemoryCounter{})}, creds
}

func TestAuthenticate(t *testing.T) {
	a, creds := newAuthenticator(t)
	ctx := context.Background()
	if _, err := a.Authenticate(ctx, "ann@x.org", "wrong password", "192.0.2.1", t0); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := a.Authenticate(ctx, "nobody@x.org", "kettle orbit lantern mossy", "192.0.2.1", t0); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("unknown account: %v", err)
	}
	id, err := a.Authenticate(ctx, "ann@x.org", "kettle orbit lantern mossy", "192.0.2.1", t0)
	if err != nil || id != int64(len("ann@x.org")) {
		t.Fatalf("right password: %d, %v", id, err)
	}
	// The cheap stored hash was upgraded to the current parameters.
	upgraded, ok := creds.set[id]
	if !ok || !strings.HasPrefix(upgraded, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("hash not upgraded: %q", upgraded)
	}
	if ok, rehash, _ := VerifyPassword(upgraded, "kettle orbit lantern mossy"); !ok || rehash {
		t.Errorf("upgraded hash verifies %v, needs rehash %v", ok, rehash)
	}
}

// After the limit, an existing and an unknown account get the very same
// answer, so lockout does not reveal which accounts exist.
func TestAuthenticateLockoutSameForUnknownAccounts(t *testing.T) {
	a, _ := newAuthenticator(t)
	ctx := context.Background()
	answer := func(email string) string {
		var last error
		for i := range 6 {
			_, last = a.Authenticate(ctx, email, "wrong password", fmt.Sprintf("192.0.2.%d", i), t0)
		}
		var le *LockoutError
		if !errors.As(last, &le) {
			t.Fatalf("%s: sixth attempt gave %v, want a lockout", email, last)
		}
		return last.Error()
	}
	if known, unknown := answer("ann@x.org"), answer("nobody@x.org"); known != unknown {
		t.Errorf("lockout messages differ: %q vs %q", known, unknown)
	}
	// While locked, even the right password is refused.
	if _, err := a.Authenticate(ctx, "ann@x.org", "kettle orbit lantern mossy", "192.0.2.99", t0); err == nil {
		t.Error("locked account signed in")
	}
}

func TestAuthenticateErrors(t *testing.T) {
	ctx := context.Background()
	a, creds := newAuthenticator(t)
	creds.hashes["bad@x.org"] = "$2a$10$notargon"
	if _, err := a.Authenticate(ctx, "bad@x.org", "whatever", "192.0.2.1", t0); !errors.Is(err, ErrMalformedHash) {
		t.Errorf("malformed stored hash: %v", err)
	}
	creds.err = errDown
	if _, err := a.Authenticate(ctx, "ann@x.org", "whatever", "192.0.2.1", t0); !errors.Is(err, errDown) {
		t.Errorf("storage failure: %v", err)
	}
	a.Limiter = NewLimiter(failingCounter{})
	if _, err := a.Authenticate(ctx, "ann@x.org", "whatever", "192.0.2.1", t0); !errors.Is(err, errDown) {
		t.Errorf("counter failure: %v", err)
	}
}
