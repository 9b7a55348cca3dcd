-- Rapport's first schema, SQLite edition. Migrations are append-only: never
-- edit a released file; add the next one instead. The PostgreSQL edition in
-- ../postgres/0001_init.sql defines the same tables and columns.
--
-- AUTOINCREMENT stops SQLite reusing the ID of a deleted row, so an audit
-- event's client_id can never come to point at a different person.
-- Times are TIMESTAMP so the driver returns time.Time; the store writes them
-- in UTC with microsecond precision, the same as PostgreSQL keeps.

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE clients (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id              INTEGER NOT NULL REFERENCES teams (id),
    preferred_name       TEXT NOT NULL,
    pronouns             TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL DEFAULT '',
    contact_method       TEXT NOT NULL DEFAULT '',
    contact_times        TEXT NOT NULL DEFAULT '',
    what_matters         TEXT NOT NULL DEFAULT '',
    strengths            TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    diagnosis            TEXT NOT NULL DEFAULT '',
    demographics_consent BOOLEAN NOT NULL DEFAULT FALSE,
    age_band             TEXT NOT NULL DEFAULT '',
    gender               TEXT NOT NULL DEFAULT '',
    race_ethnicity       TEXT NOT NULL DEFAULT '',
    created_by           INTEGER NOT NULL REFERENCES users (id),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX clients_team ON clients (team_id);

CREATE TABLE client_needs (
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    domain    TEXT NOT NULL,
    level     TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (client_id, domain)
);

CREATE TABLE care_team_members (
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (client_id, user_id)
);
CREATE INDEX care_team_members_user ON care_team_members (user_id);

CREATE TABLE goals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    words       TEXT NOT NULL,
    target_date DATE,
    status      TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX goals_client ON goals (client_id, id);

CREATE TABLE goal_steps (
    goal_id   INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    who_helps TEXT NOT NULL DEFAULT '',
    done      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (goal_id, position)
);

CREATE TABLE decisions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id        INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    summary          TEXT NOT NULL,
    client_took_part BOOLEAN NOT NULL,
    client_agreed    BOOLEAN NOT NULL,
    decided_at       TIMESTAMP NOT NULL,
    recorded_by      INTEGER NOT NULL REFERENCES users (id),
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX decisions_client ON decisions (client_id, decided_at);

CREATE TABLE concerns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    words       TEXT NOT NULL,
    response    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    raised_at   TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX concerns_client ON concerns (client_id, status);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX feedback_client ON feedback (client_id, created_at);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    analysis   BLOB, -- the engine's JSON, kept byte for byte
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notes_client ON notes (client_id, id);

CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY, -- SHA-256 of the token; the token itself is never stored
    user_id      INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE rate_limits (
    rate_key     TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (rate_key, window_start)
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);

-- The audit log. No foreign keys: the log outlives the records it mentions.
-- IDs come from audit_head.seq, so they run 1, 2, 3… with no gaps.
CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    user_id     INTEGER NOT NULL,
    role        TEXT NOT NULL,
    client_id   INTEGER,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id   INTEGER,
    fields      TEXT NOT NULL DEFAULT '', -- comma-separated field names
    reason      TEXT NOT NULL DEFAULT '',
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL
);
CREATE INDEX audit_events_client ON audit_events (client_id, id);
CREATE INDEX audit_events_user ON audit_events (user_id, id);
CREATE INDEX audit_events_time ON audit_events (occurred_at);

-- The chain head: the last event's ID and hash. Appending updates this one
-- row first, which serialises appends so the chain cannot fork, and it
-- anchors the tail so deleting the newest events is detected too.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.seq < OLD.seq OR NEW.id <> OLD.id
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward');
END;
