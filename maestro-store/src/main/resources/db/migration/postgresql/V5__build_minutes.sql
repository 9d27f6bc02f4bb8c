-- BuildGrid's Build Minutes ledger: one row per metered build or retag, never changed. A build is
-- metered once: recording the same (account, build_id) again changes nothing.
CREATE TABLE build_minutes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account         TEXT        NOT NULL,
    build_id        TEXT        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('build', 'retag')),
    finished_at     TIMESTAMPTZ NOT NULL,
    metered_seconds BIGINT      NOT NULL CHECK (metered_seconds >= 0),
    UNIQUE (account, build_id)
);
CREATE INDEX build_minutes_account_time ON build_minutes (account, finished_at);
