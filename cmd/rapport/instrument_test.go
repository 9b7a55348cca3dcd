package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	domain "github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/store"
	"github.com/rapporthq/rapport/survey"
)

// instrumentData is a fresh data directory with Rapport's own instruments stored (as serve
// stores them), an administrator and a case manager.
func instrumentData(t *testing.T) string {
	t.Helper()
	t.Setenv("RAPPORT_DATABASE_URL", "")
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "rapport.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.EnsureBuiltinInstruments(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*domain.User{
		{Email: "ana@example.org", Name: "Ana", Role: domain.RoleAdmin},
		{Email: "casey@example.org", Name: "Casey", Role: domain.RoleCaseManager},
	} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// careFile is a licensed copy of the CARE measure with placeholder item texts (Rapport holds
// none of its wording), written to a file.
func careFile(t *testing.T, version string) (path, content string) {
	t.Helper()
	q := &survey.Questionnaire{ResourceType: "Questionnaire", URL: survey.URLCARE, Version: version, Title: "CARE (licensed copy)", Status: "active"}
	for i := 1; i <= 10; i++ {
		it := survey.Item{LinkID: strconv.Itoa(i), Text: "Item " + strconv.Itoa(i), Type: survey.TypeChoice}
		for v := int64(1); v <= 5; v++ {
			it.AnswerOption = append(it.AnswerOption, survey.AnswerOption{ValueInteger: &v})
		}
		q.Item = append(q.Item, it)
	}
	var buf bytes.Buffer
	if err := survey.EncodeQuestionnaire(&buf, q); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "care.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, buf.String()
}

func listedInstruments(t *testing.T, dir string) []instrumentOut {
	t.Helper()
	r := rapport(t, "", "instrument", "list", "--data", dir, "--format", "json")
	r.wantCode(t, exitOK)
	var out []instrumentOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("list: %v\n%s", err, r.stdout)
	}
	return out
}

func TestInstrumentImportListExport(t *testing.T) {
	dir := instrumentData(t)
	file, content := careFile(t, "1.0")

	r := rapport(t, "", "instrument", "import", file, "--user", "ana@example.org", "--data", dir, "--format", "json")
	r.wantCode(t, exitOK)
	var got instrumentOut
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("import output: %v\n%s", err, r.stdout)
	}
	want := instrumentOut{ID: got.ID, URL: survey.URLCARE, Version: "1.0", Title: "CARE (licensed copy)", Scoring: "builtin", Licensed: true}
	if got != want || got.ID == 0 {
		t.Errorf("imported %+v, want %+v", got, want)
	}

	// Export prints the stored Questionnaire, which is what survey.EncodeQuestionnaire wrote.
	r = rapport(t, "", "instrument", "export", strconv.FormatInt(got.ID, 10), "--data", dir)
	r.wantCode(t, exitOK)
	if r.stdout != content {
		t.Errorf("export differs from the imported file:\n%s", r.stdout)
	}

	// The same file again from standard input, under a new version, in text.
	r = rapport(t, strings.Replace(content, `"version": "1.0"`, `"version": "1.1"`, 1), "instrument", "import", "-", "--user", "ana@example.org", "--data", dir)
	r.wantCode(t, exitOK)
	for _, s := range []string{"Imported instrument", "version 1.1", "scoring: builtin", "Rapport supplies only the scoring"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("import output lacks %q:\n%s", s, r.stdout)
		}
	}

	list := listedInstruments(t, dir)
	if len(list) != 4 {
		t.Fatalf("%d instruments listed, want 2 of Rapport's own and 2 imported: %+v", len(list), list)
	}
	r = rapport(t, "", "instrument", "list", "--data", dir)
	r.wantCode(t, exitOK)
	for _, s := range []string{"ID", "VERSION", "SCORING", "CARE (licensed copy)", "Trust pulse", survey.URLTrustPulse, "questionnaire"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("list lacks %q:\n%s", s, r.stdout)
		}
	}
}

func TestInstrumentImportRefused(t *testing.T) {
	dir := instrumentData(t)
	file, content := careFile(t, "1.0")
	rapport(t, "", "instrument", "import", file, "--user", "ana@example.org", "--data", dir).wantCode(t, exitOK)
	bad := strings.Replace(content, `"type": "choice"`, `"type": "date"`, 1)
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"invalid", bad, []string{"-", "--user", "ana@example.org"}, `-: item[0].type: item type "date" is not supported`},
		{"not JSON", "hello", []string{"-", "--user", "ana@example.org"}, "-: "},
		{"duplicate", "", []string{file, "--user", "ana@example.org"}, "is already stored"},
		{"not an administrator", "", []string{file, "--user", "casey@example.org"}, "not an active administrator"},
		{"unknown user", "", []string{file, "--user", "nobody@example.org"}, "finding nobody@example.org"},
		{"missing file", "", []string{filepath.Join(t.TempDir(), "none.json"), "--user", "ana@example.org"}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rapport(t, tc.stdin, append([]string{"instrument", "import", "--data", dir}, tc.args...)...)
			r.wantCode(t, exitInput)
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr %q, want %q", r.stderr, tc.want)
			}
		})
	}
	if n := len(listedInstruments(t, dir)); n != 3 {
		t.Errorf("%d instruments after refused imports, want 3", n)
	}
	r := rapport(t, "", "instrument", "export", "999", "--data", dir)
	r.wantCode(t, exitInput)
	if !strings.Contains(r.stderr, "not found") {
		t.Errorf("export of an unknown instrument: %q", r.stderr)
	}
}

func TestInstrumentUsage(t *testing.T) {
	dir := instrumentData(t)
	for _, args := range [][]string{
		{"instrument"},
		{"instrument", "delete", "3"},
		{"instrument", "import"},
		{"instrument", "import", "q.json"},
		{"instrument", "list", "extra"},
		{"instrument", "export"},
		{"instrument", "export", "abc"},
		{"instrument", "list", "--format", "xml"},
	} {
		if r := rapport(t, "", append(args, "--data", dir)...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d; %s", args, r.code, exitUsage, r.stderr)
		}
	}
	r := rapport(t, "", "instrument", "-h")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stderr, "rapport instrument import care-measure.json --user") {
		t.Errorf("help lacks an example:\n%s", r.stderr)
	}
}
