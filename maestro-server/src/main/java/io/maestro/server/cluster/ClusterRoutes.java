package io.maestro.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.RouteGroup;
import io.maestro.store.cluster.Cluster;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handlers of {@code /api/v1/clusters}: add (admin; connects once and stores the kubeconfig
 * encrypted), list and show (viewer; never the kubeconfig), remove (admin; refused while an
 * environment uses the cluster).
 */
public final class ClusterRoutes implements RouteGroup {

    private static final String CLUSTERS = "/api/v1/clusters";

    private final ClusterRegistry registry;
    private final ObjectMapper json;

    public ClusterRoutes(ClusterRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.get(CLUSTERS, this::list, Access.VIEWER);
        app.post(CLUSTERS, this::add, Access.ADMIN);
        app.get(CLUSTERS + "/{cluster}", this::show, Access.VIEWER);
        app.delete(CLUSTERS + "/{cluster}", this::remove, Access.ADMIN);
    }

    @Override
    public String openApiFragment() {
        return "clusters.json";
    }

    /** {@code GET /api/v1/clusters}. */
    void list(Context ctx) {
        ctx.json(Map.of("clusters", registry.list().stream().map(ClusterRoutes::summary).toList()));
    }

    /** {@code POST /api/v1/clusters}: {@code {name, kubeconfig, context?}}. */
    void add(Context ctx) {
        JsonNode body = body(ctx);
        String name = text(body, "name", true);
        String kubeconfig = text(body, "kubeconfig", true);
        Optional<String> context = Optional.ofNullable(text(body, "context", false)).filter(c -> !c.isBlank());
        Cluster cluster;
        try {
            cluster = registry.add(name, kubeconfig, context, Auth.actor(ctx));
        } catch (InvalidClusterException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (ClusterUnreachableException e) {
            throw new ApiException(422, "cluster_unreachable", e.getMessage() + "; nothing was stored");
        }
        ctx.status(HttpStatus.CREATED).json(summary(cluster));
    }

    /** {@code GET /api/v1/clusters/{cluster}}: nodes, masters and the HA assessment. */
    void show(Context ctx) {
        ClusterInspection inspection = registry.inspect(ctx.pathParam("cluster"));
        Map<String, Object> out = summary(inspection.cluster());
        out.put("reachable", inspection.reachable());
        if (!inspection.reachable()) {
            out.put("problem", inspection.problem());
            out.put("nodes", List.of());
            out.put("masters", null);
            out.put("ha", null);
            ctx.json(out);
            return;
        }
        out.put("nodes", inspection.nodes().stream().map(ClusterRoutes::node).toList());
        Map<String, Object> masters = new LinkedHashMap<>();
        masters.put("count", inspection.masters().count());
        masters.put("dedicated", inspection.masters().dedicated());
        masters.put("notReady", inspection.masters().notReady());
        out.put("masters", masters);
        Map<String, Object> ha = new LinkedHashMap<>();
        ha.put("highlyAvailable", inspection.ha().highlyAvailable());
        ha.put("tolerates", inspection.ha().tolerates());
        ha.put("findings", inspection.ha().findings());
        out.put("ha", ha);
        ctx.json(out);
    }

    /** {@code DELETE /api/v1/clusters/{cluster}}. */
    void remove(Context ctx) {
        registry.remove(ctx.pathParam("cluster"), Auth.actor(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static Map<String, Object> summary(Cluster cluster) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", cluster.name());
        out.put("context", cluster.context());
        out.put("server", cluster.server());
        out.put("addedAt", cluster.addedAt().toString());
        out.put("addedBy", cluster.addedBy());
        return out;
    }

    private static Map<String, Object> node(ClusterNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.name());
        out.put("roles", node.roles());
        out.put("controlPlane", node.controlPlane());
        out.put("schedulable", node.schedulable());
        out.put("ready", node.ready());
        out.put("taints", node.taints());
        out.put("capacity", node.orderedCapacity());
        out.put("allocatable", node.orderedAllocatable());
        out.put("conditions", node.conditions().stream().map(c -> {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", c.type());
            condition.put("status", c.status());
            condition.put("reason", c.reason());
            return condition;
        }).toList());
        return out;
    }

    private JsonNode body(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw ApiException.badRequest("expected a JSON object {\"name\", \"kubeconfig\", \"context\"?}, got "
                        + (body == null || body.isMissingNode() ? "an empty body" : body.getNodeType().name().toLowerCase()));
            }
            return body;
        } catch (IOException e) {
            throw ApiException.badRequest("expected a JSON object {\"name\", \"kubeconfig\", \"context\"?}, got text that is not JSON");
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + ": expected a string, got none");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }
}
