package io.maestro.bench;

import com.sun.net.httpserver.HttpServer;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.WorkloadController;
import io.maestro.store.testing.PostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * API latency of the control plane: p50 / p99 of {@code GET /api/v1/apps/{app}} and of the deploy
 * request {@code POST /api/v1/apps/{app}/deployments} at 50 concurrent clients with 1,000
 * applications stored, on SQLite and on a real PostgreSQL, against a baseline
 * measured in the same run (the JDK's built-in HTTP server answering the same bytes from memory,
 * no auth, no database), and the server's resident memory.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.maestro.bench.ApiLatencyMain maestro-cli/target/maestro.jar [apps] [clients] [seconds]
 * </pre>
 *
 * The server runs as its own process ({@code maestro server}), so its resident memory is its own.
 * Deploy requests go to a fabric8 mock API server (maestro-kube's test-jar) registered through the
 * API as the only cluster; a thread here plays the Deployment controller, so the engine's workers
 * run and finish the queued deployments while the requests are measured (their work is part of
 * the load the requests see).
 */
public final class ApiLatencyMain {

    private static final String SERVICE_YML = """
            services:
              web:
                image: registry.example.com/web:1
                ports: ["8080:80"]
            """;

    // The mock API server logs every request at INFO; thousands of lines would drown the results.
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private ApiLatencyMain() {}

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Path jar = Path.of(args.length > 0 ? args[0] : "maestro-cli/target/maestro.jar").toAbsolutePath();
        int apps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Duration window = Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 15);
        System.out.printf(Locale.ROOT, "%d applications, %d concurrent clients, %d s per measurement, %d cores%n",
                apps, clients, window.toSeconds(), Runtime.getRuntime().availableProcessors());

        List<String> rows = new ArrayList<>();
        rows.add(row("target", "requests/s", "p50 ms", "p99 ms", "p50 ratio", "p99 ratio", "server RSS MiB"));
        for (String database : List.of("sqlite", "postgresql")) {
            try (ServerProcess server = ServerProcess.start(jar, database.equals("sqlite") ? null
                    : PostgresServer.get().createDatabase() + "?user=postgres")) {
                populate(server, apps);
                byte[] sample = get(server.url("/api/v1/apps/app-1"), server.token).body();
                Result baseline = measureBaseline(sample, clients, window);
                Result measured = measure(i -> server.url("/api/v1/apps/app-" + (1 + i % apps)), server.token,
                        clients, window);
                if (database.equals("sqlite")) {
                    rows.add(row("baseline (JDK HttpServer, same bytes)", fmt(baseline.perSecond()),
                            fmt(baseline.p50()), fmt(baseline.p99()), "1.00", "1.00", "-"));
                }
                rows.add(row("GET /api/v1/apps/{app} on " + database, fmt(measured.perSecond()), fmt(measured.p50()),
                        fmt(measured.p99()), fmt(measured.p50() / baseline.p50()), fmt(measured.p99() / baseline.p99()),
                        Long.toString(server.residentMiB())));
                System.out.printf(Locale.ROOT, "%s: %d requests, %d failed%n", database, measured.count(), measured.failures());

                // Deploy requests need a target: a fabric8 mock API server in this process, registered as
                // the only cluster, with a thread playing the Deployment controller so rollouts finish.
                try (MockCluster cluster = MockCluster.start(); RolloutPlayer player = RolloutPlayer.start(cluster)) {
                    int registered = post(server.url("/api/v1/clusters"), server.token,
                            "{\"name\":\"mock\",\"kubeconfig\":" + quote(kubeconfig(cluster.url())) + "}");
                    if (registered != 201) {
                        throw new IllegalStateException("registering the mock cluster answered " + registered
                                + "; the server's log:\n" + server.log());
                    }
                    byte[] queued = send(server.url("/api/v1/apps/app-1/deployments"), server.token, DEPLOY_BODY).body();
                    Result deployBaseline = measureBaseline(queued, clients, window, DEPLOY_BODY);
                    Result deploys = measure(i -> server.url("/api/v1/apps/app-" + (1 + i % apps) + "/deployments"),
                            server.token, clients, window, DEPLOY_BODY, 202);
                    rows.add(row("baseline for POST (JDK HttpServer, same bytes) [" + database + " run]",
                            fmt(deployBaseline.perSecond()), fmt(deployBaseline.p50()), fmt(deployBaseline.p99()),
                            "1.00", "1.00", "-"));
                    rows.add(row("POST /api/v1/apps/{app}/deployments on " + database, fmt(deploys.perSecond()),
                            fmt(deploys.p50()), fmt(deploys.p99()), fmt(deploys.p50() / deployBaseline.p50()),
                            fmt(deploys.p99() / deployBaseline.p99()), Long.toString(server.residentMiB())));
                    System.out.printf(Locale.ROOT, "%s deploy requests: %d requests, %d failed; %d rollouts played%n",
                            database, deploys.count(), deploys.failures(), player.rolledOut());
                }
            }
        }
        rows.forEach(System.out::println);
    }

    private static final String DEPLOY_BODY = "{\"environment\":\"production\"}";

    /** A kubeconfig for the mock API server (plain HTTP, no credentials). */
    private static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: bench
                current-context: mock
                users:
                - name: bench
                  user:
                    token: bench
                """.formatted(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * Plays the Deployment controller on the mock: every Deployment whose status is behind its
     * spec is marked rolled out, so the deploy engine's workers finish their deployments.
     */
    private static final class RolloutPlayer implements AutoCloseable {
        private final MockCluster cluster;
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicLong rolledOut = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean closed;

        private RolloutPlayer(MockCluster cluster) {
            this.cluster = cluster;
            this.thread = Thread.ofPlatform().daemon().name("bench-rollout-player").unstarted(this::play);
        }

        static RolloutPlayer start(MockCluster cluster) {
            RolloutPlayer player = new RolloutPlayer(cluster);
            player.thread.start();
            return player;
        }

        long rolledOut() {
            return rolledOut.get();
        }

        private void play() {
            while (!closed) {
                try {
                    Thread.sleep(50);
                    for (io.fabric8.kubernetes.api.model.apps.Deployment d
                            : cluster.client().apps().deployments().inAnyNamespace().list().getItems()) {
                        Long generation = d.getMetadata().getGeneration();
                        Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
                        if (observed == null || (generation != null && observed < generation)) {
                            new WorkloadController(cluster.client(), d.getMetadata().getNamespace())
                                    .rollOut(d.getMetadata().getName());
                            rolledOut.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // changed or deleted meanwhile: the next round sees the new state
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Stores {@code apps} applications through the API, 8 at a time. */
    private static void populate(ServerProcess server, int apps) throws Exception {
        String body = "{\"name\":\"%s\",\"serviceYml\":" + quote(SERVICE_YML) + ",\"comment\":\"bench\"}";
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 1; i <= apps; i++) {
                String name = "app-" + i;
                results.add(pool.submit(() -> post(server.url("/api/v1/apps"), server.token, body.formatted(name))));
            }
            for (Future<Integer> result : results) {
                if (result.get() != 201) {
                    throw new IllegalStateException("creating an application answered " + result.get()
                            + "; the server's log:\n" + server.log());
                }
            }
        }
    }

    private static Result measureBaseline(byte[] body, int clients, Duration window) throws Exception {
        return measureBaseline(body, clients, window, null);
    }

    /** The baseline answers {@code body} to every request; with {@code post} non-null the clients POST it. */
    private static Result measureBaseline(byte[] body, int clients, Duration window, String post) throws Exception {
        HttpServer baseline = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        baseline.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        baseline.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        baseline.start();
        try {
            int port = baseline.getAddress().getPort();
            return measure(i -> URI.create("http://127.0.0.1:" + port + "/api/v1/apps/app-" + i), "none", clients, window,
                    post, 200);
        } finally {
            baseline.stop(0);
        }
    }

    /** {@code clients} threads each send requests back to back for a warm-up, then for {@code window}. */
    private static Result measure(IntFunction<URI> target, String token, int clients, Duration window) throws Exception {
        return measure(target, token, clients, window, null, 200);
    }

    /** With {@code post} non-null the clients POST it as JSON; answers other than {@code expected} count as failed. */
    private static Result measure(IntFunction<URI> target, String token, int clients, Duration window, String post,
            int expected) throws Exception {
        HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        run(client, target, token, clients, Duration.ofSeconds(3), post, expected); // warm-up: JIT, connection pools
        return run(client, target, token, clients, window, post, expected);
    }

    private static Result run(HttpClient client, IntFunction<URI> target, String token, int clients, Duration window,
            String post, int expected) throws Exception {
        long end = System.nanoTime() + window.toNanos();
        List<Future<long[]>> perClient = new ArrayList<>();
        int[] failures = new int[clients];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int id = c;
                perClient.add(pool.submit(() -> {
                    long[] samples = new long[1024];
                    int n = 0;
                    int i = id;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpRequest.Builder request = HttpRequest.newBuilder(target.apply(i))
                                .header("Authorization", "Bearer " + token);
                        if (post != null) {
                            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(post));
                        }
                        int status;
                        try {
                            status = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        } catch (IOException e) {
                            status = -1; // a connection closed without an answer counts as a failed request
                        }
                        long took = System.nanoTime() - start;
                        if (status != expected) {
                            failures[id]++;
                        }
                        if (n == samples.length) {
                            samples = Arrays.copyOf(samples, n * 2);
                        }
                        samples[n++] = took;
                        i += clients;
                    }
                    return Arrays.copyOf(samples, n);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> samples : perClient) {
                long[] part = samples.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            Arrays.sort(all);
            return new Result(all.length, Arrays.stream(failures).sum(), all.length / (double) window.toSeconds(),
                    percentile(all, 0.50), percentile(all, 0.99));
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    record Result(int count, int failures, double perSecond, double p50, double p99) {}

    private static HttpResponse<byte[]> get(URI uri, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> send(URI uri, String token, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int post(URI uri, String token, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    /** {@code maestro server} as a child process on a free port with its own MAESTRO_HOME. */
    private static final class ServerProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final String token;
        private final Path home;

        private ServerProcess(Process process, int port, String token, Path home) {
            this.process = process;
            this.port = port;
            this.token = token;
            this.home = home;
        }

        static ServerProcess start(Path jar, String databaseUrl) throws Exception {
            Path home = Files.createTempDirectory("maestro-bench-home");
            Path tokenFile = home.resolve("token");
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-jar", jar.toString(), "server", "--port", Integer.toString(port), "--admin-token-file",
                    tokenFile.toString()));
            if (databaseUrl != null) {
                command.add("--database-url");
                command.add(databaseUrl);
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("server.log").toFile());
            builder.environment().put("MAESTRO_HOME", home.toString());
            Process process = builder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(tokenFile) || Files.size(tokenFile) == 0 || !answers(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the server did not start:\n"
                            + Files.readString(home.resolve("server.log")));
                }
                Thread.sleep(200);
            }
            return new ServerProcess(process, port, Files.readString(tokenFile, StandardCharsets.UTF_8).strip(), home);
        }

        private static boolean answers(int port) {
            try {
                return get(URI.create("http://127.0.0.1:" + port + "/api/openapi.json"), "x").statusCode() == 401;
            } catch (Exception e) {
                return false;
            }
        }

        String log() throws IOException {
            return Files.readString(home.resolve("server.log"));
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        long residentMiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor();
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
