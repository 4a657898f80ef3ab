-- A decision id of the skills system is claimed, in its own transaction, before the decision gets any answer; the
-- answer (applied, refused, 422 out of its time window, 503 failed) is then stored with the claim. A decision id is
-- therefore spent once claimed: the same body gets the stored answer again, another body 409 decision-id-spent, and a
-- refused or failed decision is never replayed under the same id (the skills system sends a new decision).
CREATE TABLE decision_claim (
    decision_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    body_sm3    VARCHAR(64)              NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    http_status INTEGER,
    answer      VARCHAR,
    answered_at TIMESTAMP WITH TIME ZONE
);
