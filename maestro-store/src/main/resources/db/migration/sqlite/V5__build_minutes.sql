-- BuildGrid's Build Minutes ledger: one row per metered build or retag, never changed. A build is
-- metered once: recording the same (account, build_id) again changes nothing.
CREATE TABLE build_minutes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account         TEXT    NOT NULL,
    build_id        TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('build', 'retag')),
    finished_at     INTEGER NOT NULL,
    metered_seconds INTEGER NOT NULL CHECK (metered_seconds >= 0),
    UNIQUE (account, build_id)
) STRICT;
CREATE INDEX build_minutes_account_time ON build_minutes (account, finished_at);
