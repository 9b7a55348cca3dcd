package auth

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rapporthq/rapport"
)

// Password length limits, in characters (runes after NFKC normalisation).
// Length is what makes a password strong; the upper bound only stops abuse.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// Password policy errors (code EINVALID). Their messages are written for the
// person choosing the password.
var (
	ErrPasswordTooShort error = rapport.Errorf(rapport.EINVALID, "the password must have at least %d characters: a few unrelated words make a long password that is easy to remember", MinPasswordLen)
	ErrPasswordTooLong  error = rapport.Errorf(rapport.EINVALID, "the password must have at most %d characters", MaxPasswordLen)
	ErrPasswordInvalid  error = rapport.Errorf(rapport.EINVALID, "the password contains characters that cannot be read")
	ErrPasswordPersonal error = rapport.Errorf(rapport.EINVALID, "the password must not be your email address or your name")
	ErrPasswordCommon   error = rapport.Errorf(rapport.EINVALID, "this password is too common and easy to guess: try a few unrelated words instead")
)

// commonPasswords are very common choices that pass the length rule. A small
// list on purpose: the rate limiter handles online guessing, and this list
// only stops the choices every attacker tries first.
var commonPasswords = map[string]bool{
	"123456789012": true, "1234567890123": true, "12345678901234": true,
	"password1234": true, "password12345": true, "password123456": true,
	"passwordpassword": true, "qwertyuiopas": true, "qwerty123456": true,
	"qwertyuiop123": true, "iloveyou1234": true, "letmein12345": true,
	"welcome12345": true, "welcome123456": true, "changeme1234": true,
	"administrator": true, "admin1234567": true, "abcdefghijkl": true,
	"abc123456789": true, "1q2w3e4r5t6y": true, "trustno11234": true,
	"rapport12345": true, "rapport123456": true, "password1!23": true,
}

// CheckPassword reports whether pw is acceptable as a new password for the
// person with the given email and name (either may be empty).
func CheckPassword(pw, email, name string) error {
	if !utf8.ValidString(pw) {
		return ErrPasswordInvalid
	}
	pw = norm.NFKC.String(pw)
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return ErrPasswordTooShort
	case n > MaxPasswordLen:
		return ErrPasswordTooLong
	}
	if isPersonal(pw, email, name) {
		return ErrPasswordPersonal
	}
	if commonPasswords[strings.ToLower(pw)] || oneRepeatedChar(pw) {
		return ErrPasswordCommon
	}
	return nil
}

// isPersonal compares case-insensitively and ignoring spaces, because
// "Jane Doe" and "janedoe" are the same guess.
func isPersonal(pw, email, name string) bool {
	p := squash(pw)
	local, _, _ := strings.Cut(email, "@")
	for _, s := range []string{email, local, name} {
		if s = squash(s); s != "" && p == s {
			return true
		}
	}
	return false
}

func squash(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

func oneRepeatedChar(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(first)) == ""
}
