package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapporthq/rapport"
)

// Counter counts events per key in fixed windows aligned to the clock: the
// window containing now starts at now.Truncate(window). The store implements
// it on a database table (store.HitRateLimit) so that every server process
// shares the same counts; it may read its own clock instead of now.
type Counter interface {
	// Incr adds one to key's count in the window containing now and returns
	// the new count, atomically: concurrent calls never see the same count.
	Incr(ctx context.Context, key string, window time.Duration, now time.Time) (count int, err error)
	// Reset forgets key's counts in every window.
	Reset(ctx context.Context, key string) error
}

// Rule allows at most Max attempts per Window.
type Rule struct {
	Max    int
	Window time.Duration
}

// Limiter limits sign-in attempts per account and per client IP address.
//
// Allow counts the attempt before the password is checked. Counting first,
// rather than counting failures afterwards, is what keeps a burst of
// concurrent guesses from all passing a check made before any of them failed.
// Succeeded then forgets the account's count, so the Max applies to
// consecutive failures. The IP count is not forgiven on success: otherwise
// an attacker could sign in to their own account between guesses at others'.
type Limiter struct {
	Counter    Counter
	PerAccount Rule
	PerIP      Rule
}

// NewLimiter returns a limiter with the defaults: 5 attempts per account and
// 20 per IP address in each 15 minutes.
func NewLimiter(c Counter) *Limiter {
	return &Limiter{
		Counter:    c,
		PerAccount: Rule{Max: 5, Window: 15 * time.Minute},
		PerIP:      Rule{Max: 20, Window: 15 * time.Minute},
	}
}

// Decision is the limiter's answer for one attempt.
type Decision struct {
	Allowed bool
	RetryAt time.Time // when a refused attempt may be tried again
}

// Err returns nil for an allowed attempt and a *LockoutError otherwise.
func (d Decision) Err(now time.Time) error {
	if d.Allowed {
		return nil
	}
	return &LockoutError{RetryAfter: d.RetryAt.Sub(now)}
}

// LockoutError says sign-in is paused. Its message is the same whether the
// account exists or not, and whether the account or the address hit its
// limit. The HTTP layer answers it with 429 and a Retry-After header.
type LockoutError struct {
	RetryAfter time.Duration
}

func (e *LockoutError) Error() string {
	return "too many sign-in attempts: try again in " + minutes(e.RetryAfter)
}

// Unwrap gives the error a code (EUNAUTHORIZED) and a message for a person,
// so rapport.ErrorCode and rapport.ErrorMessage work on it.
func (e *LockoutError) Unwrap() error {
	return &rapport.Error{Code: rapport.EUNAUTHORIZED, Message: e.Error()}
}

// minutes rounds up, so a person who waits as told is never refused again.
func minutes(d time.Duration) string {
	n := int((d + time.Minute - 1) / time.Minute)
	if n <= 1 {
		return "1 minute"
	}
	return strconv.Itoa(n) + " minutes"
}

// Allow counts one sign-in attempt for account (the email as typed) from ip
// (the client's address: r.RemoteAddr's host, or a trusted proxy's report)
// and says whether it may proceed. A refused attempt from an address over its
// limit is not counted against the account, so an attacker who is already
// blocked cannot keep locking other people out.
func (l *Limiter) Allow(ctx context.Context, account, ip string, now time.Time) (Decision, error) {
	for _, c := range []struct {
		rule Rule
		key  string
	}{
		{l.PerIP, "login:ip:" + ipKey(ip)},
		{l.PerAccount, "login:account:" + accountKey(account)},
	} {
		d, err := l.count(ctx, c.rule, c.key, now)
		if err != nil || !d.Allowed {
			return d, err
		}
	}
	return Decision{Allowed: true}, nil
}

// Succeeded forgets the account's failed attempts after a correct password.
func (l *Limiter) Succeeded(ctx context.Context, account string) error {
	if err := l.Counter.Reset(ctx, "login:account:"+accountKey(account)); err != nil {
		return fmt.Errorf("login limiter: reset account count: %w", err)
	}
	return nil
}

func (l *Limiter) count(ctx context.Context, r Rule, key string, now time.Time) (Decision, error) {
	if r.Max < 1 || r.Window <= 0 {
		return Decision{}, errors.New("login limiter: each rule needs Max ≥ 1 and a positive Window")
	}
	n, err := l.Counter.Incr(ctx, key, r.Window, now)
	if err != nil {
		return Decision{}, fmt.Errorf("login limiter: count attempt: %w", err)
	}
	// Windows are aligned to the clock, so the end of this one, which the
	// lockout message needs, follows from now without being stored.
	return Decision{Allowed: n <= r.Max, RetryAt: now.Truncate(r.Window).Add(r.Window)}, nil
}

// accountKey hashes the normalised email, so the counters table holds no
// addresses and "Ann@x.org " and "ann@x.org" share one count.
func accountKey(account string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(account))))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// ipKey counts an IPv6 client by its /64, since one subscriber usually holds
// a whole /64 and could otherwise rotate through addresses freely.
func ipKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64) // cannot fail: 64 bits fit an IPv6 address
		return p.String()
	}
	return a.String()
}

// MemoryCounter is a Counter in process memory, for tests and a single
// server process. Its zero value is ready to use and it is safe for
// concurrent use.
type MemoryCounter struct {
	mu      sync.Mutex
	m       map[string]memoryCount
	sweepAt int // map size at which expired keys are next removed
}

type memoryCount struct {
	start, end time.Time // the window counted
	n          int
}

// Incr implements Counter.
func (c *MemoryCounter) Incr(_ context.Context, key string, window time.Duration, now time.Time) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sweep(now)
	start := now.Truncate(window)
	e := c.m[key]
	if !e.start.Equal(start) {
		e = memoryCount{start: start, end: start.Add(window)}
	}
	e.n++
	c.m[key] = e
	return e.n, nil
}

// Reset implements Counter.
func (c *MemoryCounter) Reset(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
	return nil
}

// sweep drops expired keys whenever the map has doubled since the last
// sweep, so memory stays bounded by the live keys at amortised O(1) cost.
func (c *MemoryCounter) sweep(now time.Time) {
	if c.m == nil {
		c.m = make(map[string]memoryCount)
	}
	if len(c.m) < c.sweepAt {
		return
	}
	for k, e := range c.m {
		if !now.Before(e.end) {
			delete(c.m, k)
		}
	}
	c.sweepAt = max(2*len(c.m), 1024)
}
