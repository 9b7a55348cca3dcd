package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
)

// t0 is at the start of a 15-minute window, so window arithmetic is easy to read.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func allow(t *testing.T, l *Limiter, account, ip string, now time.Time) Decision {
	t.Helper()
	d, err := l.Allow(context.Background(), account, ip, now)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLimiterPerAccount(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	for i := range 5 {
		if d := allow(t, l, "ann@x.org", fmt.Sprintf("10.0.0.%d", i), t0.Add(time.Duration(i)*time.Minute)); !d.Allowed {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	d := allow(t, l, " ANN@x.org", "10.0.1.1", t0.Add(5*time.Minute))
	if d.Allowed || !d.RetryAt.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("sixth attempt (same account, other case) = %+v; want refused until 09:15", d)
	}
	if !allow(t, l, "bob@x.org", "10.0.1.1", t0.Add(5*time.Minute)).Allowed {
		t.Error("another account from the same address was refused")
	}
	if !allow(t, l, "ann@x.org", "10.0.1.1", t0.Add(15*time.Minute)).Allowed {
		t.Error("attempt in the next window was refused")
	}
}

func TestLimiterPerIP(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	for i := range 20 {
		if !allow(t, l, fmt.Sprintf("user%d@x.org", i), "192.0.2.7", t0).Allowed {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if allow(t, l, "new@x.org", "192.0.2.7", t0).Allowed {
		t.Error("21st attempt from one address was allowed")
	}
	if !allow(t, l, "new@x.org", "192.0.2.8", t0).Allowed {
		t.Error("another address was refused")
	}
}

// A blocked address must not keep locking other people's accounts.
func TestLimiterBlockedIPDoesNotCountAgainstAccount(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	l.PerIP.Max = 1
	allow(t, l, "spray@x.org", "192.0.2.9", t0)
	for range 10 {
		allow(t, l, "victim@x.org", "192.0.2.9", t0)
	}
	if !allow(t, l, "victim@x.org", "198.51.100.1", t0).Allowed {
		t.Error("victim locked out by attempts that the address limit had already refused")
	}
}

func TestLimiterIPv6GroupsBySlash64(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	l.PerIP.Max = 2
	allow(t, l, "a@x.org", "2001:db8:1:2::1", t0)
	allow(t, l, "b@x.org", "2001:db8:1:2:ffff::9", t0)
	if allow(t, l, "c@x.org", "2001:db8:1:2:abcd::5", t0).Allowed {
		t.Error("third address in one /64 was allowed")
	}
	if !allow(t, l, "c@x.org", "2001:db8:1:3::1", t0).Allowed {
		t.Error("another /64 was refused")
	}
}

func TestLimiterIPv4MappedIsIPv4(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	l.PerIP.Max = 1
	allow(t, l, "a@x.org", "::ffff:192.0.2.1", t0)
	if allow(t, l, "b@x.org", "192.0.2.1", t0).Allowed {
		t.Error("an IPv4 address and its IPv4-mapped form are counted apart")
	}
}

func TestLimiterSucceededForgivesAccountOnly(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	l.PerIP.Max = 6
	for range 5 {
		allow(t, l, "ann@x.org", "192.0.2.1", t0)
	}
	if err := l.Succeeded(context.Background(), "Ann@x.org"); err != nil {
		t.Fatal(err)
	}
	if !allow(t, l, "ann@x.org", "192.0.2.1", t0).Allowed {
		t.Fatal("account still locked after a correct password")
	}
	if allow(t, l, "ann@x.org", "192.0.2.1", t0).Allowed {
		t.Error("success forgave the address's count too")
	}
}

// With a fake clock: the window ends exactly at RetryAt, not a moment before.
func TestLimiterWindowExpiry(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	now := t0.Add(7 * time.Minute)
	for range 5 {
		allow(t, l, "ann@x.org", "192.0.2.1", now)
	}
	d := allow(t, l, "ann@x.org", "192.0.2.1", now)
	if d.Allowed || !d.RetryAt.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("decision %+v; want refused until 09:15", d)
	}
	if allow(t, l, "ann@x.org", "192.0.2.1", d.RetryAt.Add(-time.Nanosecond)).Allowed {
		t.Error("allowed before RetryAt")
	}
	if !allow(t, l, "ann@x.org", "192.0.2.1", d.RetryAt).Allowed {
		t.Error("refused at RetryAt")
	}
}

// 100 concurrent guesses at one account: exactly Max get through, because
// each is counted before its password is checked.
func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(&MemoryCounter{})
	l.PerIP.Max = 1000
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			d, err := l.Allow(context.Background(), "ann@x.org", fmt.Sprintf("10.0.%d.1", i%7), t0)
			if err != nil {
				t.Error(err)
			}
			if d.Allowed {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != int32(l.PerAccount.Max) {
		t.Errorf("%d of 100 concurrent attempts allowed, want %d", got, l.PerAccount.Max)
	}
}

func TestLockoutMessage(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{
		{30 * time.Second, "too many sign-in attempts: try again in 1 minute"},
		{time.Minute, "too many sign-in attempts: try again in 1 minute"},
		{time.Minute + time.Second, "too many sign-in attempts: try again in 2 minutes"},
		{15 * time.Minute, "too many sign-in attempts: try again in 15 minutes"},
		{-time.Second, "too many sign-in attempts: try again in 1 minute"},
	} {
		err := Decision{RetryAt: t0.Add(tc.wait)}.Err(t0)
		var le *LockoutError
		if !errors.As(err, &le) || le.RetryAfter != tc.wait || err.Error() != tc.want {
			t.Errorf("wait %v: %v; want %q", tc.wait, err, tc.want)
		}
		if rapport.ErrorMessage(err) != tc.want || rapport.ErrorCode(err) != rapport.EUNAUTHORIZED {
			t.Errorf("wait %v: rapport sees %q, %q", tc.wait, rapport.ErrorCode(err), rapport.ErrorMessage(err))
		}
	}
	if err := (Decision{Allowed: true}).Err(t0); err != nil {
		t.Errorf("allowed decision has error %v", err)
	}
}

type failingCounter struct{}

var errDown = errors.New("database is down")

func (failingCounter) Incr(context.Context, string, time.Duration, time.Time) (int, error) {
	return 0, errDown
}
func (failingCounter) Reset(context.Context, string) error { return errDown }

// When counting fails, sign-in fails closed with the cause attached.
func TestLimiterCounterErrors(t *testing.T) {
	l := NewLimiter(failingCounter{})
	if _, err := l.Allow(context.Background(), "a@x.org", "192.0.2.1", t0); !errors.Is(err, errDown) {
		t.Errorf("Allow error = %v, want it to wrap the counter's", err)
	}
	if err := l.Succeeded(context.Background(), "a@x.org"); !errors.Is(err, errDown) {
		t.Errorf("Succeeded error = %v, want it to wrap the counter's", err)
	}
}

func TestLimiterRejectsBadRules(t *testing.T) {
	for _, r := range []Rule{{Max: 0, Window: time.Minute}, {Max: 5, Window: 0}} {
		l := NewLimiter(&MemoryCounter{})
		l.PerAccount = r
		if _, err := l.Allow(context.Background(), "a@x.org", "192.0.2.1", t0); err == nil {
			t.Errorf("rule %+v accepted", r)
		}
	}
}

func TestMemoryCounter(t *testing.T) {
	ctx := context.Background()
	var c MemoryCounter
	// Windows are aligned to the clock: 09:00:30 and 09:00:59 share one,
	// 09:01:00 starts the next.
	for i, at := range []time.Duration{30 * time.Second, 59 * time.Second} {
		if n, _ := c.Incr(ctx, "k", time.Minute, t0.Add(at)); n != i+1 {
			t.Fatalf("count at +%v = %d, want %d", at, n, i+1)
		}
	}
	if n, _ := c.Incr(ctx, "k", time.Minute, t0.Add(time.Minute)); n != 1 {
		t.Errorf("count in the next window = %d, want 1", n)
	}
	c.Reset(ctx, "k")
	if n, _ := c.Incr(ctx, "k", time.Minute, t0.Add(time.Minute)); n != 1 {
		t.Errorf("count after Reset = %d, want 1", n)
	}
}

// Expired keys are dropped, so a stream of one-off addresses cannot grow
// the map without bound.
func TestMemoryCounterSweeps(t *testing.T) {
	ctx := context.Background()
	var c MemoryCounter
	for i := range 10_000 {
		c.Incr(ctx, fmt.Sprint(i), time.Second, t0.Add(time.Duration(i)*time.Second))
	}
	if n := len(c.m); n > 2048 {
		t.Errorf("%d keys held, want expired ones swept", n)
	}
}
