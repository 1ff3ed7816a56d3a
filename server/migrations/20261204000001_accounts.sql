-- Accounts, workspaces, memberships, API tokens, invites, device logins and job history.
--
-- Written once for both backends: only TEXT, BIGINT and portable constraints, times as Unix
-- seconds, ids as random text. SQLite enforces the foreign keys because sqlx turns
-- `foreign_keys` on for every connection.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- A user token has user_id set and no workspace; a workspace token has workspace_id set and
-- acts with the scopes listed, on behalf of created_by.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'workspace')),
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    workspace_id TEXT REFERENCES workspaces (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE CASCADE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
CREATE INDEX api_tokens_by_workspace ON api_tokens (workspace_id);
CREATE INDEX api_tokens_by_creator ON api_tokens (created_by);

CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    created_by TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invites_by_workspace ON invites (workspace_id);

CREATE TABLE device_logins (
    id TEXT PRIMARY KEY,
    device_code_hash TEXT NOT NULL UNIQUE,
    user_code TEXT NOT NULL UNIQUE,
    token_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    interval_seconds BIGINT NOT NULL,
    last_polled_at BIGINT,
    approved_by TEXT REFERENCES users (id) ON DELETE CASCADE,
    approved_at BIGINT,
    consumed_at BIGINT
);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    reported_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    token_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    tool_version TEXT NOT NULL,
    command TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    files BIGINT NOT NULL,
    succeeded BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    failed BIGINT NOT NULL,
    outputs_written BIGINT NOT NULL,
    bytes_in BIGINT NOT NULL,
    bytes_out BIGINT NOT NULL,
    formats TEXT NOT NULL,
    failures TEXT NOT NULL,
    paths TEXT
);
CREATE INDEX jobs_by_workspace_time ON jobs (workspace_id, created_at, id);
CREATE INDEX jobs_by_time ON jobs (created_at);
CREATE INDEX jobs_by_reporter ON jobs (reported_by);
