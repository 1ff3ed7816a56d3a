-- Credits used per workspace and UTC day, for the dashboard's chart of daily use. A row is added
-- to (never rewritten from scratch) when a reservation is settled, in the same transaction as the
-- period counter, so the days always sum to what the counters say was used.

CREATE TABLE usage_days (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    credits BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, day)
);
