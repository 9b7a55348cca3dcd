package transcript

import "testing"

func TestParseVTT(t *testing.T) {
	runParseCases(t, []parseCase{
		{
			name: "voice tags",
			in:   "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Case Manager>How are you holding up?</v>\n\n00:00:04.500 --> 00:00:06.000\n<v Client>Not great.</v>\n",
			want: []Turn{P(4, "Case Manager", "How are you holding up?"), C(7, "Client", "Not great.")},
		},
		{
			name: "voice tags with classes",
			in:   "WEBVTT\n\n00:01.000 --> 00:04.000\n<v.loud Ana>I already called them twice!</v>\n\n00:04.000 --> 00:06.000\n<v.calm.slow Counselor>That sounds really frustrating.\n",
			want: []Turn{C(4, "Ana", "I already called them twice!"), P(7, "Counselor", "That sounds really frustrating.")},
		},
		{
			name: "formatting and timestamp tags are stripped",
			in:   "WEBVTT\n\n00:01.000 --> 00:05.000\n<v Nurse><i>Take</i> it <b>with food</b>, <c.yellow>twice</c> a day.<00:03.000> Okay?\n",
			want: []Turn{P(4, "Nurse", "Take it with food, twice a day. Okay?")},
		},
		{
			name: "entities are decoded",
			in:   "WEBVTT\n\n00:01.000 --> 00:05.000\n<v Jo &amp; Sam>Rent &lt; half&nbsp;my pay &gt; nothing left &amp; that's it.\n",
			want: []Turn{U(4, "Jo & Sam", "Rent < half my pay > nothing left & that's it.")},
		},
		{
			name: "identifiers, NOTE, STYLE and REGION blocks",
			in: "WEBVTT - intake\nKind: captions\n\nNOTE\nconsent on file\n\nSTYLE\n::cue { color: white }\n\nREGION\nid:left\n\n" +
				"intro-1\n00:00:01.000 --> 00:00:03.000 region:left align:start\n<v Interviewer>Can you tell me about your week?\n\n" +
				"2\n00:00:03.500 --> 00:00:05.000\n<v Interviewee>Busy.\n",
			want: []Turn{P(15, "Interviewer", "Can you tell me about your week?"), C(19, "Interviewee", "Busy.")},
		},
		{
			name: "multi-line payload joins with a space",
			in:   "WEBVTT\n\n01:02:03.000 --> 01:02:09.000\n<v Peer Specialist>When I was in recovery,\nwhat helped me most was routine.\n",
			want: []Turn{P(4, "Peer Specialist", "When I was in recovery, what helped me most was routine.")},
		},
		{
			name: "cue without speaker continues the previous turn",
			in:   "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Resident>The heat has been off\n\n00:03.000 --> 00:05.000\nsince Sunday.\n\n00:05.000 --> 00:06.000\n<v Navigator>I'll call maintenance now.\n",
			want: []Turn{C(4, "Resident", "The heat has been off since Sunday."), P(10, "Navigator", "I'll call maintenance now.")},
		},
		{
			name: "first cue without speaker",
			in:   "WEBVTT\n\n00:01.000 --> 00:03.000\n[phone ringing]\n\n00:03.000 --> 00:05.000\n<v Coach>Hi, it's Sam.\n",
			want: []Turn{U(4, "", "[phone ringing]"), P(7, "Coach", "Hi, it's Sam.")},
		},
		{
			name: "Name: prefix in the payload",
			in:   "WEBVTT\n\n00:01.000 --> 00:03.000\nCM: The meeting is at 10:30.\n\n00:03.000 --> 00:05.000\nClient: OK.\n",
			want: []Turn{P(4, "CM", "The meeting is at 10:30."), C(7, "Client", "OK.")},
		},
		{
			name: "two voices in one cue",
			in:   "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Doctor>Any questions?\n<v Patient>Just one.\n",
			want: []Turn{P(4, "Doctor", "Any questions?"), C(5, "Patient", "Just one.")},
		},
		{
			name: "consecutive cues by one speaker stay separate",
			in:   "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Worker>First,\n\n00:02.000 --> 00:03.000\n<v Worker>second.\n",
			want: []Turn{P(4, "Worker", "First,"), P(7, "Worker", "second.")},
		},
		{
			name: "cue right under the header, CRLF and BOM",
			in:   "\uFEFFWEBVTT\r\n00:01.000 --> 00:02.000\r\n<v Provider>Welcome back.\r\n\r\n00:02.000 --> 00:03.000\r\n<v Consumer>Thanks.\r\n",
			want: []Turn{P(3, "Provider", "Welcome back."), C(6, "Consumer", "Thanks.")},
		},
		{
			name:    "missing header",
			in:      "00:01.000 --> 00:02.000\n<v CM>Hi.\n",
			opt:     Options{Format: FormatVTT},
			wantErr: `vtt: line 1: missing "WEBVTT" header`,
			errLine: 1,
		},
		{
			name:    "header after blank lines",
			in:      "\n\nWEBVTT\n\n00:01.000 --> 00:02.000\n<v CM>Hi.\n",
			opt:     Options{Format: FormatVTT},
			wantErr: "missing",
			errLine: 1,
		},
		{
			name:    "malformed timing",
			in:      "WEBVTT\n\n00:01.000 --> 00:02.000\n<v CM>Hi.\n\n3\n00:02 --> 00:03.000\n<v Jo>Hey.\n",
			wantErr: `line 7: malformed cue timing "00:02 --> 00:03.000"`,
			errLine: 7,
		},
	})
}
