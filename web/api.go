package web

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/rapporthq/rapport/auth"
	"github.com/rapporthq/rapport/engine"
)

// maxAnalyzeRunes bounds one API request: the API is for messages and notes as they are
// written; whole files belong to the CLI's streaming mode.
const maxAnalyzeRunes = 100_000

// registerAPI mounts the REST API under /api/v1, with its OpenAPI 3.1 document at
// /api/v1/openapi.json and errors as RFC 9457 problem details. The interactive docs page is
// off: it loads third-party scripts, which the CSP forbids.
func (s *Server) registerAPI(mux *http.ServeMux) {
	cfg := huma.DefaultConfig("Rapport API", "1.0.0")
	cfg.Info.Description = "Empathy analysis and the case-management record (clients, care plans, notes and messages). " +
		"Every route needs a personal access token (Authorization: Bearer rpt_…) with the scope the route names; " +
		"a token never grants more than its owner's role. Lists are paginated with limit and offset and report the total. " +
		"Errors are RFC 9457 problem details. Behaviour codes and output fields are documented in docs/behaviours.md."
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.DocsPath = ""
	cfg.SchemasPath = "/api/v1/schemas"
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		bearerScheme: {Type: "http", Scheme: "bearer", Description: "A personal access token (rpt_…), with scopes clients:read, clients:write, notes:write, analyze or instruments:write; reading instruments needs any live token."},
	}
	api := humago.New(mux, cfg)
	api.UseMiddleware(s.apiMetrics)
	h := &apiHandlers{s: s, api: api, now: time.Now}
	h.db, _ = s.cfg.DB.(APIStore)
	register(h, huma.Operation{
		OperationID:  "analyze",
		Method:       http.MethodPost,
		Path:         "/api/v1/analyze",
		Summary:      "Analyse a message, note or spoken turn",
		Description:  "Returns the behaviours found (each with a span, a reason and a suggested rewrite), the four empathy levels and a 0–100 score.",
		Tags:         []string{"engine"},
		MaxBodyBytes: 1 << 20,
	}, auth.ScopeAnalyze, s.analyze)
	h.registerRecords()
	h.registerInstruments() // api_instruments.go
}

// apiHandlers serves the API routes that need a token and the store.
type apiHandlers struct {
	s   *Server
	api huma.API
	db  APIStore // nil when Config.DB is not a full store: every route then refuses tokens
	now func() time.Time
}

// register adds an operation that needs a token with scope: the token check
// runs before the body is read, and the scope is documented with the route.
func register[I, O any](h *apiHandlers, op huma.Operation, scope auth.Scope, handler func(context.Context, *I) (*O, error)) {
	op.Security = []map[string][]string{{bearerScheme: {string(scope)}}}
	op.Middlewares = append(op.Middlewares, h.requireToken(scope))
	op.Description = strings.TrimSpace(op.Description + " Needs a token with the " + string(scope) + " scope.")
	if op.MaxBodyBytes == 0 {
		op.MaxBodyBytes = maxRecordBody
	}
	huma.Register(h.api, op, handler)
}

// AnalyzeInput is the body of POST /api/v1/analyze.
type AnalyzeInput struct {
	Body struct {
		Text    string `json:"text" minLength:"1" doc:"The text to analyse." example:"You're noncompliant with meds."`
		Context string `json:"context,omitempty" doc:"What the client said just before, if anything." maxLength:"100000"`
		Kind    string `json:"kind,omitempty" enum:"message,note,utterance" default:"message" doc:"message (to the client), note (about the client) or utterance (a spoken turn)."`
	}
}

// AnalyzeOutput is the analysis.
type AnalyzeOutput struct {
	Body engine.Analysis
}

func (s *Server) analyze(ctx context.Context, in *AnalyzeInput) (*AnalyzeOutput, error) {
	if utf8.RuneCountInString(in.Body.Text) > maxAnalyzeRunes {
		return nil, huma.Error413RequestEntityTooLarge("text is longer than 100,000 characters; split it or use the command line's streaming mode")
	}
	kind := engine.Kind(in.Body.Kind)
	if kind == "" {
		kind = engine.KindMessage
	}
	start := time.Now()
	an, err := s.cfg.Analyzer.Analyze(engine.Input{Text: in.Body.Text, Context: in.Body.Context, Kind: kind})
	s.metrics.engine.Observe(time.Since(start).Seconds())
	if err != nil {
		return nil, huma.Error422UnprocessableEntity(err.Error())
	}
	return &AnalyzeOutput{Body: an}, nil
}

// apiMetrics records API latency under the operation's path template.
func (s *Server) apiMetrics(ctx huma.Context, next func(huma.Context)) {
	start := time.Now()
	next(ctx)
	route := ctx.Method() + " " + ctx.Operation().Path
	s.metrics.requests.WithLabelValues(route, ctx.Method(), itoa(ctx.Status())).Observe(time.Since(start).Seconds())
}
