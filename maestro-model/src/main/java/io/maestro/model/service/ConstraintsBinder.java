package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.service.Constraints.ResourceList;
import io.maestro.model.service.Constraints.Resources;
import io.maestro.model.service.Constraints.ServerSelector;
import io.maestro.model.service.Constraints.Toleration;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds {@code constraints}: V2 resources (and the V1 flat form, mapped with a warning), replica
 * bounds, server placement, rolling-update settings and tolerations.
 */
final class ConstraintsBinder {

    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3})%");
    private static final int MAX_REPLICAS = 100_000;

    private static final Map<String, String> OPERATORS = Spellings.of("Exists", "Exists", "Equal", "Equal");
    private static final Map<String, String> EFFECTS = Spellings.of(
            "NoSchedule", "NoSchedule", "PreferNoSchedule", "PreferNoSchedule", "NoExecute", "NoExecute");

    private final Binder binder;

    ConstraintsBinder(Binder binder) {
        this.binder = binder;
    }

    Constraints bind(YamlNode node, String path) {
        MapReader map = binder.fields(node, path, ServiceYmlKeys.CONSTRAINTS);
        if (!map.valid()) {
            return Constraints.NONE;
        }
        Resources resources = map.has("resources") ? resources(map.fields("resources")) : Resources.NONE;
        Integer minCount = map.integer("min_count", 0, MAX_REPLICAS).orElse(null);
        Integer maxCount = map.integer("max_count", 1, MAX_REPLICAS).orElse(null);
        ServerSelector servers = map.has("servers") ? servers(map.fields("servers")) : ServerSelector.ANY;
        IntOrPercent maxUnavailable = map.bind("max_unavailable", this::intOrPercent).orElse(null);
        IntOrPercent maxSurge = map.bind("max_surge", this::intOrPercent).orElse(null);
        List<Toleration> tolerations = map.bind("tolerations", this::tolerations).orElse(List.of());
        return new Constraints(resources, minCount, maxCount, servers, maxUnavailable, maxSurge, tolerations);
    }

    // ---- resources -----------------------------------------------------------------------

    private Resources resources(MapReader map) {
        if (!map.valid()) {
            return Resources.NONE;
        }
        ResourceList requests = map.has("requests") ? resourceList(map.fields("requests")) : ResourceList.NONE;
        ResourceList limits = map.has("limits") ? resourceList(map.fields("limits")) : ResourceList.NONE;

        Optional<MemoryQuantity> v1Memory = map.bind("memory", this::v1Memory);
        if (v1Memory.isPresent()) {
            v1Mapped(map, "memory", "limits.memory", v1Memory.get().kubernetes(), limits.memory() != null);
            limits = new ResourceList(limits.cpu(), v1Memory.get());
        }
        Optional<CpuQuantity> v1Cpu = map.bind("cpu", this::v1CpuShares).map(CpuQuantity::fromShares);
        if (v1Cpu.isPresent()) {
            v1Mapped(map, "cpu", "requests.cpu", v1Cpu.get().toKubernetes(), requests.cpu() != null);
            requests = new ResourceList(v1Cpu.get(), requests.memory());
        }
        return new Resources(requests, limits);
    }

    private void v1Mapped(MapReader map, String key, String v2Key, String value, boolean conflict) {
        YamlNode at = map.keyNode(key).orElseThrow();
        String path = map.pathOf(key);
        // Later rules speak of the V2 path; let them point at what the user wrote.
        String[] v2 = v2Key.split("\\.");
        binder.record(KeyPaths.child(map.pathOf(v2[0]), v2[1]), map.get(key).orElseThrow());
        if (conflict) {
            binder.error(at, path, "V1 " + key + " conflicts with resources." + v2Key, "keep only resources." + v2Key);
            return;
        }
        binder.warning(at, path, "V1 form: mapped to constraints.resources." + v2Key + " = " + value,
                "V2 form: resources: {" + v2[0] + ": {" + v2[1] + ": " + value + "}}");
    }

    private ResourceList resourceList(MapReader map) {
        CpuQuantity cpu = map.bind("cpu", this::cpu).orElse(null);
        MemoryQuantity memory = map.bind("memory", this::memory).orElse(null);
        return new ResourceList(cpu, memory);
    }

    private Optional<CpuQuantity> cpu(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<CpuQuantity> cpu = CpuQuantity.parse(text.get());
        if (cpu.isEmpty()) {
            binder.error(node, path, "expected a CPU amount such as 250m, 0.5 or 2, got " + Binder.quote(text.get()),
                    "accepted: a number of CPUs, or whole millicores with the suffix m; at least 1m");
        }
        return cpu;
    }

    private Optional<MemoryQuantity> memory(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String written = text.get().strip();
        Optional<MemoryQuantity> memory = MemoryQuantity.parse(written);
        if (memory.isEmpty()) {
            String hint = "accepted units: " + MemoryQuantity.ACCEPTED_UNITS;
            Matcher milli = Pattern.compile("([0-9]+)m").matcher(written);
            if (milli.matches()) {
                hint = "a lowercase m means milli in Kubernetes; did you mean " + milli.group(1) + "Mi or "
                        + milli.group(1) + "M?";
            }
            binder.error(node, path, "expected a memory amount such as 256Mi or 1G, got " + Binder.quote(written), hint);
            return Optional.empty();
        }
        return atLeastMinimum(memory.get(), node, path, "4M");
    }

    private Optional<MemoryQuantity> v1Memory(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<MemoryQuantity> memory = MemoryQuantity.parseV1(text.get());
        if (memory.isEmpty()) {
            binder.error(node, path, "expected a V1 memory amount such as 512m or 1g, got " + Binder.quote(text.get()),
                    "accepted units: " + MemoryQuantity.ACCEPTED_V1_UNITS);
            return Optional.empty();
        }
        return atLeastMinimum(memory.get(), node, path, "4m");
    }

    private Optional<Integer> v1CpuShares(YamlNode node, String path) {
        if (node instanceof ScalarNode scalar && !scalar.isNull() && !scalar.isInteger()) {
            binder.error(node, path, "expected V1 CPU shares (an integer, 1024 = one CPU), got " + Binder.quote(scalar.text()),
                    "for a CPU amount such as 250m write resources: {requests: {cpu: " + scalar.text().strip() + "}}");
            return Optional.empty();
        }
        return binder.integer(node, path, 2, 262_144);
    }

    private Optional<MemoryQuantity> atLeastMinimum(MemoryQuantity memory, YamlNode node, String path, String shown) {
        if (memory.bytes() < MemoryQuantity.MINIMUM_BYTES) {
            binder.error(node, path, "expected at least " + shown + " of memory, got " + Binder.quote(memory.kubernetes()));
            return Optional.empty();
        }
        return Optional.of(memory);
    }

    // ---- placement and rollout -----------------------------------------------------------

    private ServerSelector servers(MapReader map) {
        List<String> names = map.stringList("names", true);
        Map<String, String> tags = new LinkedHashMap<>();
        map.get("tags").ifPresent(node -> {
            List<YamlNode> items = binder.items(node, map.pathOf("tags"));
            for (int i = 0; i < items.size(); i++) {
                serverTag(items.get(i), KeyPaths.index(map.pathOf("tags"), i), tags);
            }
        });
        return new ServerSelector(names, tags);
    }

    private void serverTag(YamlNode node, String path, Map<String, String> tags) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return;
        }
        int eq = text.get().indexOf('=');
        if (eq <= 0) {
            binder.error(node, path, "expected \"key=value\", got " + Binder.quote(text.get()));
            return;
        }
        String key = text.get().substring(0, eq).strip();
        if (tags.containsKey(key)) {
            // OR within a list would need several values per key; the model holds one.
            binder.error(node, path, "server tag '" + key + "' is listed twice",
                    "Maestro matches one value per server tag key");
            return;
        }
        tags.put(key, text.get().substring(eq + 1).strip());
    }

    private Optional<IntOrPercent> intOrPercent(YamlNode node, String path) {
        Optional<ScalarNode> scalar = binder.scalar(node, path, "a count or a percentage such as 25%");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String text = scalar.get().text().strip();
        Matcher percent = PERCENT.matcher(text);
        if (percent.matches() && Integer.parseInt(percent.group(1)) <= 100) {
            return Optional.of(IntOrPercent.percentage(Integer.parseInt(percent.group(1))));
        }
        if (text.matches("[0-9]{1,6}")) {
            return Optional.of(IntOrPercent.count(Integer.parseInt(text)));
        }
        binder.error(node, path, "expected a count or a percentage between 0% and 100% such as 25%, got "
                + Binder.quote(text));
        return Optional.empty();
    }

    // ---- tolerations ---------------------------------------------------------------------

    private Optional<List<Toleration>> tolerations(YamlNode node, String path) {
        List<YamlNode> items = binder.items(node, path);
        List<Toleration> tolerations = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            // A single map is one toleration: then its path has no index.
            String itemPath = items.size() == 1 && items.get(0) == node ? path : KeyPaths.index(path, i);
            toleration(items.get(i), itemPath).ifPresent(tolerations::add);
        }
        return Optional.of(tolerations);
    }

    private Optional<Toleration> toleration(YamlNode node, String path) {
        MapReader map = binder.fields(node, path, ServiceYmlKeys.TOLERATIONS);
        if (!map.valid()) {
            return Optional.empty();
        }
        String key = map.nonEmptyString("key").orElse(null);
        String operator = map.oneOf("operator", OPERATORS).orElse(null);
        String value = map.string("value").orElse(null);
        String effect = map.oneOf("effect", EFFECTS).orElse(null);
        Long seconds = map.integer("toleration_seconds", 0, Integer.MAX_VALUE).map(Integer::longValue).orElse(null);
        if ("Exists".equals(operator) && value != null && !value.isEmpty()) {
            binder.error(map.get("value").orElseThrow(), map.pathOf("value"),
                    "expected no value with operator Exists, got " + Binder.quote(value));
        }
        if (key == null && !map.has("key") && !"Exists".equals(operator)) {
            binder.error(node, path, "a toleration without 'key' needs operator: Exists (it then tolerates every taint)");
        }
        if (seconds != null && !"NoExecute".equals(effect)) {
            binder.warning(map.keyNode("toleration_seconds").orElseThrow(), map.pathOf("toleration_seconds"),
                    "ignored: it only applies with effect NoExecute");
        }
        return Optional.of(new Toleration(key, operator, value, effect, seconds));
    }
}
