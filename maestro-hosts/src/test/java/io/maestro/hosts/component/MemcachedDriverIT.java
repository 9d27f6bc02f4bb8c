package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** A real memcached made by the driver, spoken to in its text protocol. One instance for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemcachedDriverIT {

    private DriverFixture fixture;
    private MemcachedDriver driver;
    private InstanceSpec spec;
    private Connection connection;

    @BeforeAll
    void provision() {
        fixture = new DriverFixture("maestro-memcached-driver");
        driver = new MemcachedDriver(fixture.local);
        driver.ensureInstalled();
        spec = fixture.track(driver, fixture.spec("sessions").withMemoryMb(16));
        connection = driver.provision(spec);
    }

    @AfterAll
    void cleanUp() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void storesAndReturnsAValueOverTheTextProtocol() throws IOException {
        assertThat(connection).isEqualTo(Connection.open("127.0.0.1", spec.port()));
        assertThat(talk("set greeting 0 0 5\r\nhello\r\n", 1)).containsExactly("STORED");
        assertThat(talk("get greeting\r\n", 3)).containsExactly("VALUE greeting 0 5", "hello", "END");
        assertThat(talk("stats settings\r\n", 200)).contains("STAT maxbytes " + 16 * 1024 * 1024);
        assertThat(driver.health(spec).healthy()).isTrue();
    }

    @Test
    @Order(2)
    void aSecondProvisionWithTheSameSpecChangesNothing() {
        long pid = driver.status(spec).pid().orElseThrow();
        assertThat(driver.provision(spec)).isEqualTo(connection);
        assertThat(driver.status(spec).pid()).hasValue(pid);
    }

    @Test
    @Order(3)
    void aChangedSpecRestartsItWithTheNewSettings() throws IOException {
        long pid = driver.status(spec).pid().orElseThrow();
        spec = spec.withMemoryMb(32);
        driver.provision(spec);
        assertThat(driver.status(spec).pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(talk("stats settings\r\n", 200)).contains("STAT maxbytes " + 32 * 1024 * 1024);
    }

    @Test
    @Order(4)
    void stopsAndStartsAgain() throws IOException {
        driver.stop(spec);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.STOPPED);
        assertThat(driver.health(spec).healthy()).isFalse();
        driver.start(spec);
        assertThat(talk("set k 0 0 1\r\nv\r\n", 1)).containsExactly("STORED");
    }

    @Test
    @Order(5)
    void aTakenPortIsReportedAndLeavesNothingBehind() throws IOException {
        try (ServerSocket taken = DriverFixture.occupyLoopbackPort()) {
            InstanceSpec busy = fixture.track(driver, fixture.spec("busy").withPort(taken.getLocalPort()));
            assertThatThrownBy(() -> driver.provision(busy)).isInstanceOf(PortInUseException.class);
            assertThat(driver.status(busy).state()).isEqualTo(InstanceState.ABSENT);
        }
    }

    @Test
    @Order(6)
    void aServerThatCannotStartIsReportedWithItsLogAndRemoved() {
        InstanceSpec broken = fixture.track(driver, fixture.spec("broken").withBindAddress(DriverFixture.UNASSIGNED_ADDRESS));
        assertThatThrownBy(() -> driver.provision(broken))
                .isInstanceOf(ComponentStartException.class)
                .hasMessageContaining("memcached instance 'broken' on local did not start")
                .hasMessageContaining("Cannot assign requested address");
        assertThat(driver.status(broken).state()).isEqualTo(InstanceState.ABSENT);
    }

    @Test
    @Order(7)
    void deprovisionRemovesTheInstance() {
        driver.deprovision(spec, false);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.ABSENT);
    }

    /** Sends a request and reads {@code maxLines} lines, or until END / a one-line reply. */
    private List<String> talk(String request, int maxLines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(connection.address(), connection.port()), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            String line;
            while (lines.size() < maxLines && (line = in.readLine()) != null) {
                lines.add(line);
                if (line.equals("END") || line.equals("STORED") || line.startsWith("ERROR")) {
                    break;
                }
            }
            return lines;
        }
    }
}
