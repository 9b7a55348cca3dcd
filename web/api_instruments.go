package web

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/survey"
)

// Survey instruments in the API: list them, read one as its FHIR Questionnaire, and import one
// (administrators, with a token carrying instruments:write). Instruments hold no client data,
// so any live token reads them.

// fhirJSON is FHIR's media type for JSON resources.
const fhirJSON = "application/fhir+json"

// instrumentAPI serves the instrument routes. db is nil when Config.DB keeps no instruments.
type instrumentAPI struct {
	*apiHandlers
	db instrumentStore
}

// registerInstruments mounts the instrument routes.
func (h *apiHandlers) registerInstruments() {
	a := &instrumentAPI{apiHandlers: h}
	a.db, _ = h.s.cfg.DB.(instrumentStore)
	tags := []string{"instruments"}
	registerAnyToken(h, huma.Operation{OperationID: "list-instruments", Method: http.MethodGet, Path: "/api/v1/instruments", Tags: tags,
		Summary:     "List the survey instruments",
		Description: "Rapport's own instruments and those the organisation imported, by title.",
	}, a.list)
	registerAnyToken(h, huma.Operation{OperationID: "get-instrument", Method: http.MethodGet, Path: "/api/v1/instruments/{id}", Tags: tags,
		Summary:     "Read a survey instrument as a FHIR R4 Questionnaire",
		Description: "The Questionnaire exactly as stored at import (application/fhir+json); importing it again gives the same instrument.",
		Responses: map[string]*huma.Response{"200": {Description: "The Questionnaire.", Content: map[string]*huma.MediaType{
			fhirJSON: {Schema: &huma.Schema{Type: huma.TypeObject, Description: "A FHIR R4 Questionnaire: https://hl7.org/fhir/R4/questionnaire.html"}},
		}}},
	}, a.get)
	register(h, huma.Operation{OperationID: "import-instrument", Method: http.MethodPost, Path: "/api/v1/instruments", Tags: tags, DefaultStatus: http.StatusCreated,
		Summary: "Import a FHIR R4 Questionnaire as a survey instrument",
		Description: "Administrators only. The body is the Questionnaire JSON (application/fhir+json or application/json, at most 1 MiB). " +
			"It is checked completely before anything is stored: a problem is answered 422, naming the JSON path in errors[0].location. " +
			"An instrument with the same url and version is already stored: 409. A licensed instrument (CARE, ProQOL 5) is recognised " +
			"by its canonical url and scored with Rapport's built-in rules; Rapport ships none of its wording.",
		MaxBodyBytes: survey.MaxJSONBytes,
	}, auth.ScopeInstrumentsWrite, a.create)
}

// registerAnyToken is register for routes that read no client data: any live token may call
// them, whatever its scopes (auth.APIToken.Allows with no scope).
func registerAnyToken[I, O any](h *apiHandlers, op huma.Operation, handler func(context.Context, *I) (*O, error)) {
	op.Security = []map[string][]string{{bearerScheme: {}}}
	op.Middlewares = append(op.Middlewares, h.requireToken(""))
	op.Description = strings.TrimSpace(op.Description + " Any valid token may call it, whatever its scopes.")
	huma.Register(h.api, op, handler)
}

// store returns the instrument store, or a 503 problem when the server has none.
func (a *instrumentAPI) store() (instrumentStore, error) {
	if a.db == nil {
		return nil, huma.Error503ServiceUnavailable(errNoStore.Error())
	}
	return a.db, nil
}

// InstrumentJSON describes a stored instrument; its Questionnaire is at /api/v1/instruments/{id}.
type InstrumentJSON struct {
	ID       int64  `json:"id"`
	URL      string `json:"url" doc:"The canonical URL; with the version it identifies the instrument."`
	Version  string `json:"version"`
	Title    string `json:"title"`
	Builtin  bool   `json:"builtin" doc:"Rapport's own instrument (not validated), not imported."`
	Scored   bool   `json:"scored" doc:"Responses get a score."`
	Scoring  string `json:"scoring" enum:"builtin,questionnaire,none" doc:"builtin: Rapport's built-in rules for a licensed instrument; questionnaire: the rules the Questionnaire carries; none: not scored."`
	Licensed bool   `json:"licensed" doc:"A licensed instrument recognised by its canonical URL: its wording was imported by the organisation, and Rapport supplies only the scoring."`
	// CreatedBy is zero for Rapport's own instruments.
	CreatedBy int64     `json:"created_by,omitempty" doc:"The administrator who imported it."`
	CreatedAt time.Time `json:"created_at"`
}

