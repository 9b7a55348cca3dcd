-- One-time links: the first-run setup link and admin-issued password reset links. Only the
-- SHA-256 of the token is stored; the token itself is shown once.
CREATE TABLE one_time_links (
    token_hash BYTEA PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE, -- NULL for a setup link
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX one_time_links_expires ON one_time_links (expires_at);
