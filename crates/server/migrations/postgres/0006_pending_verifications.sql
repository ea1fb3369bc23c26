-- Registrations that arrived while the register (the LRS) was closed or down (issue 15): held as
-- submitted until a background job can verify them, then stored as registrations with their
-- own `registered_at` and `deadline`, so the four-week clock is the registration's. They are not
-- exceptions, and no operator works them. Times are UTC unix seconds.
CREATE TABLE pending_verifications (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uln            TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    family_name    TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    gender         TEXT NOT NULL,
    postcode       TEXT NOT NULL,
    centre         TEXT NOT NULL,
    qualification  TEXT,
    registered_at  BIGINT NOT NULL,
    deadline       BIGINT NOT NULL,
    submitted_by   TEXT NOT NULL,
    submitted_at   BIGINT NOT NULL
);
