package io.maestro.bench.lb;

import com.sun.net.httpserver.HttpServer;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.lb.LoadBalancer;
import io.maestro.hosts.lb.tls.CertificateInstaller;
import io.maestro.hosts.lb.tls.DevelopmentCa;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.plan.lb.Backend;
import io.maestro.plan.lb.LoadBalancerFiles;
import io.maestro.plan.lb.LoadBalancerPlanner;
import io.maestro.plan.lb.LoadBalancerSpec;
import io.maestro.plan.lb.PlannerOptions;
import io.maestro.plan.lb.TlsCertificate;
import io.maestro.plan.lb.nginx.NginxOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The environment of {@code bench/lb}: a small Java HTTP backend, and nginx and HAProxy in front of
 * it, configured by Maestro's real planner, renderers and runtime (with a development-CA
 * certificate for HTTPS, rate limiting off so one client can saturate). Prints the ports as
 * {@code name=port} lines, then obeys commands on stdin: {@code reload nginx}, {@code reload
 * haproxy} (a real re-render, validate, swap, graceful reload) and {@code quit}.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.maestro.bench.lb.LoadBalancerBenchSetup WORKDIR</pre>
 */
public final class LoadBalancerBenchSetup {

    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private LoadBalancerBenchSetup() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : Files.createTempDirectory("maestro-lb-bench-").toString())
                .toAbsolutePath();
        Files.createDirectories(work);
        LocalExecutor host = new LocalExecutor();
        HttpServer backend = backend();
        int backendPort = backend.getAddress().getPort();
        DevelopmentCa ca = DevelopmentCa.create("Maestro bench CA", Duration.ofDays(1));
        Files.writeString(work.resolve("ca.pem"), ca.certificatePem());
        List<LoadBalancer> started = new ArrayList<>();
        List<String> lines = new ArrayList<>(List.of("direct=" + backendPort));
        LoadBalancer[] lbs = new LoadBalancer[2];
        Setup[] setups = new Setup[2];
        try {
            int i = 0;
            for (LoadBalancerSpec.Engine engine : LoadBalancerSpec.Engine.values()) {
                String name = engine.name().toLowerCase();
                LoadBalancerFiles files = new LoadBalancerFiles(work.resolve(name).toString());
                List<String> hosts = List.of("bench.test");
                TlsCertificate cert = CertificateInstaller.install(host, files, "bench",
                        ca.issue(hosts, Duration.ofDays(1)), hosts);
                Setup setup = new Setup(engine, files, cert, free(), free(), backendPort);
                LoadBalancer lb = LoadBalancer.on(host, engine, files,
                        new NginxOptions(Optional.empty(), Optional.of(NginxOptions.DEBIAN_STREAM_MODULE), 4096));
                lb.apply(setup.spec(false));
                started.add(lb);
                lbs[i] = lb;
                setups[i++] = setup;
                lines.add(name + "_http=" + setup.http);
                lines.add(name + "_https=" + setup.https);
            }
            lines.forEach(System.out::println);
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            boolean toggle = false;
            while ((command = in.readLine()) != null && !command.equals("quit")) {
                int which = command.equals("reload haproxy") ? 1 : 0;
                toggle = !toggle;
                long start = System.nanoTime();
                lbs[which].apply(setups[which].spec(toggle));
                System.out.println("reloaded " + setups[which].engine.name().toLowerCase() + " in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
                System.out.flush();
            }
        } finally {
            for (LoadBalancer lb : started) {
                lb.stop();
            }
            backend.stop(0);
        }
    }

    private record Setup(LoadBalancerSpec.Engine engine, LoadBalancerFiles files, TlsCertificate cert, int http, int https,
            int backendPort) {

        /** One service on a catch-all host, http and https without redirect; {@code variant} flips HSTS. */
        LoadBalancerSpec spec(boolean variant) {
            String serviceYml = """
                    services:
                      web:
                        image: bench/web:1
                        ports: ["3000:%d:%d"]
                    """.formatted(http, https);
            String manifestYml = "load_balancer:\n  configuration:\n    engine: " + engine.name().toLowerCase() + "\n";
            AppDefinition app = DefinitionLoader.create().load(Source.text("service.yml", serviceYml),
                    Optional.of(Source.text("manifest.yml", manifestYml)), null);
            return LoadBalancerPlanner.plan(app.services(), app.manifest().common(),
                    (service, port) -> List.of(new Backend("127.0.0.1", backendPort)),
                    (service, hosts) -> Optional.of(cert),
                    PlannerOptions.defaults(files).withListenAddress("127.0.0.1").withRedirectHttpToHttps(false)
                            .withRateLimiting(false).withHsts(variant));
        }
    }

    private static HttpServer backend() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", free()), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
