-- Maestro state store, schema 16 (SQLite): the load balancer's listen ports. Twin of
-- postgresql/V16__load_balancer_ports.sql.

-- The port the load balancer in front of a local-target environment listens on for each port
-- service.yml declares (scheme http or https): 80/443 when they were free and Maestro ran as root,
-- else a free port chosen once. Kept so the entry points stay the same across redeploys and
-- control-plane restarts.
CREATE TABLE load_balancer_ports (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    environment    TEXT    NOT NULL,
    scheme         TEXT    NOT NULL CHECK (scheme IN ('http', 'https', 'tcp', 'udp')),
    declared_port  INTEGER NOT NULL CHECK (declared_port BETWEEN 1 AND 65535),
    listen_port    INTEGER NOT NULL CHECK (listen_port BETWEEN 1 AND 65535),
    PRIMARY KEY (application_id, environment, scheme, declared_port)
) STRICT;
