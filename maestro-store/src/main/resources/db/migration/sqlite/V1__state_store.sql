-- Maestro state store, schema 1 (SQLite).
-- Twin of postgresql/V1__state_store.sql: same tables, columns and constraints. Here times are
-- INTEGER epoch milliseconds, booleans INTEGER 0/1, and tables STRICT so types are enforced.

CREATE TABLE applications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    -- The last version number handed out; incremented under the row's write lock.
    latest_version INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE application_versions (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL CHECK (version > 0),
    service_yml    TEXT    NOT NULL,
    manifest_yml   TEXT,
    comment        TEXT    NOT NULL,
    author         TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (application_id, version)
) STRICT;

CREATE TABLE users (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    role       TEXT    NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The start of the token, shown in listings and used to find the row; the rest is secret.
    prefix       TEXT    NOT NULL,
    -- Hex SHA-256 of the whole token; the clear token is never stored.
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX api_tokens_prefix ON api_tokens (prefix);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    target         TEXT    NOT NULL,
    detail         TEXT    NOT NULL,
    source_address TEXT
) STRICT;
CREATE INDEX audit_log_target ON audit_log (target, id);

-- Append-only: history that can be rewritten is no audit.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- One row per application and environment while a deployment holds (or last held) the lock.
CREATE TABLE deployment_leases (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    holder         TEXT    NOT NULL,
    acquired_at    INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (application_id, environment)
) STRICT;

CREATE TABLE deployments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL,
    environment    TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    requested_by   TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    started_at     INTEGER,
    finished_at    INTEGER,
    detail         TEXT,
    FOREIGN KEY (application_id, version)
        REFERENCES application_versions (application_id, version) ON DELETE CASCADE
) STRICT;
CREATE INDEX deployments_queue ON deployments (application_id, environment, status, id);
CREATE INDEX deployments_status ON deployments (status);

-- The journal: a step's row is written before the step runs.
CREATE TABLE deployment_steps (
    deployment_id INTEGER NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq > 0),
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    started_at    INTEGER,
    finished_at   INTEGER,
    detail        TEXT,
    PRIMARY KEY (deployment_id, seq)
) STRICT;

-- AES-256-GCM ciphertexts; the associated data binds each to its application, scope and name.
CREATE TABLE secrets (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    scope          TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    ciphertext     BLOB    NOT NULL,
    nonce          BLOB    NOT NULL,
    key_id         TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (application_id, scope, name)
) STRICT;

-- Every change of an environment variable; the current value is the latest row per name.
CREATE TABLE env_var_changes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    service        TEXT,
    name           TEXT    NOT NULL CHECK (length(name) > 0),
    value          TEXT,
    secret_ref     TEXT,
    set_by         TEXT    NOT NULL,
    at             INTEGER NOT NULL,
    unset          INTEGER NOT NULL CHECK (unset IN (0, 1)),
    CHECK ((unset = 1 AND value IS NULL AND secret_ref IS NULL)
        OR (unset = 0 AND (value IS NULL) <> (secret_ref IS NULL)))
) STRICT;
CREATE INDEX env_var_changes_name ON env_var_changes (application_id, service, name, id);
