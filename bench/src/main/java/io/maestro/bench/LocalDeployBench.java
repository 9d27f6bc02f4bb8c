package io.maestro.bench;

import io.maestro.hosts.exec.ExecResult;
import io.maestro.local.LocalDeployment;
import io.maestro.local.LocalRuntime;
import io.maestro.local.LocalStatus;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local target's deploy against bare {@code podman kube play} of the same pod specs, in the
 * same run, alternating, so both see the same machine load. Run with {@code bench/local-deploy}.
 *
 * <p>Maestro: {@code LocalRuntime.deploy} of examples/hello from nothing until it returns (every
 * replica played, web replicas answering their readiness check, proxy routed). Baseline: one
 * {@code podman kube play --network podman} of {@link LocalRuntime#plannedPods} (the same pods,
 * other names) until it returns, then until every web replica answers {@code GET /health} with
 * 200, the same readiness Maestro waits for. Removal is not timed. A warm-up round 0 is printed
 * but not counted. Prints each round and the ratio of the medians.
 */
public final class LocalDeployBench {

    private static final Pattern HOST_PORT = Pattern.compile("hostPort: \"?(\\d+)\"?");

    private LocalDeployBench() {}

    public static void main(String[] args) throws Exception {
        Path example = Path.of(args.length > 0 ? args[0] : "examples/hello");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String prefix = "bench" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Path dataDir = Files.createTempDirectory("maestro-local-bench-");
        List<Double> maestro = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> rawPlayOnly = new ArrayList<>();
        try (LocalRuntime runtime = LocalRuntime.open(dataDir)) {
            runtime.images().build(example.resolve("images/web"), "localhost/" + prefix + "-web:1");
            runtime.images().build(example.resolve("images/worker"), "localhost/" + prefix + "-worker:1");
            AppDefinition definition = definition(example, prefix);
            try {
                // Round 0 warms the JVM (class loading, JIT) and podman's caches; it is printed, not counted.
                for (int round = 0; round <= rounds; round++) {
                    LocalDeployment deployment = deployment(definition, prefix + "m" + round, runtime);
                    long start = System.nanoTime();
                    runtime.deploy(deployment);
                    double m = millis(start);
                    LocalStatus status = runtime.status(deployment.application(), "production");
                    runtime.remove(deployment.application(), "production", true);

                    LocalDeployment same = deployment(definition, prefix + "r" + round, runtime);
                    String pods = runtime.plannedPods(same);
                    start = System.nanoTime();
                    ExecResult played = runtime.podman().runWithInput(
                            List.of("kube", "play", "--network", "podman", "-"), pods);
                    double playOnly = millis(start);
                    for (int port : webBackendPorts(pods)) {
                        while (!healthy(port)) {
                            Thread.sleep(20);
                        }
                    }
                    double r = millis(start);
                    // The played pods carry Maestro's labels, so remove() finds and removes them.
                    runtime.remove(same.application(), "production", true);
                    if (round > 0) {
                        maestro.add(m);
                        raw.add(r);
                        rawPlayOnly.add(playOnly);
                    }
                    System.out.printf("round %d: maestro deploy %.0f ms (%d services), raw kube play %.0f ms "
                            + "(+ready %.0f ms), ratio %.2f%n", round, m, status.services().size(), playOnly, r, m / r);
                    if (played.exitCode() != 0) {
                        throw new IllegalStateException("kube play failed: " + played.stderr());
                    }
                }
            } finally {
                runtime.podman().tryRun(List.of("rmi", "--force", "localhost/" + prefix + "-web:1",
                        "localhost/" + prefix + "-worker:1"));
            }
        }
        double m = median(maestro);
        double r = median(raw);
        double p = median(rawPlayOnly);
        System.out.printf("median of %d rounds: maestro deploy %.0f ms, raw kube play + ready %.0f ms "
                + "(kube play alone %.0f ms); ratio %.2f (goal <= 1.30)%n", rounds, m, r, p, m / r);
    }

    private static AppDefinition definition(Path example, String prefix) throws IOException {
        String service = Files.readString(example.resolve("service.yml"))
                .replace("localhost/maestro-hello-", "localhost/" + prefix + "-");
        return DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", service),
                Optional.of(DefinitionLoader.Source.text("manifest.yml", Files.readString(example.resolve("manifest.yml")))),
                "production");
    }

    private static LocalDeployment deployment(AppDefinition definition, String app, LocalRuntime runtime) throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return LocalDeployment.of(definition, app, "production")
                .withEnv(Map.of("REDIS_ADDRESS", "host.containers.internal", "REDIS_PORT", "6379",
                        "POSTGRESQL_ADDRESS", "host.containers.internal", "POSTGRESQL_DATABASE", "hello",
                        "POSTGRESQL_USERNAME", "hello", "POSTGRESQL_PASSWORD", "bench"))
                .withHostPort("web", 8080, port)
                .withBindAddress("127.0.0.1");
    }

    /** The loopback ports of the pods that publish a port (the web replicas). */
    private static List<Integer> webBackendPorts(String pods) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = HOST_PORT.matcher(pods);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    private static boolean healthy(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.") && head.endsWith("200");
        } catch (IOException e) {
            return false;
        }
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
