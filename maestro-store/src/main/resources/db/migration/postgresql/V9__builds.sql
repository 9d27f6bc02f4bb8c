-- BuildGrid in the control plane (PostgreSQL twin of sqlite/V9__builds.sql): builds and retags
-- with their state and log, the Build Minutes plan of each account, and the credentials of the
-- registries images are pushed to. The metered time of a finished build is also recorded in
-- build_minutes (V5), which stays the ledger.
CREATE TABLE builds (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account         TEXT        NOT NULL,
    application     TEXT        NOT NULL,
    service         TEXT        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('build', 'retag')),
    status          TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    source          TEXT        NOT NULL,
    ref             TEXT        NOT NULL,
    commit_sha      TEXT,
    image           TEXT,
    digest          TEXT,
    requested_by    TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    metered_seconds BIGINT      NOT NULL DEFAULT 0 CHECK (metered_seconds >= 0),
    detail          TEXT
);
CREATE INDEX builds_application ON builds (application, id);
CREATE INDEX builds_status ON builds (status);

CREATE TABLE build_log (
    build_id BIGINT      NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
    seq      INTEGER     NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    line     TEXT        NOT NULL,
    PRIMARY KEY (build_id, seq)
);

-- One plan per account; an account without a row is on the free plan.
CREATE TABLE build_plans (
    account            TEXT        PRIMARY KEY,
    name               TEXT        NOT NULL CHECK (length(name) > 0),
    included_minutes   BIGINT      NOT NULL CHECK (included_minutes >= 0),
    overage_per_minute TEXT        NOT NULL,
    rounding           TEXT        NOT NULL CHECK (rounding IN ('up_to_dollar', 'up_to_cent')),
    hard_stop          BOOLEAN     NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    updated_by         TEXT        NOT NULL
);

-- Registry credentials: the password is sealed with the SecretBox under
-- registries/password/HOST; is_default marks the registry builds push to (at most one).
CREATE TABLE registries (
    host                TEXT        PRIMARY KEY,
    username            TEXT        NOT NULL,
    password_ciphertext BYTEA       NOT NULL,
    password_nonce      BYTEA       NOT NULL,
    key_id              TEXT        NOT NULL,
    is_default          BOOLEAN     NOT NULL DEFAULT FALSE,
    added_at            TIMESTAMPTZ NOT NULL,
    added_by            TEXT        NOT NULL
);
