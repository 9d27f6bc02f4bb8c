package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.service.ServiceYmlFixture;
import io.maestro.model.source.Diagnostics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A definition the loader accepts always renders: rendering must never throw (a
 * {@link RenderException} for a valid definition is a validator bug: the rule belongs in
 * maestro-model's validation, at the user's line), and it renders to the same bytes twice.
 *
 * <p>Inputs are the reference example files and {@code examples/shop}, paired with each manifest
 * and mutated by edits aimed at what the renderer cares about: values swapped for edge cases
 * (names a data store uses, names starting with a digit, unclosed quotes, port and count
 * extremes), service keys inserted from a catalogue, services renamed or added, manifest
 * components added, lines dropped or duplicated, and the odd character-level change. Each edit is
 * driven by one integer, so QuickTheories can shrink a failure by dropping edits.
 *
 * <p>Examples: {@code -Dmaestro.renderFuzzExamples=N} (default 1000) to hunt longer.
 */
@DisplayName("Whatever the loader accepts renders, and renders identically twice")
class ValidDefinitionsRenderPropertyTest {

    private static final int EXAMPLES = Integer.getInteger("maestro.renderFuzzExamples", 1000);
    private static final String ENV = "production";
    private static final RenderOptions OPTIONS = new RenderOptions("shop", ENV, false);

    private static final List<String> SERVICE_YMLS = List.of(
            reference("example-a/service.yml"), reference("example-b/service.yml"),
            reference("example-c/service.yml"), reference("v1/service.yml"), shop("service.yml"));

    /** Index 0 is "no manifest". */
    private static final List<String> MANIFESTS = Arrays.asList(
            null, reference("manifest-m1.yml"), reference("manifest-m2.yml"), shop("manifest.yml"));

    /** Values that a renderer has to get right, put in place of an existing value. */
    private static final List<String> VALUES = List.of(
            "1web", "postgresql", "mysql", "redis", "memcached", "rabbitmq", "mysql-reporting", "web-l4",
            "game-server-l4", "echo \"unclosed", "echo 'it''s'", "run \\", "\"sh -c 'echo $(HOME)'\"",
            "0", "1", "2", "65535", "30000", "32767", "31000", "70000", "-1", "tcp", "udp", "http", "https", "exec",
            "daemon_set", "deployment", "service", "100%", "0%", "50%", "Memory", "/x", "/", "x", "\"*.example.com\"",
            "_", "true", "false", "AUTO_GENERATE", "AUTO_GENERATE_5", "_env(NOPE)", "_env(NOPE:d)",
            "_env(POSTGRESQL_ADDRESS)", "_env(MYSQL_REPORTING_PASSWORD)", "_env(SERVICE[web].RAILS_ENV)",
            "\"$(HOME)\"", "{}", "[]", "a".repeat(70), "a.b", "Ab", "\"\"", "250m", "4M", "1Gi", "0.001", "default",
            "none", "[80]", "[\"80:8080:8443\"]", "[{container: 53, udp: 53}]", "[{container: 80, tcp: 31000}]",
            "{ready: {type: tcp}}", "{alive: {type: exec, command: 'true'}}", "{startup: {type: http, port: 9}}",
            "[\"a=b\", \"c:d\", e]", "[\"/a:/b\"]", "[{mount_path: /d, empty_dir: {}}]",
            "[{mount_path: /n, nfs: {server: a, path: /x}}]", "{names: [a], tags: [\"k=v\"]}",
            "[{key: k, operator: Exists}]", "{run_as_user: 0, privileged: true}", "{a/b: c}", "staging",
            "production", "external", "{same_as: kube-master}", "{address: 10.0.0.1}", "{address: db.example.com}",
            "{unique_name: n, address: 10.0.0.2}", "kube-master", "percona", "\"8.0\"", "reporting", "analytics",
            "a-very-long-group-name-that-fills-most-of-the-label-budget-x");

