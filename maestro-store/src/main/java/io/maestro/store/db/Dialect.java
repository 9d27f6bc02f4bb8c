package io.maestro.store.db;

/**
 * The two databases Maestro keeps its state in. DML is shared; DDL differs, so each dialect has
 * its own Flyway folder, and times are stored as INTEGER epoch milliseconds on SQLite and as
 * TIMESTAMPTZ on PostgreSQL.
 */
public enum Dialect {
    SQLITE("SQLite", "db/migration/sqlite"),
    POSTGRESQL("PostgreSQL", "db/migration/postgresql");

    private final String displayName;
    private final String migrationFolder;

    Dialect(String displayName, String migrationFolder) {
        this.displayName = displayName;
        this.migrationFolder = migrationFolder;
    }

    /** The class-path folder holding this dialect's Flyway migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
