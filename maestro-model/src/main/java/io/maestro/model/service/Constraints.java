package io.maestro.model.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code constraints}: resources, replica bounds, placement and rolling-update settings.
 *
 * @param resources requests and limits (V1 flat form already mapped)
 * @param minCount lower bound on replicas, or null
 * @param maxCount upper bound on replicas, or null
 * @param servers node placement by server name and/or tag
 * @param maxUnavailable rolling update setting, or null for the default (50%)
 * @param maxSurge rolling update setting, or null for the default (50%)
 * @param tolerations Kubernetes tolerations
 */
public record Constraints(
        Resources resources,
        Integer minCount,
        Integer maxCount,
        ServerSelector servers,
        IntOrPercent maxUnavailable,
        IntOrPercent maxSurge,
        List<Toleration> tolerations) {

    public static final Constraints NONE = new Constraints(Resources.NONE, null, null, ServerSelector.ANY, null, null, List.of());

    public Constraints {
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(servers, "servers");
        tolerations = List.copyOf(tolerations);
    }

    /** Requests (scheduling floor) and limits (ceiling); each side may be empty. */
    public record Resources(ResourceList requests, ResourceList limits) {
        public static final Resources NONE = new Resources(ResourceList.NONE, ResourceList.NONE);

        public Resources {
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(limits, "limits");
        }

        public boolean isEmpty() {
            return requests.isEmpty() && limits.isEmpty();
        }
    }

    /** A CPU and memory amount; either may be null. */
    public record ResourceList(CpuQuantity cpu, MemoryQuantity memory) {
        public static final ResourceList NONE = new ResourceList(null, null);

        public boolean isEmpty() {
            return cpu == null && memory == null;
        }
    }

    /**
     * Node affinity: a node matches when its name is in {@code names} (if any) and one of its tags
     * is in {@code tags} (if any) — OR within a list, AND between the two.
     *
     * @param names server names
     * @param tags {@code key=value} pairs
     */
    public record ServerSelector(List<String> names, Map<String, String> tags) {
        public static final ServerSelector ANY = new ServerSelector(List.of(), Map.of());

        public ServerSelector {
            names = List.copyOf(names);
            tags = ServiceDefinition.Collections2.orderedCopy(tags);
        }

        public boolean isAny() {
            return names.isEmpty() && tags.isEmpty();
        }
    }

    /**
     * A Kubernetes toleration in snake_case ({@code key}, {@code operator}, {@code value},
     * {@code effect}, {@code toleration_seconds}).
     */
    public record Toleration(String key, String operator, String value, String effect, Long tolerationSeconds) {}
}
