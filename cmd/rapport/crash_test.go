package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	domain "github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/store"
)

// TestMain lets the test binary act as the rapport command, so the crash test can run the real
// server as a separate process and kill it, without a separate build.
func TestMain(m *testing.M) {
	if os.Getenv("RAPPORT_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestCrashLosesNoAcknowledgedWrite kills the server with SIGKILL while several clients are
// writing notes, restarts on the same database, and checks that every write that got a 2xx is
// there and that the audit chain verifies.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server process")
	}
	t.Setenv("RAPPORT_DATABASE_URL", "")
	data := filepath.Join(t.TempDir(), "data")
	actor, clientID := seedClient(t, data)
	token := strings.TrimSpace(rapport(t, "", "token", "create", "--data", data, "--user", "casey@example.org",
		"--name", "crash test", "--scopes", "notes:write").stdout)

	srv, url := startServer(t, data)
	acked := writeUntilKilled(t, url, token, clientID, srv)

	// Restart on the same data, as an operator would, and read everything back.
	srv2, _ := startServer(t, data)
	defer srv2.Process.Kill()
	db, err := store.Open(context.Background(), filepath.Join(data, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored, total := allNotes(t, db, actor, clientID)
	for body := range acked {
		if !stored[body] {
			t.Errorf("acknowledged write %q is missing after the crash", body)
		}
	}
	if len(acked) < 10 {
		t.Errorf("only %d writes were acknowledged before the kill; the test did not exercise much", len(acked))
	}
	if _, err := db.ChainAudit(context.Background()); err != nil {
		t.Fatalf("linking the events queued before the crash: %v", err)
	}
	res, err := db.VerifyAudit(context.Background())
	if err != nil || !res.OK || res.Pending != 0 {
		t.Errorf("audit chain after the crash: %+v, %v", res, err)
	}
	t.Logf("%d writes acknowledged before SIGKILL; %d notes stored; audit chain of %d events verifies", len(acked), total, res.Checked)
}

// allNotes reads every note of the client, page by page.
func allNotes(t *testing.T, db *store.DB, actor domain.Actor, clientID int64) (map[string]bool, int) {
	t.Helper()
	stored := map[string]bool{}
	total := 0
	for offset := 0; ; offset += 500 {
		notes, n, err := db.ListNotes(context.Background(), actor, domain.NoteFilter{ClientID: clientID, Page: domain.Page{Limit: 500, Offset: offset}})
		if err != nil {
			t.Fatal(err)
		}
		total = n
		for _, note := range notes {
			stored[note.Body] = true
		}
		if len(notes) < 500 {
			return stored, total
		}
	}
}

func seedClient(t *testing.T, data string) (domain.Actor, int64) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	team := &domain.Team{Name: "Eastside"}
	if err := db.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Email: "casey@example.org", Name: "Casey", Role: domain.RoleCaseManager}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := db.AddTeamMember(ctx, team.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	actor := domain.Actor{UserID: u.ID, Role: u.Role}
	c := &domain.Client{TeamID: team.ID, PreferredName: "Rosa", CareTeam: []int64{u.ID}}
	if err := db.CreateClient(ctx, actor, c); err != nil {
		t.Fatal(err)
	}
	return actor, c.ID
}

// startServer runs `rapport serve` as a child process and waits for its address.
func startServer(t *testing.T, data string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--data", data)
	cmd.Env = append(os.Environ(), "RAPPORT_TEST_RUN_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u := re.FindString(sc.Text()); u != "" {
				found <- u
			}
		}
	}()
	select {
	case u := <-found:
		return cmd, u
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the server did not print its address")
		return nil, ""
	}
}

// writeUntilKilled has eight clients post notes; after a short while the server is killed with
// SIGKILL mid-stream. It returns the bodies of the writes that were acknowledged with a 2xx.
func writeUntilKilled(t *testing.T, url, token string, clientID int64, srv *exec.Cmd) map[string]bool {
	t.Helper()
	var mu sync.Mutex
	acked := map[string]bool{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	target := fmt.Sprintf("%s/api/v1/clients/%d/notes", url, clientID)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				body := fmt.Sprintf("Called Rosa about the housing forms (writer %d, note %d).", w, i)
				if post(ctx, target, token, body) {
					mu.Lock()
					acked[body] = true
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := srv.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
		t.Fatal(err)
	}
	srv.Wait()
	cancel()
	wg.Wait()
	return acked
}

func post(ctx context.Context, target, token, body string) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(fmt.Sprintf(`{"body":%q}`, body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}
