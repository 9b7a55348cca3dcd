package auth

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNewToken(t *testing.T) {
	for _, prefix := range []string{PrefixAPI, PrefixSetup, PrefixReset, PrefixSession} {
		plain, hash, err := NewToken(prefix)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, prefix) || len(plain) != len(prefix)+52 {
			t.Errorf("token %q: want %s followed by 52 characters", plain, prefix)
		}
		if !bytes.Equal(hash, HashToken(plain)) || len(hash) != 32 {
			t.Errorf("returned hash is not HashToken(plaintext)")
		}
		if err := CheckToken(plain, prefix); err != nil {
			t.Errorf("CheckToken(new token) = %v", err)
		}
		other, _, _ := NewToken(prefix)
		if other == plain {
			t.Errorf("two tokens are equal")
		}
	}
}

func TestNewTokenBadPrefix(t *testing.T) {
	for _, p := range []string{"", "_", "rpt", "RPT_", "r-t_", "rpt__"} {
		if _, _, err := NewToken(p); err == nil {
			t.Errorf("NewToken(%q) succeeded", p)
		}
	}
}

func TestCheckToken(t *testing.T) {
	good, _, _ := NewToken(PrefixAPI)
	body := strings.TrimPrefix(good, PrefixAPI)
	for _, tc := range []struct {
		name, token, prefix string
		wantErr             bool
	}{
		{"good", good, PrefixAPI, false},
		{"wrong kind", good, PrefixSession, true},
		{"no prefix", body, PrefixAPI, true},
		{"truncated", good[:len(good)-1], PrefixAPI, true},
		{"extended", good + "a", PrefixAPI, true},
		{"upper case", PrefixAPI + strings.ToUpper(body), PrefixAPI, true},
		{"bad character", PrefixAPI + "1" + body[1:], PrefixAPI, true},
		{"empty", "", PrefixAPI, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckToken(tc.token, tc.prefix)
			if (err != nil) != tc.wantErr || (err != nil && !errors.Is(err, ErrTokenMalformed)) {
				t.Fatalf("CheckToken = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}

func TestEqualHash(t *testing.T) {
	a := HashToken("rpt_a")
	if !EqualHash(a, HashToken("rpt_a")) || EqualHash(a, HashToken("rpt_b")) || EqualHash(a, a[:31]) {
		t.Error("EqualHash disagrees with bytes.Equal")
	}
}

func TestParseScope(t *testing.T) {
	for _, s := range []Scope{ScopeClientsRead, ScopeClientsWrite, ScopeNotesWrite, ScopeAnalyze, ScopeInstrumentsWrite} {
		if got, err := ParseScope(string(s)); got != s || err != nil {
			t.Errorf("ParseScope(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "clients", "clients:*", "CLIENTS:READ", "admin"} {
		if _, err := ParseScope(s); err == nil {
			t.Errorf("ParseScope(%q) succeeded", s)
		}
	}
}

func TestAPITokenAllows(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	live := APIToken{ID: 1, UserID: 7, Name: "EHR", Scopes: []Scope{ScopeClientsRead, ScopeAnalyze}, ExpiresAt: now.Add(time.Hour)}
	with := func(f func(*APIToken)) APIToken { t := live; f(&t); return t }
	for _, tc := range []struct {
		name  string
		tok   APIToken
		scope Scope
		want  error
	}{
		{"has scope", live, ScopeClientsRead, nil},
		{"other scope it has", live, ScopeAnalyze, nil},
		{"missing scope", live, ScopeClientsWrite, ErrScopeMissing},
		{"write does not imply read", with(func(t *APIToken) { t.Scopes = []Scope{ScopeClientsWrite} }), ScopeClientsRead, ErrScopeMissing},
		{"no scopes", with(func(t *APIToken) { t.Scopes = nil }), ScopeAnalyze, ErrScopeMissing},
		{"no scope asked: any live token", with(func(t *APIToken) { t.Scopes = []Scope{ScopeNotesWrite} }), "", nil},
		{"no scope asked: still not expired", with(func(t *APIToken) { t.ExpiresAt = now }), "", ErrTokenExpired},
		{"no scope asked: still not revoked", with(func(t *APIToken) { t.RevokedAt = now }), "", ErrTokenRevoked},
		{"expires now", with(func(t *APIToken) { t.ExpiresAt = now }), ScopeClientsRead, ErrTokenExpired},
		{"expired", with(func(t *APIToken) { t.ExpiresAt = now.Add(-time.Second) }), ScopeClientsRead, ErrTokenExpired},
		{"no expiry fails closed", with(func(t *APIToken) { t.ExpiresAt = time.Time{} }), ScopeClientsRead, ErrTokenExpired},
		{"revoked", with(func(t *APIToken) { t.RevokedAt = now.Add(-time.Minute) }), ScopeClientsRead, ErrTokenRevoked},
		{"revoked and expired says revoked", with(func(t *APIToken) { t.RevokedAt, t.ExpiresAt = now, now }), ScopeClientsRead, ErrTokenRevoked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.tok.Allows(tc.scope, now); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Allows(%s) = %v, want %v", tc.scope, err, tc.want)
			}
		})
	}
}

func TestOneTimeLink(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		purpose LinkPurpose
		prefix  string
		ttl     time.Duration
	}{
		{LinkSetup, PrefixSetup, SetupLinkTTL},
		{LinkReset, PrefixReset, ResetLinkTTL},
	} {
		link, plain, hash, err := NewOneTimeLink(tc.purpose, 3, now)
		if err != nil {
			t.Fatal(err)
		}
		if link.Purpose != tc.purpose || link.UserID != 3 || !link.ExpiresAt.Equal(now.Add(tc.ttl)) {
			t.Errorf("%s link = %+v", tc.purpose, link)
		}
		if CheckToken(plain, tc.prefix) != nil || !EqualHash(hash, HashToken(plain)) {
			t.Errorf("%s link token %q is not a %s token with its hash", tc.purpose, plain, tc.prefix)
		}
	}
	if _, _, _, err := NewOneTimeLink("invite", 3, now); err == nil {
		t.Error("NewOneTimeLink accepted an unknown purpose")
	}
}

func TestOneTimeLinkUsable(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		link OneTimeLink
		want error
	}{
		{"fresh", OneTimeLink{Purpose: LinkReset, ExpiresAt: now.Add(time.Minute)}, nil},
		{"expires now", OneTimeLink{Purpose: LinkReset, ExpiresAt: now}, ErrLinkExpired},
		{"no expiry fails closed", OneTimeLink{Purpose: LinkReset}, ErrLinkExpired},
		{"used", OneTimeLink{Purpose: LinkSetup, ExpiresAt: now.Add(time.Hour), UsedAt: now.Add(-time.Minute)}, ErrLinkUsed},
		{"used and expired says used", OneTimeLink{Purpose: LinkSetup, ExpiresAt: now.Add(-time.Hour), UsedAt: now.Add(-2 * time.Hour)}, ErrLinkUsed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.link.Usable(now); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Usable = %v, want %v", err, tc.want)
			}
		})
	}
}
