package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
)

// maxRecordBody bounds a request body for the record routes: the longest
// field (a note) is 20,000 characters, at most 80 KB of UTF-8.
const maxRecordBody = 256 << 10

// registerRecords mounts the client record, care plan and notes. Every route
// checks the caller's access to the client with auth.Can (after looking up
// the client's scope, which holds no details) before any client data is read
// or written, and passes the caller to the store so the audit log records
// each read and write.
func (h *apiHandlers) registerRecords() {
	tags := []string{"clients"}
	register(h, huma.Operation{OperationID: "list-clients", Method: http.MethodGet, Path: "/api/v1/clients", Tags: tags,
		Summary:     "List the clients the caller may see",
		Description: "A case manager sees the clients on whose care team they are; a supervisor the clients of their teams. Every client returned is recorded in the audit log as seen.",
	}, auth.ScopeClientsRead, h.listClients)
	register(h, huma.Operation{OperationID: "create-client", Method: http.MethodPost, Path: "/api/v1/clients", Tags: tags, DefaultStatus: http.StatusCreated,
		Summary:     "Create a client record",
		Description: "Only a member of the client's team may create it; a case manager who creates a client joins its care team.",
	}, auth.ScopeClientsWrite, h.createClient)
	register(h, huma.Operation{OperationID: "get-client", Method: http.MethodGet, Path: "/api/v1/clients/{id}", Tags: tags,
		Summary: "Read a client's whole-person record",
	}, auth.ScopeClientsRead, h.getClient)
	register(h, huma.Operation{OperationID: "update-client", Method: http.MethodPatch, Path: "/api/v1/clients/{id}", Tags: tags,
		Summary:     "Change some fields of a client's record",
		Description: "Fields left out are unchanged; each need listed replaces that domain's need. Moving a client to another team needs membership of that team.",
	}, auth.ScopeClientsWrite, h.updateClient)

	tags = []string{"care plan"}
	register(h, huma.Operation{OperationID: "list-goals", Method: http.MethodGet, Path: "/api/v1/clients/{id}/goals", Tags: tags,
		Summary: "List a client's goals",
	}, auth.ScopeClientsRead, h.listGoals)
	register(h, huma.Operation{OperationID: "create-goal", Method: http.MethodPost, Path: "/api/v1/clients/{id}/goals", Tags: tags, DefaultStatus: http.StatusCreated,
		Summary: "Add a goal, in the client's words",
	}, auth.ScopeClientsWrite, h.createGoal)
	register(h, huma.Operation{OperationID: "list-concerns", Method: http.MethodGet, Path: "/api/v1/clients/{id}/concerns", Tags: tags,
		Summary: "List the concerns a client raised",
	}, auth.ScopeClientsRead, h.listConcerns)
	register(h, huma.Operation{OperationID: "create-concern", Method: http.MethodPost, Path: "/api/v1/clients/{id}/concerns", Tags: tags, DefaultStatus: http.StatusCreated,
		Summary: "Record a concern the client raised",
	}, auth.ScopeClientsWrite, h.createConcern)
	register(h, huma.Operation{OperationID: "update-concern", Method: http.MethodPatch, Path: "/api/v1/clients/{id}/concerns/{cid}", Tags: tags,
		Summary:     "Record the response to a concern or move it along",
		Description: "A concern is resolved only with the response given to the client.",
	}, auth.ScopeClientsWrite, h.updateConcern)

	tags = []string{"notes"}
	register(h, huma.Operation{OperationID: "list-notes", Method: http.MethodGet, Path: "/api/v1/clients/{id}/notes", Tags: tags,
		Summary: "List a client's notes and messages, newest first, with their stored analyses",
	}, auth.ScopeClientsRead, h.listNotes)
	register(h, huma.Operation{OperationID: "create-note", Method: http.MethodPost, Path: "/api/v1/clients/{id}/notes", Tags: tags, DefaultStatus: http.StatusCreated,
		Summary:     "Write a note or a message to the client",
		Description: "The engine analyses the text and the analysis is stored with it. Each request stores a new note: a repeated submission makes a second note.",
	}, auth.ScopeNotesWrite, h.createNote)
}

// Access checks.

