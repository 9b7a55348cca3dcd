package web

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

// The survey exports: the responses a viewer's dashboard covers (the chosen instrument and
// period, in their scope), as CSV or as a FHIR R4 Bundle. Both stream, so a large export costs
// no memory, and the store records each as an export in the audit log before the first row.
// What goes out follows the dashboard's rules: comments only to the case manager they are
// about; client identifiers (opaque IDs, never names) only to those who may see the clients,
// never to an admin; and a case manager's name is withheld wherever the dashboard hides their
// row (the minimum n). Anonymous answers count only in aggregates: a case manager or supervisor
// can see which invitation was answered anonymously, so a row would hand them that client's
// answer, and their exports leave anonymous responses out. An admin, who sees no client or
// invitation, gets them flagged, dated by month only, without any free text.

// trustExport is what one viewer's export holds.
type trustExport struct {
	q         trustQuery
	filters   []rapport.TrustFilter // one per team for a supervisor
	comments  bool                  // the comment and its safety flag
	clients   bool                  // an opaque client ID on identified responses
	anonymous bool                  // anonymous responses are exported (to an admin only)
	names     *userDirectory
	teams     map[int64]string
	named     []map[int64]bool // per filter: the case managers the dashboard shows; nil: all
}

// newTrustExport works out the viewer's export from the query string.
func (u *ui) newTrustExport(r *http.Request) (*trustExport, error) {
	q, err := u.readTrustQuery(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	usr, _ := userFrom(ctx)
	scope, err := u.scopeFor(ctx, usr)
	if err != nil {
		return nil, err
	}
	x := &trustExport{q: q, names: u.directory(nil), teams: map[int64]string{}}
	for _, t := range scope.teams {
		x.teams[t.ID] = t.Name
	}
	switch usr.Role {
	case rapport.RoleCaseManager:
		x.filters, x.comments, x.clients = []rapport.TrustFilter{q.filter(0, usr.ID)}, true, true
		x.named = []map[int64]bool{nil}
		return x, nil
	case rapport.RoleSupervisor:
		x.clients = true
		for _, t := range scope.teams {
			x.filters = append(x.filters, q.filter(t.ID, 0))
		}
	default:
		x.filters, x.anonymous = []rapport.TrustFilter{q.filter(0, 0)}, true
	}
	for _, f := range x.filters {
		named, err := u.namedStaff(ctx, f)
		if err != nil {
			return nil, err
		}
		x.named = append(x.named, named)
	}
	return x, nil
}

// namedStaff is the case managers whose rows the dashboard's table for f shows. Anyone else
// (a hidden row, or only unscored responses and so no row) is not named in the export.
func (u *ui) namedStaff(ctx context.Context, f rapport.TrustFilter) (map[int64]bool, error) {
	staff, err := u.st.TrustByCaseManager(ctx, f)
	if err != nil {
		return nil, err
	}
	ns := make([]int, len(staff))
	for i, s := range staff {
		ns[i] = s.N
	}
	named := map[int64]bool{}
	for i, why := range suppress(ns, u.minN()) {
		if why == "" {
			named[staff[i].CaseManagerID] = true
		}
	}
	return named, nil
}

// each streams every response of the export, with the case manager's and team's names.
func (x *trustExport) each(ctx context.Context, u *ui, fn func(r *rapport.SurveyResponse, staff, team string) error) error {
	actor, _ := actorFrom(ctx)
	for i, f := range x.filters {
		err := u.st.ExportResponses(ctx, actor, f, func(r *rapport.SurveyResponse) error {
			if r.Anonymous && !x.anonymous {
				return nil
			}
			staff, err := x.staffName(ctx, i, r.CaseManagerID)
			if err != nil {
				return err
			}
			team, err := x.teamName(ctx, u, r.TeamID)
			if err != nil {
				return err
			}
			return fn(r, staff, team)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// withheldName stands for a case manager the dashboard does not show.
const withheldName = "withheld (too few responses)"

func (x *trustExport) staffName(ctx context.Context, filter int, id int64) (string, error) {
	if named := x.named[filter]; named != nil && !named[id] {
		return withheldName, nil
	}
	who, err := x.names.lookup(ctx, id)
	if err != nil {
		return "", err
	}
	return who.Name, nil
}

func (x *trustExport) teamName(ctx context.Context, u *ui, id int64) (string, error) {
	if name, ok := x.teams[id]; ok {
		return name, nil
	}
	t, err := u.st.FindTeamByID(ctx, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return "Team " + strconv.FormatInt(id, 10), nil
	} else if err != nil {
		return "", err
	}
	x.teams[id] = t.Name
	return t.Name, nil
}

// exportName is the download's file name: rapport-trust-20250314-092653.csv.
func exportName(ext string) string {
	return "rapport-trust-" + uiNow().UTC().Format("20060102-150405") + "." + ext
}

// attachment sends the headers of a download that names clients' answers.
func attachment(w http.ResponseWriter, contentType, name string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// exportTrustCSV handles GET /surveys/export.csv: one RFC 4180 row per response, every cell
// defused against spreadsheet formulas (defuseFormula, as the audit export does).
func (u *ui) exportTrustCSV(w http.ResponseWriter, r *http.Request) error {
	x, err := u.newTrustExport(r)
	if err != nil {
		return err
	}
	header := []string{"response_id", "completed_utc", "instrument", "instrument_version", "case_manager", "team", "score", "band", "anonymous"}
	if x.comments {
		header = append(header, "comment", "flagged")
	}
	out := &csvDownload{w: w, header: header}
	err = x.each(r.Context(), u, func(resp *rapport.SurveyResponse, staff, team string) error {
		return out.write(x.csvRecord(resp, staff, team))
	})
	return u.finishExport(err, out.csv != nil, out.finish)
}

// csvDownload sends the headers and the header row with the first record, so a failure before
// any row can still become an error page.
type csvDownload struct {
	w      http.ResponseWriter
	header []string
	csv    *csv.Writer
}

func (c *csvDownload) start() error {
	attachment(c.w, "text/csv; charset=utf-8", exportName("csv"))
	c.csv = csv.NewWriter(c.w)
	c.csv.UseCRLF = true // RFC 4180
	return c.csv.Write(c.header)
}

func (c *csvDownload) write(record []string) error {
	if c.csv == nil {
		if err := c.start(); err != nil {
			return err
		}
	}
	for i, cell := range record {
		record[i] = defuseFormula(cell)
	}
	return c.csv.Write(record)
}

// finish sends the header row alone when nothing matched, and flushes.
func (c *csvDownload) finish() error {
	if c.csv == nil {
		if err := c.start(); err != nil {
			return err
		}
	}
	c.csv.Flush()
	return c.csv.Error()
}

// completedText is when a response was completed; for an anonymous one only the month, so the
// time cannot be matched with an invitation's use.
func completedText(r *rapport.SurveyResponse) string {
	if r.Anonymous {
		return r.CompletedAt.UTC().Format("2006-01")
	}
	return r.CompletedAt.UTC().Format(time.RFC3339)
}

func (x *trustExport) csvRecord(r *rapport.SurveyResponse, staff, team string) []string {
	score := ""
	if r.Score != nil {
		score = strconv.FormatFloat(*r.Score, 'f', -1, 64)
	}
	rec := []string{strconv.FormatInt(r.ID, 10), completedText(r), x.q.Instrument.Title, x.q.Instrument.Version,
		staff, team, score, r.Band, strconv.FormatBool(r.Anonymous)}
	if x.comments {
		rec = append(rec, r.Comment, strconv.FormatBool(r.Flagged))
	}
	return rec
}

// finishExport ends a streamed download: before the first byte an error can still become an
// error page; after it, the download is cut short and the error is logged.
func (u *ui) finishExport(err error, started bool, finish func() error) error {
	if err == nil {
		started, err = true, finish()
	}
	if err != nil && !started {
		return err
	}
	if err != nil {
		u.srv.log.Error("survey export failed mid-stream", "err", err)
	}
	return nil
}

// FHIR R4 resources the export writes, as far as it fills them.
type (
	fhirBundle struct {
		ResourceType string `json:"resourceType"`
		Type         string `json:"type"`
		Timestamp    string `json:"timestamp"`
	}
	fhirEntry struct {
		FullURL  string `json:"fullUrl"`
		Resource any    `json:"resource"`
	}
	// fhirQuestionnaireResponse adds the subject, which package survey leaves out: a survey
	// page never knows who answers, and an export knows only an opaque ID.
	fhirQuestionnaireResponse struct {
		survey.QuestionnaireResponse
		Subject *fhirReference `json:"subject,omitempty"`
	}
	fhirReference struct {
		Reference  string          `json:"reference,omitempty"`
		Type       string          `json:"type,omitempty"`
		Identifier *fhirIdentifier `json:"identifier,omitempty"`
	}
	fhirIdentifier struct {
		System string `json:"system"`
		Value  string `json:"value"`
	}
	fhirObservation struct {
		ResourceType      string              `json:"resourceType"`
		ID                string              `json:"id"`
		Status            string              `json:"status"`
		Category          []fhirConcept       `json:"category"`
		Code              fhirConcept         `json:"code"`
		Subject           *fhirReference      `json:"subject,omitempty"`
		EffectiveDateTime string              `json:"effectiveDateTime"`
		ValueQuantity     fhirQuantity        `json:"valueQuantity"`
		Interpretation    []fhirConcept       `json:"interpretation,omitempty"`
		DerivedFrom       []fhirReference     `json:"derivedFrom"`
		Note              []map[string]string `json:"note,omitempty"`
	}
	fhirConcept struct {
		Coding []fhirCoding `json:"coding,omitempty"`
		Text   string       `json:"text,omitempty"`
	}
	fhirCoding struct {
		System string `json:"system"`
		Code   string `json:"code"`
	}
	fhirQuantity struct {
		Value float64 `json:"value"`
		Unit  string  `json:"unit"`
	}
)

// clientIDSystem names Rapport's client IDs: opaque numbers that mean nothing outside the
// Rapport that issued them.
const clientIDSystem = "https://rapporthq.github.io/fhir/sid/client-id"

// exportTrustFHIR handles GET /surveys/export.fhir.json: a Bundle of type collection with a
// QuestionnaireResponse per response and an Observation per scored one, carrying the score.
func (u *ui) exportTrustFHIR(w http.ResponseWriter, r *http.Request) error {
	x, err := u.newTrustExport(r)
	if err != nil {
		return err
	}
	out := &fhirDownload{w: w}
	err = x.each(r.Context(), u, func(resp *rapport.SurveyResponse, _, _ string) error {
		for _, e := range x.fhirEntries(resp) {
			if err := out.write(e); err != nil {
				return err
			}
		}
		return nil
	})
	return u.finishExport(err, out.started, out.finish)
}

// fhirDownload streams a Bundle: the headers and the Bundle's opening with the first entry, so
// a failure before it can still become an error page.
type fhirDownload struct {
	w       http.ResponseWriter
	started bool
	entries int
}

func (f *fhirDownload) start() error {
	f.started = true
	attachment(f.w, "application/fhir+json; charset=utf-8", exportName("fhir.json"))
	head, err := json.Marshal(fhirBundle{ResourceType: "Bundle", Type: "collection", Timestamp: uiNow().UTC().Format(time.RFC3339)})
	if err != nil {
		return err
	}
	// Reopen the object to append the entries as they come.
	_, err = f.w.Write(append(head[:len(head)-1], `,"entry":[`...))
	return err
}

func (f *fhirDownload) write(e fhirEntry) error {
	if !f.started {
		if err := f.start(); err != nil {
			return err
		}
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if f.entries > 0 {
		b = append([]byte(",\n"), b...)
	}
	f.entries++
	_, err = f.w.Write(b)
	return err
}

// finish closes the Bundle; one with no response has an empty entry list.
func (f *fhirDownload) finish() error {
	if !f.started {
		if err := f.start(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(f.w, "]}\n")
	return err
}

// fhirEntries is a response's QuestionnaireResponse and, when it was scored, its Observation.
func (x *trustExport) fhirEntries(r *rapport.SurveyResponse) []fhirEntry {
	var qr fhirQuestionnaireResponse
	if err := json.Unmarshal(r.Answers, &qr.QuestionnaireResponse); err != nil {
		qr.QuestionnaireResponse = survey.QuestionnaireResponse{} // stored answers were checked on the way in; keep the row, not the damage
	}
	id := strconv.FormatInt(r.ID, 10)
	qr.ResourceType, qr.ID, qr.Status = "QuestionnaireResponse", id, rapport.ResponseCompleted
	qr.Questionnaire = x.q.Instrument.URL
	if x.q.Instrument.Version != "" {
		qr.Questionnaire += "|" + x.q.Instrument.Version
	}
	qr.Authored = completedText(r) // FHIR dateTime allows a month
	if !x.comments || r.Anonymous {
		qr.Item = withoutFreeText(qr.Item)
	}
	if x.clients && !r.Anonymous && r.ClientID != 0 {
		qr.Subject = &fhirReference{Type: "Patient", Identifier: &fhirIdentifier{System: clientIDSystem, Value: strconv.FormatInt(r.ClientID, 10)}}
	}
	qrURL := resourceURN("QuestionnaireResponse", r.ID)
	entries := []fhirEntry{{FullURL: qrURL, Resource: qr}}
	if r.Score == nil {
		return entries
	}
	obs := fhirObservation{ResourceType: "Observation", ID: id, Status: "final",
		Category:          []fhirConcept{{Coding: []fhirCoding{{System: "http://terminology.hl7.org/CodeSystem/observation-category", Code: "survey"}}}},
		Code:              fhirConcept{Text: x.q.Instrument.Title + " score"},
		Subject:           qr.Subject,
		EffectiveDateTime: qr.Authored,
		ValueQuantity:     fhirQuantity{Value: *r.Score, Unit: "score"},
		DerivedFrom:       []fhirReference{{Reference: qrURL}},
	}
	if r.Band != "" {
		obs.Interpretation = []fhirConcept{{Text: r.Band}}
	}
	return append(entries, fhirEntry{FullURL: resourceURN("Observation", r.ID), Resource: obs})
}

// withoutFreeText drops free-text answers (valueString), and the items left with nothing.
func withoutFreeText(items []survey.ResponseItem) []survey.ResponseItem {
	var out []survey.ResponseItem
	for _, it := range items {
		var answers []survey.Answer
		for _, a := range it.Answer {
			if a.ValueString == nil {
				answers = append(answers, a)
			}
		}
		it.Answer, it.Item = answers, withoutFreeText(it.Item)
		if len(it.Answer) > 0 || len(it.Item) > 0 {
			out = append(out, it)
		}
	}
	return out
}

// resourceURN is a stable urn:uuid for a resource of the export: a name-based UUID (version
// 8 layout, from SHA-256), so the same response has the same URN in every export and
// references inside the Bundle resolve.
func resourceURN(kind string, id int64) string {
	h := sha256.Sum256([]byte("rapport:" + kind + ":" + strconv.FormatInt(id, 10)))
	h[6] = h[6]&0x0f | 0x80
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
