package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	domain "github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/survey"
)

var instrumentCommand = command{
	summary: "list, import and export survey instruments (FHIR R4 Questionnaires)",
	usage: `Subcommands:
  list           the stored instruments: ID, version, scoring, title and canonical URL.
  import FILE    check a Questionnaire JSON file ("-" reads standard input) and store it,
                 as the administrator named by --user. A problem is reported with its JSON
                 path (item[3].type: ...), exit status 1, and nothing is stored.
  export ID      print the instrument's Questionnaire JSON, as stored; it imports unchanged.

The database is the one 'rapport serve' uses (--data, RAPPORT_DATA, RAPPORT_DATABASE_URL).
A licensed instrument (CARE, ProQOL 5) is recognised by its canonical URL and scored with
Rapport's built-in rules; Rapport ships none of its wording. See docs/surveys.md.

Examples:
  rapport instrument list
  rapport instrument import care-measure.json --user ana@example.org
  curl -s https://example.org/q.json | rapport instrument import - --user ana@example.org --format json
  rapport instrument export 3 > care-measure.json
`,
}

func init() { instrumentCommand.run = runInstrument }

func runInstrument(e *env, args []string) error {
	fs := newFlags(e, "instrument")
	data := fs.String("data", envOr("RAPPORT_DATA", "rapport-data"), "data `DIR` of the embedded SQLite database")
	format := fs.String("format", "text", "output format of list and import: text or json")
	user := fs.String("user", "", "the `EMAIL` of the administrator who imports (import only)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{"name a subcommand: list, import FILE or export ID"}
	}
	sub, rest := rest[0], rest[1:]
	want := map[string]int{"list": 0, "import": 1, "export": 1}
	n, ok := want[sub]
	switch {
	case !ok:
		return usageError{fmt.Sprintf("unknown subcommand %q: use list, import FILE or export ID", sub)}
	case len(rest) != n:
		return usageError{fmt.Sprintf("%s takes %d argument(s), not %d", sub, n, len(rest))}
	case sub == "import" && *user == "":
		return usageError{"import needs --user, the email of the administrator the audit log records"}
	}
	db, err := store.Open(e.context(), databaseURL(*data))
	if err != nil {
		return fmt.Errorf("opening the database: %w", err)
	}
	defer db.Close()
	switch sub {
	case "list":
		return listInstruments(e, db, *format)
	case "import":
		return importInstrument(e, db, rest[0], *user, *format)
	}
	return exportInstrument(e, db, rest[0])
}

// instrumentOut is one instrument as list and import print it in JSON.
type instrumentOut struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Version  string `json:"version"`
	Title    string `json:"title"`
	Builtin  bool   `json:"builtin"`
	Scoring  string `json:"scoring"` // builtin (licensed, Rapport's rules), questionnaire, or none
	Licensed bool   `json:"licensed"`
}

func describeInstrument(in *domain.Instrument) instrumentOut {
	_, licensed := survey.Builtin(in.URL)
	out := instrumentOut{ID: in.ID, URL: in.URL, Version: in.Version, Title: in.Title, Builtin: in.Builtin, Scoring: "none", Licensed: licensed}
	switch {
	case licensed:
		out.Scoring = "builtin"
	case in.Scored:
		out.Scoring = "questionnaire"
	}
	return out
}

func listInstruments(e *env, db *store.DB, format string) error {
	var all []instrumentOut
	for offset := 0; ; offset += domain.MaxPageSize {
		page, total, err := db.ListInstruments(e.context(), domain.Page{Limit: domain.MaxPageSize, Offset: offset})
		if err != nil {
			return fmt.Errorf("listing instruments: %w", err)
		}
		for _, in := range page {
			all = append(all, describeInstrument(in))
		}
		if len(page) == 0 || len(all) >= total {
			break
		}
	}
	if format == "json" {
		if all == nil {
			all = []instrumentOut{}
		}
		return writeJSON(e.stdout, all)
	}
	if len(all) == 0 {
		_, err := fmt.Fprintln(e.stdout, "No instruments are stored. 'rapport serve' stores Rapport's own when it starts.")
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tSCORING\tTITLE\tURL")
	for _, in := range all {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", in.ID, dashIfEmpty(in.Version), in.Scoring, in.Title, in.URL)
	}
	return tw.Flush()
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// importInstrument decodes the whole file before storing anything, so a file with a problem
// leaves the database as it was.
func importInstrument(e *env, db *store.DB, file, email, format string) error {
	data, err := readQuestionnaireFile(e, file)
	if err != nil {
		return err
	}
	q, err := survey.DecodeQuestionnaire(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	u, err := db.FindUserByEmail(e.context(), email)
	if err != nil {
		return fmt.Errorf("finding %s: %w", email, err)
	}
	if u.Role != domain.RoleAdmin || u.Disabled {
		return fmt.Errorf("%s is not an active administrator: only administrators import instruments", email)
	}
	in, err := db.ImportInstrument(e.context(), domain.Actor{UserID: u.ID, Role: u.Role}, q)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	out := describeInstrument(in)
	if format == "json" {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "Imported instrument %d: %s (%s, version %s), scoring: %s.\n", out.ID, out.Title, out.URL, dashIfEmpty(out.Version), out.Scoring)
	if out.Licensed {
		fmt.Fprintln(e.stdout, "Licensed wording imported by your organisation; Rapport supplies only the scoring.")
	}
	return nil
}

// readQuestionnaireFile reads a file, or standard input for "-", up to one byte more than the
// importer accepts, so that it can say the file is too large.
func readQuestionnaireFile(e *env, file string) ([]byte, error) {
	r := e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, survey.MaxJSONBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	return data, nil
}

func exportInstrument(e *env, db *store.DB, arg string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("the instrument ID is a positive whole number, not %q: see 'rapport instrument list'", arg)}
	}
	in, err := db.FindInstrument(e.context(), id)
	if err != nil {
		return fmt.Errorf("instrument %d: %w", id, err)
	}
	_, err = e.stdout.Write(in.JSON)
	return err
}