    /** Service keys, inserted inside some service. */
    private static final List<String> SERVICE_KEYS = List.of(
            "ports: [\"8080:80:443\"]", "ports: [{container: 7777, udp: 7777}, {container: 7778, tcp: 27015}]",
            "ports: [{container: 9000, tcp: 30100}]", "ports: [{container: 53, udp: 53}, {container: 53, tcp: 53}]",
            "ports: [{container: 8443, https: 8443, name: secure}]", "traffic_matches: [\"a.example.com\", \"*.b.com\"]",
            "traffic_matches: _", "health: default", "health: none",
            "health: {ready: {type: https, port: 8443, http_headers: [{name: X-A, value: y}]}}",
            "health: {alive: {type: tcp, port: 5}, startup: {type: exec, command: \"test -f /ok\"}}",
            "type: daemon_set", "command: sh -c 'echo $(HOME)'", "command: echo \"it's\"", "command: a\\ b \"c d\"", "command: echo \"unclosed", "command: run 'it", "command: ends \\",
            "work_dir: /srv", "log_folder: /var/log/app", "stop_grace: 10", "post_start_command: echo 'hi",
            "pre_stop_command: sleep 5", "constraints: {min_count: 3, max_count: 5}",
            "constraints: {min_count: 0, max_count: 3}", "constraints: {min_count: 0}",
            "constraints: {min_count: 4, max_count: 4}",
            "constraints: {max_surge: 0, max_unavailable: 1}", "constraints: {max_surge: 100%, max_unavailable: 0%}",
            "constraints: {resources: {requests: {cpu: 100m, memory: 4M}, limits: {cpu: 2, memory: 8G}}}",
            "constraints: {resources: {limits: {cpu: 0.5, memory: 1.5Gi}}}",
            "constraints: {servers: {names: [kube-master, pg-main], tags: [\"disk=ssd\", gpu]}}",
            "constraints: {tolerations: [{key: k, operator: Equal, value: v, effect: NoSchedule}]}",
            "volumes: [\"/data:/data:ro\", \"/a:/b\"]",
            "volumes: [{mount_path: /cache, empty_dir: {medium: Memory, size_limit: 1Gi}}]",
            "volumes: [{mount_path: /pv, persistent_volume_claim: {claim_name: data}}]",
            "volumes: [{mount_path: /cm, config_map: {from: env_vars, filter: \"a=b\"}}]",
            "volumes: [{mount_path: /s, secret: {from: config_store}}, {mount_path: /t, sub_path: x, host_path: {path: /h}}]",
            "env_vars: {A: \"_env(B:x)\", B: AUTO_GENERATE_12, C: \"$(A)\"}",
            "env_vars: {DB_PASSWORD: _env(POSTGRESQL_PASSWORD), URL: \"redis://_env(REDIS_ADDRESS):1\"}",
            "env_vars: {MY_TOKEN: plain, KEY_X: _env(MYSQL_PASSWORD), E: \"\"}",
            "env_vars: {S: \"{{SESSION_SECRET}}\", T: \"_configstore(0123456789abcdef0123456789abcdef0123.K)\"}",
            "tags: [\"tier=web\", team, \"example.com/x:y\"]", "annotations: {example.com/a: b, c: \"\"}",
            "security_context: {run_as_user: 1000, fs_group: 2000, host_network: true, supplemental_groups: [1, 2]}",
            "service_account_name: sa.x", "image: nginx@sha256:" + "ab".repeat(32),
            "image: registry.example.com:5000/a/b:1.2.3-rc_1", "image: a/b:" + "t".repeat(128),
            "image: Registry.Example.com/UPPER/b", "git_url: https://github.com/a/b.git", "git_branch: feature/x",
            "restart_on_deploy: false", "dns_behaviour: non-versioned", "load_balancing: sticky", "privileged: true",
            "requires: [x]", "links: [y]", "stop_grace: 1m", "pre_start_signal: USR1",
            "constraints: {max_surge: 25%}", "constraints: {max_unavailable: 0}", "constraints: {max_surge: 1}",
            "log_folder: /cache", "log_folder: /etc/game/env", "volumes: [{mount_path: /var/log/app, empty_dir: {}}]",
            "volumes: [{mount_path: /app/log, empty_dir: {}}]",
            "volumes: [{mount_path: /n, nfs: {server: [a], path: /x}}]",
            "volumes: [{mount_path: /n, nfs: {server: a, path: {p: 1}}}]",
            "volumes: [{mount_path: /n, csi: {driver: d, read_only: maybe, volume_attributes: {a: 1}}}]",
            "volumes: [{mount_path: /n, foo_bar: {a: 1}}]",
            // pairs of keys that only matter together
            "type: daemon_set\n    constraints: {max_surge: 25%}",
            "type: daemon_set\n    constraints: {max_unavailable: 0}",
            "type: daemon_set\n    constraints: {min_count: 2, max_count: 4}",
            "log_folder: /data\n    volumes: [\"/data:/data\"]",
            "ports: [{container: 80, name: http}, {container: 81, http: 8081}]",
            "ports: [{container: 80, tcp: 30080}]\n    health: default");

