package auth

import (
	"errors"
	"testing"
	"time"
)

func TestSessionPolicyCheck(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	p := DefaultSessionPolicy
	for _, tc := range []struct {
		name          string
		lastSeen, now time.Time
		want          error
	}{
		{"just created", t0, t0, nil},
		{"29 minutes idle", t0, t0.Add(29 * time.Minute), nil},
		{"30 minutes idle", t0, t0.Add(30 * time.Minute), ErrSessionIdle},
		{"active at 11h59", t0.Add(11*time.Hour + 50*time.Minute), t0.Add(11*time.Hour + 59*time.Minute), nil},
		{"active at 12h", t0.Add(11*time.Hour + 59*time.Minute), t0.Add(12 * time.Hour), ErrSessionExpired},
		{"idle and past 12h says expired", t0, t0.Add(13 * time.Hour), ErrSessionExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := p.Check(t0, tc.lastSeen, tc.now); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Check = %v, want %v", err, tc.want)
			}
		})
	}
	if err := (SessionPolicy{}).Check(t0, t0, t0); err == nil {
		t.Error("a zero policy accepted a session")
	}
}
