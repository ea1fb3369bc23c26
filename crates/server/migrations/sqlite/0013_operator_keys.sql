-- Operators' SSH public keys (issue 17): the console served over SSH knows an operator by key.
-- The fingerprint (SHA256, as OpenSSH prints it) is how a connecting key is found and how an
-- administrator names a key to remove; the key itself is kept as its OpenSSH line without comment.
CREATE TABLE operator_keys (
    id           INTEGER PRIMARY KEY,
    operator_id  INTEGER NOT NULL REFERENCES operators (id),
    fingerprint  TEXT NOT NULL UNIQUE,
    public_key   TEXT NOT NULL,
    comment      TEXT NOT NULL,
    added_at     INTEGER NOT NULL
);
CREATE INDEX operator_keys_by_operator ON operator_keys (operator_id);

-- A key added or removed changes who may connect: servers hear it as they hear a revocation.
CREATE TRIGGER operators_generation_on_key_insert AFTER INSERT ON operator_keys
BEGIN
    UPDATE operators_generation SET generation = generation + 1;
END;

CREATE TRIGGER operators_generation_on_key_delete AFTER DELETE ON operator_keys
BEGIN
    UPDATE operators_generation SET generation = generation + 1;
END;