    /** Service names, for renaming or adding services. */
    private static final List<String> NAMES = List.of(
            "web", "api", "postgresql", "mysql", "redis", "memcached", "rabbitmq", "mysql-reporting", "web-l4",
            "game-server-l4", "1web", "a", "a-b", "x".repeat(63), "datastore", "storefront", "worker", "log-shipper",
            "game-server", "admin");

    /** Manifest components, inserted next to an existing component (so at an indentation that fits). */
    private static final List<String> COMPONENTS = List.of(
            "memcached: {}", "rabbitmq: {configuration: {version: \"3.12\"}}",
            "mysql: {groups: {default: {}, analytics: {}}}", "mysql: {groups: {first: {}, second: {}}}",
            "postgresql: {servers: [{server: external}]}",
            "postgresql: {servers: [{server: {external: true, address: db.example.com, port: 6432}}]}",
            "redis: {servers: [{server: {unique_name: r1, address: 10.1.1.1}}]}",
            "redis: {configuration: {port: 6380}, servers: [{server: {unique_name: r2, address: \"fd00::1\"}}]}",
            "docker: {servers: [{server: {unique_name: n1, address: 10.0.0.5, ssh: {user: root, key: /k}}}]}",
            "docker: {configuration: {ingress_class: public}}", "load_balancer: {configuration: {httpchk: /x}}",
            "mongodb: {servers: [{server: external}]}", "postgis: {}", "elasticsearch: {}");

