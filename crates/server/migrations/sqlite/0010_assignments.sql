-- Assignment (issue 16): an open exception handed to a named colleague ("can you take this one,
-- the centre rang you yesterday"). The operator's name, NULL when nobody holds it; the message
-- that came with it is the `assigned` audit row's reason. Part of the record's workflow state,
-- so it changes the version like every write. The partial index serves "mine" and the handover
-- summary, which only ever ask about open records.
ALTER TABLE registrations ADD COLUMN assigned_to TEXT;
CREATE INDEX registrations_open_by_assignee ON registrations (assigned_to, deadline, id)
    WHERE status = 'open' AND assigned_to IS NOT NULL;
