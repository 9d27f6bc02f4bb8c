package io.maestro.store.app;

import java.util.Objects;

/**
 * The content of a version to store: the service.yml text, the manifest.yml text if the
 * application has one, why it changed, and who changed it. Texts are stored byte for byte as
 * uploaded (validation happens before the store is touched).
 */
public record NewVersion(String serviceYml, String manifestYml, String comment, String author) {

    public NewVersion {
        Objects.requireNonNull(serviceYml, "serviceYml");
        Objects.requireNonNull(author, "author");
        comment = comment == null ? "" : comment;
    }
}
