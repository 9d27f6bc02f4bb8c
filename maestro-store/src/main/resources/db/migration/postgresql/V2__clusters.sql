-- Maestro state store, schema 2 (PostgreSQL): the Kubernetes clusters Maestro deploys to.
-- Twin of sqlite/V2__clusters.sql. The kubeconfig holds credentials: only its AES-256-GCM
-- ciphertext is stored (associated data: the cluster's name), never the text.

CREATE TABLE clusters (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                  TEXT   NOT NULL UNIQUE CHECK (length(name) > 0),
    -- The kubeconfig context Maestro connects through (the one chosen, or the file's current one).
    context               TEXT   NOT NULL,
    -- The API server's URL from that context: shown in listings, not secret.
    server                TEXT   NOT NULL,
    kubeconfig_ciphertext BYTEA  NOT NULL,
    kubeconfig_nonce      BYTEA  NOT NULL,
    key_id                TEXT   NOT NULL,
    added_at              TIMESTAMPTZ NOT NULL,
    added_by              TEXT   NOT NULL
);
