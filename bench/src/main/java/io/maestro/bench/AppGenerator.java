package io.maestro.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a realistic application of N services: the {@code service.yml} and {@code manifest.yml}
 * texts a team with that many services would keep, the same bytes for the same seed.
 *
 * <p>The mix follows the reference examples: web services built from images or git with the short
 * port form and their own {@code traffic_matches}, APIs with the long port form, TCP/UDP services
 * with unique host ports, workers with bare-int metrics ports, the odd DaemonSet. Services reference
 * variables of earlier services ({@code _env(SERVICE[x].PUBLIC_URL)}, never a cycle), the database
 * variables of the manifest's PostgreSQL and Redis, and generate secrets with {@code AUTO_GENERATE}.
 * Probes, constraints with resources, volumes and tags appear on a share of services.
 *
 * <pre>{@code
 * AppGenerator.App app = AppGenerator.generate(100, 42);
 * DefinitionLoader.create().load(Source.text("service.yml", app.serviceYml()),
 *         Optional.of(Source.text("manifest.yml", app.manifestYml())), AppGenerator.ENVIRONMENT);
 * }</pre>
 */
public final class AppGenerator {

    /** The manifest environment the generated application is meant for. */
    public static final String ENVIRONMENT = "production";

    private static final String[] TEAMS = {"shop", "payments", "search", "platform", "data", "growth"};
    private static final String[] LOG_LEVELS = {"info", "warn", "debug"};
    private static final int[] WEB_PORTS = {3000, 5000, 8080};

    /** A generated application. */
    public record App(String serviceYml, String manifestYml, List<String> serviceNames) {
        public int services() {
            return serviceNames.size();
        }
    }

    private enum Kind {
        WEB("web"), API("api"), WORKER("worker"), TCP("tcp"), DAEMON("agent");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private final List<String> names = new ArrayList<>();

    private AppGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** {@code services} services (at least 1), the same text for the same seed. */
    public static App generate(int services, long seed) {
        if (services < 1) {
            throw new IllegalArgumentException("services must be at least 1, got " + services);
        }
        AppGenerator generator = new AppGenerator(seed);
        String serviceYml = generator.serviceYml(services);
        return new App(serviceYml, manifestYml(), List.copyOf(generator.names));
    }

    private String serviceYml(int count) {
        line(0, "version: 2");
        line(0, "services:");
        for (int i = 0; i < count; i++) {
            // The first service is always a web front: every application has one.
            service(i, i == 0 ? Kind.WEB : kind());
        }
        line(0, "databases:");
        line(1, "- postgresql");
        line(1, "- redis");
        return out.toString();
    }

    private Kind kind() {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return Kind.WEB;
        }
        if (roll < 65) {
            return Kind.API;
        }
        if (roll < 85) {
            return Kind.WORKER;
        }
        return roll < 95 ? Kind.TCP : Kind.DAEMON;
    }

    private void service(int index, Kind kind) {
        String name = kind.prefix + "-" + index;
        String team = pick(TEAMS);
        names.add(name);
        line(1, name + ":");
        source(name, team, kind);
        int port = switch (kind) {
            case WEB -> WEB_PORTS[random.nextInt(WEB_PORTS.length)];
            case API -> 8080;
            case TCP -> 5000 + random.nextInt(1000);
            case WORKER, DAEMON -> 9090;
        };
        if (kind == Kind.DAEMON) {
            line(2, "type: daemon_set");
            line(2, "service_account_name: log-collector");
            line(2, "security_context:");
            line(3, "run_as_user: 0");
        }
        ports(index, name, kind, port);
        envVars(index, name, kind, port);
        health(kind, port);
        if (kind != Kind.DAEMON && random.nextInt(100) < 60) {
            constraints();
        }
        volumes(name, kind);
        if (random.nextInt(100) < 50) {
            line(2, "tags: [\"tier=" + tier(kind) + "\", \"team:" + team + "\"]");
        }
        if (random.nextInt(100) < 20) {
            line(2, "stop_grace: " + (10 + random.nextInt(50)));
            line(2, "pre_stop_command: bin/drain --timeout 20");
        }
    }

    private void source(String name, String team, Kind kind) {
        if (kind == Kind.DAEMON) {
            line(2, "image: fluent/fluent-bit:2.1");
            return;
        }
        if (random.nextBoolean()) {
            line(2, "image: registry.example.com/" + team + "/" + name + ":1." + random.nextInt(20) + "." + random.nextInt(10));
        } else {
            line(2, "git_url: git@github.com:acme/" + team + ".git");
            line(2, "git_branch: main");
            line(2, "dockerfile_path: docker/" + kind.prefix + ".Dockerfile");
        }
        switch (kind) {
            case WORKER -> line(2, "command: bin/worker --queue " + team);
            case WEB -> line(2, "command: bin/server --port " + "$(PORT)");
            default -> { }
        }
    }

