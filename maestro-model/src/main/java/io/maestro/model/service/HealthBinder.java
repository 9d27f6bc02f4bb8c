package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.service.Health.HttpHeader;
import io.maestro.model.service.Health.Probe;
import io.maestro.model.service.Health.ProbeType;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds {@code health}: {@code default}, {@code none}, V2 probes ({@code ready}, {@code alive},
 * {@code startup}) or the V1 inbound/outbound check, which becomes a readiness probe.
 */
final class HealthBinder {

    private static final List<String> V2_KEYS = List.of("ready", "alive", "startup");
    private static final List<String> V1_KEYS = List.of("type", "endpoint", "protocol", "timeout", "accept");
    private static final Pattern STATUS = Pattern.compile("([1-5][0-9][0-9])(?:-([1-5][0-9][0-9]))?");

    private static final Map<String, Health> SCALARS = Spellings.of("default", new Health.Defaults(), "none", new Health.None());
    private static final Map<String, ProbeType> PROBE_TYPES = Spellings.of(
            "http", ProbeType.HTTP, "https", ProbeType.HTTPS, "tcp", ProbeType.TCP, "exec", ProbeType.EXEC);
    private static final Map<String, Boolean> V1_TYPES = Spellings.of("inbound", true, "outbound", false);
    private static final Map<String, ProbeType> V1_PROTOCOLS = Spellings.of("http", ProbeType.HTTP, "https", ProbeType.HTTPS);

    private final Binder binder;

    HealthBinder(Binder binder) {
        this.binder = binder;
    }

    Health bind(YamlNode node, String path) {
        binder.record(path, node);
        if (node instanceof ScalarNode scalar && !scalar.isNull()) {
            return binder.oneOf(node, path, SCALARS).orElse(new Health.None());
        }
        if (!(node instanceof MappingNode map)) {
            if (!(node instanceof ScalarNode)) {
                binder.error(node, path, "expected default, none or a map of probes, got " + Binder.describe(node));
            }
            return new Health.None();
        }
        MapReader reader = binder.fields(node, path, ServiceYmlKeys.HEALTH);
        List<String> v2 = V2_KEYS.stream().filter(map::has).toList();
        List<String> v1 = V1_KEYS.stream().filter(map::has).toList();
        if (!v2.isEmpty() && !v1.isEmpty()) {
            binder.error(reader.keyNode(v1.get(0)).orElse(node), reader.pathOf(v1.get(0)),
                    "V1 health keys (" + String.join(", ", v1) + ") cannot be mixed with V2 probes ("
                            + String.join(", ", v2) + ")",
                    "describe each probe under ready, alive or startup");
            return new Health.None();
        }
        if (!v1.isEmpty()) {
            return v1(reader, node);
        }
        if (v2.isEmpty()) {
            return new Health.None();
        }
        return new Health.Probes(
                reader.bind("ready", (n, p) -> probe(n, p, "ready")).orElse(null),
                reader.bind("alive", (n, p) -> probe(n, p, "alive")).orElse(null),
                reader.bind("startup", (n, p) -> probe(n, p, "startup")).orElse(null));
    }

    // ---- V2 ------------------------------------------------------------------------------

    private Optional<Probe> probe(YamlNode node, String path, String kind) {
        KeySpec spec = ServiceYmlKeys.HEALTH.child(kind).orElseThrow();
        MapReader map = binder.fields(node, path, spec);
        if (!map.valid()) {
            return Optional.empty();
        }
        ProbeType type = map.oneOf("type", PROBE_TYPES).orElse(ProbeType.HTTP);
        String endpoint = map.nonEmptyString("endpoint").orElse("/");
        String command = map.nonEmptyString("command").orElse(null);
        int timeout = map.integer("timeout", 1, 3600).orElse(Probe.DEFAULT_TIMEOUT);
        int success = map.integer("success_threshold", 1, 1000).orElse(Probe.DEFAULT_SUCCESS);
        int failure = map.integer("failure_threshold", 1, 1000).orElse(Probe.DEFAULT_FAILURE);
        int initialDelay = map.integer("initial_delay", 0, 86_400).orElse(Probe.DEFAULT_INITIAL_DELAY);
        int period = map.integer("period", 1, 86_400).orElse(Probe.DEFAULT_PERIOD);
        Integer port = map.port("port").orElse(null);
        List<HttpHeader> headers = map.bind("http_headers", this::headers).orElse(List.of());

        if (type == ProbeType.EXEC && command == null && !map.has("command")) {
            binder.error(node, path, "an exec probe needs 'command' (run in the container; exit code 0 is healthy)");
        }
        boolean web = type == ProbeType.HTTP || type == ProbeType.HTTPS;
        ignoredFor(map, "command", type != ProbeType.EXEC, type);
        ignoredFor(map, "endpoint", !web, type);
        ignoredFor(map, "http_headers", !web, type);
        ignoredFor(map, "port", type == ProbeType.EXEC, type);
        if (success != 1 && !kind.equals("ready")) {
            binder.error(map.get("success_threshold").orElseThrow(), map.pathOf("success_threshold"),
                    "expected 1 for " + (kind.equals("alive") ? "a liveness" : "a startup") + " probe, got " + success,
                    "Kubernetes allows other values for readiness probes only");
        }
        return Optional.of(new Probe(type, endpoint, command, timeout, success, failure, initialDelay, period, port,
                headers));
    }

