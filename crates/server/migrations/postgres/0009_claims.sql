-- Claims, as SQLite's 0009: one row per claimed record, unix seconds, UTC; a claim not renewed
-- within the idle limit has lapsed and is ignored by readers.
CREATE TABLE claims (
    registration_id BIGINT PRIMARY KEY REFERENCES registrations (id),
    operator TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    renewed_at BIGINT NOT NULL
);
