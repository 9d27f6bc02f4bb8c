package io.maestro.cli;

import io.maestro.model.keys.KeySpec;
import io.maestro.model.manifest.ManifestKeys;
import io.maestro.model.service.ServiceYmlKeys;
import java.util.List;
import java.util.Objects;

/**
 * The key tables {@code maestro explain} and {@code maestro docs} read: normally the ones the
 * binders use, replaceable in tests.
 *
 * @param serviceYml keys of service.yml
 * @param manifestYml keys of manifest.yml
 */
public record KeyTables(KeySpec serviceYml, KeySpec manifestYml) {

    public KeyTables {
        Objects.requireNonNull(serviceYml, "serviceYml");
        Objects.requireNonNull(manifestYml, "manifestYml");
    }

    /** The tables the parsers use. */
    public static KeyTables standard() {
        return new KeyTables(ServiceYmlKeys.ROOT, ManifestKeys.ROOT);
    }

    /** One table with the file name it describes. */
    public record Table(DefinitionFile file, KeySpec root) {}

    public List<Table> all() {
        return List.of(new Table(DefinitionFile.SERVICE, serviceYml), new Table(DefinitionFile.MANIFEST, manifestYml));
    }
}
