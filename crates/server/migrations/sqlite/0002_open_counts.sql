-- Queue counts without scanning the queues (issue 10). Every change used to make every console
-- recount every queue by a scan of all open exceptions; here the open exceptions are counted per
-- queue and per hour of deadline, kept by triggers in the same transaction as the change itself,
-- so the counts can never disagree with the rows. A count for "deadline at or before t" sums the
-- whole hours before t's hour from here and counts the few rows of t's own hour exactly, so the
-- bands stay exact to the second as time moves them.

-- The queues a row can belong to: 0 is "all open", the others are the bits of the anomaly set
-- (any bit, so a new anomaly kind needs no migration).
CREATE TABLE queue_bits (bit INTEGER PRIMARY KEY) WITHOUT ROWID;
WITH RECURSIVE bits(bit) AS (SELECT 1 UNION ALL SELECT bit * 2 FROM bits WHERE bit < 1073741824)
INSERT INTO queue_bits SELECT 0 UNION ALL SELECT bit FROM bits;

CREATE TABLE open_counts (
    queue  INTEGER NOT NULL,  -- 0, or one anomaly bit
    hour   INTEGER NOT NULL,  -- deadline / 3600 (unix hours)
    n      INTEGER NOT NULL CHECK (n > 0),
    PRIMARY KEY (queue, hour)
) WITHOUT ROWID;

INSERT INTO open_counts (queue, hour, n)
SELECT b.bit, r.deadline / 3600, COUNT(*)
FROM registrations r JOIN queue_bits b ON b.bit = 0 OR (r.anomalies & b.bit) != 0
WHERE r.status = 'open'
GROUP BY b.bit, r.deadline / 3600;

CREATE TRIGGER open_counts_on_insert AFTER INSERT ON registrations WHEN NEW.status = 'open'
BEGIN
    INSERT INTO open_counts (queue, hour, n)
    SELECT bit, NEW.deadline / 3600, 1 FROM queue_bits WHERE bit = 0 OR (NEW.anomalies & bit) != 0
    ON CONFLICT (queue, hour) DO UPDATE SET n = n + 1;
END;

-- An update is a leave (if it was open) and a join (if it is open); both fire when both hold.
CREATE TRIGGER open_counts_on_leave AFTER UPDATE OF status, anomalies, deadline ON registrations
WHEN OLD.status = 'open'
BEGIN
    DELETE FROM open_counts WHERE hour = OLD.deadline / 3600 AND n = 1
        AND queue IN (SELECT bit FROM queue_bits WHERE bit = 0 OR (OLD.anomalies & bit) != 0);
    UPDATE open_counts SET n = n - 1 WHERE hour = OLD.deadline / 3600
        AND queue IN (SELECT bit FROM queue_bits WHERE bit = 0 OR (OLD.anomalies & bit) != 0);
END;

CREATE TRIGGER open_counts_on_join AFTER UPDATE OF status, anomalies, deadline ON registrations
WHEN NEW.status = 'open'
BEGIN
    INSERT INTO open_counts (queue, hour, n)
    SELECT bit, NEW.deadline / 3600, 1 FROM queue_bits WHERE bit = 0 OR (NEW.anomalies & bit) != 0
    ON CONFLICT (queue, hour) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER open_counts_on_delete AFTER DELETE ON registrations WHEN OLD.status = 'open'
BEGIN
    DELETE FROM open_counts WHERE hour = OLD.deadline / 3600 AND n = 1
        AND queue IN (SELECT bit FROM queue_bits WHERE bit = 0 OR (OLD.anomalies & bit) != 0);
    UPDATE open_counts SET n = n - 1 WHERE hour = OLD.deadline / 3600
        AND queue IN (SELECT bit FROM queue_bits WHERE bit = 0 OR (OLD.anomalies & bit) != 0);
END;
