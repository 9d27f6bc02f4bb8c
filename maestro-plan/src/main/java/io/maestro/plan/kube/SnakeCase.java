package io.maestro.plan.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts the snake_case keys of a volume given "as any other Kubernetes volume type" into the
 * API's camelCase, so the result can be read into a fabric8 {@code Volume}.
 *
 * <p>Keys already in camelCase pass unchanged. A few API field names are not plain camelCase of
 * their snake spelling ({@code volumeID}, {@code downwardAPI}, ...): they are listed. The values
 * of free-form maps ({@code volume_attributes}, {@code options}, {@code labels},
 * {@code annotations}) keep their keys: those belong to a driver or to the user, not the API.
 */
final class SnakeCase {

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("volume_id", "volumeID"),
            Map.entry("downward_api", "downwardAPI"),
            Map.entry("scale_io", "scaleIO"),
            Map.entry("disk_uri", "diskURI"),
            Map.entry("storage_policy_id", "storagePolicyID"),
            Map.entry("target_wwns", "targetWWNs"),
            Map.entry("dataset_uuid", "datasetUUID"),
            Map.entry("pd_id", "pdID"),
            Map.entry("chap_auth_discovery", "chapAuthDiscovery"),
            Map.entry("chap_auth_session", "chapAuthSession"));

    private static final Set<String> FREE_FORM = Set.of("volume_attributes", "volumeAttributes", "options",
            "labels", "annotations");

    private SnakeCase() {}

    static String camel(String key) {
        String irregular = IRREGULAR.get(key);
        if (irregular != null) {
            return irregular;
        }
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** A deep copy with every map key camelCased, except inside free-form maps. */
    static Object camelKeys(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                out.put(camel(key), FREE_FORM.contains(key) ? v : camelKeys(v));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SnakeCase::camelKeys).toList();
        }
        return value;
    }
}
