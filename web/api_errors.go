package web

import (
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapporthq/rapport"
)

// problemStatus is the one table from rapport error codes to HTTP statuses.
// A code not listed (EINTERNAL: a bug or an outage) is a 500 whose message
// says nothing of the cause; the cause goes to the log.
var problemStatus = map[string]int{
	rapport.ENOTFOUND:     http.StatusNotFound,
	rapport.EINVALID:      http.StatusUnprocessableEntity,
	rapport.EUNAUTHORIZED: http.StatusUnauthorized,
	rapport.EFORBIDDEN:    http.StatusForbidden,
	rapport.ECONFLICT:     http.StatusConflict,
}

var errInternal = errors.New("something went wrong on our side; the error has been logged")

// problem turns an error from the domain, auth or the store into an RFC 9457
// problem with the status from problemStatus and the error's message, which
// never holds client data (rapport.Error's rule).
func (h *apiHandlers) problem(op string, err error) error {
	status, ok := problemStatus[rapport.ErrorCode(err)]
	if !ok {
		h.s.log.Error("api: "+op, "err", err)
		return huma.NewError(http.StatusInternalServerError, errInternal.Error())
	}
	return huma.NewError(status, rapport.ErrorMessage(err))
}
