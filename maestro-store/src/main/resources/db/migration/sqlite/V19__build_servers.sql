-- Build servers (SQLite twin of postgresql/V19__build_servers.sql): a registered server with the
-- role 'build' runs queued builds, at most `slots` at once. Each build records the server that
-- ran it (NULL: the control plane's own host).
CREATE TABLE server_roles (
    server TEXT    NOT NULL REFERENCES servers (name) ON DELETE CASCADE,
    role   TEXT    NOT NULL CHECK (role IN ('build')),
    slots  INTEGER NOT NULL DEFAULT 1 CHECK (slots BETWEEN 1 AND 64),
    PRIMARY KEY (server, role)
) STRICT;

ALTER TABLE builds ADD COLUMN server TEXT;
