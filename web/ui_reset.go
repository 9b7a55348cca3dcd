package web

import (
	"errors"
	"net/http"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// The page behind an admin-issued reset link (also given to a new account): the person sets a
// password with the setup page's policy. The page names no account, so a leaked or guessed URL
// learns nothing; the link itself is 256 random bits, used once, and the password is hashed only
// after the link has been found usable, so the page cannot be used to make the server hash at
// will.

type resetPage struct {
	page
	Token  string
	Errors formErrors
}

var errResetUnknown = rapport.Errorf(rapport.ENOTFOUND,
	"This password link is not known. Check that it was copied completely; if it was, ask your administrator for a new one.")

// resetLink checks the link in the URL without consuming it (link previews fetch GET URLs) and
// returns its token and the account it is for. A link that no longer works is a goneError
// (410); an unknown one ENOTFOUND.
func (u *ui) resetLink(r *http.Request) (string, *rapport.User, error) {
	token := r.PathValue("token")
	if auth.CheckToken(token, auth.PrefixReset) != nil {
		return "", nil, errResetUnknown
	}
	link, err := u.st.FindLink(r.Context(), auth.HashToken(token))
	if rapport.ErrorCode(err) == rapport.ENOTFOUND || err == nil && link.Purpose != auth.LinkReset {
		return "", nil, errResetUnknown
	}
	if err != nil {
		return "", nil, err
	}
	if err := link.Usable(uiNow()); err != nil {
		return "", nil, resetGone(err)
	}
	usr, err := u.st.FindUserByID(r.Context(), link.UserID)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND || err == nil && usr.Disabled {
		return "", nil, resetGone(auth.ErrLinkExpired) // a deactivated account's links expire
	}
	return token, usr, err
}

// resetGone explains, kindly, why a reset link no longer works and what to do instead.
func resetGone(err error) error {
	msg := "This password link has expired: links work for 24 hours. Ask your administrator for a new one."
	if errors.Is(err, auth.ErrLinkUsed) {
		msg = "This password link has already been used. If you set your password with it, sign in. If not, ask your administrator for a new link."
	}
	return goneError{rapport.Errorf(rapport.EUNAUTHORIZED, "%s", msg)}
}

func (u *ui) resetForm(w http.ResponseWriter, r *http.Request) error {
	token, _, err := u.resetLink(r)
	if err != nil {
		return err
	}
	u.render(w, r, http.StatusOK, "reset", &resetPage{page: u.newPage(r, "Set your password"), Token: token})
	return nil
}

func (u *ui) reset(w http.ResponseWriter, r *http.Request) error {
	token, usr, err := u.resetLink(r)
	if err != nil {
		return err
	}
	password := r.PostForm.Get("password")
	if err := auth.CheckPassword(password, usr.Email, usr.Name); err != nil {
		u.render(w, r, http.StatusUnprocessableEntity, "reset", &resetPage{page: u.newPage(r, "Set your password"), Token: token,
			Errors: formErrors{{"password", sentence(rapport.ErrorMessage(err))}}})
		return nil
	}
	encoded, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	_, err = u.st.ResetPassword(r.Context(), auth.HashToken(token), encoded)
	switch {
	case errors.Is(err, auth.ErrLinkUsed) || errors.Is(err, auth.ErrLinkExpired):
		return resetGone(err) // another request used the link first
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		return errResetUnknown
	case err != nil:
		return err
	}
	u.srv.log.Info("password set through a reset link", "user_id", usr.ID)
	redirect(w, r, "/login?why=reset")
	return nil
}
