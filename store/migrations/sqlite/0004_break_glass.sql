-- Break-the-glass grants (auth.BreakGlass): time-limited access to one client
-- outside the user's care teams, with the stated reason. Grants are never
-- updated; an expired grant stays as a record of the emergency, and the audit
-- log holds the break-glass event written with it.

CREATE TABLE break_glass (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL CHECK (reason <> ''),
    granted_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL CHECK (expires_at > granted_at)
);
-- Each signed-in request loads the user's live grants: by user, newest expiry.
CREATE INDEX break_glass_user ON break_glass (user_id, expires_at);
