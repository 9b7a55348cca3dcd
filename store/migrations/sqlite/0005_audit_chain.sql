-- The hash chain moves out of the event rows into its own table, appended
-- after commit by one chainer at a time (store.ChainAudit). A request now
-- writes its events and a row in audit_pending, and never waits on the chain
-- head, so audited requests no longer queue behind one another's commits.
-- Existing events were chained in ID order; they keep their links.
CREATE TABLE audit_chain (
    seq       INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL UNIQUE,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
INSERT INTO audit_chain (seq, event_id, prev_hash, hash)
    SELECT id, id, prev_hash, hash FROM audit_events ORDER BY id;

-- Events committed but not yet linked. It is a queue: the chainer deletes a
-- row when it links the event, in the same transaction.
CREATE TABLE audit_pending (
    event_id INTEGER PRIMARY KEY
);

-- Events now take the next row ID (deletes are refused, so none is reused).
ALTER TABLE audit_events DROP COLUMN prev_hash;
ALTER TABLE audit_events DROP COLUMN hash;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is append-only');
END;

CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