    /** Characters that change YAML structure or hit value parsers. */
    private static final String INTERESTING = ":-[]{},'\"#&*!|>%@` \n0123456789mMiGk_.=/;$()\\";

    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*(?:- )?[A-Za-z0-9_./-]+:\\s)(.+)$");
    private static final Pattern SERVICE_NAME_LINE = Pattern.compile("^  [A-Za-z0-9_-]+:\\s*(#.*)?$");
    private static final Pattern COMPONENT_LINE = Pattern.compile(
            "^(\\s*)(docker|postgresql|mysql|redis|mongodb|load_balancer|memcached|rabbitmq):.*$");

    private final AtomicInteger valid = new AtomicInteger();
    private final AtomicInteger tried = new AtomicInteger();

    @Test
    void everyDefinitionTheLoaderAcceptsRendersAndRendersIdenticallyTwice() {
        qt().withExamples(EXAMPLES).forAll(
                        integers().between(0, SERVICE_YMLS.size() * MANIFESTS.size() - 1),
                        lists().of(integers().between(0, Integer.MAX_VALUE - 1)).ofSizeBetween(1, 5))
                .checkAssert(this::loadAndRender);
        // A mutator that breaks every file would make this test pass without rendering anything.
        assertThat(valid.get()).as("valid definitions among %d tried", tried.get())
                .isGreaterThan(tried.get() / 10);
    }

    private void loadAndRender(int pairing, List<Integer> edits) {
        String serviceYml = SERVICE_YMLS.get(pairing % SERVICE_YMLS.size());
        String manifestYml = MANIFESTS.get(pairing / SERVICE_YMLS.size());
        List<String> service = lines(serviceYml);
        List<String> manifest = manifestYml == null ? null : lines(manifestYml);
        for (int edit : edits) {
            mutate(service, manifest, new Random(edit));
        }
        String serviceText = String.join("\n", service);
        String manifestText = manifest == null ? null : String.join("\n", manifest);
        tried.incrementAndGet();
        Diagnostics diagnostics = new Diagnostics();
        AppDefinition definition = DefinitionLoader.create().loadCollecting(
                Source.text("service.yml", serviceText),
                Optional.ofNullable(manifestText).map(m -> Source.text("manifest.yml", m)), ENV, diagnostics);
        if (diagnostics.hasErrors()) {
            return;
        }
        valid.incrementAndGet();
        try {
            List<HasMetadata> first = KubernetesRenderer.render(definition, OPTIONS);
            List<HasMetadata> second = KubernetesRenderer.render(definition, OPTIONS);
            assertThat(KubeSerializer.toYaml(second)).isEqualTo(KubeSerializer.toYaml(first));
        } catch (RuntimeException e) {
            fail("a valid definition failed to render: " + e + "\n--- service.yml\n" + serviceText
                    + "\n--- manifest.yml\n" + manifestText, e);
        }
    }

    private static void mutate(List<String> service, List<String> manifest, Random random) {
        boolean onManifest = manifest != null && random.nextInt(4) == 0;
        List<String> lines = onManifest ? manifest : service;
        int at = random.nextInt(lines.size());
        switch (random.nextInt(onManifest ? 5 : 8)) {
            case 0 -> replaceValue(lines, at, random);
            case 1 -> duplicateService(lines, random);
            case 2 -> {
                if (lines.size() > 1) {
                    lines.remove(at);
                }
            }
            case 3 -> changeCharacter(lines, at, random);
            case 4 -> {
                if (onManifest) {
                    insertComponent(lines, random);
                } else {
                    replaceValue(lines, at, random);
                }
            }
            case 5 -> insertServiceKey(lines, random);
            case 6 -> renameService(lines, random);
            default -> addService(lines, random);
        }
    }

    private static void replaceValue(List<String> lines, int at, Random random) {
        var match = KEY_VALUE.matcher(lines.get(at));
        if (match.matches()) {
            lines.set(at, match.group(1) + pick(VALUES, random));
        }
    }

    private static void changeCharacter(List<String> lines, int at, Random random) {
        StringBuilder line = new StringBuilder(lines.get(at));
        int position = line.isEmpty() ? 0 : random.nextInt(line.length());
        char c = INTERESTING.charAt(random.nextInt(INTERESTING.length()));
        if (line.isEmpty() || random.nextBoolean()) {
            line.insert(position, c);
        } else {
            line.setCharAt(position, c);
        }
        lines.set(at, line.toString());
    }

    /**
     * Puts a key into a service: after its name line, or in place of the key (and its nested
     * lines) when the service already has it, so the edit does not just make a duplicate key.
     */
    private static void insertServiceKey(List<String> lines, Random random) {
        List<Integer> services = matching(lines, SERVICE_NAME_LINE);
        if (services.isEmpty()) {
            return;
        }
        int name = pick(services, random);
        String entry = pick(SERVICE_KEYS, random);
        String key = "    " + entry.substring(0, entry.indexOf(':') + 1);
        int end = name + 1;
        while (end < lines.size() && (lines.get(end).isBlank() || indent(lines.get(end)) > 2)) {
            end++;
        }
        for (int i = name + 1; i < end; i++) {
            if (lines.get(i).startsWith(key)) {
                lines.set(i, "    " + entry);
                while (i + 1 < end && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > 4)) {
                    lines.remove(i + 1);
                    end--;
                }
                return;
            }
        }
        lines.add(name + 1, "    " + entry);
    }

    private static void renameService(List<String> lines, Random random) {
        List<Integer> services = matching(lines, SERVICE_NAME_LINE);
        String newName = pick(NAMES, random);
        if (!services.isEmpty() && !serviceNames(lines).contains(newName)) {
            lines.set(pick(services, random), "  " + newName + ":");
        }
    }

    private static void addService(List<String> lines, Random random) {
        int services = lines.indexOf("services:");
        String newName = pick(NAMES, random);
        if (services >= 0 && !serviceNames(lines).contains(newName)) {
            lines.add(services + 1, "  " + newName + ":");
            lines.add(services + 2, "    image: acme/extra:1");
            lines.add(services + 3, "    " + pick(SERVICE_KEYS, random));
        } else if (random.nextBoolean() && !lines.contains("databases:")) {
            lines.add("databases: [postgresql, mysql, redis, memcached, rabbitmq]");
        }
    }

    /** Copies a whole service under a new name: two services alike, as users write them. */
    private static void duplicateService(List<String> lines, Random random) {
        List<Integer> services = matching(lines, SERVICE_NAME_LINE);
        String newName = pick(NAMES, random);
        if (services.isEmpty() || serviceNames(lines).contains(newName)) {
            return;
        }
        int name = pick(services, random);
        int end = name + 1;
        while (end < lines.size() && (lines.get(end).isBlank() || indent(lines.get(end)) > 2)) {
            end++;
        }
        List<String> copy = new ArrayList<>(lines.subList(name, end));
        copy.set(0, "  " + newName + ":");
        lines.addAll(end, copy);
    }

    private static List<String> serviceNames(List<String> lines) {
        return matching(lines, SERVICE_NAME_LINE).stream()
                .map(i -> lines.get(i).trim().replaceAll(":.*", "")).toList();
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void insertComponent(List<String> lines, Random random) {
        List<Integer> components = matching(lines, COMPONENT_LINE);
        if (!components.isEmpty()) {
            int at = pick(components, random);
            var match = COMPONENT_LINE.matcher(lines.get(at));
            if (match.matches()) {
                lines.add(at, match.group(1) + pick(COMPONENTS, random));
            }
        }
    }

    private static List<Integer> matching(List<String> lines, Pattern pattern) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).matches()) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }

    private static String reference(String file) {
        return ServiceYmlFixture.resource(ServiceYmlFixture.REFERENCE_EXAMPLES + file);
    }

    private static String shop(String file) {
        try {
            return Files.readString(Path.of("..", "examples", "shop", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
