-- Maestro state store, schema 1 (PostgreSQL).
-- Twin of sqlite/V1__state_store.sql: same tables, columns and constraints. Here times are
-- TIMESTAMPTZ and booleans BOOLEAN.

CREATE TABLE applications (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    -- The last version number handed out; incremented under the row's write lock.
    latest_version INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE application_versions (
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL CHECK (version > 0),
    service_yml    TEXT    NOT NULL,
    manifest_yml   TEXT,
    comment        TEXT    NOT NULL,
    author         TEXT    NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, version)
);

CREATE TABLE users (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE CHECK (length(name) > 0),
    role       TEXT   NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_tokens (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The start of the token, shown in listings and used to find the row; the rest is secret.
    prefix       TEXT    NOT NULL,
    -- Hex SHA-256 of the whole token; the clear token is never stored.
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX api_tokens_prefix ON api_tokens (prefix);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT   NOT NULL,
    action         TEXT   NOT NULL,
    target         TEXT   NOT NULL,
    detail         TEXT   NOT NULL,
    source_address TEXT
);
CREATE INDEX audit_log_target ON audit_log (target, id);

-- Append-only: history that can be rewritten is no audit.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- One row per application and environment while a deployment holds (or last held) the lock.
CREATE TABLE deployment_leases (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT   NOT NULL,
    holder         TEXT   NOT NULL,
    acquired_at    TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, environment)
);

CREATE TABLE deployments (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT  NOT NULL,
    environment    TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    requested_by   TEXT    NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    detail         TEXT,
    FOREIGN KEY (application_id, version)
        REFERENCES application_versions (application_id, version) ON DELETE CASCADE
);
CREATE INDEX deployments_queue ON deployments (application_id, environment, status, id);
CREATE INDEX deployments_status ON deployments (status);

-- The journal: a step's row is written before the step runs.
CREATE TABLE deployment_steps (
    deployment_id BIGINT  NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq > 0),
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    detail        TEXT,
    PRIMARY KEY (deployment_id, seq)
);

-- AES-256-GCM ciphertexts; the associated data binds each to its application, scope and name.
CREATE TABLE secrets (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    scope          TEXT   NOT NULL,
    name           TEXT   NOT NULL,
    ciphertext     BYTEA  NOT NULL,
    nonce          BYTEA  NOT NULL,
    key_id         TEXT   NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, scope, name)
);

-- Every change of an environment variable; the current value is the latest row per name.
CREATE TABLE env_var_changes (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    service        TEXT,
    name           TEXT    NOT NULL CHECK (length(name) > 0),
    value          TEXT,
    secret_ref     TEXT,
    set_by         TEXT    NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    unset          BOOLEAN NOT NULL,
    CHECK ((unset AND value IS NULL AND secret_ref IS NULL)
        OR (NOT unset AND (value IS NULL) <> (secret_ref IS NULL)))
);
CREATE INDEX env_var_changes_name ON env_var_changes (application_id, service, name, id);
