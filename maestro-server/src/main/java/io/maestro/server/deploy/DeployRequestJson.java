package io.maestro.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.server.ApiException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the build options of a {@code POST /apps/{app}/deployments} body; malformed ones are a 400. */
final class DeployRequestJson {

    private DeployRequestJson() {}

    /** {@code services: ["web", "worker"]} (absent: none). */
    static Set<String> services(JsonNode body) {
        JsonNode node = body.get("services");
        Set<String> services = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return services;
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("services: expected a list of service names, got " + node);
        }
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw ApiException.badRequest("services: expected service names, got " + item);
            }
            services.add(item.asText());
        }
        return services;
    }

    /** {@code serviceRefs: {"web": "v2"}} (absent: none). */
    static Map<String, String> serviceRefs(JsonNode body) {
        JsonNode node = body.get("serviceRefs");
        Map<String, String> refs = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return refs;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("serviceRefs: expected an object of service name to git ref or image tag, got " + node);
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw ApiException.badRequest("serviceRefs." + e.getKey() + ": expected a git ref or image tag, got " + e.getValue());
            }
            refs.put(e.getKey(), e.getValue().asText());
        });
        return refs;
    }

    /** An optional non-blank string field. */
    static Optional<String> text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest(field + ": expected a non-empty string, got " + node);
        }
        return Optional.of(node.asText());
    }
}
