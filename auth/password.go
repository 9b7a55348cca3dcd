package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// current is the cost used for new hashes: 64 MiB, 2 passes and 2 lanes take
// about 105 ms on the 2-core reference server (docs/security.md), slow enough
// to make offline guessing expensive and fast enough for interactive login.
var current = Params{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32}

// Bounds a stored encoding must respect. The upper ones cap how much memory
// and time a corrupted or planted row can make one verification cost.
const (
	maxMemory = 1 << 20 // KiB, 1 GiB
	maxTime   = 16
	minSalt   = 8
	maxSalt   = 64
	minKey    = 16
	maxKey    = 64
)

// ErrMalformedHash is wrapped by every error about an unreadable encoding.
var ErrMalformedHash = errors.New("malformed password hash")

var errEmptyPassword = errors.New("hash password: empty password")

// hashSlots bounds concurrent derivations, so a burst of logins costs at most
// GOMAXPROCS × Memory of RAM instead of exhausting it.
var hashSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

var b64 = base64.RawStdEncoding.Strict()

// HashPassword returns pw hashed with argon2id and a fresh 16-byte salt, in
// PHC string format: $argon2id$v=19$m=65536,t=2,p=2$salt$hash.
func HashPassword(pw string) (string, error) {
	return hashWith(current, pw)
}

func hashWith(p Params, pw string) (string, error) {
	if pw == "" {
		return "", errEmptyPassword
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails: crypto/rand aborts the program instead
	return encodePHC(p, salt, derive(p, pw, salt)), nil
}

// VerifyPassword reports whether pw matches encoded, comparing in constant
// time. needsRehash is true when pw matched but encoded is weaker than the
// current parameters, so the caller should store HashPassword(pw).
func VerifyPassword(encoded, pw string) (ok, needsRehash bool, err error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, fmt.Errorf("verify password: %w", err)
	}
	key := derive(h.params, pw, h.salt)
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, h.params.weakerThan(current), nil
}

// dummySalt is fixed: DummyVerify's result is thrown away, only its cost matters.
var dummySalt = make([]byte, current.SaltLen)

// DummyVerify costs what verifying against a current hash costs. Call it when
// the account does not exist, so response time does not reveal that.
func DummyVerify() {
	derive(current, "not a password", dummySalt)
}

// derive normalises pw to NFKC, so the same password typed on different
// keyboards or systems hashes the same (NIST SP 800-63B 5.1.1.2).
func derive(p Params, pw string, salt []byte) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(norm.NFKC.String(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

func (p Params) weakerThan(q Params) bool {
	return p.Memory < q.Memory || p.Time < q.Time || p.SaltLen < q.SaltLen || p.KeyLen < q.KeyLen
}

type phc struct {
	params    Params
	salt, key []byte
}

func encodePHC(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// parsePHC reads an argon2id PHC string strictly. Errors never quote the
// input, which is a secret's hash and may end up in logs.
func parsePHC(s string) (phc, error) {
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" {
		return phc{}, fmt.Errorf("%w: want $argon2id$v=19$m=…,t=…,p=…$salt$hash", ErrMalformedHash)
	}
	if f[1] != "argon2id" {
		return phc{}, fmt.Errorf("%w: algorithm is not argon2id", ErrMalformedHash)
	}
	if f[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, fmt.Errorf("%w: version is not %d", ErrMalformedHash, argon2.Version)
	}
	p, err := parseParams(f[3])
	if err != nil {
		return phc{}, err
	}
	salt, err := decodeField("salt", f[4], minSalt, maxSalt)
	if err != nil {
		return phc{}, err
	}
	key, err := decodeField("hash", f[5], minKey, maxKey)
	if err != nil {
		return phc{}, err
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return phc{params: p, salt: salt, key: key}, nil
}

// parseParams reads "m=65536,t=2,p=2", in that order, as argon2's reference
// encoder writes it.
func parseParams(s string) (Params, error) {
	kv := strings.Split(s, ",")
	if len(kv) != 3 {
		return Params{}, fmt.Errorf("%w: want parameters m=…,t=…,p=…", ErrMalformedHash)
	}
	m, err := paramValue(kv[0], "m", 1, maxMemory)
	if err != nil {
		return Params{}, err
	}
	t, err := paramValue(kv[1], "t", 1, maxTime)
	if err != nil {
		return Params{}, err
	}
	p, err := paramValue(kv[2], "p", 1, 255)
	if err != nil {
		return Params{}, err
	}
	// RFC 9106 3.1: at least 8 KiB of memory per lane.
	if m < 8*p {
		return Params{}, fmt.Errorf("%w: m is below 8×p", ErrMalformedHash)
	}
	return Params{Memory: m, Time: t, Threads: uint8(p)}, nil
}

func paramValue(kv, name string, lo, hi uint32) (uint32, error) {
	v, ok := strings.CutPrefix(kv, name+"=")
	if !ok {
		return 0, fmt.Errorf("%w: want parameter %s", ErrMalformedHash, name)
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || uint32(n) < lo || uint32(n) > hi {
		return 0, fmt.Errorf("%w: %s must be a number from %d to %d", ErrMalformedHash, name, lo, hi)
	}
	return uint32(n), nil
}

func decodeField(name, s string, lo, hi int) ([]byte, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not unpadded base64", ErrMalformedHash, name)
	}
	if len(b) < lo || len(b) > hi {
		return nil, fmt.Errorf("%w: %s must be %d to %d bytes", ErrMalformedHash, name, lo, hi)
	}
	return b, nil
}
