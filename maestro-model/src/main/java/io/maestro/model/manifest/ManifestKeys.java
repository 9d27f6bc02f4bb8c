package io.maestro.model.manifest;

import io.maestro.model.keys.KeySpec;

/** PLACEHOLDER: being written. The key table of manifest.yml (reference §2). */
public final class ManifestKeys {

    private ManifestKeys() {}

    public static final KeySpec ROOT = KeySpec.key("manifest.yml", "map")
            .doc("Infrastructure and composition of an application.")
            .children(KeySpec.key("environment_variables", "map of name to string")
                    .doc("Initial application variables, set on the first build.").build())
            .build();
}
