package io.maestro.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.local.testing.Http;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code udp} and {@code https} port mappings on real podman: a service FROM scratch with a
 * static UDP echo (busybox has no UDP server; gcc builds one here) and busybox httpd. UDP goes
 * through Maestro's relay on the published port; the https mapping is a plain loopback upstream
 * for the load balancer, reported by the status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPortsIT {

    private final String app = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    private Path dataDir;
    private Path context;
    private LocalRuntime runtime;
    private int udpPort;

    @BeforeAll
    void buildTheImage() throws Exception {
        dataDir = Files.createTempDirectory("maestro-ports-it-");
        context = Files.createTempDirectory("maestro-udp-echo-");
        Path source = Path.of(LocalPortsIT.class.getResource("/udp-echo/udp-echo.c").toURI()).getParent();
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = context.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.setPosixFilePermissions(context.resolve("start"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", context.resolve("udp-echo").toString(),
                context.resolve("udp-echo.c").toString()).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc -static (Debian gcc + libc6-dev): " + output).isZero();
        runtime = LocalRuntime.open(dataDir);
        runtime.images().build(context, "localhost/" + app + "-echo:1");
        udpPort = freeUdpPort();
    }

    @AfterAll
    void cleanUp() {
        try {
            if (runtime != null) {
                runtime.remove(app, "production", true);
                runtime.podman().tryRun(List.of("rmi", "--force", "localhost/" + app + "-echo:1"));
                runtime.close();
            }
        } finally {
            ImageBuilder.deleteTree(context);
            ImageBuilder.deleteTree(dataDir);
        }
    }

    @Test
    void udpReachesTheReplicasThroughThePublishedPortAndHttpsIsALoopbackUpstreamForTheLoadBalancer() throws Exception {
        runtime.deploy(deployment("one"));

        LocalStatus.Service echo = runtime.status(app, "production").service("echo").orElseThrow();
        assertThat(echo.ready()).isEqualTo(2);
        assertThat(echo.ports()).extracting(PublishedPort::protocol, PublishedPort::declaredPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("udp", udpPort),
                        org.assertj.core.groups.Tuple.tuple("https", 8443));
        PublishedPort https = echo.ports().get(1);
        assertThat(https.hostPort()).isPositive();
        assertThat(Http.get(https.hostPort(), "/index.html").body()).contains("plain upstream of https");

        Set<String> answeredBy = new HashSet<>();
        for (int client = 0; client < 4; client++) {
            try (DatagramSocket socket = client()) {
                String answer = ask(socket, "ping " + client);
                assertThat(answer).endsWith(" ping " + client);
                answeredBy.add(answer.split(" ")[0]);
            }
        }
        assertThat(answeredBy).as("clients spread over both replicas").hasSize(2);

        // A rolling replace: the same client's next datagram is answered by a new replica.
        try (DatagramSocket socket = client()) {
            String before = ask(socket, "before").split(" ")[0];
            assertThat(runtime.deploy(deployment("two")).services()).containsEntry("echo", "replaced");
            String after = ask(socket, "after").split(" ")[0];
            assertThat(after).isNotEqualTo(before);
            assertThat(runtime.status(app, "production").service("echo").orElseThrow().replicas())
                    .extracting(LocalStatus.Replica::pod).noneMatch(answeredBy::contains);
        }
    }

    private LocalDeployment deployment(String marker) {
        AppDefinition definition = DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", """
                version: 2
                services:
                  echo:
                    image: localhost/%s-echo:1
                    ports:
                      - container: 9053
                        udp: %d
                      - container: 8080
                        https: 8443
                    env_vars:
                      MARKER: %s
                    stop_grace: 1
                    constraints:
                      min_count: 2
                """.formatted(app, udpPort, marker)), Optional.empty(), "production");
        return LocalDeployment.of(definition, app, "production").withBindAddress("127.0.0.1");
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(1_000);
        return socket;
    }

    /** Sends until answered (the first datagram may race the relay's session setup); at most 10 tries. */
    private String ask(DatagramSocket socket, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 10; attempt++) {
            socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udpPort));
            DatagramPacket answer = new DatagramPacket(new byte[1600], 1600);
            try {
                socket.receive(answer);
                return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
            } catch (java.net.SocketTimeoutException retry) {
                // UDP may lose a datagram; ask again.
            }
        }
        throw new AssertionError("no answer on udp port " + udpPort + " after 10 datagrams");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
