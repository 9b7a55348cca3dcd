package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func TestTokenCache(t *testing.T) {
	var c tokenCache
	t0 := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	key := []byte("hash")
	if _, ok := c.get(key, t0); ok {
		t.Fatal("empty cache hit")
	}
	c.put(key, tokenEntry{token: auth.APIToken{ID: 7}, fetched: t0})
	for _, tc := range []struct {
		at  time.Time
		hit bool
	}{
		{t0, true}, {t0.Add(tokenCacheTTL - time.Millisecond), true},
		{t0.Add(tokenCacheTTL), false}, // a revocation is seen within the TTL
		{t0.Add(-time.Second), false},  // a clock that went back does not extend trust
	} {
		if _, ok := c.get(key, tc.at); ok != tc.hit {
			t.Errorf("get at %v: hit %v, want %v", tc.at.Sub(t0), ok, tc.hit)
		}
	}
	c.touched(key, t0.Add(time.Second))
	if e, _ := c.get(key, t0); !e.token.LastUsedAt.Equal(t0.Add(time.Second)) {
		t.Errorf("touched not recorded: %v", e.token.LastUsedAt)
	}
	c.put([]byte("a"), tokenEntry{token: auth.APIToken{ID: 1}, owner: rapport.User{ID: 10}, fetched: t0})
	c.put([]byte("b"), tokenEntry{token: auth.APIToken{ID: 2}, owner: rapport.User{ID: 10}, fetched: t0})
	c.put([]byte("c"), tokenEntry{token: auth.APIToken{ID: 3}, owner: rapport.User{ID: 11}, fetched: t0})
	c.forgetToken(1)
	if _, ok := c.get([]byte("a"), t0); ok {
		t.Error("a forgotten token is still cached")
	}
	c.forgetUser(10)
	if _, ok := c.get([]byte("b"), t0); ok {
		t.Error("a forgotten user's token is still cached")
	}
	if _, ok := c.get([]byte("c"), t0); !ok {
		t.Error("forgetting one user dropped another's token")
	}
	for i := 0; i < maxCachedTokens+5; i++ {
		c.put([]byte(fmt.Sprint(i)), tokenEntry{fetched: t0})
	}
	if n := len(c.m); n > maxCachedTokens {
		t.Errorf("cache grew to %d entries", n)
	}
}
