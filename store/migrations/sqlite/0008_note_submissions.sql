-- A note form or API request may carry a submission key, chosen once per form: a second save
-- with the same key (a double click, a retried request) is refused instead of stored twice.
ALTER TABLE notes ADD COLUMN submission_key TEXT;
CREATE UNIQUE INDEX notes_submission ON notes (author_id, submission_key) WHERE submission_key IS NOT NULL;
