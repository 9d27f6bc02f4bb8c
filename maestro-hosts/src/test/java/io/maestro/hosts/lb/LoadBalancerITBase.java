package io.maestro.hosts.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.hosts.exec.LocalExecutor;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same scenarios through a real proxy from Debian on loopback: two Java backends, a
 * redis-server, a UDP echo (nginx only), certificates from the development CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoadBalancerITBase {

    static final String SHOP = "shop.test";
    static final String API = "api.test";

    final LocalExecutor host = new LocalExecutor();
    Path root;
    LoadBalancerFiles files;
    TestBackend a;
    TestBackend b;
    RedisProcess redis;
    UdpEcho echo;
    int http;
    int https;
    int tcp;
    int udp;
    DevelopmentCa ca;
    TlsCertificate certificate;
    LoadBalancer lb;
    LoadBalancerSpec spec;

    abstract LoadBalancerSpec.Engine engine();

    boolean supportsUdp() {
        return engine() == LoadBalancerSpec.Engine.NGINX;
    }

    @BeforeAll
    void startEverything() throws IOException {
        root = Files.createTempDirectory("maestro-lb-");
        // nginx workers run as an unprivileged user and must reach the ACME webroot.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        files = new LoadBalancerFiles(root.resolve("lb").toString());
        a = TestBackend.start("a");
        b = TestBackend.start("b");
        redis = new RedisProcess(Files.createDirectories(root.resolve("redis")));
        echo = new UdpEcho();
        http = FreePorts.tcp();
        https = FreePorts.tcp();
        tcp = FreePorts.tcp();
        udp = FreePorts.udp();
        ca = DevelopmentCa.create("Maestro test CA", Duration.ofDays(1));
        List<String> names = List.of(SHOP, "www." + SHOP);
        certificate = CertificateInstaller.install(host, files, "web", ca.issue(names, Duration.ofDays(1)), names);
        spec = plan(false);
        lb = LoadBalancer.on(host, engine(), files,
                new NginxOptions(Optional.empty(), Optional.of(NginxOptions.DEBIAN_STREAM_MODULE), 1024));
        lb.apply(spec);
    }

    LoadBalancerSpec plan(boolean hsts) {
        String serviceYml = """
                services:
                  web:
                    image: acme/web:1
                    ports: ["3000:%d:%d"]
                    traffic_matches: ["%s"]
                  api:
                    image: acme/api:1
                    ports: ["4000:%d"]
                    traffic_matches: ["%s", "*.%s"]
                  cache:
                    image: acme/redis:1
                    ports: [{container: 6379, tcp: %d}]
                """.formatted(http, https, SHOP, http, API, API, tcp)
                + (supportsUdp() ? """
                  echo:
                    image: acme/echo:1
                    ports: [{container: 7, udp: %d}]
                """.formatted(udp) : "");
        String manifestYml = """
                docker:
                  configuration:
                    activeprotect: {http_ban_rate: 600, whitelist: "127.0.0.1"}
                    nginx:
                      cors: {origin: 'https://app.test', methods: 'GET, POST, OPTIONS'}
                load_balancer:
                  configuration:
                    engine: %s
                    httpchk: /healthz
                """.formatted(engine().name().toLowerCase());
        AppDefinition app = DefinitionLoader.create().load(Source.text("service.yml", serviceYml),
                Optional.of(Source.text("manifest.yml", manifestYml)), null);
        return LoadBalancerPlanner.plan(app.services(), app.manifest().common(), (service, port) -> switch (service) {
                    case "cache" -> List.of(new Backend("127.0.0.1", redis.port()));
                    case "echo" -> List.of(new Backend("127.0.0.1", echo.port()));
                    default -> List.of(new Backend("127.0.0.1", a.port()), new Backend("127.0.0.1", b.port()));
                }, (service, hosts) -> Optional.of(certificate),
                PlannerOptions.defaults(files).withListenAddress("127.0.0.1")
                        .withWwwRedirect(PlannerOptions.WwwRedirect.TO_APEX).withHsts(hsts));
    }

    @AfterAll
    void stopEverything() throws IOException {
        try {
            if (lb != null) {
                lb.stop();
            }
        } finally {
            Stream.of(a, b).filter(x -> x != null).forEach(TestBackend::close);
            if (redis != null) {
                redis.close();
            }
            if (echo != null) {
                echo.close();
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void requestsAreSpreadOverBothBackends() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            RawHttp.Response r = RawHttp.get(http, API, "/");
            assertThat(r.status()).isEqualTo(200);
            seen.add(backendOf(r));
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void theBackendReceivesForwardedForProtoAndHost() {
        RawHttp.Response r = RawHttp.get(http, "x." + API, "/");
        assertThat(r.body()).contains("xff=127.0.0.1", "proto=http", "fhost=x." + API);
    }

    @Test
    void plainHttpOfAnHttpsServiceRedirectsToHttps() {
        RawHttp.Response r = RawHttp.get(http, SHOP, "/cart?item=3");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("https://" + SHOP + ":" + https + "/cart?item=3");
    }

    @Test
    void wwwRedirectsToTheApexName() {
        RawHttp.Response r = RawHttp.get(http, "www." + SHOP, "/a");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.header("Location")).isEqualTo("http://" + SHOP + ":" + http + "/a");
    }

    @Test
    void aHostNobodyServesGets404() {
        assertThat(RawHttp.get(http, "nobody.example", "/").status()).isEqualTo(404);
    }

    @Test
    void corsPreflightIsAnsweredByTheLoadBalancer() {
        RawHttp.Response r = RawHttp.request(http, "OPTIONS", API, "/");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://app.test");
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, OPTIONS");
    }

    @Test
    void httpsHandshakeSucceedsForAClientThatTrustsTheDevelopmentCa() throws Exception {
        RawHttp.Response r = RawHttp.getTls(trustingCa(), https, SHOP, "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("proto=https", "fhost=" + SHOP);
    }

    @Test
    void httpsIsRefusedForAHostWithoutCertificateAndByClientsThatDoNotTrustTheCa() throws Exception {
        SSLContext trusting = trustingCa();
        assertThatThrownBy(() -> RawHttp.getTls(trusting, https, "other.test", "/")).isInstanceOf(IOException.class);
        SSLContext defaults = SSLContext.getInstance("TLS");
        defaults.init(null, null, null);
        assertThatThrownBy(() -> RawHttp.getTls(defaults, https, SHOP, "/")).isInstanceOf(IOException.class);
    }

    @Test
    void tcpIsPassedThroughToRedis() {
        assertThat(RedisProcess.command(tcp, "PING")).isEqualTo("+PONG");
        assertThat(RedisProcess.command(tcp, "SET lb-key through-the-proxy")).isEqualTo("+OK");
        assertThat(RedisProcess.command(redis.port(), "GET lb-key")).isEqualTo("$17");
    }

    @Test
    void aKilledBackendLeavesRotationAndComesBack() {
        b.stop();
        try {
            eventually(() -> {
                for (int i = 0; i < 10; i++) {
                    RawHttp.Response r = RawHttp.get(http, API, "/");
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(backendOf(r)).isEqualTo("a");
                }
            });
        } finally {
            b.start();
        }
        eventually(() -> {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                seen.add(backendOf(RawHttp.get(http, API, "/")));
            }
            assertThat(seen).contains("b");
        });
    }

    @Test
    void reloadsUnderLoadFailNoRequest() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    try {
                        RawHttp.Response r = RawHttp.get(http, API, "/");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + r.status());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        for (int i = 0; i < 5; i++) {
            lb.apply(plan(i % 2 == 0));
            Thread.sleep(200);
        }
        running.set(false);
        for (Thread c : clients) {
            c.join();
        }
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(20);
        lb.apply(spec);
    }

    @Test
    void anInvalidConfigurationIsRefusedWithTheValidatorsMessageAndTheOldOneKeepsServing() throws IOException {
        Path live = Path.of(engine() == LoadBalancerSpec.Engine.NGINX ? files.nginxConf() : files.haproxyConf());
        String before = Files.readString(live);
        assertThatThrownBy(() -> lb.runtime().apply(before.replace("timeout", "tiemout").replace("server_tokens", "server_tokenz")))
                .isInstanceOf(InvalidLoadBalancerConfigException.class)
                .hasMessageContaining(engine() == LoadBalancerSpec.Engine.NGINX ? "server_tokenz" : "tiemout")
                .hasMessageContaining("kept the previous one serving");
        assertThat(Files.readString(live)).isEqualTo(before);
        assertThat(RawHttp.get(http, API, "/").status()).isEqualTo(200);
    }

    static String backendOf(RawHttp.Response r) {
        return r.body().lines().filter(l -> l.startsWith("backend=")).findFirst().map(l -> l.substring(8)).orElse("?");
    }

    SSLContext trustingCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("maestro-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(ca.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Retries {@code check} until it passes or 30 s have gone by (then its last failure is thrown). */
    static void eventually(Runnable check) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
