-- Maestro state store, schema 3 (PostgreSQL): what the deploy engine keeps besides deployments
-- and their journal. Twin of sqlite/V3__deployment_engine.sql.

-- Per application environment: which cluster it deploys to and how.
CREATE TABLE environment_settings (
    application_id          BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment             TEXT    NOT NULL,
    cluster                 TEXT,
    auto_rollback           BOOLEAN NOT NULL,
    reapply_drift           BOOLEAN NOT NULL,
    force_conflicts         BOOLEAN NOT NULL,
    rollout_timeout_seconds INTEGER NOT NULL CHECK (rollout_timeout_seconds > 0),
    updated_at              TIMESTAMPTZ NOT NULL,
    updated_by              TEXT    NOT NULL,
    PRIMARY KEY (application_id, environment)
);

-- What a deployment targets and used: the cluster, the deployment it rolls back to, and the image
-- of every service (JSON object service -> image), so a rollback redeploys exactly those images.
CREATE TABLE deployment_targets (
    deployment_id BIGINT NOT NULL PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    cluster       TEXT,
    rollback_of   BIGINT,
    images        TEXT
);

-- The deployment log, line by line (secrets never reach it: lines are written by the engine).
CREATE TABLE deployment_log (
    deployment_id BIGINT  NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq > 0),
    at            TIMESTAMPTZ NOT NULL,
    line          TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, seq)
);

-- Replica counts set with `maestro services scale`: later deploys render them.
CREATE TABLE desired_replicas (
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    service        TEXT    NOT NULL,
    replicas       INTEGER NOT NULL CHECK (replicas >= 0),
    updated_at     TIMESTAMPTZ NOT NULL,
    updated_by     TEXT    NOT NULL,
    PRIMARY KEY (application_id, environment, service)
);

-- The last drift check of an application environment (JSON list of {kind, name, change}).
CREATE TABLE drift_reports (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT   NOT NULL,
    checked_at     TIMESTAMPTZ NOT NULL,
    objects        TEXT   NOT NULL,
    PRIMARY KEY (application_id, environment)
);
