package auth

import (
	"bytes"
	"testing"
)

// FuzzParsePHC checks that the parser never panics, that whatever it accepts
// is within the bounds that keep argon2 from panicking or running away, and
// that re-encoding what it accepted reads back the same.
func FuzzParsePHC(f *testing.F) {
	for _, s := range []string{
		"$argon2id$v=19$m=65536,t=2,p=2$" + salt16 + "$" + key32,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt16 + "$" + key32,
		"$argon2id$v=19$m=8,t=1,p=2$" + salt16 + "$" + key32,
		"$argon2i$v=19$m=64,t=1,p=1$$",
		"$$$$$",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s)
		if err != nil {
			return
		}
		p := h.params
		if p.Time < 1 || p.Time > maxTime || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory {
			t.Fatalf("accepted out-of-bounds parameters %+v", p)
		}
		if int(p.SaltLen) != len(h.salt) || int(p.KeyLen) != len(h.key) || len(h.salt) < minSalt || len(h.key) < minKey {
			t.Fatalf("accepted bad lengths %+v", p)
		}
		again, err := parsePHC(encodePHC(p, h.salt, h.key))
		if err != nil || again.params != p || !bytes.Equal(again.salt, h.salt) || !bytes.Equal(again.key, h.key) {
			t.Fatalf("re-encoding does not round-trip: %+v, %v", again.params, err)
		}
	})
}
