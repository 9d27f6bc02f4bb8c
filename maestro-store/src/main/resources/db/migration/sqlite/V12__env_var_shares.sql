-- An admin shares the variables of one application (source) with another (target): deployments
-- of the target may then resolve _env(STACK[source].NAME) references whoever requested them.
CREATE TABLE env_var_shares (
    source_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    target_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (source_id, target_id),
    CHECK (source_id <> target_id)
) STRICT;
