package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The page where a signed-in person changes their own password. They must give the current one
// (a session left open on a shared screen must not be enough to take the account over), and
// wrong guesses count against the same limits as signing in. A change ends every session of the
// account, so a stolen session cookie stops working; the person changing it gets a fresh one.

type passwordPage struct {
	page
	Errors formErrors
	Notice string
}

var passwordNotices = map[string]string{
	"changed": "Your password is changed. Anywhere else you were signed in, you have been signed out.",
}

func (u *ui) passwordForm(w http.ResponseWriter, r *http.Request) error {
	u.render(w, r, http.StatusOK, "password", &passwordPage{page: u.newPage(r, "Change your password"),
		Notice: passwordNotices[r.URL.Query().Get("done")]})
	return nil
}

func (u *ui) changePassword(w http.ResponseWriter, r *http.Request) error {
	usr, _ := userFrom(r.Context())
	current, next := r.PostForm.Get("current"), r.PostForm.Get("password")
	refuse := func(status int, errs formErrors) error {
		u.render(w, r, status, "password", &passwordPage{page: u.newPage(r, "Change your password"), Errors: errs})
		return nil
	}
	// The cheap checks come first, so a mistyped confirmation costs no password-hash time and
	// no attempt against the limit.
	if errs := checkNewPassword(usr, current, next, r.PostForm.Get("confirm")); len(errs) > 0 {
		return refuse(http.StatusUnprocessableEntity, errs)
	}
	_, err := u.auth.Authenticate(r.Context(), usr.Email, current, u.srv.clientIP(r), uiNow())
	if lock, ok := errors.AsType[*auth.LockoutError](err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((lock.RetryAfter+time.Second-1)/time.Second)))
		return refuse(http.StatusTooManyRequests, formErrors{{"current", sentence(lock.Error())}})
	}
	if errors.Is(err, auth.ErrBadCredentials) {
		return refuse(http.StatusUnprocessableEntity, formErrors{{"current", "That is not your current password."}})
	}
	if err != nil {
		return err
	}
	encoded, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	if err := u.st.ChangePassword(r.Context(), rapport.Actor{UserID: usr.ID, Role: usr.Role}, encoded); err != nil {
		return err
	}
	if err := u.startSession(w, r, usr.ID); err != nil {
		return err
	}
	u.srv.log.Info("password changed by its owner", "user_id", usr.ID)
	redirect(w, r, "/account/password?done=changed")
	return nil
}

// checkNewPassword checks the form without touching the stored password: every field given, the
// new password within the policy, different from the current one and typed the same twice.
func checkNewPassword(usr *rapport.User, current, next, confirm string) formErrors {
	var errs formErrors
	if current == "" {
		errs = append(errs, fieldError{"current", "Enter your current password."})
	}
	switch err := auth.CheckPassword(next, usr.Email, usr.Name); {
	case err != nil:
		errs = append(errs, fieldError{"password", sentence(rapport.ErrorMessage(err))})
	case next == current:
		errs = append(errs, fieldError{"password", "Choose a password different from your current one."})
	case confirm != next:
		errs = append(errs, fieldError{"confirm", "The two new passwords are not the same. Type the new password again in both boxes."})
	}
	return errs
}
