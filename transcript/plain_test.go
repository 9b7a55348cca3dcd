package transcript

import "testing"

func TestParsePlain(t *testing.T) {
	plain := Options{Format: FormatPlain}
	runParseCases(t, []parseCase{
		{
			name: "two speakers with role words",
			in:   "Case Manager: How did the appointment go?\nClient: It went okay, I guess.\n",
			want: []Turn{P(1, "Case Manager", "How did the appointment go?"), C(2, "Client", "It went okay, I guess.")},
		},
		{
			name: "times inside text",
			in:   "CM: Let's meet Tuesday at 10:30 instead of 9:15.\nClient: 10:30 works.\n",
			want: []Turn{P(1, "CM", "Let's meet Tuesday at 10:30 instead of 9:15."), C(2, "Client", "10:30 works.")},
		},
		{
			name: "line starting with a time continues",
			in:   "Client: The bus only comes at\n10:45: that's why I was late.\n",
			want: []Turn{C(1, "Client", "The bus only comes at 10:45: that's why I was late.")},
		},
		{
			name: "URL does not start a turn",
			in:   "Nurse: The form is here\nhttps://example.org/apply?step=2 and takes ten minutes.\nPatient: Thanks.\n",
			want: []Turn{P(1, "Nurse", "The form is here https://example.org/apply?step=2 and takes ten minutes."), C(3, "Patient", "Thanks.")},
		},
		{
			name: "a note inside a turn",
			in:   "Social Worker: Note: the time was 3:15 when she called.\nResident: Right.\n",
			want: []Turn{P(1, "Social Worker", "Note: the time was 3:15 when she called."), C(2, "Resident", "Right.")},
		},
		{
			name: "continuation lines and blank lines",
			in:   "Therapist: What's been hardest\nthis week?\n\n\nClient: Sleeping. I keep\n  waking up at night\n\nworrying about rent.\n",
			want: []Turn{P(1, "Therapist", "What's been hardest this week?"), C(5, "Client", "Sleeping. I keep waking up at night worrying about rent.")},
		},
		{
			name: "consecutive turns by one speaker stay separate",
			in:   "CM: Hi Jo.\nCM: Thanks for waiting.\nJo: No problem.\n",
			want: []Turn{P(1, "CM", "Hi Jo."), P(2, "CM", "Thanks for waiting."), C(3, "Jo", "No problem.")},
		},
		{
			name: "names with spaces, digits and parentheses",
			in:   "Case Manager (Ana): Who is joining today?\nClient 2: My sister.\nDr. O'Neil: And me.\n",
			want: []Turn{P(1, "Case Manager (Ana)", "Who is joining today?"), C(2, "Client 2", "My sister."), P(3, "Dr. O'Neil", "And me.")},
		},
		{
			name: "sentences with a colon are not speakers",
			in:   "Client: My landlord told me\nthe thing is: I can't pay until the first.\nI said: no way.\n",
			want: []Turn{C(1, "Client", "My landlord told me the thing is: I can't pay until the first. I said: no way.")},
		},
		{
			name: "long prefixes are not speakers",
			in:   "Client: Then he wrote\nOn Monday Morning Before The Hearing Started: pay now.\nA very long label that goes past forty runes: x\n",
			want: []Turn{C(1, "Client", "Then he wrote On Monday Morning Before The Hearing Started: pay now. A very long label that goes past forty runes: x")},
		},
		{
			name: "text before the first speaker",
			in:   "Intake call, 2024-03-02\nCM: Hello?\nCaller: Hi, is this the housing line?\n",
			want: []Turn{U(1, "", "Intake call, 2024-03-02"), P(2, "CM", "Hello?"), C(3, "Caller", "Hi, is this the housing line?")},
		},
		{
			name: "empty turn takes its continuation",
			in:   "Counselor:\n  Where would you like to start?\nParticipant: \n",
			want: []Turn{P(1, "Counselor", "Where would you like to start?")},
		},
		{
			name: "CRLF line endings",
			in:   "Staff: Good morning.\r\nMember: Morning.\r\n\r\nStaff: Ready?\r\n",
			want: []Turn{P(1, "Staff", "Good morning."), C(2, "Member", "Morning."), P(4, "Staff", "Ready?")},
		},
		{
			name: "BOM, NUL bytes and invalid UTF-8",
			in:   "\uFEFFCM: Caf\xe9 at noon?\x00\nJo: S\x00ure.\n",
			want: []Turn{P(1, "CM", "Caf\uFFFD at noon?"), C(2, "Jo", "Sure.")},
		},
		{
			name: "unknown speakers stay unknown",
			in:   "Speaker 1: Hi.\nSpeaker 2: Hello.\nSpeaker 1: How are you?\n",
			opt:  plain,
			want: []Turn{U(1, "Speaker 1", "Hi."), U(2, "Speaker 2", "Hello."), U(3, "Speaker 1", "How are you?")},
		},
		{
			name: "practitioner option",
			in:   "Speaker 1: Hi, I'm Ana from the clinic.\nSpeaker 2: Hello.\n",
			opt:  Options{Practitioner: " speaker 1 "},
			want: []Turn{P(1, "Speaker 1", "Hi, I'm Ana from the clinic."), C(2, "Speaker 2", "Hello.")},
		},
		{
			name:    "practitioner not found",
			in:      "Ana: Hi.\nBen: Hello.\nAna: Come in.\n",
			opt:     Options{Practitioner: "Case Manager"},
			wantErr: `practitioner "Case Manager" not found; speakers are: "Ana", "Ben"`,
		},
	})
}
