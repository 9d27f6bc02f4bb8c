package io.maestro.store.build;

import java.time.Instant;

/**
 * A registry's stored credentials. The password is only in {@link RegistryCredentials#password};
 * this record never holds it, so it can be listed and logged.
 *
 * @param host the registry's host[:port], as in image names
 * @param isDefault whether builds push to this registry
 */
public record RegistryCredential(String host, String username, boolean isDefault, Instant addedAt, String addedBy) {}