// can runs auth.Can and maps a refusal to a problem.
func (h *apiHandlers) can(a auth.Actor, action auth.Action, target auth.Target) error {
	if err := auth.Can(a, action, target, h.now()); err != nil {
		return h.problem("check access", err)
	}
	return nil
}

// allow checks that the caller may do action on the client, from the
// client's scope alone, and returns the caller and the scope. An unknown
// client is 404.
func (h *apiHandlers) allow(ctx context.Context, action auth.Action, clientID int64) (auth.Actor, *rapport.ClientScope, error) {
	a := accessFrom(ctx)
	sc, err := h.db.FindClientScope(ctx, clientID)
	if err != nil {
		return a, nil, h.problem("find client scope", err)
	}
	return a, sc, h.can(a, action, auth.Target{Client: *sc})
}

// Shared parameters and list envelopes.

// ClientPath names a client in the path.
type ClientPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The client's ID."`
}

// PageParams selects one page of a list.
type PageParams struct {
	Limit  int `query:"limit" default:"50" minimum:"1" maximum:"500" doc:"How many items to return."`
	Offset int `query:"offset" minimum:"0" doc:"How many items to skip."`
}

func (p PageParams) page() rapport.Page { return rapport.Page{Limit: p.Limit, Offset: p.Offset} }

