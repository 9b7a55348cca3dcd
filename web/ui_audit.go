package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The audit-log pages: an admin searches the log and exports it as CSV, and checks its hash
// chain; the client's care team, their supervisors and admins see who has accessed a record.
// Every search, export and report is itself recorded by the store.

// auditStore is what the audit-log pages and break-the-glass need of the store.
type auditStore interface {
	grantStore
	CreateBreakGlass(ctx context.Context, actor rapport.Actor, clientID int64, reason string, d time.Duration) (auth.BreakGlass, error)
	SearchAuditLog(ctx context.Context, actor rapport.Actor, f rapport.AuditFilter, recordType rapport.RecordType) ([]*rapport.AuditEvent, error)
	ExportAuditLog(ctx context.Context, actor rapport.Actor, f rapport.AuditFilter, recordType rapport.RecordType, each func(*rapport.AuditEvent) error) error
	AuditChainReport(ctx context.Context) (ok bool, checked int64, problem string, err error)
	ClientAccessReport(ctx context.Context, actor rapport.Actor, clientID int64) ([]rapport.ClientAccess, error)
	ListUsers(ctx context.Context, f rapport.UserFilter) ([]*rapport.User, int, error)
}

// registerAudit mounts the audit-log pages and break-the-glass.
func (u *ui) registerAudit(mux *http.ServeMux) {
	u.srv.route(mux, "GET /admin/audit", u.handle(u.requireUser(u.auditLog)))
	u.srv.route(mux, "GET /admin/audit.csv", u.handle(u.requireUser(u.auditCSV)))
	u.srv.route(mux, "POST /admin/audit/verify", u.protect(u.requireUser(u.auditVerify)))
	u.srv.route(mux, "GET /clients/{id}/access", u.handle(u.requireUser(u.clientAccess)))
	u.srv.route(mux, "POST /clients/{id}/break-glass", u.protect(u.requireUser(u.breakGlass)))
}

// auditPageSize is the number of events one page of the log shows.
const auditPageSize = 50

// The choices the search form offers, in the order certified EHR logs list them.
var (
	auditActions = []rapport.AuditAction{rapport.ActionView, rapport.ActionCreate, rapport.ActionUpdate, rapport.ActionDelete,
		rapport.ActionExport, rapport.ActionSearch, rapport.ActionBreakGlass}
	auditRecordTypes = []rapport.RecordType{rapport.RecordClient, rapport.RecordCareTeam, rapport.RecordGoal, rapport.RecordDecision,
		rapport.RecordConcern, rapport.RecordFeedback, rapport.RecordNote, rapport.RecordAuditLog,
		rapport.RecordSurveyInstrument, rapport.RecordSurveyInvitation, rapport.RecordSurveyResponse}
)

// auditForm is the search form as typed, kept to show it again and to build page links.
type auditForm struct {
	User, Client, Action, Record, From, To string
	Before                                 int64 // the page cursor: events older than this ID
}

// auditQuery is what the store is asked for.
type auditQuery struct {
	Filter     rapport.AuditFilter
	RecordType rapport.RecordType
}

