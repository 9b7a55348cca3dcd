package rapport

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorCodeAndMessage(t *testing.T) {
	coded := Errorf(ENOTFOUND, "client %d not found", 7)
	tests := []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"nil", nil, "", ""},
		{"coded", coded, ENOTFOUND, "client 7 not found"},
		{"wrapped", fmt.Errorf("store: find client: %w", coded), ENOTFOUND, "client 7 not found"},
		{"joined with a cause", fmt.Errorf("store: x: %w (%w)", Errorf(ECONFLICT, "exists"), errors.New("UNIQUE constraint failed")), ECONFLICT, "exists"},
		{"uncoded is internal, and its text is hidden", errors.New("dial tcp: connection refused"), EINTERNAL, "Internal error."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
		})
	}
	if coded.Error() != "client 7 not found" {
		t.Errorf("Error() = %q", coded.Error())
	}
}

func TestActorValidate(t *testing.T) {
	tests := []struct {
		actor Actor
		ok    bool
	}{
		{Actor{UserID: 1, Role: RoleCaseManager}, true},
		{Actor{UserID: 1, Role: RoleAdmin}, true},
		{Actor{UserID: 0, Role: RoleAdmin}, false},
		{Actor{UserID: 1}, false},
		{Actor{UserID: 1, Role: "client"}, false},
	}
	for _, tt := range tests {
		err := tt.actor.Validate()
		if (err == nil) != tt.ok || (err != nil && ErrorCode(err) != EUNAUTHORIZED) {
			t.Errorf("%+v: Validate() = %v, want ok=%v", tt.actor, err, tt.ok)
		}
	}
}

func TestPage(t *testing.T) {
	tests := []struct {
		page Page
		size int
		ok   bool
	}{
		{Page{}, DefaultPageSize, true},
		{Page{Limit: 10, Offset: 20}, 10, true},
		{Page{Limit: MaxPageSize}, MaxPageSize, true},
		{Page{Limit: MaxPageSize + 1}, 0, false},
		{Page{Limit: -1}, 0, false},
		{Page{Offset: -1}, 0, false},
	}
	for _, tt := range tests {
		err := tt.page.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%+v: Validate() = %v, want ok=%v", tt.page, err, tt.ok)
		}
		if tt.ok && tt.page.Size() != tt.size {
			t.Errorf("%+v: Size() = %d, want %d", tt.page, tt.page.Size(), tt.size)
		}
	}
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name     string
		s        string
		max      int
		required bool
		want     string // "" for valid, else a part of the message
	}{
		{"fits", "héllo", 5, true, ""},
		{"counts characters, not bytes", strings.Repeat("é", 200), 200, true, ""},
		{"too long", strings.Repeat("é", 201), 200, false, "at most 200 characters"},
		{"required but blank", " \t", 10, true, "is required"},
		{"optional and empty", "", 10, false, ""},
		{"NUL", "a\x00", 10, false, "cannot be read"},
		{"invalid UTF-8", "\xc3", 10, false, "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkText("field", tt.s, tt.max, tt.required)
			if tt.want == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "field ") {
				t.Errorf("error = %v, want EINVALID naming the field and saying %q", err, tt.want)
			}
		})
	}
}
