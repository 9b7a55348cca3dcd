package transcript

import "testing"

func TestParseCSV(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "speaker and text",
			in:   "speaker,text\nCase Manager,Did the pharmacy call you back?\nClient,Not yet.\n",
			want: []Turn{P(2, "Case Manager", "Did the pharmacy call you back?"), C(3, "Client", "Not yet.")},
		},
		{
			name: "AnnoMI columns, others ignored",
			in: "transcript_id,mi_quality,interlocutor,timestamp,utterance_text,main_therapist_behaviour\n" +
				"0,high,therapist,00:00:13,Is it okay if I take a look at what you put down?,question\n" +
				"0,high,client,00:00:24,Sure.,n/a\n",
			want: []Turn{P(2, "therapist", "Is it okay if I take a look at what you put down?"), C(3, "client", "Sure.")},
		},
		{
			name: "header names in any case and order",
			in:   "Utterance,Time,WHO\nWhat would help most right now?,0:01,Counsellor\nA ride to the clinic.,0:05,Client\n",
			want: []Turn{P(2, "Counsellor", "What would help most right now?"), C(3, "Client", "A ride to the clinic.")},
		},
		{
			name: "quoted fields with commas, quotes and newlines",
			in:   "name,message\n\"Lee, Dana (CM)\",\"So you said \"\"no\"\", and then\nyou left?\"\nMember,\"Yes, I did.\"\n",
			want: []Turn{P(2, "Lee, Dana (CM)", `So you said "no", and then you left?`), C(4, "Member", "Yes, I did.")},
		},
		{
			name: "CRLF and BOM",
			in:   "\uFEFFSpeaker,Text\r\nStaff,Welcome in.\r\nResident,Thanks.\r\n",
			want: []Turn{P(2, "Staff", "Welcome in."), C(3, "Resident", "Thanks.")},
		},
		{
			name: "rows without text are skipped",
			in:   "role,content\nclinician,How are you sleeping?\nclient,\nclient,  \nclient,Badly.\n",
			want: []Turn{P(2, "clinician", "How are you sleeping?"), C(5, "client", "Badly.")},
		},
		{
			name:    "missing header",
			in:      "Case Manager,How are you?\nClient,Fine.\n",
			opt:     Options{Format: FormatCSV},
			wantErr: `csv: line 1: CSV header needs a speaker column`,
			errLine: 1,
		},
		{
			name:    "row too short",
			in:      "speaker,text\nCM,Hello\nClient\n",
			wantErr: "line 3: row has 1 fields; the header has 2",
			errLine: 3,
		},
		{
			name:    "bare quote",
			in:      "speaker,text\nCM,Hello\nClient,She said \"no\" to me\n",
			wantErr: `line 3: column 17: bare " in non-quoted-field`,
			errLine: 3,
		},
		{
			name:    "unterminated quote names where the row starts",
			in:      "speaker,text\nCM,\"Hello\nClient,Hi\n",
			wantErr: "(in the row that starts on line 2)",
		},
	})
}
