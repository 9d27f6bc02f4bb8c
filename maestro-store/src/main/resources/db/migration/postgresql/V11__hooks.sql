-- Maestro state store, schema 11 (PostgreSQL): redeploy hooks and git push webhooks.
-- Twin of sqlite/V11__hooks.sql. Per-application webhook secrets are not here: they are
-- in the secret store (scope "webhook"), encrypted like every other secret.

-- Secret redeploy URLs: only the token's public prefix and its SHA-256 are kept.
CREATE TABLE redeploy_hooks (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    prefix         TEXT    NOT NULL,
    token_hash     TEXT    NOT NULL,
    created_by     TEXT    NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_used_at   TIMESTAMPTZ,
    UNIQUE (application_id, prefix)
);

-- Every webhook delivery accepted, by the provider's delivery id: a second one is a replay.
CREATE TABLE webhook_deliveries (
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    provider       TEXT    NOT NULL CHECK (provider IN ('github', 'gitlab')),
    delivery_id    TEXT    NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, provider, delivery_id)
);

-- The deployment a pushed commit started: one per application, environment and commit.
CREATE TABLE webhook_commits (
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    commit_sha     TEXT    NOT NULL,
    deployment_id  BIGINT  NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, environment, commit_sha)
);
