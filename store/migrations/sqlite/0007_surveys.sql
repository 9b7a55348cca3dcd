-- Patient-reported surveys (docs/surveys.md, "Storage"): instruments, private invitations and
-- responses. The PostgreSQL edition in ../postgres/0007_surveys.sql defines the same tables.

-- Instruments are FHIR Questionnaires, kept as exported JSON. They never change once stored:
-- a new version is a new row, so every response keeps the wording it was answered with.
CREATE TABLE survey_instruments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL,
    version       TEXT NOT NULL,
    title         TEXT NOT NULL,
    builtin       BOOLEAN NOT NULL,
    scored        BOOLEAN NOT NULL,
    questionnaire BLOB NOT NULL,
    created_by    INTEGER REFERENCES users (id), -- NULL for a built-in instrument
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (url, version)
);

-- A private, single-use, expiring link. Only the SHA-256 of its token is stored. The column
-- is trigger_kind because TRIGGER is an SQL keyword.
CREATE TABLE survey_invitations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash      BLOB NOT NULL UNIQUE,
    client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    case_manager_id INTEGER NOT NULL REFERENCES users (id),
    team_id         INTEGER NOT NULL REFERENCES teams (id),
    instrument_id   INTEGER NOT NULL REFERENCES survey_instruments (id),
    language        TEXT NOT NULL,
    trigger_kind    TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    used_at         TIMESTAMP,
    response_id     INTEGER, -- NULL while unused, and for an anonymous answer
    anonymous       BOOLEAN NOT NULL DEFAULT FALSE
);
-- The automatic rules look for the last invitation of a client and case manager.
CREATE INDEX survey_invitations_client ON survey_invitations (client_id, case_manager_id, created_at);

-- Answers. An anonymous response has no client_id, and no invitation_id once completed.
-- completed_month (year*100 + month, UTC) lets both engines group by month alike.
CREATE TABLE survey_responses (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    invitation_id   INTEGER REFERENCES survey_invitations (id) ON DELETE SET NULL,
    instrument_id   INTEGER NOT NULL REFERENCES survey_instruments (id),
    client_id       INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    case_manager_id INTEGER NOT NULL REFERENCES users (id),
    team_id         INTEGER NOT NULL REFERENCES teams (id),
    anonymous       BOOLEAN NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('in-progress', 'completed')),
    answers         BLOB NOT NULL, -- FHIR QuestionnaireResponse JSON
    score           REAL,          -- the first subscale; NULL when not scorable
    band            TEXT NOT NULL DEFAULT '',
    scores          BLOB,          -- every subscale (survey.Result as JSON)
    comment         TEXT NOT NULL DEFAULT '',
    flagged         BOOLEAN NOT NULL DEFAULT FALSE,
    started_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    completed_at    TIMESTAMP,
    completed_month INTEGER
);
-- One response per invitation (NULLs, for anonymous and imported responses, do not collide).
CREATE UNIQUE INDEX survey_responses_invitation ON survey_responses (invitation_id);
-- The dashboards' aggregates read one index range each, without touching the table: the
-- organisation, a team, or a case manager, one instrument, a time range. Partial indexes keep
-- drafts out.
CREATE INDEX survey_responses_org ON survey_responses (instrument_id, completed_at, completed_month, score, case_manager_id)
    WHERE status = 'completed';
CREATE INDEX survey_responses_team ON survey_responses (team_id, instrument_id, completed_at, completed_month, score, case_manager_id)
    WHERE status = 'completed';
CREATE INDEX survey_responses_staff ON survey_responses (case_manager_id, instrument_id, completed_at, completed_month, score)
    WHERE status = 'completed';
CREATE INDEX survey_responses_client ON survey_responses (client_id);