func instrumentJSON(in *rapport.Instrument) InstrumentJSON {
	about := aboutInstrument(in)
	scoring := "none"
	switch {
	case about.Licensed:
		scoring = "builtin"
	case in.Scored:
		scoring = "questionnaire"
	}
	return InstrumentJSON{ID: in.ID, URL: in.URL, Version: in.Version, Title: in.Title, Builtin: in.Builtin, Scored: in.Scored,
		Scoring: scoring, Licensed: about.Licensed, CreatedBy: in.CreatedBy, CreatedAt: in.CreatedAt}
}

// InstrumentList is a page of instruments.
type InstrumentList struct {
	Items []InstrumentJSON `json:"items"`
	ListMeta
}

// ListInstrumentsInput selects a page of instruments.
type ListInstrumentsInput struct {
	PageParams
}

// InstrumentListOutput is a page of instruments.
type InstrumentListOutput struct {
	Body InstrumentList
}

func (a *instrumentAPI) list(ctx context.Context, in *ListInstrumentsInput) (*InstrumentListOutput, error) {
	db, err := a.store()
	if err != nil {
		return nil, err
	}
	list, total, err := db.ListInstruments(ctx, in.page())
	if err != nil {
		return nil, a.problem("list instruments", err)
	}
	return &InstrumentListOutput{Body: InstrumentList{Items: mapSlice(list, instrumentJSON), ListMeta: listMeta(in.PageParams, total)}}, nil
}

// InstrumentPath names an instrument in the path.
type InstrumentPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The instrument's ID."`
}

// QuestionnaireOutput is a FHIR Questionnaire, sent as stored.
type QuestionnaireOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (a *instrumentAPI) get(ctx context.Context, in *InstrumentPath) (*QuestionnaireOutput, error) {
	db, err := a.store()
	if err != nil {
		return nil, err
	}
	found, err := db.FindInstrument(ctx, in.ID)
	if err != nil {
		return nil, a.problem("find instrument", err)
	}
	return &QuestionnaireOutput{ContentType: fhirJSON, Body: found.JSON}, nil
}

// ImportInstrumentInput is a Questionnaire's JSON, read as it came so the importer can name
// the path of any problem.
type ImportInstrumentInput struct {
	ContentType string `header:"Content-Type" doc:"application/fhir+json or application/json"`
	RawBody     []byte `contentType:"application/fhir+json"`
}

// InstrumentOutput is the instrument an import stored.
type InstrumentOutput struct {
	Location string `header:"Location" doc:"Where the Questionnaire can be read."`
	Body     InstrumentJSON
}

func (a *instrumentAPI) create(ctx context.Context, in *ImportInstrumentInput) (*InstrumentOutput, error) {
	db, err := a.store()
	if err != nil {
		return nil, err
	}
	caller := accessFrom(ctx)
	if err := a.can(caller, auth.ManageSettings, auth.Target{}); err != nil {
		return nil, huma.Error403Forbidden("only administrators import survey instruments")
	}
	if mt, _, err := mime.ParseMediaType(in.ContentType); err != nil || mt != fhirJSON && mt != "application/json" {
		return nil, huma.Error415UnsupportedMediaType("send the Questionnaire as application/fhir+json or application/json")
	}
	q, err := survey.DecodeQuestionnaire(bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, a.importProblem(err)
	}
	stored, err := db.ImportInstrument(ctx, caller.Actor, q)
	if err != nil {
		return nil, a.importProblem(err)
	}
	return &InstrumentOutput{Location: "/api/v1/instruments/" + strconv.FormatInt(stored.ID, 10), Body: instrumentJSON(stored)}, nil
}

// importProblem answers an import that was refused. A problem the importer found names its
// JSON path, as errors[0].location ("body.item[3].type"), so a client can point at it.
func (a *instrumentAPI) importProblem(err error) error {
	ie, ok := errors.AsType[*survey.InputError](err)
	if !ok {
		return a.problem("import instrument", err)
	}
	loc := "body"
	if ie.Path != "" {
		loc += "." + ie.Path
	}
	return huma.Error422UnprocessableEntity("the Questionnaire was not imported: "+ie.Error(),
		&huma.ErrorDetail{Location: loc, Message: ie.Message})
}
