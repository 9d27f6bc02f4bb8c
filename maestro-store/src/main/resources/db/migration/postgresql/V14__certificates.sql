-- Maestro state store, schema 14 (PostgreSQL): TLS certificates users upload for their host names.
-- Twin of sqlite/V14__certificates.sql. The certificate chain is public and stored as PEM;
-- the private key is stored only as its AES-256-GCM ciphertext (associated data: the name).

CREATE TABLE certificates (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT   NOT NULL UNIQUE CHECK (length(name) > 0),
    -- The leaf's DNS names (subjectAltName), one per line: what forHost matches.
    hosts           TEXT   NOT NULL,
    not_after       TIMESTAMPTZ NOT NULL,
    issuer          TEXT   NOT NULL,
    -- Leaf first, then each issuer in turn (checked before stored).
    chain_pem       TEXT   NOT NULL,
    key_ciphertext  BYTEA  NOT NULL,
    key_nonce       BYTEA  NOT NULL,
    key_id          TEXT   NOT NULL,
    added_at        TIMESTAMPTZ NOT NULL,
    added_by        TEXT   NOT NULL
);
