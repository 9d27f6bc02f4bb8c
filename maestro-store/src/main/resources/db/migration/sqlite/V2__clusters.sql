-- Maestro state store, schema 2 (SQLite): the Kubernetes clusters Maestro deploys to.
-- Twin of postgresql/V2__clusters.sql. The kubeconfig holds credentials: only its AES-256-GCM
-- ciphertext is stored (associated data: the cluster's name), never the text.

CREATE TABLE clusters (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
    -- The kubeconfig context Maestro connects through (the one chosen, or the file's current one).
    context               TEXT    NOT NULL,
    -- The API server's URL from that context: shown in listings, not secret.
    server                TEXT    NOT NULL,
    kubeconfig_ciphertext BLOB    NOT NULL,
    kubeconfig_nonce      BLOB    NOT NULL,
    key_id                TEXT    NOT NULL,
    added_at              INTEGER NOT NULL,
    added_by              TEXT    NOT NULL
) STRICT;