// decodeAuditQuery turns the search form's query string into a query for the store, keeping
// what was typed. With no errors, the filter passes rapport.AuditFilter.Validate. Dates are
// days in UTC (as <input type="date"> sends them), as the log shows times.
func decodeAuditQuery(v url.Values) (auditForm, auditQuery, formErrors) {
	form := auditForm{
		User: strings.TrimSpace(v.Get("user")), Client: strings.TrimSpace(v.Get("client")),
		Action: strings.TrimSpace(v.Get("action")), Record: strings.TrimSpace(v.Get("record")),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")),
	}
	var q auditQuery
	var errs formErrors
	fail := func(field, msg string) { errs = append(errs, fieldError{field, msg}) }
	var ok bool
	if q.Filter.UserID, ok = optionalID(form.User); !ok {
		fail("user", "Choose a user from the list.")
	}
	if q.Filter.ClientID, ok = optionalID(form.Client); !ok {
		fail("client", "A client ID is a whole number, such as 42.")
	}
	if q.Filter.Action = rapport.AuditAction(form.Action); form.Action != "" && !q.Filter.Action.Valid() {
		fail("action", "Choose an action from the list.")
	}
	if q.RecordType = rapport.RecordType(form.Record); form.Record != "" && !q.RecordType.Valid() {
		fail("record", "Choose a kind of record from the list.")
	}
	if q.Filter.Since, ok = optionalDate(form.From); !ok {
		fail("from", "Enter the start date as year-month-day, such as 2025-03-14.")
	}
	until, ok := optionalDate(form.To)
	if !ok {
		fail("to", "Enter the end date as year-month-day, such as 2025-03-14.")
	} else if !until.IsZero() {
		q.Filter.Until = until.AddDate(0, 0, 1) // the end date is included: up to its midnight
	}
	if !q.Filter.Since.IsZero() && !q.Filter.Until.IsZero() && !q.Filter.Since.Before(q.Filter.Until) {
		fail("to", "The end date must not be before the start date.")
	}
	// The cursor comes from our own links; a damaged one just starts from the newest events.
	form.Before, _ = optionalID(v.Get("before"))
	q.Filter.BeforeID = form.Before
	return form, q, errs
}

// optionalID parses a positive ID; empty means none (0). ok is false for anything else.
func optionalID(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

func optionalDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(dateLayout, s)
	return t, err == nil
}

// values is the form as a query string, for page and export links.
func (f auditForm) values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"user", f.User}, {"client", f.Client}, {"action", f.Action}, {"record", f.Record}, {"from", f.From}, {"to", f.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.Before > 0 {
		v.Set("before", strconv.FormatInt(f.Before, 10))
	}
	return v
}

func (f auditForm) url(path string) string {
	if q := f.values().Encode(); q != "" {
		return path + "?" + q
	}
	return path
}

type auditPage struct {
	page
	Form     auditForm
	Users    []*rapport.User
	Actions  []rapport.AuditAction
	Records  []rapport.RecordType
	Errors   formErrors
	Rows     []auditRow
	Searched bool   // false when the form had errors and nothing was searched
	FirstURL string // the newest page, when this is not it
	NextURL  string // older events, when there are more
	CSVURL   string
}

type auditRow struct {
	Event      *rapport.AuditEvent
	User       string
	BreakGlass bool
}

// requireAuditor lets admins through to the audit log and refuses everyone else.
func requireAuditor(r *http.Request) error {
	if auth.Can(authActor(r.Context()), auth.ViewAudit, auth.Target{}, uiNow()) != nil {
		return rapport.Errorf(rapport.EFORBIDDEN, "The audit log is open to administrators. If you need to know who saw one of your clients' records, open that client's \"Who has seen this record\" page.")
	}
	return nil
}

// auditLog handles GET /admin/audit: the search form and one page of results, newest first.
func (u *ui) auditLog(w http.ResponseWriter, r *http.Request) error {
	if err := requireAuditor(r); err != nil {
		return err
	}
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	form, q, errs := decodeAuditQuery(r.URL.Query())
	users, _, err := u.st.ListUsers(ctx, rapport.UserFilter{Page: rapport.Page{Limit: rapport.MaxPageSize}})
	if err != nil {
		return err
	}
	p := &auditPage{page: u.newPage(r, "Audit log"), Form: form, Users: users, Actions: auditActions, Records: auditRecordTypes, Errors: errs}
	if len(errs) > 0 {
		u.render(w, r, http.StatusUnprocessableEntity, "audit", p)
		return nil
	}
	q.Filter.Limit = auditPageSize + 1 // one more tells whether there is an older page
	events, err := u.st.SearchAuditLog(ctx, actor, q.Filter, q.RecordType)
	if err != nil {
		return err
	}
	p.Searched = true
	people := u.directory(users)
	for _, e := range p.paginate(events) {
		who, err := people.lookup(ctx, e.UserID)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, auditRow{Event: e, User: who.Name, BreakGlass: e.Action == rapport.ActionBreakGlass})
	}
	u.render(w, r, http.StatusOK, "audit", p)
	return nil
}

