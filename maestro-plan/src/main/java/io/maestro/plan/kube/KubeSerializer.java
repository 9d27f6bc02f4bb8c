package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** PLACEHOLDER: being written. Deterministic YAML/JSON output of rendered objects. */
public final class KubeSerializer {

    private KubeSerializer() {}

    public static String toYaml(List<HasMetadata> objects) {
        return "";
    }

    public static String toJson(List<HasMetadata> objects) {
        return "[]";
    }
}
