package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Each signed-in person's personal access tokens for the API: the list, a form for a new one
// (shown once, in full, right after it is made) and revocation. Only the token's hash is stored.

type tokensPage struct {
	page
	Tokens   []tokenRow
	Total    int
	Scopes   []scopeChoice // what the person's role allows
	Expiries []int         // lifetimes offered, in days
	Form     tokenForm
	Errors   formErrors
	Created  string // a new token, shown once
	Notice   string
}

type tokenRow struct {
	*auth.APIToken
	CreatedAt time.Time
	Expired   bool
}

type scopeChoice struct {
	Scope auth.Scope
	About string
}

// tokenForm is what the person typed or chose; it is sent back when something is wrong.
type tokenForm struct {
	Name   string
	Scopes []auth.Scope
	Days   int
}

// HasScope reports whether the scope's box is ticked.
func (f tokenForm) HasScope(s auth.Scope) bool { return slices.Contains(f.Scopes, s) }

// tokenLifetimes are the lifetimes offered, in days; the longest stays within the store's
// limit of about a year. Every token expires.
var tokenLifetimes = []int{7, 30, 90, 365}

// maxTokenList bounds the token list; a person with more sees the newest.
const maxTokenList = 200

var scopeAbout = map[auth.Scope]string{
	auth.ScopeAnalyze:          "Send text to the empathy engine and get feedback. Reads no client data.",
	auth.ScopeClientsRead:      "Read the clients you can see: their records, care plans and notes.",
	auth.ScopeClientsWrite:     "Create and change clients, goals and concerns you have access to.",
	auth.ScopeNotesWrite:       "Write notes and messages for clients you have access to.",
	auth.ScopeInstrumentsWrite: "Import survey instruments (FHIR Questionnaires). Reads no client data.",
}

// scopesFor is what a role's tokens may carry. A token never grants more than its owner can do
// (the API checks both), and an administrator's account, which holds the keys to every other,
// is kept off client data in the API altogether: their tokens only analyse text and import
// survey instruments.
func scopesFor(role rapport.Role) []auth.Scope {
	if role == rapport.RoleAdmin {
		return []auth.Scope{auth.ScopeAnalyze, auth.ScopeInstrumentsWrite}
	}
	return []auth.Scope{auth.ScopeAnalyze, auth.ScopeClientsRead, auth.ScopeClientsWrite, auth.ScopeNotesWrite}
}

var tokenNotices = map[string]string{
	"revoked": "The token is revoked: anything using it is refused from now on.",
}

func (u *ui) tokens(w http.ResponseWriter, r *http.Request) error {
	p := &tokensPage{Form: tokenForm{Days: 30}, Notice: tokenNotices[r.URL.Query().Get("done")]}
	return u.renderTokens(w, r, http.StatusOK, p)
}

// renderTokens fills in the person's tokens and the form's choices, and renders p.
func (u *ui) renderTokens(w http.ResponseWriter, r *http.Request, status int, p *tokensPage) error {
	usr, _ := userFrom(r.Context())
	tokens, total, err := u.st.ListAPITokens(r.Context(), usr.ID, rapport.Page{Limit: maxTokenList})
	if err != nil {
		return err
	}
	ids := make([]int64, len(tokens))
	for i, t := range tokens {
		ids[i] = t.ID
	}
	created, err := u.st.APITokensCreatedAt(r.Context(), usr.ID, ids)
	if err != nil {
		return err
	}
	now := uiNow()
	p.page, p.Total, p.Expiries = u.newPage(r, "API tokens"), total, tokenLifetimes
	for _, t := range tokens {
		p.Tokens = append(p.Tokens, tokenRow{APIToken: t, CreatedAt: created[t.ID], Expired: !now.Before(t.ExpiresAt)})
	}
	for _, s := range scopesFor(usr.Role) {
		p.Scopes = append(p.Scopes, scopeChoice{Scope: s, About: scopeAbout[s]})
	}
	u.render(w, r, status, "tokens", p)
	return nil
}

// readTokenForm reads and checks the form against what the person's role allows.
func readTokenForm(r *http.Request, role rapport.Role) (tokenForm, formErrors) {
	f := tokenForm{Name: strings.TrimSpace(r.PostForm.Get("name"))}
	var errs formErrors
	if f.Name == "" {
		errs = append(errs, fieldError{"token-name", "Give the token a name that says what uses it, such as “EHR connector”."})
	} else if len([]rune(f.Name)) > rapport.MaxNameLen {
		errs = append(errs, fieldError{"token-name", "The name can be at most 200 characters."})
	}
	allowed := scopesFor(role)
	for _, v := range r.PostForm["scope"] {
		s, err := auth.ParseScope(v)
		if err != nil || !slices.Contains(allowed, s) {
			errs = append(errs, fieldError{"scopes", "Your role cannot give a token the “" + v + "” scope."})
			continue
		}
		if !f.HasScope(s) {
			f.Scopes = append(f.Scopes, s)
		}
	}
	if len(f.Scopes) == 0 && errs.For("scopes") == "" {
		errs = append(errs, fieldError{"scopes", "Choose at least one thing the token may do."})
	}
	f.Days, _ = strconv.Atoi(r.PostForm.Get("days"))
	if !slices.Contains(tokenLifetimes, f.Days) {
		errs = append(errs, fieldError{"days", "Choose how long the token lasts: at most a year."})
	}
	return f, errs
}

func (u *ui) createToken(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	f, errs := readTokenForm(r, usr.Role)
	if len(errs) > 0 {
		return u.renderTokens(w, r, http.StatusUnprocessableEntity, &tokensPage{Form: f, Errors: errs})
	}
	t := &auth.APIToken{UserID: usr.ID, Name: f.Name, Scopes: f.Scopes, ExpiresAt: uiNow().AddDate(0, 0, f.Days)}
	plaintext, err := u.st.CreateAPIToken(r.Context(), t)
	if rapport.ErrorCode(err) == rapport.EINVALID {
		return u.renderTokens(w, r, http.StatusUnprocessableEntity, &tokensPage{Form: f, Errors: formErrors{{"token-name", sentence(rapport.ErrorMessage(err))}}})
	}
	if err != nil {
		return err
	}
	u.srv.log.Info("api token created", "user_id", usr.ID, "token_id", t.ID)
	return u.renderTokens(w, r, http.StatusCreated, &tokensPage{Form: tokenForm{Days: 30}, Created: plaintext})
}

func (u *ui) revokeToken(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	id, err := pathID(r, "id", "API token")
	if err != nil {
		return err
	}
	err = u.st.RevokeAPIToken(r.Context(), usr.ID, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return rapport.Errorf(rapport.ENOTFOUND, "You have no API token at this address.")
	}
	if err != nil {
		return err
	}
	u.srv.tokens.forgetToken(id)
	u.srv.log.Info("api token revoked", "user_id", usr.ID, "token_id", id)
	redirect(w, r, "/account/tokens?done=revoked")
	return nil
}
