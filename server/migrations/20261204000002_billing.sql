-- Plans and billing: each workspace's subscription state, processed Stripe events, and AI-credit
-- usage per billing period with the reservations that hold credits while work is in flight.

-- One row per workspace that ever had billing activity; no row means the free plan.
-- state_time is the Stripe time (event or object) the state reflects: an update carrying an
-- older time is ignored, so out-of-order deliveries cannot regress the state.
CREATE TABLE billing (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    plan TEXT NOT NULL,
    status TEXT NOT NULL,
    stripe_customer_id TEXT UNIQUE,
    stripe_subscription_id TEXT,
    period_start BIGINT,
    period_end BIGINT,
    cancel_at_period_end BIGINT NOT NULL DEFAULT 0,
    past_due_since BIGINT,
    state_time BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE stripe_events (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    received_at BIGINT NOT NULL
);

CREATE TABLE usage_counters (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    period_start BIGINT NOT NULL,
    period_end BIGINT NOT NULL,
    allowance BIGINT NOT NULL,
    used BIGINT NOT NULL DEFAULT 0,
    reserved BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, period_start)
);

CREATE TABLE reservations (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    period_start BIGINT NOT NULL,
    credits BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX reservations_by_expiry ON reservations (expires_at);
