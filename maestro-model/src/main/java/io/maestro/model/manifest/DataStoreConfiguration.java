package io.maestro.model.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A data store's {@code configuration}. Typed fields for what Maestro acts on; everything else
 * that the reference documents (disk, OS, identity keys) is kept as text in {@code other}.
 *
 * @param version engine version, or null for the platform default
 * @param engine MySQL engine ({@code mysql} or {@code percona}), or null
 * @param encoding database encoding, or null
 * @param postgis PostGIS enabled (PostgreSQL)
 * @param memoryMb Memcached memory in MB, or null (64)
 * @param port listening port, or null for the engine default
 * @param listenIp Memcached bind address, or null (0.0.0.0)
 * @param other the remaining documented keys, as written
 */
public record DataStoreConfiguration(
        String version,
        String engine,
        String encoding,
        boolean postgis,
        Integer memoryMb,
        Integer port,
        String listenIp,
        Map<String, String> other) {

    public static final DataStoreConfiguration EMPTY =
            new DataStoreConfiguration(null, null, null, false, null, null, null, Map.of());

    public DataStoreConfiguration {
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    public Optional<Integer> optionalPort() {
        return Optional.ofNullable(port);
    }
}
