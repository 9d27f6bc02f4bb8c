-- Servers Maestro runs host components on (PostgreSQL twin of sqlite/V6__servers.sql).
-- An SSH server's private key is stored sealed with the SecretBox (AES-256-GCM under the master
-- key, associated data servers/ssh-private-key/NAME); known_hosts holds the host keys trusted
-- for it. facts is the JSON the control plane gathered when the server was registered.
CREATE TABLE servers (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    kind           TEXT    NOT NULL CHECK (kind IN ('local', 'ssh')),
    ssh_user       TEXT,
    ssh_host       TEXT,
    ssh_port       INTEGER,
    key_ciphertext BYTEA,
    key_nonce      BYTEA,
    key_id         TEXT,
    known_hosts    TEXT,
    facts          TEXT    NOT NULL,
    facts_at       TIMESTAMPTZ NOT NULL,
    added_at       TIMESTAMPTZ NOT NULL,
    added_by       TEXT    NOT NULL,
    CHECK ((kind = 'local' AND ssh_host IS NULL AND key_ciphertext IS NULL)
        OR (kind = 'ssh' AND ssh_user IS NOT NULL AND ssh_host IS NOT NULL AND ssh_port BETWEEN 1 AND 65535
            AND key_ciphertext IS NOT NULL AND key_nonce IS NOT NULL AND key_id IS NOT NULL AND known_hosts IS NOT NULL))
);
