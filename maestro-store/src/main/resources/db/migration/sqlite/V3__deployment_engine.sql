-- Maestro state store, schema 3 (SQLite): what the deploy engine keeps besides deployments and
-- their journal. Twin of postgresql/V3__deployment_engine.sql.

-- Per application environment: which cluster it deploys to and how.
CREATE TABLE environment_settings (
    application_id          INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment             TEXT    NOT NULL,
    cluster                 TEXT,
    auto_rollback           INTEGER NOT NULL CHECK (auto_rollback IN (0, 1)),
    reapply_drift           INTEGER NOT NULL CHECK (reapply_drift IN (0, 1)),
    force_conflicts         INTEGER NOT NULL CHECK (force_conflicts IN (0, 1)),
    rollout_timeout_seconds INTEGER NOT NULL CHECK (rollout_timeout_seconds > 0),
    updated_at              INTEGER NOT NULL,
    updated_by              TEXT    NOT NULL,
    PRIMARY KEY (application_id, environment)
) STRICT;

-- What a deployment targets and used: the cluster, the deployment it rolls back to, and the image
-- of every service (JSON object service -> image), so a rollback redeploys exactly those images.
CREATE TABLE deployment_targets (
    deployment_id INTEGER NOT NULL PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    cluster       TEXT,
    rollback_of   INTEGER,
    images        TEXT
) STRICT;

-- The deployment log, line by line (secrets never reach it: lines are written by the engine).
CREATE TABLE deployment_log (
    deployment_id INTEGER NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq > 0),
    at            INTEGER NOT NULL,
    line          TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, seq)
) STRICT;

-- Replica counts set with `maestro services scale`: later deploys render them.
CREATE TABLE desired_replicas (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    service        TEXT    NOT NULL,
    replicas       INTEGER NOT NULL CHECK (replicas >= 0),
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT    NOT NULL,
    PRIMARY KEY (application_id, environment, service)
) STRICT;

-- The last drift check of an application environment (JSON list of {kind, name, change}).
CREATE TABLE drift_reports (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    checked_at     INTEGER NOT NULL,
    objects        TEXT    NOT NULL,
    PRIMARY KEY (application_id, environment)
) STRICT;
