-- Maestro state store, schema 10 (PostgreSQL): deploy = build + publish. Twin of
-- sqlite/V10__deploy_publish.sql.

-- What a deployment was asked for beyond its version: the services in scope (newline separated,
-- empty = every service), per service a git ref or image tag (lines "service<TAB>ref"), the git
-- ref for every git-based service, the deployment profile used, and who or what triggered it.
CREATE TABLE deployment_options (
    deployment_id BIGINT  NOT NULL PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    services      TEXT    NOT NULL,
    service_refs  TEXT    NOT NULL,
    git_ref       TEXT,
    profile       TEXT,
    strategy      TEXT    NOT NULL CHECK (strategy IN ('parallel', 'fast')),
    build         BOOLEAN NOT NULL,
    trigger_name  TEXT    NOT NULL
);

-- Saved deploy options per application: which services, whether git-based services build, and
-- the strategy (parallel = every service; fast = only services whose image changed).
CREATE TABLE deployment_profiles (
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    services       TEXT    NOT NULL,
    build          BOOLEAN NOT NULL,
    strategy       TEXT    NOT NULL CHECK (strategy IN ('parallel', 'fast')),
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT    NOT NULL,
    PRIMARY KEY (application_id, name)
);

-- build_command runs once per service, on the application's first build: remembered here.
CREATE TABLE build_command_runs (
    application_id BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    service        TEXT    NOT NULL,
    deployment_id  BIGINT  NOT NULL,
    ran_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (application_id, service)
);
