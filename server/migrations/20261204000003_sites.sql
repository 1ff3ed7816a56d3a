-- The site vault: each workspace's WordPress sites with their encrypted Application Password,
-- the audit trail of every release of a password, and the push ledger (what was uploaded where).
--
-- The password is AES-256-GCM ciphertext (base64) with its nonce (base64) and the id of the key
-- that sealed it; the workspace and site ids are its associated data, so a ciphertext copied to
-- another row does not decrypt. upload_types is a comma-separated list of MIME types.

CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    rest_url TEXT NOT NULL,
    username TEXT NOT NULL,
    wordpress_version TEXT,
    upload_types TEXT NOT NULL,
    secret_key_id TEXT NOT NULL,
    secret_nonce TEXT NOT NULL,
    secret_ciphertext TEXT NOT NULL,
    verified_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);
CREATE INDEX sites_by_key ON sites (secret_key_id);

-- One row per release of a site's password. The user goes to NULL when their account is deleted;
-- the token is kept by id and name only, since tokens are pruned long before the trail is.
CREATE TABLE site_access (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    token_id TEXT NOT NULL,
    token_name TEXT NOT NULL,
    ip TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX site_access_by_site ON site_access (site_id, at);
CREATE INDEX site_access_by_time ON site_access (at);
CREATE INDEX site_access_by_user ON site_access (user_id);

-- What each source image (by content hash) became on a site.
CREATE TABLE push_ledger (
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    attachment_id BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    metadata_hash TEXT NOT NULL,
    source_url TEXT,
    pushed_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, content_hash)
);
