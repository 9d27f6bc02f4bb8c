package io.maestro.server.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code maestro clusters show} says about one node: its roles, whether it is part of the
 * control plane (a master), whether ordinary workloads can be scheduled on it, its taints,
 * capacity, allocatable resources and conditions.
 *
 * @param roles from the labels {@code node-role.kubernetes.io/ROLE} (and the older
 *     {@code kubernetes.io/role}); {@code control-plane} for a node recognised as a master by its
 *     taint only; {@code worker} for a node with no role at all
 * @param controlPlane true when a {@code control-plane} or {@code master} role label or taint
 *     marks the node
 * @param schedulable false when the node is cordoned or carries a {@code NoSchedule} or
 *     {@code NoExecute} taint: pods without a matching toleration do not land there
 * @param taints as {@code kubectl} writes them: {@code KEY[=VALUE]:EFFECT}
 * @param capacity {@code cpu}, {@code memory}, {@code pods} as the node reports them
 * @param allocatable the part of the capacity left for pods
 */
public record ClusterNode(String name, List<String> roles, boolean controlPlane, boolean schedulable,
        List<String> taints, Map<String, String> capacity, Map<String, String> allocatable,
        List<Condition> conditions) {

    static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    static final String LEGACY_ROLE_LABEL = "kubernetes.io/role";
    static final List<String> MASTER_ROLES = List.of("control-plane", "master");
    private static final List<String> RESOURCES = List.of("cpu", "memory", "pods");

    public ClusterNode {
        roles = List.copyOf(roles);
        taints = List.copyOf(taints);
        capacity = Map.copyOf(capacity);
        allocatable = Map.copyOf(allocatable);
        conditions = List.copyOf(conditions);
    }

    /** A node condition: {@code Ready True}, {@code MemoryPressure False}, ... */
    public record Condition(String type, String status, String reason) {}

    /** Reads a node as the Kubernetes API returns it. */
    public static ClusterNode from(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints();
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());

        TreeSet<String> roles = new TreeSet<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(ROLE_LABEL_PREFIX) && key.length() > ROLE_LABEL_PREFIX.length()) {
                roles.add(key.substring(ROLE_LABEL_PREFIX.length()));
            } else if (key.equals(LEGACY_ROLE_LABEL) && value != null && !value.isBlank()) {
                roles.add(value);
            }
        });
        boolean masterTaint = taints.stream().anyMatch(t -> MASTER_ROLES.stream()
                .anyMatch(role -> (ROLE_LABEL_PREFIX + role).equals(t.getKey())));
        boolean controlPlane = masterTaint || roles.stream().anyMatch(MASTER_ROLES::contains);
        if (controlPlane && roles.stream().noneMatch(MASTER_ROLES::contains)) {
            roles.add("control-plane");
        }
        if (roles.isEmpty()) {
            roles.add("worker");
        }
        boolean repels = taints.stream().anyMatch(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()));

        List<Condition> conditions = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                conditions.add(new Condition(c.getType(), c.getStatus(), c.getReason()));
            }
        }
        return new ClusterNode(node.getMetadata().getName(), List.copyOf(roles), controlPlane, !cordoned && !repels,
                taints.stream().map(ClusterNode::taint).toList(),
                resources(node.getStatus() == null ? null : node.getStatus().getCapacity()),
                resources(node.getStatus() == null ? null : node.getStatus().getAllocatable()),
                conditions);
    }

    /** True when the node's {@code Ready} condition is {@code True}. */
    public boolean ready() {
        return conditions.stream().anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
    }

    /** The resources in a fixed order (cpu, memory, pods), the ones the node reports. */
    public Map<String, String> orderedCapacity() {
        return ordered(capacity);
    }

    /** The allocatable resources in a fixed order (cpu, memory, pods). */
    public Map<String, String> orderedAllocatable() {
        return ordered(allocatable);
    }

    private static Map<String, String> ordered(Map<String, String> resources) {
        Map<String, String> out = new LinkedHashMap<>();
        RESOURCES.forEach(r -> {
            if (resources.containsKey(r)) {
                out.put(r, resources.get(r));
            }
        });
        return out;
    }

    private static Map<String, String> resources(Map<String, Quantity> quantities) {
        Map<String, String> out = new LinkedHashMap<>();
        if (quantities != null) {
            for (String resource : RESOURCES) {
                Quantity q = quantities.get(resource);
                if (q != null) {
                    out.put(resource, q.toString());
                }
            }
        }
        return out;
    }

    private static String taint(Taint taint) {
        String value = taint.getValue() == null || taint.getValue().isEmpty() ? "" : "=" + taint.getValue();
        return taint.getKey() + value + ":" + Objects.requireNonNullElse(taint.getEffect(), "");
    }
}
