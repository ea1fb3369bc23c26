-- Operators' SSH public keys, as SQLite's 0013: the fingerprint (SHA256, as OpenSSH prints it)
-- finds a connecting key and names a key to remove.
CREATE TABLE operator_keys (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operator_id  BIGINT NOT NULL REFERENCES operators (id),
    fingerprint  TEXT NOT NULL UNIQUE,
    public_key   TEXT NOT NULL,
    comment      TEXT NOT NULL,
    added_at     BIGINT NOT NULL
);
CREATE INDEX operator_keys_by_operator ON operator_keys (operator_id);

-- A key added or removed changes who may connect: servers hear it as they hear a revocation.
CREATE TRIGGER operators_generation_on_key_insert AFTER INSERT ON operator_keys
    FOR EACH ROW EXECUTE FUNCTION operators_generation_bump();
CREATE TRIGGER operators_generation_on_key_delete AFTER DELETE ON operator_keys
    FOR EACH ROW EXECUTE FUNCTION operators_generation_bump();
