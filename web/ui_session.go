package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Sessions live in the database (store sessions), keyed by the SHA-256 of a sess_ token; the
// token itself exists only in the browser's cookie. Any server process can serve any request.

// sessionCookie is the cookie's name over HTTPS. The __Host- prefix makes browsers insist on
// Secure, Path=/ and no Domain, so a sibling subdomain cannot plant or read it. Browsers refuse
// a __Host- cookie without Secure, so over plain HTTP (Config.Insecure, local development only)
// the cookie is insecureSessionCookie.
const (
	sessionCookie         = "__Host-rapport_session"
	insecureSessionCookie = "rapport_session"
)

// touchEvery spares the database a write on every page: last-seen is recorded at most once a
// minute, which is ample precision for a 30-minute idle timeout.
const touchEvery = time.Minute

func (u *ui) cookieName() string {
	if u.srv.cfg.Insecure {
		return insecureSessionCookie
	}
	return sessionCookie
}

func (u *ui) setSessionCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     u.cookieName(),
		Value:    token,
		Path:     "/",
		MaxAge:   maxAge,
		Secure:   !u.srv.cfg.Insecure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}

// sessionToken returns the presented session token if it is well formed, or "".
func (u *ui) sessionToken(r *http.Request) string {
	c, err := r.Cookie(u.cookieName())
	if err != nil || auth.CheckToken(c.Value, auth.PrefixSession) != nil {
		return ""
	}
	return c.Value
}

// startSession signs userID in with a new session ID (rotation: the ID presented before, if
// any, is deleted, which defeats session fixation).
func (u *ui) startSession(w http.ResponseWriter, r *http.Request, userID int64) error {
	ctx := r.Context()
	if old := u.sessionToken(r); old != "" {
		if err := u.st.DeleteSession(ctx, auth.HashToken(old)); err != nil {
			return err
		}
	}
	token, hash, err := auth.NewToken(auth.PrefixSession)
	if err != nil {
		return err
	}
	s := &rapport.Session{TokenHash: hash, UserID: userID, ExpiresAt: uiNow().Add(u.policy.AbsoluteTimeout)}
	if err := u.st.SaveSession(ctx, s); err != nil {
		return err
	}
	u.setSessionCookie(w, token, int(u.policy.AbsoluteTimeout/time.Second))
	return nil
}

// endSession deletes the presented session and clears the cookie.
func (u *ui) endSession(w http.ResponseWriter, r *http.Request) error {
	u.setSessionCookie(w, "", -1)
	if token := u.sessionToken(r); token != "" {
		return u.st.DeleteSession(r.Context(), auth.HashToken(token))
	}
	return nil
}

// loadSession returns the signed-in user, or nil when there is none. A session past its idle or
// absolute timeout is deleted and reported as auth.ErrSessionIdle or auth.ErrSessionExpired.
func (u *ui) loadSession(r *http.Request) (*rapport.User, error) {
	token := u.sessionToken(r)
	if token == "" {
		return nil, nil
	}
	ctx, hash, now := r.Context(), auth.HashToken(token), uiNow()
	s, err := u.st.FindSession(ctx, hash)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := u.policy.Check(s.CreatedAt, s.LastSeenAt, now); err != nil {
		if derr := u.st.DeleteSession(ctx, hash); derr != nil {
			return nil, derr
		}
		return nil, err
	}
	if s.UserID == 0 {
		return nil, nil
	}
	usr, err := u.st.FindUserByID(ctx, s.UserID)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND || (err == nil && usr.Disabled) {
		return nil, u.st.DeleteSession(ctx, hash)
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		if err := u.st.TouchSession(ctx, hash); err != nil && rapport.ErrorCode(err) != rapport.ENOTFOUND {
			return nil, err
		}
	}
	return usr, nil
}

// requireUser loads the session and puts the signed-in user and their rapport.Actor in the
// context. Without a valid session it sends the person to sign in, saying why when their session
// timed out, and back to this page afterwards.
func (u *ui) requireUser(next handlerE) handlerE {
	return func(w http.ResponseWriter, r *http.Request) error {
		usr, err := u.loadSession(r)
		var why string
		switch {
		case errors.Is(err, auth.ErrSessionIdle):
			why = "idle"
		case errors.Is(err, auth.ErrSessionExpired):
			why = "expired"
		case err != nil:
			return err
		}
		if usr == nil {
			if _, err := r.Cookie(u.cookieName()); err == nil {
				u.setSessionCookie(w, "", -1) // a stale or unknown session: forget it
			}
			if r.Method == http.MethodPost {
				u.signInToResume(w, r, why) // keep what they typed
				return nil
			}
			q := url.Values{"next": {r.URL.RequestURI()}}
			if why != "" {
				q.Set("why", why)
			}
			redirect(w, r, "/login?"+q.Encode())
			return nil
		}
		grants, err := liveGrants(r.Context(), u.st, usr.ID, usr.Role, uiNow()) // break-glass (ui_breakglass.go)
		if err != nil {
			return err
		}
		ctx := withActor(r.Context(), rapport.Actor{UserID: usr.ID, Role: usr.Role})
		ctx = context.WithValue(ctx, userKey{}, usr)
		ctx = context.WithValue(ctx, authActorKey{}, auth.Actor{
			Actor: rapport.Actor{UserID: usr.ID, Role: usr.Role}, TeamIDs: usr.TeamIDs, BreakGlass: grants})
		return next(w, r.WithContext(ctx))
	}
}

type authActorKey struct{}

type userKey struct{}

// userFrom returns the signed-in user's record, set by requireUser.
func userFrom(ctx context.Context) (*rapport.User, bool) {
	usr, ok := ctx.Value(userKey{}).(*rapport.User)
	return usr, ok
}

// authActor is the signed-in user as auth.Can needs them: with their teams and the live
// break-glass grants requireUser loaded for this request. Outside requireUser it is the zero
// Actor, which auth.Can refuses everything.
func authActor(ctx context.Context) auth.Actor {
	a, _ := ctx.Value(authActorKey{}).(auth.Actor)
	return a
}

// safeNext keeps a post-sign-in destination only if it is a path on this site, so the sign-in
// page cannot be used to send people elsewhere.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
