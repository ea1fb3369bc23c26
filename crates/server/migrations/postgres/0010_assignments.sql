-- Assignment, as SQLite's 0010: the assignee's operator name, NULL when nobody holds it; the
-- message is the `assigned` audit row's reason.
ALTER TABLE registrations ADD COLUMN assigned_to TEXT;
CREATE INDEX registrations_open_by_assignee ON registrations (assigned_to, deadline, id)
    WHERE status = 'open' AND assigned_to IS NOT NULL;
