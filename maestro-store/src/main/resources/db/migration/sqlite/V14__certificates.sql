-- Maestro state store, schema 14 (SQLite): TLS certificates users upload for their host names.
-- Twin of postgresql/V14__certificates.sql. The certificate chain is public and stored as PEM;
-- the private key is stored only as its AES-256-GCM ciphertext (associated data: the name).

CREATE TABLE certificates (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    -- The leaf's DNS names (subjectAltName), one per line: what forHost matches.
    hosts           TEXT    NOT NULL,
    not_after       INTEGER NOT NULL,
    issuer          TEXT    NOT NULL,
    -- Leaf first, then each issuer in turn (checked before stored).
    chain_pem       TEXT    NOT NULL,
    key_ciphertext  BLOB    NOT NULL,
    key_nonce       BLOB    NOT NULL,
    key_id          TEXT    NOT NULL,
    added_at        INTEGER NOT NULL,
    added_by        TEXT    NOT NULL
) STRICT;
