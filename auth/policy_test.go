package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/rapporthq/rapport"
)

func TestCheckPassword(t *testing.T) {
	const email, name = "ann.lee@example.org", "Ann Lee"
	for _, tc := range []struct {
		name, pw string
		want     error
	}{
		{"long passphrase", "kettle orbit lantern mossy", nil},
		{"exactly 12", "abcdefgh1234", nil},
		{"12 non-ASCII characters", "日本語のパスワードです。ね", nil},
		{"256 characters", strings.Repeat("ab", 128), nil},
		{"11 characters", "abcdefgh123", ErrPasswordTooShort},
		{"empty", "", ErrPasswordTooShort},
		{"257 characters", strings.Repeat("ab", 128) + "c", ErrPasswordTooLong},
		{"invalid UTF-8", "abcdefghijkl\xff", ErrPasswordInvalid},
		{"the email", "Ann.Lee@Example.org", ErrPasswordPersonal},
		{"the email's local part", "ann.lee.longer", nil},
		{"the name without spaces", "annleeannlee", nil},
		{"common", "Password1234", ErrPasswordCommon},
		{"one repeated character", "aaaaaaaaaaaaaaa", ErrPasswordCommon},
		{"one repeated non-ASCII character", "éééééééééééé", ErrPasswordCommon},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := CheckPassword(tc.pw, email, name); !errors.Is(err, tc.want) {
				t.Fatalf("CheckPassword(%q) = %v, want %v", tc.pw, err, tc.want)
			}
		})
	}
}

func TestCheckPasswordPersonal(t *testing.T) {
	for _, tc := range []struct{ pw, email, name string }{
		{"margaret.oduya@clinic.org", "margaret.oduya@clinic.org", ""},
		{"margaretoduya", "", "Margaret Oduya"},
		{"Margaret  Oduya", "", "margaret oduya"},
		{"verylonglocalpart", "verylonglocalpart@x.org", ""},
	} {
		if err := CheckPassword(tc.pw, tc.email, tc.name); !errors.Is(err, ErrPasswordPersonal) {
			t.Errorf("CheckPassword(%q, %q, %q) = %v, want ErrPasswordPersonal", tc.pw, tc.email, tc.name, err)
		}
	}
}

// Policy messages are shown to people: they say what to do, carry the
// invalid-input code, and never echo the password.
func TestCheckPasswordMessages(t *testing.T) {
	for _, err := range []error{ErrPasswordTooShort, ErrPasswordTooLong, ErrPasswordInvalid, ErrPasswordPersonal, ErrPasswordCommon} {
		if rapport.ErrorCode(err) != rapport.EINVALID {
			t.Errorf("%q: code %q, want %q", err, rapport.ErrorCode(err), rapport.EINVALID)
		}
	}
	if msg := rapport.ErrorMessage(CheckPassword("short", "", "")); !strings.Contains(msg, "at least 12 characters") {
		t.Errorf("too-short message %q does not state the minimum", msg)
	}
}
