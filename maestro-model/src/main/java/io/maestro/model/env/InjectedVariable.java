package io.maestro.model.env;

import io.maestro.model.service.DatabaseKind;
import java.util.Objects;

/**
 * One variable Maestro injects into every container of an application: a connection detail of a
 * data store group, e.g. {@code POSTGRESQL_ADDRESS} or {@code MYSQL_REPORTING_PASSWORD}.
 *
 * @param name the variable name
 * @param kind the data store
 * @param group the data store group the variable describes ({@code default} without groups)
 * @param field which connection detail
 * @param secret whether the value must go to a Secret (passwords, and URLs that embed one)
 */
public record InjectedVariable(String name, DatabaseKind kind, String group, Field field, boolean secret) {

    public InjectedVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(field, "field");
    }

    /** The connection details, each the suffix of a variable name ({@code _ADDRESS}). */
    public enum Field {
        /** The in-cluster DNS name of the store's Kubernetes Service ({@code postgresql}, {@code mysql-reporting}). */
        ADDRESS,
        /** The port the store listens on. */
        PORT,
        /** The login user, created at provisioning. */
        USERNAME,
        /** The login password, generated at provisioning. */
        PASSWORD,
        /** The database (RabbitMQ: virtual host) created at provisioning. */
        DATABASE,
        /** A connection URL made of the fields above ({@code postgresql://user:pass@postgresql:5432/db}). */
        URL;

        /** {@code _ADDRESS}, {@code _PORT}, ... */
        public String suffix() {
            return "_" + name();
        }

        /** Whether this field only exists for stores with credentials ({@link DatabaseKind#hasCredentials()}). */
        public boolean isCredential() {
            return this == USERNAME || this == PASSWORD || this == DATABASE;
        }
    }
}
