package web

import "net/http"

// auditStore is what the audit-log pages and break-the-glass need of the store.
type auditStore interface{}

// registerAudit mounts the audit-log pages and break-the-glass.
func (u *ui) registerAudit(mux *http.ServeMux) {}
