-- Snooze (issue 16): an open exception parked until a time ("waiting for the centre until
-- Thursday"). Unix seconds, UTC; NULL when not snoozed. The queue leaves out records whose time
-- has not come, so a snooze ends by itself when it passes; the reason is in the audit row.
-- Open counts are unchanged: a snoozed record is still an open exception with a deadline.
ALTER TABLE registrations ADD COLUMN snoozed_until INTEGER;
CREATE INDEX registrations_snoozed ON registrations (snoozed_until) WHERE snoozed_until IS NOT NULL;
