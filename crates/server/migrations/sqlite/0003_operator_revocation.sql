-- Revoking an operator (issue 11). The row stays, because the audit trail names the operator, but
-- a revoked operator's token no longer authenticates.
ALTER TABLE operators ADD COLUMN revoked_at INTEGER;

-- Bumped by every change to who may do what. Each server caches tokens and polls this one row
-- (about once a second) to learn that its cache may be wrong: the command line and other servers
-- change operators in the database directly. Triggers, so that no writer can forget to bump it.
CREATE TABLE operators_generation (
    only        INTEGER PRIMARY KEY CHECK (only = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO operators_generation (only, generation) VALUES (1, 0);

CREATE TRIGGER operators_generation_on_update AFTER UPDATE OF role, token_hash, revoked_at ON operators
BEGIN
    UPDATE operators_generation SET generation = generation + 1;
END;

CREATE TRIGGER operators_generation_on_delete AFTER DELETE ON operators
BEGIN
    UPDATE operators_generation SET generation = generation + 1;
END;
