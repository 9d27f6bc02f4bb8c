-- Maestro state store, schema 13 (SQLite): where data stores live. Twin of postgresql/V13__component_placement.sql.

-- The registered server each host component was provisioned on; NULL means the control plane's
-- own host (a local-target environment's default). A component is never moved silently: a deploy
-- that places it on another server is refused.
ALTER TABLE host_components ADD COLUMN server TEXT;

-- The registered server where an environment's data stores go when the manifest does not place
-- them (NULL: the only registered server; local-target environments use this host).
ALTER TABLE environment_settings ADD COLUMN server TEXT;
