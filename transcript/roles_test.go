package transcript

import (
	"strings"
	"testing"
)

func TestAssignRoles(t *testing.T) {
	cases := []struct {
		name         string
		speakers     []string
		practitioner string
		want         []Role
		wantErr      string
	}{
		{name: "therapist and client", speakers: []string{"Therapist", "Client"}, want: []Role{Practitioner, Client}},
		{name: "cm is a whole word", speakers: []string{"CM", "Cameron"}, want: []Role{Practitioner, Client}},
		{name: "cm inside a word is not a role", speakers: []string{"Cmdr Lee", "Cameron"}, want: []Role{Unknown, Unknown}},
		{name: "title dr", speakers: []string{"Dr. Patel", "Mr. Jones"}, want: []Role{Practitioner, Client}},
		{name: "other side inferred from the client", speakers: []string{"Ana", "Patient"}, want: []Role{Practitioner, Client}},
		{name: "hyphen and digits", speakers: []string{"case-manager", "client2"}, want: []Role{Practitioner, Client}},
		{name: "more specific term wins", speakers: []string{"Staff Member", "Client's Case Manager"}, want: []Role{Practitioner, Practitioner}},
		{name: "tie stays unknown", speakers: []string{"Client Services Worker", "Ana"}, want: []Role{Unknown, Unknown}},
		{name: "three speakers: no inference", speakers: []string{"Social Worker", "Ana", "Ben"}, want: []Role{Practitioner, Unknown, Unknown}},
		{name: "no role words", speakers: []string{"Ana", "Ben"}, want: []Role{Unknown, Unknown}},
		{name: "empty speaker stays unknown", speakers: []string{"", "Nurse", "Ana"}, want: []Role{Unknown, Practitioner, Client}},
		{name: "same speaker in other case", speakers: []string{"Coach", "ana", "ANA "}, want: []Role{Practitioner, Client, Client}},
		{name: "practitioner given", speakers: []string{"Client", "Ana", "Ben"}, practitioner: "ana", want: []Role{Client, Practitioner, Client}},
		{name: "practitioner not found", speakers: []string{"Ana", "Ben", ""}, practitioner: "Dana", wantErr: `practitioner "Dana" not found; speakers are: "Ana", "Ben"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			turns := make([]Turn, len(tc.speakers))
			for i, s := range tc.speakers {
				turns[i] = Turn{Speaker: s, Text: "hi", Line: i + 1}
			}
			err := AssignRoles(turns, tc.practitioner)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, tn := range turns {
				if tn.Role != tc.want[i] {
					t.Errorf("%q: role %s, want %s", tn.Speaker, tn.Role, tc.want[i])
				}
			}
		})
	}
}

func TestNotFoundListsAtMostTenSpeakers(t *testing.T) {
	var turns []Turn
	for i := range 12 {
		turns = append(turns, Turn{Speaker: string(rune('A' + i)), Text: "hi", Line: i + 1})
	}
	err := AssignRoles(turns, "Z")
	if err == nil || !strings.HasSuffix(err.Error(), `"J" and 2 more`) {
		t.Fatalf("error = %v", err)
	}
}
