package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies, err := ParseProxies(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("2001:db8::/32")}
	if !slices.Equal(proxies, want) {
		t.Fatalf("ParseProxies = %v, want %v", proxies, want)
	}
	s := New(Config{TrustedProxies: proxies})
	for _, tc := range []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"no proxy, no header", "198.51.100.4:5555", nil, "198.51.100.4"},
		{"a client cannot name its own address", "198.51.100.4:5555", []string{"203.0.113.9"}, "198.51.100.4"},
		{"through one proxy", "10.1.2.3:443", []string{"203.0.113.9"}, "203.0.113.9"},
		{"a forged hop left of the real one is ignored", "10.1.2.3:443", []string{"1.1.1.1, 203.0.113.9"}, "203.0.113.9"},
		{"through two proxies", "10.1.2.3:443", []string{"203.0.113.9, 192.0.2.7"}, "203.0.113.9"},
		{"header split over lines", "10.1.2.3:443", []string{"203.0.113.9", "10.9.9.9"}, "203.0.113.9"},
		{"a trusted proxy with no header", "10.1.2.3:443", nil, "10.1.2.3"},
		{"a malformed hop stops the walk", "10.1.2.3:443", []string{"203.0.113.9, not-an-ip"}, "10.1.2.3"},
		{"only proxies", "10.1.2.3:443", []string{"10.4.4.4"}, "10.4.4.4"},
		{"IPv6 client", "[2001:db8::1]:443", []string{"2001:db9::5"}, "2001:db9::5"},
		{"IPv4-mapped proxy", "[::ffff:10.1.2.3]:443", []string{"203.0.113.9"}, "203.0.113.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/login", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := s.clientIP(r); got != tc.want {
				t.Errorf("clientIP = %q, want %q", got, tc.want)
			}
		})
	}
	for _, bad := range []string{"proxy.local", "10.0.0.0/33", "10.0.0.1:80"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("ParseProxies(%q) accepted it", bad)
		}
	}
}

// Behind a trusted proxy, each client's sign-in attempts are counted on its own: one guesser
// does not lock everyone else out, and cannot escape the limit by writing the header itself.
func TestSignInLimitPerForwardedClient(t *testing.T) {
	awaitFreshLimitWindow(t)
	e := newUIEnvWith(t, false, func(c *Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	guess := func(from, email string) int {
		resp, _ := e.browser().do("POST", "/login", url.Values{"email": {email}, "password": {"a wrong guess"}},
			http.Header{"X-Forwarded-For": {from}})
		return resp.StatusCode
	}
	// The per-address limit is 20 tries in 15 minutes; spread over accounts so the per-account
	// limit (5) is not what stops them.
	var last int
	for i := range 21 {
		last = guess("1.1.1.1, 203.0.113.9", "guess"+itoa(i)+"@example.org")
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("the 21st guess from one client: %d, want 429", last)
	}
	if got := guess("203.0.113.9", "someone@example.org"); got != http.StatusTooManyRequests {
		t.Errorf("the guesser, with a different forged hop: %d, want 429", got)
	}
	if got := guess("203.0.113.10", "colleague@example.org"); got != http.StatusUnauthorized {
		t.Errorf("another client behind the same proxy: %d, want 401 (not locked out)", got)
	}
}