// paginate sets the page's links from its form and returns the events to show: the first
// auditPageSize of events, which holds one more when there is an older page.
func (p *auditPage) paginate(events []*rapport.AuditEvent) []*rapport.AuditEvent {
	first := p.Form
	first.Before = 0
	p.CSVURL = first.url("/admin/audit.csv") // the whole result, not this page
	if p.Form.Before > 0 {
		p.FirstURL = first.url("/admin/audit")
	}
	if len(events) > auditPageSize {
		events = events[:auditPageSize]
		next := p.Form
		next.Before = events[len(events)-1].ID
		p.NextURL = next.url("/admin/audit")
	}
	return events
}

// respondentUser is who the log names for user 0: a client answering a survey through a private
// link, who is not signed in (rapport.RoleRespondent). No account has ID 0, and the store
// records user 0 only for what a survey link does.
var respondentUser = &rapport.User{Name: "Client (survey link)", Role: rapport.RoleRespondent}

// userDirectory looks up each person once per request. A removed account shows as its ID.
type userDirectory struct {
	find  func(ctx context.Context, id int64) (*rapport.User, error)
	known map[int64]*rapport.User
}

// directory starts from users already loaded (the search form's list).
func (u *ui) directory(users []*rapport.User) *userDirectory {
	d := &userDirectory{find: u.st.FindUserByID, known: make(map[int64]*rapport.User, len(users))}
	for _, usr := range users {
		d.known[usr.ID] = usr
	}
	return d
}

func (d *userDirectory) lookup(ctx context.Context, id int64) (*rapport.User, error) {
	if id == 0 {
		return respondentUser, nil
	}
	if usr, ok := d.known[id]; ok {
		return usr, nil
	}
	usr, err := d.find(ctx, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		usr, err = &rapport.User{ID: id, Name: "User " + strconv.FormatInt(id, 10) + " (account removed)"}, nil
	}
	if err != nil {
		return nil, err
	}
	d.known[id] = usr
	return usr, nil
}

// auditCSVHeader names the export's columns.
var auditCSVHeader = []string{"event_id", "time_utc", "user_id", "user", "role", "client_id", "action", "record_type", "record_id", "fields", "reason"}

// auditCSV handles GET /admin/audit.csv: every event matching the search (not only one page),
// streamed as RFC 4180 CSV. The store records the export before the first row.
func (u *ui) auditCSV(w http.ResponseWriter, r *http.Request) error {
	if err := requireAuditor(r); err != nil {
		return err
	}
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	_, q, errs := decodeAuditQuery(r.URL.Query())
	if len(errs) > 0 {
		return rapport.Errorf(rapport.EINVALID, "The search could not be exported: %s Correct it on the audit log page and export again.", errs[0].Message)
	}
	people := u.directory(nil)
	out := &csvStream{w: w, filename: "rapport-audit-" + uiNow().UTC().Format("20060102-150405") + ".csv"}
	err := u.st.ExportAuditLog(ctx, actor, q.Filter, q.RecordType, func(e *rapport.AuditEvent) error {
		who, err := people.lookup(ctx, e.UserID)
		if err != nil {
			return err
		}
		return out.write(auditCSVRecord(e, who.Name))
	})
	if err == nil {
		err = out.finish()
	}
	if err != nil && !out.started {
		return err // nothing sent yet: an error page can still be shown
	}
	if err != nil {
		// The download is cut short; the browser sees an incomplete file. Nothing else to do.
		u.srv.log.Error("audit export failed mid-stream", "err", err)
	}
	return nil
}

func auditCSVRecord(e *rapport.AuditEvent, user string) []string {
	return []string{
		strconv.FormatInt(e.ID, 10), e.Time.UTC().Format(time.RFC3339), strconv.FormatInt(e.UserID, 10), user, string(e.Role),
		optionalNumber(e.ClientID), string(e.Action), string(e.RecordType), optionalNumber(e.RecordID),
		strings.Join(e.Fields, " "), e.Reason,
	}
}

func optionalNumber(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// csvStream writes CSV to a response, sending the headers and the header row with the first
// record, so a failure before any row can still become an error page.
type csvStream struct {
	w        http.ResponseWriter
	filename string
	csv      *csv.Writer
	started  bool
}

func (s *csvStream) start() error {
	s.started = true
	h := s.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+s.filename+`"`)
	h.Set("Cache-Control", "no-store") // the log names people and clients
	s.w.WriteHeader(http.StatusOK)
	s.csv = csv.NewWriter(s.w)
	s.csv.UseCRLF = true // RFC 4180
	return s.csv.Write(auditCSVHeader)
}

