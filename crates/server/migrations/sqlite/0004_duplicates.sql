-- Duplicates (issue 12): the qualification a registration is for, when the centre said, so that
-- one learner registered twice for one qualification can be told from a learner registered for
-- two; and the indexes that find a registration's possible duplicates without a scan: the same
-- ULN (or the master's linked ULNs), or the same family name and date of birth.
ALTER TABLE registrations ADD COLUMN qualification TEXT;
CREATE INDEX registrations_by_uln ON registrations (uln);
CREATE INDEX registrations_by_person ON registrations (family_name COLLATE NOCASE, date_of_birth);
