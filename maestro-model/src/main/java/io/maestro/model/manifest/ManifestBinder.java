package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.yaml.YamlNode;

/** PLACEHOLDER: being written. Binds a manifest.yml node tree to a {@link Manifest}. */
public final class ManifestBinder {

    private ManifestBinder() {}

    public static Manifest bind(YamlNode root, Binder binder) {
        return Manifest.EMPTY;
    }
}