    private void ports(int index, String name, Kind kind, int port) {
        switch (kind) {
            case WEB -> {
                line(2, "ports:");
                line(3, "- \"" + port + ":80:443\"");
                if (random.nextBoolean()) {
                    line(3, "- 9090");
                }
                line(2, "traffic_matches: [\"" + name + ".example.com\"]");
            }
            case API -> {
                line(2, "ports:");
                line(3, "- container: " + port);
                line(4, "https: 443");
                if (random.nextBoolean()) {
                    line(3, "- container: 50051");
                }
                line(2, "traffic_matches: [\"" + name + ".api.example.com\"]");
            }
            case TCP -> {
                line(2, "ports:");
                line(3, "- container: " + port);
                line(4, "tcp: " + (30000 + index));
                if (random.nextInt(3) == 0) {
                    line(3, "- container: " + (port + 1));
                    line(4, "udp: " + (40000 + index));
                }
            }
            case WORKER -> {
                if (random.nextBoolean()) {
                    line(2, "ports: [9090]");
                }
            }
            case DAEMON -> { }
        }
    }

    private void envVars(int index, String name, Kind kind, int port) {
        line(2, "env_vars:");
        line(3, "LOG_LEVEL: " + pick(LOG_LEVELS));
        line(3, "PORT: \"" + port + "\"");
        // Every service publishes PUBLIC_URL, so any later service may refer to it.
        String url = switch (kind) {
            case WEB -> "https://" + name + ".example.com";
            case API -> "https://" + name + ".api.example.com";
            default -> "http://" + name + ":" + port;
        };
        line(3, "PUBLIC_URL: \"" + url + "\"");
        if (kind != Kind.DAEMON && random.nextInt(100) < 40) {
            line(3, "DATABASE_URL: \"postgres://_env(POSTGRESQL_USERNAME):_env(POSTGRESQL_PASSWORD)"
                    + "@_env(POSTGRESQL_ADDRESS):5432/_env(POSTGRESQL_DATABASE)\"");
        }
        if (kind != Kind.DAEMON && random.nextInt(100) < 30) {
            line(3, "REDIS_URL: \"redis://_env(REDIS_ADDRESS:localhost):6379\"");
        }
        if (index > 0 && random.nextInt(100) < 60) {
            // Only earlier services: references form a DAG, as in a real application.
            line(3, "UPSTREAM_URL: _env(SERVICE[" + names.get(random.nextInt(index)) + "].PUBLIC_URL)");
        }
        if (random.nextInt(100) < 30) {
            line(3, "API_TOKEN: AUTO_GENERATE_32");
        }
        if (kind == Kind.WEB && random.nextInt(100) < 30) {
            line(3, "SESSION_SECRET: _env(SESSION_SECRET)");
        }
    }

    private void health(Kind kind, int port) {
        if (random.nextInt(100) >= 70) {
            return;
        }
        switch (kind) {
            case WEB, API -> {
                line(2, "health:");
                line(3, "ready: {type: http, endpoint: /healthz, port: " + port + ", period: 10}");
                line(3, "alive: {type: tcp, port: " + port + ", initial_delay: 20}");
            }
            case TCP -> {
                line(2, "health:");
                line(3, "alive: {type: tcp, port: " + port + "}");
            }
            case WORKER -> {
                line(2, "health:");
                line(3, "alive: {type: exec, command: bin/worker --check}");
            }
            case DAEMON -> { }
        }
    }

    private void constraints() {
        int min = 1 + random.nextInt(3);
        int cpu = 100 * (1 + random.nextInt(5));
        int memory = 128 * (1 + random.nextInt(4));
        line(2, "constraints:");
        line(3, "min_count: " + min);
        line(3, "max_count: " + (min + random.nextInt(7)));
        if (random.nextBoolean()) {
            line(3, "max_surge: 25%");
            line(3, "max_unavailable: 0");
        }
        line(3, "resources:");
        line(4, "requests: {cpu: " + cpu + "m, memory: " + memory + "Mi}");
        line(4, "limits: {cpu: " + (2 * cpu) + "m, memory: " + (2 * memory) + "Mi}");
    }

    private void volumes(String name, Kind kind) {
        if (kind == Kind.DAEMON) {
            line(2, "volumes:");
            line(3, "- \"/var/log/containers:/var/log/containers:ro\"");
            return;
        }
        if (random.nextInt(100) >= 25) {
            return;
        }
        line(2, "volumes:");
        line(3, "- \"/var/lib/acme/" + name + ":/data\"");
        line(3, "- mount_path: /tmp/cache");
        line(4, "empty_dir: {medium: Memory}");
    }

    private static String tier(Kind kind) {
        return switch (kind) {
            case WEB -> "frontend";
            case API, TCP -> "backend";
            case WORKER -> "worker";
            case DAEMON -> "system";
        };
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private void line(int level, String text) {
        out.append("  ".repeat(level)).append(text).append('\n');
    }

    /** One cluster node, a dedicated PostgreSQL server and Redis next to the node (reference M1). */
    private static String manifestYml() {
        return """
                production:
                  docker:
                    configuration:
                      kubernetes_version: 1.29.4
                      operating_system: ubuntu2004
                    servers:
                      - server: {unique_name: kube-1, vendor: digitalocean, region: lon1, size: s-4vcpu-8gb}
                  postgresql:
                    configuration: {version: "16", encoding: UTF8}
                    servers:
                      - server: {unique_name: pg-main, vendor: digitalocean, region: lon1, size: s-2vcpu-4gb}
                  redis:
                    servers:
                      - server: {same_as: kube-1}
                environment_variables:
                  SESSION_SECRET: AUTO_GENERATE_32
                """;
    }
}
