-- Revoking an operator, as SQLite's 0003: the row stays, because the audit trail names the
-- operator, but a revoked operator's token no longer authenticates.
ALTER TABLE operators ADD COLUMN revoked_at BIGINT;

-- Bumped by every change to who may do what; each server polls it to learn that its token cache
-- may be wrong. Triggers, so that no writer can forget to bump it.
CREATE TABLE operators_generation (
    only_row    BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    generation  BIGINT NOT NULL
);
INSERT INTO operators_generation (generation) VALUES (0);

CREATE FUNCTION operators_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE operators_generation SET generation = generation + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER operators_generation_on_update
    AFTER UPDATE OF role, token_hash, revoked_at ON operators
    FOR EACH ROW EXECUTE FUNCTION operators_generation_bump();
CREATE TRIGGER operators_generation_on_delete AFTER DELETE ON operators
    FOR EACH ROW EXECUTE FUNCTION operators_generation_bump();
