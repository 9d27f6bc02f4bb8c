package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** A real redis-server made by the driver, spoken to in RESP over a plain socket. One instance for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisDriverIT {

    private DriverFixture fixture;
    private RedisDriver driver;
    private InstanceSpec spec;
    private Connection connection;

    @BeforeAll
    void provision() {
        fixture = new DriverFixture("maestro-redis-driver");
        driver = new RedisDriver(fixture.local);
        driver.ensureInstalled();
        spec = fixture.track(driver, fixture.spec("cache").withPasswordRequired(true));
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
    void requiresTheGeneratedPasswordAndCountsWithIncr() throws IOException {
        assertThat(connection.username()).isEmpty();
        assertThat(connection.database()).isEmpty();
        try (RespClient redis = new RespClient(connection.address(), connection.port())) {
            assertThat(redis.call("GET", "hits")).startsWith("-NOAUTH");
            assertThat(redis.call("AUTH", "wrong")).startsWith("-WRONGPASS");
            assertThat(redis.call("AUTH", connection.password().orElseThrow().reveal())).isEqualTo("OK");
            assertThat(redis.call("INCR", "hits")).isEqualTo("1");
            assertThat(redis.call("INCR", "hits")).isEqualTo("2");
            assertThat(redis.call("GET", "hits")).isEqualTo("2");
        }
        assertThat(driver.health(spec)).isEqualTo(Health.healthy("PONG"));
    }

    @Test
    @Order(2)
    void keepsThePasswordInFilesOnlyRootAndRedisCanRead() throws IOException {
        InstanceLayout layout = InstanceLayout.of(driver.kind(), spec);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(layout.credentials()))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(layout.conf(), "redis.conf"))))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(3)
    void aSecondProvisionWithTheSameSpecChangesNothingAndReturnsTheSameConnection() {
        long pid = driver.status(spec).pid().orElseThrow();
        assertThat(driver.provision(spec)).isEqualTo(connection);
        assertThat(driver.status(spec).pid()).hasValue(pid);
    }

    @Test
    @Order(4)
    void restartsWithItsDataKept() throws IOException {
        driver.stop(spec);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.STOPPED);
        driver.start(spec);
        try (RespClient redis = new RespClient(connection.address(), connection.port())) {
            redis.call("AUTH", connection.password().orElseThrow().reveal());
            assertThat(redis.call("GET", "hits")).isEqualTo("2");
        }
        assertThat(driver.logTail(spec, 20)).anyMatch(l -> l.contains("Ready to accept connections"));
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
                .hasMessageContaining("redis instance 'broken' on local did not start")
                .hasMessageContaining("Cannot assign requested address");
        assertThat(driver.status(broken).state()).isEqualTo(InstanceState.ABSENT);
    }

    @Test
    @Order(7)
    void withoutAPasswordAnyClientThatReachesTheAddressMayTalk() throws IOException {
        InstanceSpec open = fixture.track(driver, fixture.spec("open"));
        Connection plain = driver.provision(open);
        assertThat(plain.password()).isEmpty();
        try (RespClient redis = new RespClient(plain.address(), plain.port())) {
            assertThat(redis.call("INCR", "hits")).isEqualTo("1");
        }
        assertThat(driver.health(open).healthy()).isTrue();
        driver.deprovision(open, false);
    }

    @Test
    @Order(8)
    void deprovisionRemovesTheInstance() {
        driver.deprovision(spec, false);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.ABSENT);
        assertThat(driver.health(spec).healthy()).isFalse();
    }
}