// ListMeta says where a page sits in the whole list.
type ListMeta struct {
	Total  int `json:"total" doc:"How many items match in all."`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func listMeta(p PageParams, total int) ListMeta {
	return ListMeta{Total: total, Limit: p.page().Size(), Offset: p.Offset}
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Clients.

// NeedJSON is a client's need in one domain.
type NeedJSON struct {
	Domain string `json:"domain" enum:"health,housing,food,money,transport,safety,social_support,substance_use,mental_health"`
	Level  string `json:"level" enum:"none,low,moderate,high,urgent"`
	Note   string `json:"note,omitempty" maxLength:"2000"`
}

// DemographicsJSON is recorded only with the client's consent.
type DemographicsJSON struct {
	Consent       bool   `json:"consent" required:"false" doc:"Answers are kept only with consent; withdrawing it clears them."`
	AgeBand       string `json:"age_band,omitempty" maxLength:"100"`
	Gender        string `json:"gender,omitempty" maxLength:"100"`
	RaceEthnicity string `json:"race_ethnicity,omitempty" maxLength:"100"`
}

// ClientJSON is the whole-person record.
type ClientJSON struct {
	ID            int64            `json:"id"`
	TeamID        int64            `json:"team_id"`
	PreferredName string           `json:"preferred_name"`
	Pronouns      string           `json:"pronouns"`
	Language      string           `json:"language"`
	ContactMethod string           `json:"contact_method"`
	ContactTimes  string           `json:"contact_times"`
	WhatMatters   string           `json:"what_matters" doc:"What matters to me, in the client's words."`
	Strengths     []string         `json:"strengths"`
	Needs         []NeedJSON       `json:"needs"`
	Diagnosis     string           `json:"diagnosis"`
	Demographics  DemographicsJSON `json:"demographics"`
	CareTeam      []int64          `json:"care_team" doc:"User IDs of the care team."`
	CreatedBy     int64            `json:"created_by"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

func clientJSON(c *rapport.Client) ClientJSON {
	d := c.Demographics
	return ClientJSON{
		ID: c.ID, TeamID: c.TeamID, PreferredName: c.PreferredName, Pronouns: c.Pronouns, Language: c.Language,
		ContactMethod: string(c.ContactMethod), ContactTimes: c.ContactTimes, WhatMatters: c.WhatMatters,
		Strengths: orEmpty(c.Strengths), Needs: mapSlice(c.Needs, needJSON), Diagnosis: c.Diagnosis,
		Demographics: DemographicsJSON{Consent: d.Consent, AgeBand: d.AgeBand, Gender: d.Gender, RaceEthnicity: d.RaceEthnicity},
		CareTeam:     orEmpty(c.CareTeam), CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func needJSON(n rapport.Need) NeedJSON {
	return NeedJSON{Domain: string(n.Domain), Level: string(n.Level), Note: n.Note}
}

func needsOf(in []NeedJSON) []rapport.Need {
	return mapSlice(in, func(n NeedJSON) rapport.Need {
		return rapport.Need{Domain: rapport.NeedDomain(n.Domain), Level: rapport.NeedLevel(n.Level), Note: n.Note}
	})
}

func demographicsOf(d *DemographicsJSON) rapport.Demographics {
	if d == nil {
		return rapport.Demographics{}
	}
	return rapport.Demographics{Consent: d.Consent, AgeBand: d.AgeBand, Gender: d.Gender, RaceEthnicity: d.RaceEthnicity}
}

// ClientOutput is one client.
type ClientOutput struct {
	Body ClientJSON
}

// ClientList is a page of clients.
type ClientList struct {
	Items []ClientJSON `json:"items"`
	ListMeta
}

// ListClientsInput filters the client list.
type ListClientsInput struct {
	Name string `query:"name" maxLength:"200" doc:"A part of the preferred name, in any case."`
	PageParams
}

// ClientListOutput is a page of clients.
type ClientListOutput struct {
	Body ClientList
}

func (h *apiHandlers) listClients(ctx context.Context, in *ListClientsInput) (*ClientListOutput, error) {
	a := accessFrom(ctx)
	f := rapport.ClientFilter{Name: in.Name, Page: in.page()}
	if a.Role == rapport.RoleSupervisor {
		f.TeamIDs = append([]int64{}, a.TeamIDs...) // non-nil: a supervisor of no team sees no one
	} else {
		f.CareTeamMember = a.UserID // case managers, and admins on a care team
	}
	clients, total, err := h.db.ListClients(ctx, a.Actor, f)
	if err != nil {
		return nil, h.problem("list clients", err)
	}
	return &ClientListOutput{Body: ClientList{Items: mapSlice(clients, clientJSON), ListMeta: listMeta(in.PageParams, total)}}, nil
}

// ClientCreate is a new client record.
type ClientCreate struct {
	TeamID        int64             `json:"team_id" minimum:"1" doc:"The team the client belongs to; the caller must be a member."`
	PreferredName string            `json:"preferred_name" minLength:"1" maxLength:"200"`
	Pronouns      string            `json:"pronouns,omitempty" maxLength:"100"`
	Language      string            `json:"language,omitempty" maxLength:"100"`
	ContactMethod string            `json:"contact_method,omitempty" enum:"phone,text,email,in_person,mail"`
	ContactTimes  string            `json:"contact_times,omitempty" maxLength:"500"`
	WhatMatters   string            `json:"what_matters,omitempty" maxLength:"5000"`
	Strengths     []string          `json:"strengths,omitempty" maxItems:"50"`
	Needs         []NeedJSON        `json:"needs,omitempty" maxItems:"9"`
	Diagnosis     string            `json:"diagnosis,omitempty" maxLength:"1000"`
	Demographics  *DemographicsJSON `json:"demographics,omitempty"`
	CareTeam      []int64           `json:"care_team,omitempty" maxItems:"100" doc:"User IDs; a case manager who creates the client is added."`
}

// CreateClientInput is the body of POST /api/v1/clients.
type CreateClientInput struct {
	Body ClientCreate
}

func (h *apiHandlers) createClient(ctx context.Context, in *CreateClientInput) (*ClientOutput, error) {
	a := accessFrom(ctx)
	b := in.Body
	if err := h.can(a, auth.CreateClient, auth.Target{Client: rapport.ClientScope{TeamID: b.TeamID}}); err != nil {
		return nil, err
	}
	careTeam := slices.Clone(b.CareTeam)
	if a.Role == rapport.RoleCaseManager && !slices.Contains(careTeam, a.UserID) {
		careTeam = append(careTeam, a.UserID) // or they could not see the client they made
	}
	c := &rapport.Client{
		TeamID: b.TeamID, PreferredName: b.PreferredName, Pronouns: b.Pronouns, Language: b.Language,
		ContactMethod: rapport.ContactMethod(b.ContactMethod), ContactTimes: b.ContactTimes, WhatMatters: b.WhatMatters,
		Strengths: b.Strengths, Needs: needsOf(b.Needs), Diagnosis: b.Diagnosis, Demographics: demographicsOf(b.Demographics),
		CareTeam: careTeam,
	}
	if err := h.db.CreateClient(ctx, a.Actor, c); err != nil {
		return nil, h.problem("create client", err)
	}
	return &ClientOutput{Body: clientJSON(c)}, nil
}

func (h *apiHandlers) getClient(ctx context.Context, in *ClientPath) (*ClientOutput, error) {
	a, _, err := h.allow(ctx, auth.ViewClient, in.ID)
	if err != nil {
		return nil, err
	}
	c, err := h.db.FindClientByID(ctx, a.Actor, in.ID)
	if err != nil {
		return nil, h.problem("find client", err)
	}
	return &ClientOutput{Body: clientJSON(c)}, nil
}

// ClientPatch changes the fields it sets. The care team is not changed here.
type ClientPatch struct {
	TeamID        *int64            `json:"team_id,omitempty" minimum:"1"`
	PreferredName *string           `json:"preferred_name,omitempty" minLength:"1" maxLength:"200"`
	Pronouns      *string           `json:"pronouns,omitempty" maxLength:"100"`
	Language      *string           `json:"language,omitempty" maxLength:"100"`
	ContactMethod *string           `json:"contact_method,omitempty" enum:"phone,text,email,in_person,mail,"`
	ContactTimes  *string           `json:"contact_times,omitempty" maxLength:"500"`
	WhatMatters   *string           `json:"what_matters,omitempty" maxLength:"5000"`
	Strengths     *[]string         `json:"strengths,omitempty" maxItems:"50"`
	Needs         []NeedJSON        `json:"needs,omitempty" maxItems:"9" doc:"Each need listed replaces that domain's need; other domains are unchanged."`
	Diagnosis     *string           `json:"diagnosis,omitempty" maxLength:"1000"`
	Demographics  *DemographicsJSON `json:"demographics,omitempty"`
}

// UpdateClientInput is PATCH /api/v1/clients/{id}.
type UpdateClientInput struct {
	ClientPath
	Body ClientPatch
}

func (h *apiHandlers) updateClient(ctx context.Context, in *UpdateClientInput) (*ClientOutput, error) {
	a, sc, err := h.allow(ctx, auth.EditClient, in.ID)
	if err != nil {
		return nil, err
	}
	b := in.Body
	if b.TeamID != nil && *b.TeamID != sc.TeamID {
		if err := h.can(a, auth.CreateClient, auth.Target{Client: rapport.ClientScope{TeamID: *b.TeamID}}); err != nil {
			return nil, err
		}
	}
	upd := rapport.ClientUpdate{
		TeamID: b.TeamID, PreferredName: b.PreferredName, Pronouns: b.Pronouns, Language: b.Language,
		ContactTimes: b.ContactTimes, WhatMatters: b.WhatMatters, Strengths: b.Strengths, Needs: needsOf(b.Needs),
		Diagnosis: b.Diagnosis,
	}
	if b.ContactMethod != nil {
		m := rapport.ContactMethod(*b.ContactMethod)
		upd.ContactMethod = &m
	}
	if b.Demographics != nil {
		d := demographicsOf(b.Demographics)
		upd.Demographics = &d
	}
	if len(upd.Fields()) == 0 {
		return nil, huma.Error422UnprocessableEntity("the request changes no field: send at least one")
	}
	c, err := h.db.UpdateClient(ctx, a.Actor, in.ID, upd)
	if err != nil {
		return nil, h.problem("update client", err)
	}
	return &ClientOutput{Body: clientJSON(c)}, nil
}

// Goals.

// StepJSON is one step towards a goal.
type StepJSON struct {
	Text     string `json:"text" minLength:"1" maxLength:"1000"`
	WhoHelps string `json:"who_helps,omitempty" maxLength:"200" doc:"Who helps with the step: \"my sister\", \"me\"."`
	Done     bool   `json:"done,omitempty"`
}

// GoalJSON is a goal in the client's words.
type GoalJSON struct {
	ID         int64      `json:"id"`
	ClientID   int64      `json:"client_id"`
	Words      string     `json:"words"`
	Steps      []StepJSON `json:"steps"`
	TargetDate string     `json:"target_date,omitempty" format:"date"`
	Status     string     `json:"status"`
	CreatedBy  int64      `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

const dateLayout = "2006-01-02"

func goalJSON(g *rapport.Goal) GoalJSON {
	out := GoalJSON{ID: g.ID, ClientID: g.ClientID, Words: g.Words, Status: string(g.Status), CreatedBy: g.CreatedBy,
		CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt,
		Steps: mapSlice(g.Steps, func(s rapport.Step) StepJSON { return StepJSON{Text: s.Text, WhoHelps: s.WhoHelps, Done: s.Done} })}
	if !g.TargetDate.IsZero() {
		out.TargetDate = g.TargetDate.Format(dateLayout)
	}
	return out
}

// GoalCreate is a new goal.
type GoalCreate struct {
	Words      string     `json:"words" minLength:"1" maxLength:"2000" doc:"The goal as the client put it."`
	Steps      []StepJSON `json:"steps,omitempty" maxItems:"50"`
	TargetDate string     `json:"target_date,omitempty" format:"date" doc:"A date, YYYY-MM-DD."`
	Status     string     `json:"status,omitempty" enum:"active,on_hold,completed,cancelled" doc:"active when left out."`
}

// CreateGoalInput is POST /api/v1/clients/{id}/goals.
type CreateGoalInput struct {
	ClientPath
	Body GoalCreate
}

// GoalOutput is one goal.
type GoalOutput struct {
	Body GoalJSON
}

// GoalList is a page of goals.
type GoalList struct {
	Items []GoalJSON `json:"items"`
	ListMeta
}

// GoalListOutput is a page of goals.
type GoalListOutput struct {
	Body GoalList
}

// ListInput is a client's list, paginated.
type ListInput struct {
	ClientPath
	PageParams
}

func (h *apiHandlers) listGoals(ctx context.Context, in *ListInput) (*GoalListOutput, error) {
	a, _, err := h.allow(ctx, auth.ViewClient, in.ID)
	if err != nil {
		return nil, err
	}
	goals, total, err := h.db.ListGoals(ctx, a.Actor, in.ID, in.page())
	if err != nil {
		return nil, h.problem("list goals", err)
	}
	return &GoalListOutput{Body: GoalList{Items: mapSlice(goals, goalJSON), ListMeta: listMeta(in.PageParams, total)}}, nil
}

func (h *apiHandlers) createGoal(ctx context.Context, in *CreateGoalInput) (*GoalOutput, error) {
	a, _, err := h.allow(ctx, auth.EditClient, in.ID)
	if err != nil {
		return nil, err
	}
	b := in.Body
	g := &rapport.Goal{ClientID: in.ID, Words: b.Words, Status: rapport.GoalStatus(b.Status),
		Steps: mapSlice(b.Steps, func(s StepJSON) rapport.Step { return rapport.Step{Text: s.Text, WhoHelps: s.WhoHelps, Done: s.Done} })}
	if b.TargetDate != "" {
		d, err := time.Parse(dateLayout, b.TargetDate)
		if err != nil {
			return nil, huma.Error422UnprocessableEntity("target_date must be a date such as 2026-06-30")
		}
		g.TargetDate = d
	}
	if err := h.db.CreateGoal(ctx, a.Actor, g); err != nil {
		return nil, h.problem("create goal", err)
	}
	return &GoalOutput{Body: goalJSON(g)}, nil
}

// Concerns.

// ConcernJSON is a concern the client raised.
type ConcernJSON struct {
	ID         int64      `json:"id"`
	ClientID   int64      `json:"client_id"`
	Words      string     `json:"words"`
	Response   string     `json:"response"`
	Status     string     `json:"status"`
	RaisedAt   time.Time  `json:"raised_at"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	RecordedBy int64      `json:"recorded_by"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

func concernJSON(c *rapport.Concern) ConcernJSON {
	out := ConcernJSON{ID: c.ID, ClientID: c.ClientID, Words: c.Words, Response: c.Response, Status: string(c.Status),
		RaisedAt: c.RaisedAt, RecordedBy: c.RecordedBy, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if !c.ResolvedAt.IsZero() {
		t := c.ResolvedAt
		out.ResolvedAt = &t
	}
	return out
}

// ConcernCreate is a new concern.
type ConcernCreate struct {
	Words    string `json:"words" minLength:"1" maxLength:"5000" doc:"The concern as the client put it."`
	Response string `json:"response,omitempty" maxLength:"5000"`
	Status   string `json:"status,omitempty" enum:"open,in_progress,resolved" doc:"open when left out; resolved needs a response."`
}

// CreateConcernInput is POST /api/v1/clients/{id}/concerns.
type CreateConcernInput struct {
	ClientPath
	Body ConcernCreate
}

// ConcernOutput is one concern.
type ConcernOutput struct {
	Body ConcernJSON
}

// ConcernList is a page of concerns.
type ConcernList struct {
	Items []ConcernJSON `json:"items"`
	ListMeta
}

// ConcernListOutput is a page of concerns.
type ConcernListOutput struct {
	Body ConcernList
}

// ListConcernsInput filters a client's concerns.
type ListConcernsInput struct {
	ClientPath
	Status string `query:"status" enum:"open,in_progress,resolved," doc:"Only concerns with this status."`
	PageParams
}

func (h *apiHandlers) listConcerns(ctx context.Context, in *ListConcernsInput) (*ConcernListOutput, error) {
	a, _, err := h.allow(ctx, auth.ViewClient, in.ID)
	if err != nil {
		return nil, err
	}
	concerns, total, err := h.db.ListConcerns(ctx, a.Actor, rapport.ConcernFilter{ClientID: in.ID, Status: rapport.ConcernStatus(in.Status), Page: in.page()})
	if err != nil {
		return nil, h.problem("list concerns", err)
	}
	return &ConcernListOutput{Body: ConcernList{Items: mapSlice(concerns, concernJSON), ListMeta: listMeta(in.PageParams, total)}}, nil
}

func (h *apiHandlers) createConcern(ctx context.Context, in *CreateConcernInput) (*ConcernOutput, error) {
	a, _, err := h.allow(ctx, auth.EditClient, in.ID)
	if err != nil {
		return nil, err
	}
	c := &rapport.Concern{ClientID: in.ID, Words: in.Body.Words, Response: in.Body.Response, Status: rapport.ConcernStatus(in.Body.Status)}
	if err := h.db.CreateConcern(ctx, a.Actor, c); err != nil {
		return nil, h.problem("create concern", err)
	}
	return &ConcernOutput{Body: concernJSON(c)}, nil
}

// ConcernPatch records a response or moves a concern along.
type ConcernPatch struct {
	Response *string `json:"response,omitempty" maxLength:"5000"`
	Status   *string `json:"status,omitempty" enum:"open,in_progress,resolved"`
}

// UpdateConcernInput is PATCH /api/v1/clients/{id}/concerns/{cid}.
type UpdateConcernInput struct {
	ClientPath
	ConcernID int64 `path:"cid" minimum:"1" doc:"The concern's ID."`
	Body      ConcernPatch
}

func (h *apiHandlers) updateConcern(ctx context.Context, in *UpdateConcernInput) (*ConcernOutput, error) {
	a, _, err := h.allow(ctx, auth.EditClient, in.ID)
	if err != nil {
		return nil, err
	}
	// The concern must be this client's: otherwise a caller with access to one
	// client could change another's concern through its URL.
	sc, err := h.db.FindConcernScope(ctx, in.ConcernID)
	if err != nil {
		return nil, h.problem("find concern", err)
	}
	if sc.ClientID != in.ID {
		return nil, huma.Error404NotFound("concern " + itoa(int(in.ConcernID)) + " not found for this client")
	}
	upd := rapport.ConcernUpdate{Response: in.Body.Response}
	if in.Body.Status != nil {
		st := rapport.ConcernStatus(*in.Body.Status)
		upd.Status = &st
	}
	if len(upd.Fields()) == 0 {
		return nil, huma.Error422UnprocessableEntity("the request changes no field: send response or status")
	}
	c, err := h.db.UpdateConcern(ctx, a.Actor, in.ConcernID, upd)
	if err != nil {
		return nil, h.problem("update concern", err)
	}
	return &ConcernOutput{Body: concernJSON(c)}, nil
}

// Notes.

// NoteJSON is a note or message with the engine's analysis of it.
type NoteJSON struct {
	ID        int64            `json:"id"`
	ClientID  int64            `json:"client_id"`
	AuthorID  int64            `json:"author_id"`
	Kind      string           `json:"kind"`
	Body      string           `json:"body"`
	Analysis  *engine.Analysis `json:"analysis,omitempty" doc:"The analysis stored when the note was saved."`
	CreatedAt time.Time        `json:"created_at"`
}

func noteJSON(n *rapport.Note) NoteJSON {
	out := NoteJSON{ID: n.ID, ClientID: n.ClientID, AuthorID: n.AuthorID, Kind: string(n.Kind), Body: n.Body, CreatedAt: n.CreatedAt}
	if len(n.Analysis) > 0 {
		var an engine.Analysis
		if json.Unmarshal(n.Analysis, &an) == nil {
			out.Analysis = &an
		}
	}
	return out
}

// NoteCreate is a new note or message.
type NoteCreate struct {
	Body string `json:"body" minLength:"1" maxLength:"20000"`
	Kind string `json:"kind,omitempty" enum:"note,message" default:"note" doc:"note (for the record) or message (to the client)."`
}

// CreateNoteInput is POST /api/v1/clients/{id}/notes.
type CreateNoteInput struct {
	ClientPath
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"100" doc:"Send the same key again when retrying: a note is saved once per key; a repeat answers 409, naming the note saved the first time."`
	Body           NoteCreate
}

// NoteOutput is one note.
type NoteOutput struct {
	Body NoteJSON
}

// NoteList is a page of notes.
type NoteList struct {
	Items []NoteJSON `json:"items"`
	ListMeta
}

// NoteListOutput is a page of notes.
type NoteListOutput struct {
	Body NoteList
}

// ListNotesInput filters a client's notes.
type ListNotesInput struct {
	ClientPath
	Kind string `query:"kind" enum:"note,message," doc:"Only notes or only messages."`
	PageParams
}

func (h *apiHandlers) listNotes(ctx context.Context, in *ListNotesInput) (*NoteListOutput, error) {
	a, _, err := h.allow(ctx, auth.ViewClient, in.ID)
	if err != nil {
		return nil, err
	}
	notes, total, err := h.db.ListNotes(ctx, a.Actor, rapport.NoteFilter{ClientID: in.ID, Kind: rapport.NoteKind(in.Kind), Page: in.page()})
	if err != nil {
		return nil, h.problem("list notes", err)
	}
	return &NoteListOutput{Body: NoteList{Items: mapSlice(notes, noteJSON), ListMeta: listMeta(in.PageParams, total)}}, nil
}

func (h *apiHandlers) createNote(ctx context.Context, in *CreateNoteInput) (*NoteOutput, error) {
	a, _, err := h.allow(ctx, auth.EditClient, in.ID)
	if err != nil {
		return nil, err
	}
	kind := rapport.NoteKind(in.Body.Kind)
	if kind == "" {
		kind = rapport.KindNote
	}
	n := &rapport.Note{ClientID: in.ID, Kind: kind, Body: in.Body.Body, SubmissionKey: in.IdempotencyKey}
	if err := n.Validate(); err != nil { // before running the engine on it
		return nil, h.problem("create note", err)
	}
	start := time.Now()
	an, err := h.s.cfg.Analyzer.Analyze(engine.Input{Text: n.Body, Kind: engine.Kind(kind)})
	h.s.metrics.engine.Observe(time.Since(start).Seconds())
	if err != nil {
		return nil, huma.Error422UnprocessableEntity(err.Error())
	}
	if n.Analysis, err = json.Marshal(an); err != nil {
		return nil, h.problem("encode analysis", err)
	}
	if err := h.db.CreateNote(ctx, a.Actor, n); err != nil {
		if errors.Is(err, rapport.ErrAlreadySaved) {
			return nil, alreadySaved(n)
		}
		return nil, h.problem("create note", err)
	}
	return &NoteOutput{Body: noteJSON(n)}, nil
}

// alreadySaved answers a repeated Idempotency-Key: 409, naming the note saved the first time.
func alreadySaved(n *rapport.Note) error {
	msg := rapport.ErrorMessage(rapport.ErrAlreadySaved)
	if n.ID != 0 {
		msg += fmt.Sprintf(" (note %d)", n.ID)
	}
	return huma.NewError(http.StatusConflict, msg)
}
