-- One-time links: the first-run setup link and admin-issued password reset links. Only the
-- SHA-256 of the token is stored; the token itself is shown once.
CREATE TABLE one_time_links (
    token_hash BLOB PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE, -- NULL for a setup link
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX one_time_links_expires ON one_time_links (expires_at);
