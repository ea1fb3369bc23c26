-- The dashboard (issue 16), cheap at any size. The closing actions of the last four weeks are
-- found by time without reading the rest of the trail (views are most of it), and the centres
-- of the open exceptions are counted from an index of the open rows alone, which is small and
-- holds every column the count needs.
CREATE INDEX audit_closings_by_time ON audit (at, registration_id)
    WHERE action IN ('amended', 'verified', 'rejected');
CREATE INDEX registrations_open_by_centre ON registrations (centre, anomalies)
    WHERE status = 'open';
