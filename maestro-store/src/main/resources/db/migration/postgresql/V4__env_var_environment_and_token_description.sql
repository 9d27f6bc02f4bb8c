-- Env vars can be scoped to one environment (NULL: every environment), and API tokens carry the
-- description their creator gave them (shown in `maestro tokens list`).
ALTER TABLE env_var_changes ADD COLUMN environment TEXT;
DROP INDEX env_var_changes_name;
CREATE INDEX env_var_changes_name ON env_var_changes (application_id, service, environment, name, id);
ALTER TABLE api_tokens ADD COLUMN description TEXT;
