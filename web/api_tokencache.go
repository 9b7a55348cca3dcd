package web

import (
	"sync"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// tokenCacheTTL bounds how long a process trusts a token and its owner as it last read them.
// Looking both up costs two database reads per request, which at typing speed is most of the
// API's time; ten seconds keeps that cost off the hot path while a revoked token, a disabled
// user or a changed team stops working everywhere within ten seconds. The process where the
// change is made forgets the token or user at once (forgetToken, forgetUser), so with one
// server process the change takes effect on the next request. Scope and expiry are still
// checked on every request, against the clock.
const tokenCacheTTL = 10 * time.Second

// maxCachedTokens keeps the cache small; past it the cache starts again empty.
const maxCachedTokens = 10_000

type tokenEntry struct {
	token   auth.APIToken
	owner   rapport.User
	fetched time.Time
}

type tokenCache struct {
	mu sync.Mutex
	m  map[string]tokenEntry
}

func (c *tokenCache) get(hash []byte, now time.Time) (tokenEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[string(hash)]
	if !ok || now.Sub(e.fetched) >= tokenCacheTTL || now.Before(e.fetched) {
		return tokenEntry{}, false
	}
	return e, true
}

func (c *tokenCache) put(hash []byte, e tokenEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedTokens {
		c.m = make(map[string]tokenEntry)
	}
	c.m[string(hash)] = e
}

// touched records a use written to the database, so the next request does not write again.
func (c *tokenCache) touched(hash []byte, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[string(hash)]; ok {
		e.token.LastUsedAt = at
		c.m[string(hash)] = e
	}
}

// forgetToken drops a revoked token, so this process refuses it from the next request on.
func (c *tokenCache) forgetToken(id int64) {
	c.forget(func(e tokenEntry) bool { return e.token.ID == id })
}

// forgetUser drops every token of a user whose account, role or teams changed, so this process
// reads them afresh on the next request.
func (c *tokenCache) forgetUser(userID int64) {
	c.forget(func(e tokenEntry) bool { return e.owner.ID == userID })
}

func (c *tokenCache) forget(match func(tokenEntry) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if match(e) {
			delete(c.m, k)
		}
	}
}
