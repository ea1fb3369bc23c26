-- Queue counts without scanning the queues, as SQLite's 0002: the open exceptions counted per
-- queue (0 for "all open", else one anomaly bit) and per hour of deadline, kept by triggers in
-- the same transaction as the change itself, so the counts never disagree with the rows.
CREATE TABLE queue_bits (bit BIGINT PRIMARY KEY);
INSERT INTO queue_bits SELECT 0 UNION ALL SELECT 1::BIGINT << n FROM generate_series(0, 30) n;

CREATE TABLE open_counts (
    queue  BIGINT NOT NULL,  -- 0, or one anomaly bit
    hour   BIGINT NOT NULL,  -- deadline / 3600 (unix hours)
    -- No CHECK (n >= 0): PostgreSQL checks the row an upsert proposes, and a leaving row
    -- proposes its negative delta before it meets the counter it lowers.
    n      BIGINT NOT NULL,
    PRIMARY KEY (queue, hour)
);
-- Counters that reach zero are removed by the statement that emptied them, found through this.
CREATE INDEX open_counts_empty ON open_counts (queue, hour) WHERE n = 0;

-- Adds each row's delta (1 joining, -1 leaving the open exceptions) to every queue its anomalies
-- put it in. Statement-level: a batch of thousands of rows is one upsert of its net changes,
-- not thousands, and the counters are locked in one order, (queue, hour), by every writer, so
-- two servers writing batches at once wait for each other instead of deadlocking.
-- ($1 anomalies, $2 deadlines, $3 deltas, one element per row.)
CREATE FUNCTION open_counts_add(BIGINT[], BIGINT[], BIGINT[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO open_counts (queue, hour, n)
    SELECT b.bit, r.deadline / 3600, SUM(r.delta)::BIGINT
    FROM unnest($1, $2, $3) AS r (anomalies, deadline, delta)
    JOIN queue_bits b ON b.bit = 0 OR (r.anomalies & b.bit) != 0
    GROUP BY b.bit, r.deadline / 3600
    HAVING SUM(r.delta) != 0
    ORDER BY 1, 2
    ON CONFLICT (queue, hour) DO UPDATE SET n = open_counts.n + EXCLUDED.n;
    DELETE FROM open_counts WHERE n = 0;
$$;

-- Transition tables need one trigger per event (and no column list), so one function serves
-- three triggers; an update that leaves status, anomalies and deadline alone nets to nothing.
CREATE FUNCTION open_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM open_counts_add(array_agg(anomalies), array_agg(deadline), array_agg(1::BIGINT))
        FROM new_rows WHERE status = 'open';
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM open_counts_add(array_agg(anomalies), array_agg(deadline), array_agg(-1::BIGINT))
        FROM old_rows WHERE status = 'open';
    ELSE
        PERFORM open_counts_add(array_agg(anomalies), array_agg(deadline), array_agg(delta))
        FROM (SELECT anomalies, deadline, 1::BIGINT AS delta FROM new_rows WHERE status = 'open'
              UNION ALL
              SELECT anomalies, deadline, -1::BIGINT FROM old_rows WHERE status = 'open') changed;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER open_counts_on_insert AFTER INSERT ON registrations
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION open_counts_follow();
CREATE TRIGGER open_counts_on_update AFTER UPDATE ON registrations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION open_counts_follow();
CREATE TRIGGER open_counts_on_delete AFTER DELETE ON registrations
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION open_counts_follow();
