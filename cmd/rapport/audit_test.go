package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapporthq/rapport/store"
)

// auditedData writes a few audited records into a fresh SQLite database and returns its
// data directory.
func auditedData(t *testing.T) string {
	t.Helper()
	t.Setenv("RAPPORT_DATABASE_URL", "")
	dir := filepath.Join(t.TempDir(), "data")
	actor, id := seedClient(t, dir)
	db, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range 5 {
		if _, err := db.FindClientByID(context.Background(), actor, id); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAuditVerify(t *testing.T) {
	dir := auditedData(t)
	r := rapport(t, "", "audit", "verify", "--data", dir, "--format", "json")
	var got struct {
		OK       bool   `json:"ok"`
		Checked  int64  `json:"checked"`
		HeadHash string `json:"head_hash"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != exitOK {
		t.Fatalf("exit %d, %q: %v", r.code, r.stdout+r.stderr, err)
	}
	if !got.OK || got.Checked < 6 || len(got.HeadHash) != 64 {
		t.Errorf("verify: %+v", got)
	}

	tamper(t, filepath.Join(dir, "rapport.db"), "UPDATE audit_events SET action = 'update' WHERE id = 2")
	r = rapport(t, "", "audit", "verify", "--data", dir)
	if r.code != exitInput || !strings.Contains(r.stdout, "BROKEN at link 2 (event 2)") {
		t.Errorf("after tampering: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

// tamper edits the database behind the store's back, as an attacker with file access would,
// removing the append-only triggers first.
func tamper(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range []string{"DROP TRIGGER IF EXISTS audit_events_no_update", "DROP TRIGGER IF EXISTS audit_events_no_delete", stmt} {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditUsage(t *testing.T) {
	for _, args := range [][]string{{"audit"}, {"audit", "check"}, {"audit", "verify", "--format", "xml"}} {
		if r := rapport(t, "", args...); r.code != exitUsage {
			t.Errorf("%v: exit %d", args, r.code)
		}
	}
}
