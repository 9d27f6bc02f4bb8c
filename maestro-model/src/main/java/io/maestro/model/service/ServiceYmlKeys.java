package io.maestro.model.service;

import io.maestro.model.keys.KeySpec;

/** PLACEHOLDER: being written. The key table of service.yml (reference §1). */
public final class ServiceYmlKeys {

    private ServiceYmlKeys() {}

    public static final KeySpec ROOT = KeySpec.key("service.yml", "map")
            .doc("An application's container services and the data stores it needs.")
            .children(
                    KeySpec.key("version", "int").since(KeySpec.Since.V2)
                            .doc("Optional format marker, seen as `2` in V2 files.").build(),
                    KeySpec.key("services", "map of name to service")
                            .doc("One entry per container workload.")
                            .children(KeySpec.key("*", "map").doc("A service.")
                                    .children(KeySpec.key("image", "string")
                                            .doc("Pre-built image, e.g. `acme/web:1.2`.").build())
                                    .build())
                            .build(),
                    KeySpec.key("databases", "list of strings")
                            .doc("Managed data stores to provision.").build())
            .build();
}
