-- Snooze, as SQLite's 0007: unix seconds, UTC, NULL when not snoozed; the queue leaves out
-- records whose time has not come. Open counts are unchanged.
ALTER TABLE registrations ADD COLUMN snoozed_until BIGINT;
CREATE INDEX registrations_snoozed ON registrations (snoozed_until) WHERE snoozed_until IS NOT NULL;
