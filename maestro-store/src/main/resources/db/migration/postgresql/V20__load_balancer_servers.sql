-- Maestro state store, schema 20 (PostgreSQL): where a cluster environment's load balancers run.
-- Twin of sqlite/V20__load_balancer_servers.sql.

-- One row per registered server that serves an environment's load balancer (nginx or HAProxy in
-- front of the cluster's nodes), with the folder of its files there. Written before the server is
-- configured, so a server dropped from the manifest (or a load_balancer removed altogether) is
-- found and stopped by the next deploy, even after a crash half-way. The server is a name, not a
-- reference: a server unregistered meanwhile must not take the record with it silently.
CREATE TABLE load_balancer_servers (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT   NOT NULL,
    server         TEXT   NOT NULL,
    prefix         TEXT   NOT NULL,
    PRIMARY KEY (application_id, environment, server)
);
