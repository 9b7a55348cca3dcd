package annomi

import (
	"slices"
	"strings"
	"testing"
)

const simpleCSV = `mi_quality,transcript_id,video_title,video_url,topic,utterance_id,interlocutor,timestamp,utterance_text,main_therapist_behaviour,client_talk_type
high,10,t,u,alcohol,0,therapist,00:00:01,"Hi, what brings you in?",question,n/a
high,10,t,u,alcohol,1,client,00:00:05,"My wife, mostly.",n/a,neutral
high,10,t,u,alcohol,2,therapist,00:00:09,"She's worried about you.",reflection,n/a
low,2,t,u,smoking,1,client,00:00:03,I smoke.,n/a,sustain
low,2,t,u,smoking,0,therapist,00:00:01,You should quit.,therapist_input,n/a
`

func TestReadSimple(t *testing.T) {
	trs, err := Read(strings.NewReader(simpleCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(trs) != 2 || trs[0].ID != "2" || trs[1].ID != "10" {
		t.Fatalf("transcripts not in numeric ID order: %+v", trs)
	}
	low := trs[0]
	if low.Quality != "low" || low.Utterances[0].Index != 0 || low.Utterances[1].Text != "I smoke." {
		t.Errorf("utterances not ordered by utterance_id: %+v", low.Utterances)
	}
	hi := trs[1]
	u := hi.Utterances[2]
	if !u.Therapist || u.Behaviour != "reflection" || u.Text != "She's worried about you." || u.Reflection != "" {
		t.Errorf("bad utterance %+v", u)
	}
	if c := hi.Utterances[1]; c.Therapist || c.Behaviour != "" {
		t.Errorf("client turn has therapist labels: %+v", c)
	}
	if got := hi.PreviousClient(2); got != "My wife, mostly." {
		t.Errorf("PreviousClient(2) = %q", got)
	}
	if got := hi.PreviousClient(0); got != "" {
		t.Errorf("PreviousClient(0) = %q", got)
	}
	if got := hi.NextClient(0); got != "My wife, mostly." {
		t.Errorf("NextClient(0) = %q", got)
	}
	if got := hi.NextClient(2); got != "" {
		t.Errorf("NextClient(2) = %q", got)
	}
}

// The full layout has one row per annotator; each label is the majority vote, ties going to the
// alphabetically first label.
const fullCSV = `mi_quality,transcript_id,video_title,video_url,topic,utterance_id,interlocutor,timestamp,utterance_text,annotator_id,therapist_input_exists,therapist_input_subtype,reflection_exists,reflection_subtype,question_exists,question_subtype,main_therapist_behaviour,client_talk_type
high,5,t,u,x,0,therapist,00:00:01,Is it okay if we talk about your drinking?,1,False,n/a,False,n/a,True,open,question,n/a
high,5,t,u,x,0,therapist,00:00:01,Is it okay if we talk about your drinking?,2,False,n/a,False,n/a,True,closed,question,n/a
high,5,t,u,x,0,therapist,00:00:01,Is it okay if we talk about your drinking?,3,False,n/a,False,n/a,True,open,question,n/a
high,5,t,u,x,1,client,00:00:04,Sure.,1,n/a,n/a,n/a,n/a,n/a,n/a,n/a,neutral
high,5,t,u,x,1,client,00:00:04,Sure.,2,n/a,n/a,n/a,n/a,n/a,n/a,n/a,neutral
high,5,t,u,x,1,client,00:00:04,Sure.,3,n/a,n/a,n/a,n/a,n/a,n/a,n/a,neutral
high,5,t,u,x,2,therapist,00:00:06,So it's been on your mind.,1,False,n/a,True,complex,False,n/a,reflection,n/a
high,5,t,u,x,2,therapist,00:00:06,So it's been on your mind.,2,False,n/a,True,simple,False,n/a,reflection,n/a
high,5,t,u,x,2,therapist,00:00:06,So it's been on your mind.,3,True,advice,False,n/a,False,n/a,therapist_input,n/a
`

func TestReadFullMajority(t *testing.T) {
	trs, err := Read(strings.NewReader(fullCSV))
	if err != nil {
		t.Fatal(err)
	}
	if len(trs) != 1 || len(trs[0].Utterances) != 3 {
		t.Fatalf("want 1 transcript of 3 utterances, got %+v", trs)
	}
	u := trs[0].Utterances
	if u[0].Behaviour != "question" || u[0].Question != "open" {
		t.Errorf("utterance 0: majority question/open, got %q/%q", u[0].Behaviour, u[0].Question)
	}
	if u[2].Behaviour != "reflection" {
		t.Errorf("utterance 2: 2 of 3 said reflection, got %q", u[2].Behaviour)
	}
	if u[2].Reflection != "complex" { // a 1–1 tie goes to the alphabetically first
		t.Errorf("utterance 2: tie should go to complex, got %q", u[2].Reflection)
	}
	if u[2].Input != "advice" {
		t.Errorf("utterance 2: the one input subtype is kept, got %q", u[2].Input)
	}
	if u[1].Therapist || u[1].Question != "" {
		t.Errorf("client turn: %+v", u[1])
	}
	// Each annotator's own labels are kept beside the majority, "n/a" read as none.
	want := []Coding{{"1", "reflection", "", "complex"}, {"2", "reflection", "", "simple"}, {"3", "therapist_input", "", ""}}
	if !slices.Equal(u[2].Codings, want) {
		t.Errorf("utterance 2 codings %+v, want %+v", u[2].Codings, want)
	}
}

func TestReadErrors(t *testing.T) {
	cases := map[string]string{
		"empty":      "",
		"not annomi": "text,label\nhello,1\n",
		"bad id":     "transcript_id,utterance_id,interlocutor,utterance_text\n1,x,client,hi\n",
		"bad quote":  "transcript_id,utterance_id,interlocutor,utterance_text\n1,0,client,\"hi\n",
	}
	for name, in := range cases {
		if _, err := Read(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestHeader(t *testing.T) {
	if !Header([]string{"\ufefftranscript_id", "Utterance_Text ", "interlocutor"}) {
		t.Error("header with BOM and odd case not recognised")
	}
	if Header([]string{"transcript_id", "text"}) {
		t.Error("incomplete header accepted")
	}
}

func FuzzRead(f *testing.F) {
	f.Add(simpleCSV)
	f.Add(fullCSV)
	f.Fuzz(func(t *testing.T, s string) {
		trs, err := Read(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, tr := range trs {
			for i := range tr.Utterances {
				tr.PreviousClient(i)
				tr.NextClient(i)
			}
		}
	})
}