func (s *csvStream) write(record []string) error {
	if !s.started {
		if err := s.start(); err != nil {
			return err
		}
	}
	for i, cell := range record {
		record[i] = defuseFormula(cell)
	}
	return s.csv.Write(record)
}

// finish sends the header row when no event matched, and flushes.
func (s *csvStream) finish() error {
	if !s.started {
		if err := s.start(); err != nil {
			return err
		}
	}
	s.csv.Flush()
	return s.csv.Error()
}

// defuseFormula keeps a spreadsheet from running a cell as a formula (CSV injection): a cell
// starting with = + - @, or a tab or carriage return that some spreadsheets skip before one, is
// prefixed with an apostrophe, which spreadsheets read as "this is text" (OWASP's advice).
func defuseFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

type auditVerifyPage struct {
	page
	OK        bool
	Checked   int64
	Problem   string
	CheckedAt time.Time
	Took      time.Duration
}

// auditVerify handles POST /admin/audit/verify: it walks the whole hash chain now, which on a
// large log takes a while, so it runs when asked rather than on every visit to the log.
func (u *ui) auditVerify(w http.ResponseWriter, r *http.Request) error {
	if err := requireAuditor(r); err != nil {
		return err
	}
	began := time.Now()
	ok, checked, problem, err := u.st.AuditChainReport(r.Context())
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "audit_verify", &auditVerifyPage{
		page: u.newPage(r, "Audit log check"), OK: ok, Checked: checked, Problem: problem,
		CheckedAt: uiNow().UTC(), Took: time.Since(began).Round(time.Millisecond),
	})
	return nil
}

type clientAccessPage struct {
	page
	ClientID int64
	Rows     []accessRow
	Admin    bool // admins see IDs only and a link to the full log; the care team a link back
}

type accessRow struct {
	Access     rapport.ClientAccess
	User       string
	Role       rapport.Role
	BreakGlass bool // this user broke the glass on this client
}

// clientAccess handles GET /clients/{id}/access, "who has seen this record": for the client's
// care team and their team's supervisors, and for admins, who see names and times but no
// client details. Emergency (break-glass) access does not open it.
func (u *ui) clientAccess(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	actor, _ := actorFrom(ctx)
	scope, err := u.clientScope(r)
	if err != nil {
		return err
	}
	standing := standingActor(r.Context())
	admin := auth.Can(standing, auth.ViewAudit, auth.Target{}, uiNow()) == nil
	if !admin && auth.Can(standing, auth.ViewClient, auth.Target{Client: *scope}, uiNow()) != nil {
		return rapport.Errorf(rapport.EFORBIDDEN, "Who has seen a client's record is shown to their care team, their team's supervisors and administrators.")
	}
	report, err := u.st.ClientAccessReport(ctx, actor, scope.ClientID)
	if err != nil {
		return err
	}
	rows, err := u.accessRows(ctx, report)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "client_access", &clientAccessPage{
		page: u.newPage(r, "Who has seen this record"), ClientID: scope.ClientID, Rows: rows, Admin: admin,
	})
	return nil
}

// accessRows names each user and marks everyone who broke the glass on the client, on all of
// their rows, so a reviewer sees what they did with the emergency access.
func (u *ui) accessRows(ctx context.Context, report []rapport.ClientAccess) ([]accessRow, error) {
	broke := make(map[int64]bool)
	for _, a := range report {
		if a.Action == rapport.ActionBreakGlass {
			broke[a.UserID] = true
		}
	}
	people := u.directory(nil)
	rows := make([]accessRow, 0, len(report))
	for _, a := range report {
		who, err := people.lookup(ctx, a.UserID)
		if err != nil {
			return nil, err
		}
		rows = append(rows, accessRow{Access: a, User: who.Name, Role: who.Role, BreakGlass: broke[a.UserID]})
	}
	return rows, nil
}
