-- Claims (issue 16): "Sam is on this record". One row per claimed record, shared by every server
-- on the database. Soft: not part of the record, so no version and no trigger. A claim not
-- renewed within the server's idle limit has lapsed and is ignored by readers; the expiry loop
-- sweeps such rows. Unix seconds, UTC.
CREATE TABLE claims (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations (id),
    operator TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    renewed_at INTEGER NOT NULL
);
