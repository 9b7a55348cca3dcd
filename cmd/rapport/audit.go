package main

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/rapporthq/rapport/store"
)

var auditCommand = command{
	summary: "check the audit log: every read and write of client data, hash-chained",
	usage: `Subcommands:
  verify    walk the audit log's hash chain and report the first edited, deleted or inserted
            row. Exit status 0 when the chain is intact, 1 when it is broken.

The database is the one 'rapport serve' uses (--data, RAPPORT_DATA, RAPPORT_DATABASE_URL).
Keep the printed head hash somewhere outside the database (a ticket, a log): a later verify
whose chain does not pass through it means the log was rewritten. See docs/storage.md.

Examples:
  rapport audit verify
  rapport audit verify --format json --data /var/lib/rapport
`,
}

func init() { auditCommand.run = runAudit }

// errAuditBroken is returned when the chain is broken, after the report is printed.
var errAuditBroken = errors.New("the audit chain is broken")

func runAudit(e *env, args []string) error {
	fs := newFlags(e, "audit")
	data := fs.String("data", envOr("RAPPORT_DATA", "rapport-data"), "data `DIR` of the embedded SQLite database")
	format := fs.String("format", "text", "output format: text or json")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "verify" {
		return usageError{"the only subcommand is verify: rapport audit verify"}
	}
	db, err := store.Open(e.context(), databaseURL(*data))
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	defer db.Close()
	// Link what a server has not linked yet (it may be stopped, or be in the
	// middle of it), so the walk covers every committed event.
	if _, err := db.ChainAudit(e.context()); err != nil {
		return fmt.Errorf("linking queued audit events: %w", err)
	}
	res, err := db.VerifyAudit(e.context())
	if err != nil {
		return fmt.Errorf("verifying the audit log: %w", err)
	}
	if err := printVerify(e, *format, res); err != nil {
		return err
	}
	if !res.OK {
		return errAuditBroken
	}
	return nil
}

func printVerify(e *env, format string, r store.VerifyResult) error {
	head := hex.EncodeToString(r.HeadHash)
	if format == "json" {
		return writeJSON(e.stdout, map[string]any{"ok": r.OK, "checked": r.Checked, "pending": r.Pending, "head_id": r.HeadID,
			"head_hash": head, "broken_id": r.BrokenID, "broken_event": r.BrokenEvent, "problem": r.Problem})
	}
	if r.OK {
		_, err := fmt.Fprintf(e.stdout, "audit log intact: %d events checked; head %d %s\n", r.Checked, r.HeadID, head)
		return err
	}
	_, err := fmt.Fprintf(e.stdout, "audit log BROKEN at %s: %s (%d events checked before it)\n", brokenAt(r), r.Problem, r.Checked)
	return err
}

// brokenAt names where the chain breaks: the link, the event, or both.
func brokenAt(r store.VerifyResult) string {
	switch {
	case r.BrokenID == 0:
		return fmt.Sprintf("event %d", r.BrokenEvent)
	case r.BrokenEvent == 0:
		return fmt.Sprintf("link %d", r.BrokenID)
	}
	return fmt.Sprintf("link %d (event %d)", r.BrokenID, r.BrokenEvent)
}
