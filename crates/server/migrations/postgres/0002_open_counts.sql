-- Queue counts without scanning the queues, as SQLite's 0002: the open exceptions counted per
-- queue (0 for "all open", else one anomaly bit) and per hour of deadline, kept by triggers in
-- the same transaction as the change itself, so the counts never disagree with the rows.
CREATE TABLE queue_bits (bit BIGINT PRIMARY KEY);
INSERT INTO queue_bits SELECT 0 UNION ALL SELECT 1::BIGINT << n FROM generate_series(0, 30) n;

CREATE TABLE open_counts (
    queue  BIGINT NOT NULL,  -- 0, or one anomaly bit
    hour   BIGINT NOT NULL,  -- deadline / 3600 (unix hours)
    n      BIGINT NOT NULL CHECK (n > 0),
    PRIMARY KEY (queue, hour)
);

-- Adds `delta` (1 or -1) to every queue a row with these anomalies and deadline is in; a count
-- that reaches zero is removed, as the CHECK demands. Concurrent writers to one (queue, hour)
-- serialise on that row's lock, so no increment is lost.
CREATE FUNCTION open_counts_add(anomalies BIGINT, deadline BIGINT, delta BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF delta > 0 THEN
        INSERT INTO open_counts (queue, hour, n)
        SELECT bit, deadline / 3600, delta FROM queue_bits WHERE bit = 0 OR (anomalies & bit) != 0
        ON CONFLICT (queue, hour) DO UPDATE SET n = open_counts.n + EXCLUDED.n;
    ELSE
        DELETE FROM open_counts c WHERE c.hour = deadline / 3600 AND c.n = -delta
            AND c.queue IN (SELECT bit FROM queue_bits WHERE bit = 0 OR (anomalies & bit) != 0);
        UPDATE open_counts c SET n = c.n + delta WHERE c.hour = deadline / 3600
            AND c.queue IN (SELECT bit FROM queue_bits WHERE bit = 0 OR (anomalies & bit) != 0);
    END IF;
END;
$$;

-- An update is a leave (if it was open) and a join (if it is open); both apply when both hold.
CREATE FUNCTION open_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'open' THEN
        PERFORM open_counts_add(OLD.anomalies, OLD.deadline, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'open' THEN
        PERFORM open_counts_add(NEW.anomalies, NEW.deadline, 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER open_counts_follow
    AFTER INSERT OR DELETE OR UPDATE OF status, anomalies, deadline ON registrations
    FOR EACH ROW EXECUTE FUNCTION open_counts_follow();
