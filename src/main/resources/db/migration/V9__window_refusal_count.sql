-- Refusals of callers the window could not authenticate (missing or bad signature, unknown app, stale timestamp,
-- oversize before authentication): counted per channel, reason, claimed app and minute instead of one row each, so an
-- anonymous caller cannot grow the database. app_id is a configured app's id or '-' (any other claim), which bounds
-- the rows per minute; rows older than the retention are purged (intake-refusal-purge).
CREATE TABLE window_refusal_count (
    channel     VARCHAR(8)               NOT NULL,
    reason_code VARCHAR(40)              NOT NULL,
    app_id      VARCHAR(64)              NOT NULL,
    at_minute   TIMESTAMP WITH TIME ZONE NOT NULL,
    refusals    BIGINT                   NOT NULL,
    PRIMARY KEY (channel, reason_code, app_id, at_minute)
);
CREATE INDEX ix_window_refusal_count_minute ON window_refusal_count (at_minute);
CREATE INDEX ix_intake_refusal_refused_at ON intake_refusal (refused_at);
