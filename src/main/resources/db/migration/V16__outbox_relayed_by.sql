-- Several instances (issue 12): each outbox entry is claimed and relayed by one instance, which signs it here with its
-- bridge.instance-id when it marks the entry sent. NULL for entries relayed before this column existed.
ALTER TABLE outbox ADD COLUMN relayed_by VARCHAR(100);
