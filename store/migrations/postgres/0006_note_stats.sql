-- Per-note numbers for the trends pages, read once from each note's stored
-- analysis (store/trends.go fills them the first time a trend covers the
-- note), so a trend adds up small rows instead of parsing every note's JSON
-- on each view. They are a cache of the analysis: deleting rows is safe, and
-- a later migration that changes what is counted can empty these tables.
-- Each row repeats its note's author and time, so a trend reads one index
-- range per table instead of joining every row back to notes.

CREATE TABLE note_stats (
    note_id          BIGINT PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,
    author_id        BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    analysed         BOOLEAN NOT NULL, -- false: no readable analysis; not counted
    overall          INTEGER NOT NULL,
    emotional        INTEGER NOT NULL,
    cognitive        INTEGER NOT NULL,
    exploration      INTEGER NOT NULL,
    compassionate    INTEGER NOT NULL,
    open_questions   INTEGER NOT NULL,
    closed_questions INTEGER NOT NULL,
    pitfalls         INTEGER NOT NULL
);
CREATE INDEX note_stats_author ON note_stats (author_id, created_at);

-- How many findings of each pitfall code the note has.
CREATE TABLE note_stat_pitfalls (
    note_id    BIGINT NOT NULL REFERENCES note_stats (note_id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    code       TEXT NOT NULL,
    hits       INTEGER NOT NULL,
    PRIMARY KEY (note_id, code)
);
CREATE INDEX note_stat_pitfalls_author ON note_stat_pitfalls (author_id, created_at);

-- The suggestions the engine made for the note, by code and text.
CREATE TABLE note_stat_suggestions (
    note_id    BIGINT NOT NULL REFERENCES note_stats (note_id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    code       TEXT NOT NULL,
    text       TEXT NOT NULL,
    hits       INTEGER NOT NULL,
    PRIMARY KEY (note_id, code, text)
);
CREATE INDEX note_stat_suggestions_author ON note_stat_suggestions (author_id, created_at);

-- Trends find an author's notes by time, to fill the rows above.
CREATE INDEX notes_author ON notes (author_id, created_at);
