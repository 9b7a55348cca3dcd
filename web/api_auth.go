package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// APIStore is what the REST API needs of the store: API tokens, the token
// owner's role and teams, client scopes for access checks, and the audited
// reads and writes of client data. The store satisfies it; when Config.DB
// does not (or is nil), every API route answers that the token cannot be
// checked.
type APIStore interface {
	FindAPITokenByHash(ctx context.Context, hash []byte) (*auth.APIToken, error)
	TouchAPIToken(ctx context.Context, id int64) error
	FindUserByID(ctx context.Context, id int64) (*rapport.User, error)

	FindClientScope(ctx context.Context, id int64) (*rapport.ClientScope, error)
	grantStore // the owner's live break-glass grants
	FindConcernScope(ctx context.Context, concernID int64) (*rapport.ClientScope, error)

	ListClients(ctx context.Context, actor rapport.Actor, f rapport.ClientFilter) ([]*rapport.Client, int, error)
	CreateClient(ctx context.Context, actor rapport.Actor, c *rapport.Client) error
	FindClientByID(ctx context.Context, actor rapport.Actor, id int64) (*rapport.Client, error)
	UpdateClient(ctx context.Context, actor rapport.Actor, id int64, upd rapport.ClientUpdate) (*rapport.Client, error)
	ListGoals(ctx context.Context, actor rapport.Actor, clientID int64, p rapport.Page) ([]*rapport.Goal, int, error)
	CreateGoal(ctx context.Context, actor rapport.Actor, g *rapport.Goal) error
	ListConcerns(ctx context.Context, actor rapport.Actor, f rapport.ConcernFilter) ([]*rapport.Concern, int, error)
	CreateConcern(ctx context.Context, actor rapport.Actor, c *rapport.Concern) error
	UpdateConcern(ctx context.Context, actor rapport.Actor, id int64, upd rapport.ConcernUpdate) (*rapport.Concern, error)
	ListNotes(ctx context.Context, actor rapport.Actor, f rapport.NoteFilter) ([]*rapport.Note, int, error)
	CreateNote(ctx context.Context, actor rapport.Actor, n *rapport.Note) error
}

// bearerScheme names the API's one security scheme in the OpenAPI document.
const bearerScheme = "bearer"

type accessKey struct{}

// withAccess stores the token owner as access checks see them (role, teams),
// beside the rapport.Actor that withActor stores for the store's audit log.
func withAccess(ctx context.Context, a auth.Actor) context.Context {
	return context.WithValue(withActor(ctx, a.Actor), accessKey{}, a)
}

// accessFrom returns the authenticated API caller. Handlers behind
// requireToken always have one; a zero Actor fails every auth.Can check.
func accessFrom(ctx context.Context) auth.Actor {
	a, _ := ctx.Value(accessKey{}).(auth.Actor)
	return a
}

// requireToken returns a huma middleware that authenticates a personal access
// token (Authorization: Bearer rpt_…) carrying scope, following
// docs/security.md: the token's shape (CheckToken), its hash, Allows (revoked,
// expired, scope), then its owner, who must exist and not be disabled. A
// missing or unusable token is 401 with WWW-Authenticate (RFC 6750); a token
// without the scope is 403. The owner becomes the request's actor; what the
// owner may do with a client is checked by each handler with auth.Can, so a
// token never grants more than its owner's role.
func (h *apiHandlers) requireToken(scope auth.Scope) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		a, status, err := h.authenticate(ctx.Context(), ctx.Header("Authorization"), scope)
		if err != nil {
			switch status {
			case http.StatusUnauthorized:
				challenge := `Bearer realm="rapport"`
				if ctx.Header("Authorization") != "" {
					challenge += `, error="invalid_token"`
				}
				ctx.SetHeader("WWW-Authenticate", challenge)
			case http.StatusForbidden:
				ctx.SetHeader("WWW-Authenticate", `Bearer realm="rapport", error="insufficient_scope", scope="`+string(scope)+`"`)
			}
			huma.WriteErr(h.api, ctx, status, err.Error())
			return
		}
		next(huma.WithContext(ctx, withAccess(ctx.Context(), a)))
	}
}

// Messages for refused tokens. They never say whether a token exists.
var (
	errNoToken  = errors.New("this API needs a personal access token: send it as Authorization: Bearer rpt_…")
	errBadToken = errors.New("the API token is not valid: check that it was copied completely, or create a new one")
	errNoStore  = errors.New("API tokens cannot be checked: the server runs without a database")
)

// lookup returns the token with hash and its owner, from the cache when it is fresh.
func (h *apiHandlers) lookup(ctx context.Context, hash []byte, now time.Time) (tokenEntry, int, error) {
	if e, ok := h.s.tokens.get(hash, now); ok {
		return e, 0, nil
	}
	t, err := h.db.FindAPITokenByHash(ctx, hash)
	switch rapport.ErrorCode(err) {
	case "":
	case rapport.ENOTFOUND:
		return tokenEntry{}, http.StatusUnauthorized, errBadToken
	default:
		h.s.log.Error("api: find token", "err", err)
		return tokenEntry{}, http.StatusInternalServerError, errInternal
	}
	u, err := h.db.FindUserByID(ctx, t.UserID)
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		return tokenEntry{}, http.StatusUnauthorized, errBadToken
	case err != nil:
		h.s.log.Error("api: find token owner", "err", err)
		return tokenEntry{}, http.StatusInternalServerError, errInternal
	}
	e := tokenEntry{token: *t, owner: *u, fetched: now}
	h.s.tokens.put(hash, e)
	return e, 0, nil
}

func (h *apiHandlers) authenticate(ctx context.Context, header string, scope auth.Scope) (auth.Actor, int, error) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if header == "" || !ok || !strings.EqualFold(scheme, "Bearer") {
		return auth.Actor{}, http.StatusUnauthorized, errNoToken
	}
	token = strings.TrimSpace(token)
	if err := auth.CheckToken(token, auth.PrefixAPI); err != nil {
		return auth.Actor{}, http.StatusUnauthorized, errBadToken
	}
	if h.db == nil {
		return auth.Actor{}, http.StatusServiceUnavailable, errNoStore
	}
	hash := auth.HashToken(token)
	now := h.now()
	e, status, err := h.lookup(ctx, hash, now)
	if err != nil {
		return auth.Actor{}, status, err
	}
	t, u := e.token, e.owner
	if err := t.Allows(scope, now); err != nil {
		if errors.Is(err, auth.ErrScopeMissing) {
			return auth.Actor{}, http.StatusForbidden, err
		}
		return auth.Actor{}, http.StatusUnauthorized, err // revoked or expired: the message says which
	}
	if u.Disabled {
		return auth.Actor{}, http.StatusUnauthorized, errBadToken
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= time.Minute {
		if err := h.db.TouchAPIToken(ctx, t.ID); err != nil {
			h.s.log.Warn("api: record token use", "err", err) // not worth refusing the request
		}
		h.s.tokens.touched(hash, now)
	}
	a := auth.Actor{Actor: rapport.Actor{UserID: u.ID, Role: u.Role}, TeamIDs: u.TeamIDs}
	if scope != auth.ScopeAnalyze { // the engine reads no client data: spare it the query
		if a.BreakGlass, err = liveGrants(ctx, h.db, u.ID, u.Role, now); err != nil {
			h.s.log.Error("api: load break-glass grants", "err", err)
			return auth.Actor{}, http.StatusInternalServerError, errInternal
		}
	}
	return a, 0, nil
}
