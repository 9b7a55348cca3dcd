package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Sign-in, sign-out and the first-run setup link. Each handler is linear: parse → validate →
// store → redirect, re-rendering the form with what the person typed when validation fails.

var signInNotices = map[string]string{
	"idle":    auth.ErrSessionIdle.Error(),
	"expired": auth.ErrSessionExpired.Error(),
	"out":     "You have signed out.",
	"setup":   "Rapport is already set up: sign in with your account.",
	"reset":   "Your password is set. Sign in with your email address and your new password.",
}

func (u *ui) loginForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	u.render(w, r, http.StatusOK, "login", &loginPage{
		page:   u.newPage(r, "Sign in"),
		Next:   safeNext(q.Get("next")),
		Notice: signInNotices[q.Get("why")],
	})
	return nil
}

func (u *ui) login(w http.ResponseWriter, r *http.Request) error {
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	form := &loginPage{page: u.newPage(r, "Sign in"), Email: email, Next: safeNext(r.PostForm.Get("next")), Resume: resumedForm(r.PostForm)}
	if email == "" || password == "" {
		form.Error = "Enter your email address and your password."
		u.render(w, r, http.StatusUnprocessableEntity, "login", form)
		return nil
	}
	id, err := u.auth.Authenticate(r.Context(), email, password, u.srv.clientIP(r), uiNow())
	if lock, ok := errors.AsType[*auth.LockoutError](err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((lock.RetryAfter+time.Second-1)/time.Second)))
		form.Error = lock.Error()
		u.render(w, r, http.StatusTooManyRequests, "login", form)
		return nil
	}
	if errors.Is(err, auth.ErrBadCredentials) {
		form.Error = auth.ErrBadCredentials.Error()
		u.render(w, r, http.StatusUnauthorized, "login", form)
		return nil
	}
	if err != nil {
		return err
	}
	if err := u.startSession(w, r, id); err != nil {
		return err
	}
	if form.Resume != nil {
		u.render(w, r, http.StatusOK, "resume", &resumePage{page: u.newPage(r, "Send your form"), Form: form.Resume})
		return nil
	}
	redirect(w, r, form.Next)
	return nil
}

func (u *ui) logout(w http.ResponseWriter, r *http.Request) error {
	if err := u.endSession(w, r); err != nil {
		return err
	}
	redirect(w, r, "/login?why=out")
	return nil
}

// setupLink checks the setup link in the URL without consuming it (email scanners and link
// previews fetch GET URLs). A link that no longer works is a goneError (410); an unknown one
// is ENOTFOUND.
func (u *ui) setupLink(r *http.Request) (token string, err error) {
	token = r.PathValue("token")
	if auth.CheckToken(token, auth.PrefixSetup) != nil {
		return "", rapport.Errorf(rapport.ENOTFOUND, "This setup link is not known. Check that it was copied completely from the console where Rapport was started.")
	}
	link, err := u.st.FindLink(r.Context(), auth.HashToken(token))
	if rapport.ErrorCode(err) == rapport.ENOTFOUND || err == nil && link.Purpose != auth.LinkSetup {
		return "", rapport.Errorf(rapport.ENOTFOUND, "This setup link is not known. Check that it was copied completely from the console where Rapport was started.")
	}
	if err != nil {
		return "", err
	}
	if err := link.Usable(uiNow()); err != nil {
		return "", setupGone(err)
	}
	has, err := u.st.HasUsers(r.Context())
	if err != nil {
		return "", err
	}
	if has {
		return "", setupGone(rapport.Errorf(rapport.ECONFLICT, ""))
	}
	return token, nil
}

// setupGone explains, kindly, why a setup link no longer works and what to do instead.
func setupGone(err error) error {
	var msg string
	switch {
	case errors.Is(err, auth.ErrLinkUsed):
		msg = "This setup link has already been used, so it cannot create another account. If you created the first administrator, sign in with that account. If not, restart Rapport on a fresh database for a new link."
	case errors.Is(err, auth.ErrLinkExpired):
		msg = "This setup link has expired: setup links work for 24 hours. Restart Rapport and it will print a new one."
	default:
		msg = "Rapport is already set up, so this link is no longer needed. Sign in with your account, or ask an administrator for one."
	}
	return goneError{rapport.Errorf(rapport.EUNAUTHORIZED, "%s", msg)}
}

func (u *ui) setupForm(w http.ResponseWriter, r *http.Request) error {
	token, err := u.setupLink(r)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "setup", &setupPage{page: u.newPage(r, "Set up Rapport"), Token: token})
	return nil
}

func (u *ui) setup(w http.ResponseWriter, r *http.Request) error {
	token, err := u.setupLink(r)
	if err != nil {
		return err
	}
	form := &setupPage{
		page:  u.newPage(r, "Set up Rapport"),
		Token: token,
		Name:  strings.TrimSpace(r.PostForm.Get("name")),
		Email: strings.TrimSpace(r.PostForm.Get("email")),
	}
	password := r.PostForm.Get("password")
	invalid := func(err error) error {
		form.Error = rapport.ErrorMessage(err)
		u.render(w, r, http.StatusUnprocessableEntity, "setup", form)
		return nil
	}
	admin := &rapport.User{Name: form.Name, Email: form.Email, Role: rapport.RoleAdmin}
	if err := admin.Validate(); err != nil {
		return invalid(err)
	}
	if err := auth.CheckPassword(password, form.Email, form.Name); err != nil {
		return invalid(err)
	}
	if admin.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	err = u.st.CreateFirstAdmin(r.Context(), auth.HashToken(token), admin)
	switch {
	case errors.Is(err, auth.ErrLinkUsed) || errors.Is(err, auth.ErrLinkExpired) || rapport.ErrorCode(err) == rapport.ECONFLICT:
		return setupGone(err) // another request used the link first
	case rapport.ErrorCode(err) == rapport.EINVALID:
		return invalid(err)
	case err != nil:
		return err
	}
	u.srv.log.Info("first administrator created through the setup link", "user_id", admin.ID)
	if err := u.startSession(w, r, admin.ID); err != nil {
		return err
	}
	redirect(w, r, "/")
	return nil
}
