-- Phone enquiries (issue 13). A call is kept only as its audit row (action 'call'), so no
-- personal data is held outside the audit trail; this index lets an operator's recent calls be
-- listed without scanning every view ever audited.
CREATE INDEX audit_calls_by_operator ON audit (operator, id) WHERE action = 'call';
