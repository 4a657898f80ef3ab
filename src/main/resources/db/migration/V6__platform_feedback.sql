-- Platform feedback: what each PLATFORM outbound record is (a status feedback or an SMS request), which case event it
-- answers (one message per event, so a repeated event queues nothing new) and, for an SMS request, when the platform
-- says the SMS went out (the supplement clock runs from then).

CREATE TABLE platform_message (
    record_id    BIGINT                   NOT NULL PRIMARY KEY REFERENCES outbound_record (record_id),
    case_id      VARCHAR(36)              NOT NULL REFERENCES filing_case (case_id),
    message_kind VARCHAR(16)              NOT NULL,
    source_event VARCHAR(120)             NOT NULL,
    sms_sent_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_platform_message_event UNIQUE (case_id, source_event)
);
