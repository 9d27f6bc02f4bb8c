-- Maestro state store, schema 8 (SQLite): the local target. Twin of postgresql/V8__local_target.sql.

-- Where an environment's containers run: a registered Kubernetes cluster, or podman on the
-- control plane's own host ("local", what `maestro up` uses).
ALTER TABLE environment_settings ADD COLUMN target TEXT NOT NULL DEFAULT 'cluster'
    CHECK (target IN ('cluster', 'local'));

-- The host components (databases, caches) a local-target deployment provisioned on this host:
-- one row per data store group, so redeploys reuse the same instance and port. Passwords are not
-- here: they are in the secret store (scope "component:ENVIRONMENT").
CREATE TABLE host_components (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    grp            TEXT    NOT NULL,
    instance       TEXT    NOT NULL,
    bind_address   TEXT    NOT NULL,
    port           INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (application_id, environment, kind, grp)
) STRICT;
