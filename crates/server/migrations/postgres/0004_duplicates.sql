-- Duplicates, as SQLite's 0004: the qualification a registration is for, and the indexes that
-- find a registration's possible duplicates without a scan. SQLite's NOCASE folds ASCII only;
-- lower() under COLLATE "C" does the same whatever the database's locale.
ALTER TABLE registrations ADD COLUMN qualification TEXT;
CREATE INDEX registrations_by_uln ON registrations (uln);
CREATE INDEX registrations_by_person ON registrations (lower(family_name COLLATE "C"), date_of_birth);
