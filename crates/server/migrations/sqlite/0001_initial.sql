-- The awarding body's registration backend.
CREATE TABLE operators (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'supervisor', 'system')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- Every registration a centre submitted. `status` is 'matched' for those that verified first time;
-- the rest are exceptions: open, resolved, rejected or expired. Times are UTC unix seconds.
CREATE TABLE registrations (
    id             INTEGER PRIMARY KEY,
    uln            TEXT,              -- as supplied, possibly malformed; NULL once removed on expiry
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    gender         TEXT NOT NULL,
    postcode       TEXT NOT NULL,
    centre         TEXT NOT NULL,
    registered_at  INTEGER NOT NULL,
    deadline       INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('matched', 'open', 'resolved', 'rejected', 'expired')),
    version        INTEGER NOT NULL DEFAULT 1,
    verify_code    TEXT NOT NULL,
    failure_flags  TEXT NOT NULL DEFAULT '',
    anomalies      INTEGER NOT NULL DEFAULT 0,  -- bit set of AnomalyKind
    reject_reason  TEXT
);
CREATE INDEX registrations_by_deadline ON registrations (status, deadline, id);
CREATE INDEX registrations_by_registered ON registrations (status, registered_at, id);
CREATE INDEX registrations_by_centre ON registrations (status, centre, id);
CREATE INDEX registrations_by_family_name ON registrations (status, family_name, id);

-- Append-only: who saw or changed what, when and why.
CREATE TABLE audit (
    id               INTEGER PRIMARY KEY,
    registration_id  INTEGER REFERENCES registrations (id),
    subject          TEXT,            -- for actions not on a registration, e.g. a PLR lookup's ULN
    operator         TEXT NOT NULL,
    at               INTEGER NOT NULL,
    action           TEXT NOT NULL,
    reason           TEXT,
    changes          TEXT             -- JSON: field -> {before, after}
);
CREATE INDEX audit_by_registration ON audit (registration_id, id);
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are never deleted'); END;

-- Ground truth of injected demo anomalies, for tests and benchmarks to score diagnosis.
-- The API never reads this table.
CREATE TABLE seeded_anomalies (
    registration_id  INTEGER PRIMARY KEY REFERENCES registrations (id),
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
    ability_to_share      INTEGER NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE INDEX lrs_learners_by_birth ON lrs_learners (date_of_birth);

CREATE TABLE lrs_linked_ulns (
    linked_uln  TEXT PRIMARY KEY,
    master_uln  TEXT NOT NULL REFERENCES lrs_learners (uln)
) WITHOUT ROWID;
CREATE INDEX lrs_linked_by_master ON lrs_linked_ulns (master_uln);

CREATE TABLE lrs_events (
    id                     INTEGER PRIMARY KEY,
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
    credits                INTEGER,
    status                 TEXT NOT NULL CHECK (status IN ('final', 'provisional'))
);
CREATE INDEX lrs_events_by_learner ON lrs_events (uln);

CREATE TABLE lrs_challenges (
    id           INTEGER PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,
    uln          TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('incorrect_information', 'not_learners', 'duplicate')),
    corrected    TEXT,
    note         TEXT NOT NULL,
    contact      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'rejected')),
    created_at   INTEGER NOT NULL,
    resolved_at  INTEGER,
    raised_by    TEXT NOT NULL
);
CREATE INDEX lrs_challenges_by_status ON lrs_challenges (status, id);

CREATE TABLE lrs_challenge_events (
    challenge_id  INTEGER NOT NULL REFERENCES lrs_challenges (id),
    event_id      INTEGER NOT NULL REFERENCES lrs_events (id),
    PRIMARY KEY (challenge_id, event_id)
) WITHOUT ROWID;
CREATE INDEX lrs_challenge_events_by_event ON lrs_challenge_events (event_id);
