-- Phone enquiries, as SQLite's 0005: a call is kept only as its audit row (action 'call'); this
-- index lists an operator's recent calls without scanning every view ever audited.
CREATE INDEX audit_calls_by_operator ON audit (operator, id) WHERE action = 'call';
