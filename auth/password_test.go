package auth

import (
	"errors"
	"strings"
	"testing"
)

// cheap keeps tests fast; the real cost is measured by the benchmarks.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPasswordRoundTrip(t *testing.T) {
	enc, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("encoding %q does not carry the current parameters", enc)
	}
	for _, tc := range []struct {
		pw     string
		wantOK bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"Correct horse battery staple", false},
		{"", false},
	} {
		ok, rehash, err := VerifyPassword(enc, tc.pw)
		if err != nil || ok != tc.wantOK || rehash {
			t.Errorf("VerifyPassword(%q) = %v, %v, %v; want %v, false, nil", tc.pw, ok, rehash, err, tc.wantOK)
		}
	}
}

func TestHashPasswordSaltsDiffer(t *testing.T) {
	a, _ := hashWith(cheap, "same password here")
	b, _ := hashWith(cheap, "same password here")
	if a == b {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestHashPasswordRefusesEmpty(t *testing.T) {
	if _, err := HashPassword(""); err == nil {
		t.Error("HashPassword(\"\") succeeded")
	}
}

// The same password typed as a precomposed or a decomposed "é" must match.
func TestVerifyPasswordNormalises(t *testing.T) {
	enc, _ := hashWith(cheap, "caf\u00e9 au lait s'il vous plait")
	ok, _, err := VerifyPassword(enc, "cafe\u0301 au lait s'il vous plait")
	if err != nil || !ok {
		t.Errorf("decomposed form did not match: %v, %v", ok, err)
	}
}

func TestVerifyPasswordNeedsRehash(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Params
		want bool
	}{
		{"current", current, false},
		{"less memory", Params{Memory: 32 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}, true},
		{"fewer passes", Params{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}, true},
		{"shorter salt", Params{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 8, KeyLen: 32}, true},
		{"shorter key", Params{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 16}, true},
		{"more lanes is not weaker", Params{Memory: 64 * 1024, Time: 2, Threads: 4, SaltLen: 16, KeyLen: 32}, false},
		{"stronger", Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 32, KeyLen: 64}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.weakerThan(current); got != tc.want {
				t.Fatalf("weakerThan(current) = %v, want %v", got, tc.want)
			}
		})
	}
	// End to end with a cheap hash: a match reports the rehash, a miss does not.
	enc, _ := hashWith(cheap, "an old hash of mine")
	if ok, rehash, err := VerifyPassword(enc, "an old hash of mine"); !ok || !rehash || err != nil {
		t.Errorf("old hash, right password = %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
	if ok, rehash, err := VerifyPassword(enc, "wrong"); ok || rehash || err != nil {
		t.Errorf("old hash, wrong password = %v, %v, %v; want false, false, nil", ok, rehash, err)
	}
}

const (
	salt16 = "c29tZXNhbHRzb21lc2FsdA" // 16 bytes
	key32  = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
)

func TestParsePHCMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, enc, want string
	}{
		{"empty", "", "want $argon2id"},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuu5Ns3n0JXb5qY3S4m8b1WjUq3GkUfK", "want $argon2id"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt16 + "$" + key32, "not argon2id"},
		{"no leading $", "argon2id$v=19$m=64,t=1,p=1$" + salt16 + "$" + key32 + "$", "want $argon2id"},
		{"trailing field", "$argon2id$v=19$m=64,t=1,p=1$" + salt16 + "$" + key32 + "$x", "want $argon2id"},
		{"old version", "$argon2id$v=16$m=64,t=1,p=1$" + salt16 + "$" + key32, "version"},
		{"params out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt16 + "$" + key32, "parameter m"},
		{"missing param", "$argon2id$v=19$m=64,t=1$" + salt16 + "$" + key32, "want parameters"},
		{"extra param", "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt16 + "$" + key32, "want parameters"},
		{"zero passes", "$argon2id$v=19$m=64,t=0,p=1$" + salt16 + "$" + key32, "t must be"},
		{"zero lanes", "$argon2id$v=19$m=64,t=1,p=0$" + salt16 + "$" + key32, "p must be"},
		{"too many lanes", "$argon2id$v=19$m=65536,t=1,p=256$" + salt16 + "$" + key32, "p must be"},
		{"huge memory", "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt16 + "$" + key32, "m must be"},
		{"too many passes", "$argon2id$v=19$m=64,t=17,p=1$" + salt16 + "$" + key32, "t must be"},
		{"negative", "$argon2id$v=19$m=-64,t=1,p=1$" + salt16 + "$" + key32, "m must be"},
		{"plus sign", "$argon2id$v=19$m=+64,t=1,p=1$" + salt16 + "$" + key32, "m must be"},
		{"not a number", "$argon2id$v=19$m=lots,t=1,p=1$" + salt16 + "$" + key32, "m must be"},
		{"memory below 8 per lane", "$argon2id$v=19$m=8,t=1,p=2$" + salt16 + "$" + key32, "below 8×p"},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$" + salt16 + "==$" + key32, "salt is not"},
		{"url alphabet", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRz-29tZXNhbHQ$" + key32, "salt is not"},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key32, "salt must be"},
		{"short hash", "$argon2id$v=19$m=64,t=1,p=1$" + salt16 + "$aGFzaA", "hash must be"},
		{"empty hash", "$argon2id$v=19$m=64,t=1,p=1$" + salt16 + "$", "hash must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, _, err := VerifyPassword(tc.enc, "password")
			if ok || !errors.Is(err, ErrMalformedHash) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("VerifyPassword = %v, %v; want ErrMalformedHash mentioning %q", ok, err, tc.want)
			}
		})
	}
}

func TestParsePHCValid(t *testing.T) {
	enc := "$argon2id$v=19$m=64,t=1,p=1$" + salt16 + "$" + key32
	h, err := parsePHC(enc)
	if err != nil {
		t.Fatal(err)
	}
	want := Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	if h.params != want {
		t.Errorf("params = %+v, want %+v", h.params, want)
	}
	if got := encodePHC(h.params, h.salt, h.key); got != enc {
		t.Errorf("re-encoded = %q, want %q", got, enc)
	}
}

func TestDummyVerify(t *testing.T) {
	DummyVerify() // must not panic; its cost is compared in BenchmarkDummyVerify
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyPassword(b *testing.B) {
	enc, err := HashPassword("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, _, _ := VerifyPassword(enc, "correct horse battery staple"); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkDummyVerify(b *testing.B) {
	for b.Loop() {
		DummyVerify()
	}
}
