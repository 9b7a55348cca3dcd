-- The hash chain moves out of the event rows into its own table, appended
-- after commit by one chainer at a time (store.ChainAudit). A request now
-- writes its events and a row in audit_pending, and never waits on the chain
-- head's row lock, so audited requests no longer queue behind one another's
-- commit flush. Existing events were chained in ID order; they keep their links.
CREATE TABLE audit_chain (
    seq       BIGINT PRIMARY KEY,
    event_id  BIGINT NOT NULL UNIQUE,
    prev_hash BYTEA NOT NULL,
    hash      BYTEA NOT NULL
);
INSERT INTO audit_chain (seq, event_id, prev_hash, hash)
    SELECT id, id, prev_hash, hash FROM audit_events ORDER BY id;

-- Events committed but not yet linked. It is a queue: the chainer deletes a
-- row when it links the event, in the same transaction.
CREATE TABLE audit_pending (
    event_id BIGINT PRIMARY KEY
);

ALTER TABLE audit_events DROP COLUMN prev_hash, DROP COLUMN hash;

-- Event IDs come from a sequence, which takes no lock a commit must wait for.
CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id;
SELECT setval('audit_events_id_seq', COALESCE((SELECT MAX(id) FROM audit_events), 0) + 1, false);
ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT nextval('audit_events_id_seq');

CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
