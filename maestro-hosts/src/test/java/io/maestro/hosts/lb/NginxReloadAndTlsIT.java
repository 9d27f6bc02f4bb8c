package io.maestro.hosts.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * nginx from Debian on loopback: keep-alive clients across configuration reloads, and the TLS
 * policy seen by real handshakes (protocol versions, session resumption, HSTS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxReloadAndTlsIT {

    private static final String SHOP = "shop.test";
    private static final String API = "api.test";
    /** The load generator sends far more than the default per-IP rate limit: exempt loopback from it. */
    private static final String MANIFEST = """
            docker:
              configuration:
                activeprotect: {whitelist: "127.0.0.1"}
            load_balancer:
              configuration: {engine: nginx}
            """;

    private final LocalExecutor host = new LocalExecutor();
    private Path root;
    private LoadBalancerFiles files;
    private TestBackend a;
    private TestBackend b;
    private int http;
    private int https;
    private DevelopmentCa ca;
    private TlsCertificate certificate;
    private LoadBalancer lb;

    @BeforeAll
    void start() throws IOException {
        root = Files.createTempDirectory("maestro-lb-reload-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        files = new LoadBalancerFiles(root.resolve("lb").toString());
        a = TestBackend.start("a");
        b = TestBackend.start("b");
        http = FreePorts.tcp();
        https = FreePorts.tcp();
        ca = DevelopmentCa.create("Maestro reload test CA", Duration.ofDays(1));
        certificate = CertificateInstaller.install(host, files, "web", ca.issue(List.of(SHOP), Duration.ofDays(1)), List.of(SHOP));
        lb = LoadBalancer.on(host, LoadBalancerSpec.Engine.NGINX, files, new NginxOptions(Optional.empty(), Optional.empty(), 1024));
        lb.apply(plan(false));
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (lb != null) {
                lb.stop();
            }
        } finally {
            Stream.of(a, b).filter(x -> x != null).forEach(TestBackend::close);
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private LoadBalancerSpec plan(boolean hsts) {
        String serviceYml = """
                services:
                  web:
                    image: acme/web:1
                    ports: ["3000:%d:%d"]
                    traffic_matches: ["%s"]
                  api:
                    image: acme/api:1
                    ports: ["4000:%d"]
                    traffic_matches: ["%s"]
                """.formatted(http, https, SHOP, http, API);
        AppDefinition app = DefinitionLoader.create().load(Source.text("service.yml", serviceYml),
                Optional.of(Source.text("manifest.yml", MANIFEST)), null);
        return LoadBalancerPlanner.plan(app.services(), app.manifest().common(),
                (service, port) -> List.of(new Backend("127.0.0.1", a.port()), new Backend("127.0.0.1", b.port())),
                (service, hosts) -> Optional.of(certificate),
                PlannerOptions.defaults(files).withListenAddress("127.0.0.1").withHsts(hsts));
    }

    /**
     * Four keep-alive clients send GETs while the configuration is re-rendered and reloaded ten
     * times. nginx's old workers close their idle kept-alive connections when they stop, and a
     * request sent at that instant sees the connection close before any response byte; the
     * clients resend such a request once on a new connection, as HTTP clients do. Zero requests
     * may fail.
     */
    @Test
    void keepAliveClientsLoseNoRequestAcrossTenReloads() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try (KeepAliveClient client = new KeepAliveClient(http, API)) {
                    while (running.get()) {
                        try {
                            int status = client.get("/");
                            if (status == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add("status " + status);
                            }
                        } catch (KeepAliveClient.Failure e) {
                            failures.add(e.getMessage());
                        }
                    }
                    retried.addAndGet(client.retried());
                }
            }));
        }
        for (int i = 0; i < 10; i++) {
            lb.apply(plan(i % 2 == 0));
            Thread.sleep(300);
        }
        running.set(false);
        for (Thread c : clients) {
            c.join();
        }
        lb.apply(plan(false));
        System.out.printf("keep-alive across 10 nginx reloads: %d requests, %d resent after an idle close, %d failed%n",
                ok.get(), retried.get(), failures.size());
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
    }

    @Test
    void onlyTls12And13AreAccepted() {
        assertThat(sClient("-tls1_2").stdout()).contains("Protocol  : TLSv1.2").contains("Verify return code: 0 (ok)");
        assertThat(sClient("-tls1_3").stdout()).contains("TLSv1.3").contains("Verify return code: 0 (ok)");
        // SECLEVEL=0 lets OpenSSL 3 offer TLS 1.0/1.1 at all: the refusal then comes from nginx.
        for (String old : List.of("-tls1_1", "-tls1")) {
            ExecResult refused = sClient(old, "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(refused.exitCode()).as(old).isNotZero();
            assertThat(refused.stdout() + refused.stderr()).as(old).containsIgnoringCase("alert protocol version");
        }
    }

    @Test
    void tlsSessionsAreResumedOnReconnect() throws Exception {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            SSLContext context = trustingCa();
            SSLSession first = handshake(context, protocol);
            SSLSession second = handshake(context, protocol);
            assertThat(first.getProtocol()).isEqualTo(protocol);
            // A resumed session keeps the first one's creation time (full handshakes create a new one).
            assertThat(second.getCreationTime()).as(protocol + " resumption").isEqualTo(first.getCreationTime());
        }
        ExecResult reconnect = sClient("-tls1_2", "-reconnect");
        assertThat(reconnect.stdout().lines().filter(l -> l.startsWith("Reused, TLSv1.2")).count())
                .as(reconnect.stdout()).isEqualTo(5);
    }

    @Test
    void hstsIsSentOnlyWhenEnabled() throws Exception {
        assertThat(RawHttp.getTls(trustingCa(), https, SHOP, "/").header("Strict-Transport-Security")).isNull();
        lb.apply(plan(true));
        try {
            assertThat(RawHttp.getTls(trustingCa(), https, SHOP, "/").header("Strict-Transport-Security"))
                    .startsWith("max-age=");
            assertThat(RawHttp.get(http, API, "/").header("Strict-Transport-Security")).as("never over plain HTTP").isNull();
        } finally {
            lb.apply(plan(false));
        }
    }

    private ExecResult sClient(String... options) {
        Path caFile = root.resolve("ca.pem");
        try {
            Files.writeString(caFile, ca.certificatePem());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + https,
                "-servername", SHOP, "-CAfile", caFile.toString()));
        argv.addAll(List.of(options));
        return host.run(Command.of(argv).withStdin("Q\n".getBytes(StandardCharsets.US_ASCII)).withTimeout(Duration.ofSeconds(30)));
    }

    private SSLSession handshake(SSLContext context, String protocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", https)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(SHOP)));
            parameters.setProtocols(new String[] {protocol});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            // Read a response so TLS 1.3's post-handshake session ticket is processed before closing.
            socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + SHOP + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
            return socket.getSession();
        }
    }

    private SSLContext trustingCa() throws Exception {
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
}
