-- The awarding body's registration backend, on PostgreSQL: the same tables as SQLite's 0001.
-- Times stay UTC unix seconds (BIGINT) and dates ISO text, so both stores decode the same values.
-- Text sort keys are indexed COLLATE "C" (byte order), the order `uln_api::sort` defines, so the
-- queue pages use these indexes whatever the database's own collation.
CREATE TABLE operators (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'supervisor', 'system')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

-- Every registration a centre submitted. `status` is 'matched' for those that verified first time;
-- the rest are exceptions: open, resolved, rejected or expired.
CREATE TABLE registrations (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uln            TEXT,              -- as supplied, possibly malformed; NULL once removed on expiry
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    gender         TEXT NOT NULL,
    postcode       TEXT NOT NULL,
    centre         TEXT NOT NULL,
    registered_at  BIGINT NOT NULL,
    deadline       BIGINT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('matched', 'open', 'resolved', 'rejected', 'expired')),
    version        BIGINT NOT NULL DEFAULT 1,
    verify_code    TEXT NOT NULL,
    failure_flags  TEXT NOT NULL DEFAULT '',
    anomalies      BIGINT NOT NULL DEFAULT 0,  -- bit set of AnomalyKind
    reject_reason  TEXT
);
CREATE INDEX registrations_by_deadline ON registrations (status, deadline, id);
CREATE INDEX registrations_by_registered ON registrations (status, registered_at, id);
CREATE INDEX registrations_by_centre ON registrations (status, centre COLLATE "C", id);
CREATE INDEX registrations_by_family_name ON registrations (status, family_name COLLATE "C", id);

-- Append-only: who saw or changed what, when and why.
CREATE TABLE audit (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id  BIGINT REFERENCES registrations (id),
    subject          TEXT,            -- for actions not on a registration, e.g. a PLR lookup's ULN
    operator         TEXT NOT NULL,
    at               BIGINT NOT NULL,
    action           TEXT NOT NULL,
    reason           TEXT,
    changes          JSONB            -- field -> {before, after}
);
CREATE INDEX audit_by_registration ON audit (registration_id, id);

-- Enforced by the database, not by our code: a trigger refuses every UPDATE and DELETE, row by
-- row, and TRUNCATE (which fires no row triggers) has a statement trigger of its own. The owner
-- could still drop the triggers; a deployment that must stop that too runs the server as a role
-- that does not own the table (README, team deployment).
CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are never changed or deleted (%)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_is_append_only_rows BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_is_append_only_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();

-- Ground truth of injected demo anomalies, for tests and benchmarks to score diagnosis.
-- The API never reads this table.
CREATE TABLE seeded_anomalies (
    registration_id  BIGINT PRIMARY KEY REFERENCES registrations (id),
    kind             TEXT NOT NULL
);

-- The simulated Learning Records Service: its own tables.
CREATE TABLE lrs_learners (
    uln                   TEXT PRIMARY KEY,
    given_name            TEXT NOT NULL,
    family_name           TEXT NOT NULL,
    date_of_birth         TEXT NOT NULL,
    gender                TEXT NOT NULL,
    postcode              TEXT,
    preferred_given_name  TEXT,
    middle_names          TEXT,
    previous_family_name  TEXT,
    ability_to_share      BOOLEAN NOT NULL,
    version               BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX lrs_learners_by_birth ON lrs_learners (date_of_birth);

CREATE TABLE lrs_linked_ulns (
    linked_uln  TEXT PRIMARY KEY,
    master_uln  TEXT NOT NULL REFERENCES lrs_learners (uln)
);
CREATE INDEX lrs_linked_by_master ON lrs_linked_ulns (master_uln);

CREATE TABLE lrs_events (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uln                    TEXT NOT NULL REFERENCES lrs_learners (uln),
    source                 TEXT NOT NULL CHECK (source IN ('ILR', 'NPD', 'AO')),
    qualification_code     TEXT NOT NULL,
    title                  TEXT NOT NULL,
    qualification_type     TEXT NOT NULL,
    level                  TEXT NOT NULL,
    grade                  TEXT,
    awarding_organisation  TEXT NOT NULL,
    provider               TEXT NOT NULL,
    award_date             TEXT,
    credits                BIGINT,
    status                 TEXT NOT NULL CHECK (status IN ('final', 'provisional'))
);
CREATE INDEX lrs_events_by_learner ON lrs_events (uln);

CREATE TABLE lrs_challenges (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,
    uln          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('incorrect_information', 'not_learners', 'duplicate')),
    corrected    TEXT,
    note         TEXT NOT NULL,
    contact      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'rejected')),
    created_at   BIGINT NOT NULL,
    resolved_at  BIGINT,
    raised_by    TEXT NOT NULL
);
CREATE INDEX lrs_challenges_by_status ON lrs_challenges (status, id);

CREATE TABLE lrs_challenge_events (
    challenge_id  BIGINT NOT NULL REFERENCES lrs_challenges (id),
    event_id      BIGINT NOT NULL REFERENCES lrs_events (id),
    PRIMARY KEY (challenge_id, event_id)
);
CREATE INDEX lrs_challenge_events_by_event ON lrs_challenge_events (event_id);
