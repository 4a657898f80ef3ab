-- The reconciler (forwarding/Reconciler, issue 13) looks, every minute, for cases still RECEIVED past an age and, for each
-- stranded candidate, for outbox entries of its case and queue. Without these it would read the whole case table and the
-- whole outbox on every run.
CREATE INDEX ix_filing_case_state ON filing_case (state, received_at);
CREATE INDEX ix_outbox_case ON outbox (case_id, destination);