    private void ignoredFor(MapReader map, String key, boolean ignored, ProbeType type) {
        if (ignored) {
            map.keyNode(key).ifPresent(k -> binder.warning(k, map.pathOf(key),
                    "ignored: it does not apply to " + type.name().toLowerCase() + " probes"));
        }
    }

    private Optional<List<HttpHeader>> headers(YamlNode node, String path) {
        KeySpec spec = ServiceYmlKeys.HEALTH.child("ready").flatMap(r -> r.child("http_headers")).orElseThrow();
        List<HttpHeader> headers = new ArrayList<>();
        binder.sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                String itemPath = KeyPaths.index(path, i);
                MapReader header = binder.fields(list.items().get(i), itemPath, spec);
                if (header.valid() && (!header.has("name") || !header.has("value"))) {
                    binder.error(list.items().get(i), itemPath, "expected a map with 'name' and 'value'");
                }
                Optional<String> name = header.nonEmptyString("name");
                Optional<String> value = header.string("value");
                if (name.isPresent() && value.isPresent()) {
                    headers.add(new HttpHeader(name.get(), value.get()));
                }
            }
        });
        return Optional.of(headers);
    }

    // ---- V1 ------------------------------------------------------------------------------

    private Health v1(MapReader map, YamlNode node) {
        boolean inbound = map.oneOf("type", V1_TYPES).orElse(true);
        ProbeType type = map.oneOf("protocol", V1_PROTOCOLS).orElse(ProbeType.HTTP);
        String endpoint = map.nonEmptyString("endpoint").orElse("/");
        Integer timeout = map.bind("timeout", this::v1Timeout).orElse(null);
        map.get("accept").ifPresent(accept -> checkAccept(accept, map.pathOf("accept")));
        if (!inbound) {
            binder.warning(node, map.path(), "V1 outbound health checks (the container reports to "
                            + "$CONTAINER_NOTIFY_URL) are not supported on Kubernetes; no probe is created",
                    "use a readiness probe instead: health: {ready: {type: http, endpoint: /health}}");
            return new Health.None();
        }
        int seconds = timeout == null ? Probe.DEFAULT_TIMEOUT : timeout;
        // Rules check the mapped probe by its V2 path; let them point at the V1 keys.
        String readyPath = KeyPaths.child(map.path(), "ready");
        binder.record(readyPath, node);
        map.get("endpoint").ifPresent(n -> binder.record(KeyPaths.child(readyPath, "endpoint"), n));
        map.get("timeout").ifPresent(n -> binder.record(KeyPaths.child(readyPath, "timeout"), n));
        String typeName = type.name().toLowerCase();
        binder.warning(node, map.path(), "V1 health check mapped to a readiness probe (" + typeName + " on "
                        + endpoint + ", timeout " + seconds + "s)",
                "V2 form: health: {ready: {type: " + typeName + ", endpoint: " + endpoint + ", timeout: " + seconds + "}}");
        Probe ready = new Probe(type, endpoint, null, seconds, Probe.DEFAULT_SUCCESS, Probe.DEFAULT_FAILURE,
                Probe.DEFAULT_INITIAL_DELAY, Probe.DEFAULT_PERIOD, null, List.of());
        return new Health.Probes(ready, null, null);
    }

    private Optional<Integer> v1Timeout(YamlNode node, String path) {
        Optional<ScalarNode> scalar = binder.scalar(node, path, "a duration such as 30s");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String text = scalar.get().text().strip();
        OptionalInt seconds = scalar.get().isInteger() ? OptionalInt.of(parseIntOr(text, -1)) : DurationText.seconds(text);
        if (seconds.isEmpty() || seconds.getAsInt() < 1 || seconds.getAsInt() > 3600) {
            binder.error(node, path, "expected a duration between 1s and 1h such as 30s or 1m, got " + Binder.quote(text));
            return Optional.empty();
        }
        return Optional.of(seconds.getAsInt());
    }

    private void checkAccept(YamlNode node, String path) {
        List<YamlNode> items = binder.items(node, path);
        boolean outsideProbeRange = false;
        for (int i = 0; i < items.size(); i++) {
            String itemPath = KeyPaths.index(path, i);
            Optional<String> text = binder.string(items.get(i), itemPath);
            if (text.isEmpty()) {
                continue;
            }
            Matcher m = STATUS.matcher(text.get().strip());
            if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) < Integer.parseInt(m.group(1)))) {
                binder.error(items.get(i), itemPath, "expected an HTTP status code or range such as 200 or 300-399, got "
                        + Binder.quote(text.get()));
                continue;
            }
            int low = Integer.parseInt(m.group(1));
            int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
            outsideProbeRange |= low < 200 || high > 399;
        }
        if (outsideProbeRange) {
            binder.warning(node, path, "Kubernetes probes count 200-399 as healthy; other status codes cannot be honoured");
        }
    }

    private static int parseIntOr(String text, int fallback) {
        try {
            return Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
