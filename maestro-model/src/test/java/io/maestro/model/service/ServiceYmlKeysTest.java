package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.keys.KeyLookup;
import io.maestro.model.keys.KeySpec;
import io.maestro.model.keys.KeySpec.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key table is complete, documented, and says what the binder does with each key. */
class ServiceYmlKeysTest {

    /** Every per-service key of reference §1.2. */
    private static final List<String> REFERENCE_KEYS = List.of(
            "image", "git_url", "git_branch", "build_root", "dockerfile_path", "use_habitus", "use_habitus_step",
            "build_command", "deploy_command", "command", "work_dir", "env_vars", "ports", "traffic_matches",
            "volumes", "log_folder", "type", "service_account_name", "security_context", "privileged", "tags",
            "annotations", "dns_behaviour", "load_balancing", "health", "post_start_command", "pre_stop_command",
            "pre_start_signal", "pre_stop_sequence", "stop_grace", "restart_on_deploy", "requires", "constraints");

    @Test
    void everyReferenceKeyIsInTheTable() {
        assertThat(ServiceYmlKeys.SERVICE.childNames()).containsAll(REFERENCE_KEYS).contains("links", "databases");
        assertThat(ServiceYmlKeys.ROOT.childNames()).containsExactly("version", "services", "databases");
    }

    @Test
    void nestedKeysAreFoundByPath() {
        assertThat(KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.web.ports.name")).get()
                .extracting(f -> f.spec().since()).isEqualTo(KeySpec.Since.MAESTRO);
        assertThat(KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.*.constraints.resources.limits.memory")).isPresent();
        assertThat(KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.web.volumes.host_path.type")).isPresent();
        assertThat(KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.web.health.startup.http_headers.value")).isPresent();
        assertThat(KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.web.security_context.run_as_user")).isPresent();
        assertThat(KeyLookup.byPath(ServiceYmlKeys.ROOT, "services.web.constraints.tolerations.effect")).isPresent();
    }

    @Test
    void everyKeyHasATypeAndDocumentation() {
        List<String> undocumented = new ArrayList<>();
        walk(ServiceYmlKeys.ROOT, "", undocumented);
        assertThat(undocumented).isEmpty();
    }

    private static void walk(KeySpec spec, String path, List<String> undocumented) {
        for (KeySpec child : spec.children()) {
            String childPath = path.isEmpty() ? child.name() : path + "." + child.name();
            if (child.summary().isBlank() || child.type().isBlank()) {
                undocumented.add(childPath);
            }
            walk(child, childPath, undocumented);
        }
    }

    @Test
    void statusesMatchWhatTheBinderDoes() {
        assertThat(withStatus(Status.WARN)).containsExactly("services.*.pre_start_signal",
                "services.*.pre_stop_sequence", "services.*.requires", "services.*.links", "services.*.databases");
        assertThat(withStatus(Status.V1_MAPPED)).containsExactly("services.*.privileged", "services.*.health.type",
                "services.*.health.endpoint", "services.*.health.protocol", "services.*.health.timeout",
                "services.*.health.accept", "services.*.constraints.resources.memory",
                "services.*.constraints.resources.cpu");
        assertThat(withStatus(Status.NOT_SUPPORTED_YET)).containsExactly("services.*.use_habitus",
                "services.*.use_habitus_step");
        assertThat(withStatus(Status.REJECTED)).isEmpty();
    }

    private static List<String> withStatus(Status status) {
        List<String> found = new ArrayList<>();
        collect(ServiceYmlKeys.ROOT, "", status, found);
        return found;
    }

    private static void collect(KeySpec spec, String path, Status status, List<String> found) {
        for (KeySpec child : spec.children()) {
            String childPath = path.isEmpty() ? child.name() : path + "." + child.name();
            if (child.status() == status) {
                found.add(childPath);
            }
            collect(child, childPath, status, found);
        }
    }

    @Test
    void aServiceUsingEveryV2KeyBindsWithoutErrors() {
        ServiceYmlFixture.Loaded loaded = ServiceYmlFixture.load("""
                services:
                  web:
                    image: acme/web:1
                    build_command: rake db:schema:load
                    deploy_command: rake db:migrate
                    command: bin/web
                    work_dir: /app
                    env_vars: {A: b}
                    ports: ["3000:80:443"]
                    traffic_matches: [web.example.com]
                    volumes: ["/srv:/srv"]
                    log_folder: /app/log
                    type: deployment
                    service_account_name: web
                    security_context: {run_as_user: 1000}
                    tags: [tier=web]
                    annotations: {a: b}
                    dns_behaviour: versioned
                    load_balancing: closest
                    health: {ready: {endpoint: /up}}
                    post_start_command: bin/warm
                    pre_stop_command: bin/drain
                    stop_grace: 20
                    restart_on_deploy: false
                    constraints: {min_count: 1, max_count: 2, max_surge: 1, max_unavailable: 0, servers: {names: [a]}}
                """);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
    }
}
