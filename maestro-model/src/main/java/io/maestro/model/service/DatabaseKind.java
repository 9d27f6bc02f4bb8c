package io.maestro.model.service;

import java.util.Arrays;
import java.util.Optional;

/**
 * The non-containerized data stores an application can ask for, in {@code service.yml}'s
 * {@code databases} list and as {@code manifest.yml} components.
 */
public enum DatabaseKind {
    POSTGRESQL("postgresql", "POSTGRESQL", 5432, true),
    MYSQL("mysql", "MYSQL", 3306, true),
    REDIS("redis", "REDIS", 6379, true),
    MEMCACHED("memcached", "MEMCACHED", 11211, true),
    RABBITMQ("rabbitmq", "RABBITMQ", 5672, true),
    MONGODB("mongodb", "MONGODB", 27017, false),
    ELASTICSEARCH("elasticsearch", "ELASTICSEARCH", 9200, false),
    GLUSTERFS("glusterfs", "GLUSTERFS", 24007, false),
    POSTGIS("postgis", "POSTGRESQL", 5432, false),
    INFLUXDB("influxdb", "INFLUXDB", 8086, false);

    private final String key;
    private final String envPrefix;
    private final int defaultPort;
    private final boolean supported;

    DatabaseKind(String key, String envPrefix, int defaultPort, boolean supported) {
        this.key = key;
        this.envPrefix = envPrefix;
        this.defaultPort = defaultPort;
        this.supported = supported;
    }

    /** The name used in YAML and as the Kubernetes Service name ({@code postgresql}, {@code mysql}). */
    public String key() {
        return key;
    }

    /** Prefix of the injected variables: {@code POSTGRESQL} → {@code POSTGRESQL_ADDRESS}. */
    public String envPrefix() {
        return envPrefix;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** False for stores Maestro recognises but cannot provision yet (reported as a warning). */
    public boolean supported() {
        return supported;
    }

    /** Whether the store has a user, password and database name (Redis and Memcached do not). */
    public boolean hasCredentials() {
        return this == POSTGRESQL || this == MYSQL || this == RABBITMQ || this == MONGODB;
    }

    public static Optional<DatabaseKind> fromKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
