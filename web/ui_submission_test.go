package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/rapporthq/rapport"
)

// TestNoteSavedTwice sends the note form twice, as a double click would: one note is stored,
// and the second answer is a 409 that says it was saved once.
func TestNoteSavedTwice(t *testing.T) {
	e := newUIEnv(t, false)
	casey := e.user("casey@example.org", "Casey Manager", rapport.RoleCaseManager, e.team("North"))
	c := &rapport.Client{TeamID: casey.TeamIDs[0], PreferredName: "Jordan", CareTeam: []int64{casey.ID}}
	if err := e.db.CreateClient(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, c); err != nil {
		t.Fatal(err)
	}
	path := "/clients/" + itoa(int(c.ID))
	b := e.browser()
	b.login("casey@example.org")
	resp, body := b.get(path + "/notes/new")
	wantStatus(t, resp, body, http.StatusOK)
	m := regexp.MustCompile(`name="submission" value="(form_[a-z0-9]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the note form carries no submission name:\n%s", body)
	}
	form := url.Values{"kind": {"note"}, "text": {"Met Jordan at the library."}, "submission": {m[1]}}
	resp, body = b.post(path+"/notes", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = b.post(path+"/notes", form)
	wantStatus(t, resp, body, http.StatusConflict)
	wantContains(t, body, "already saved", "saved once")

	// A forged submission name is ignored, not stored or echoed.
	form.Set("submission", `"><script>`)
	resp, body = b.post(path+"/notes", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	notes, _, err := e.db.ListNotes(t.Context(), rapport.Actor{UserID: casey.ID, Role: casey.Role}, rapport.NoteFilter{ClientID: c.ID})
	if err != nil || len(notes) != 2 {
		t.Errorf("%d notes stored (%v), want 2: one per distinct form", len(notes), err)
	}
}
