-- The dashboard (issue 16), as SQLite's 0008: the closing actions of the last four weeks found
-- by time without reading the rest of the trail, and the open exceptions' centres counted from
-- an index of the open rows alone.
CREATE INDEX audit_closings_by_time ON audit (at, registration_id)
    WHERE action IN ('amended', 'verified', 'rejected');
CREATE INDEX registrations_open_by_centre ON registrations (centre COLLATE "C", anomalies)
    WHERE status = 'open';
