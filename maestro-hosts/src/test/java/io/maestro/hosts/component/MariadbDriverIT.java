package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** A real MariaDB server made by the driver, reached with MariaDB Connector/J. One instance for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariadbDriverIT {

    private DriverFixture fixture;
    private MariadbDriver driver;
    private InstanceSpec spec;
    private Connection connection;

    @BeforeAll
    void provision() {
        fixture = new DriverFixture("maestro-mariadb-driver");
        driver = new MariadbDriver(fixture.local);
        driver.ensureInstalled();
        spec = fixture.track(driver, fixture.spec("shop"));
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
    void provisionsAServerThatJdbcReachesWithTheGeneratedCredentials() throws SQLException {
        assertThat(connection.username()).contains("shop");
        assertThat(connection.database()).contains("shop");
        assertThat(driver.health(spec).healthy()).isTrue();
        execute("CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(40))", "INSERT INTO orders VALUES (1, 'book')");
        assertThat(queryItem()).isEqualTo("book");
    }

    @Test
    @Order(2)
    void theApplicationUserSeesOnlyItsDatabaseAndRootCannotLogInOverTcp() throws SQLException {
        try (var c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW DATABASES")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactlyInAnyOrder("information_schema", "shop");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url("mysql"), "root", "").close())
                .isInstanceOf(SQLException.class);
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
    void restartsWithItsDataKept() throws SQLException {
        driver.stop(spec);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.STOPPED);
        driver.start(spec);
        assertThat(queryItem()).isEqualTo("book");
        assertThat(driver.logTail(spec, 30)).anyMatch(l -> l.contains("ready for connections"));
    }

    @Test
    @Order(5)
    void aTakenPortIsReportedAndLeavesNothingBehind() throws Exception {
        try (ServerSocket taken = DriverFixture.occupyLoopbackPort()) {
            InstanceSpec busy = fixture.track(driver, fixture.spec("busy").withPort(taken.getLocalPort()));
            assertThatThrownBy(() -> driver.provision(busy)).isInstanceOf(PortInUseException.class);
            assertThat(driver.status(busy).state()).isEqualTo(InstanceState.ABSENT);
        }
    }

    @Test
    @Order(6)
    void aServerThatCannotStartIsReportedWithItsLogAndKeepsItsData() {
        // MariaDB binds with IP_FREEBIND, so an unassigned address starts fine; a data folder the
        // mysql user cannot enter is a start failure that keeps happening until someone fixes it.
        InstanceSpec broken = fixture.track(driver, fixture.spec("broken"));
        driver.provision(broken);
        driver.stop(broken);
        InstanceLayout layout = InstanceLayout.of(driver.kind(), broken);
        fixture.local.run(io.maestro.hosts.exec.Command.of("chown", "root:root", layout.data())).requireSuccess();
        assertThatThrownBy(() -> driver.provision(broken))
                .isInstanceOf(ComponentStartException.class)
                .hasMessageContaining("mysql instance 'broken' on local did not start")
                .hasMessageContaining(layout.log() + "/mariadb.log ends with:")
                .hasMessageContaining("Permission denied");
        assertThat(driver.status(broken).state()).isEqualTo(InstanceState.STOPPED);
    }

    @Test
    @Order(7)
    void deprovisionRemovesTheInstance() {
        driver.deprovision(spec, false);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.ABSENT);
    }

    private String url(String database) {
        return "jdbc:mariadb://" + connection.address() + ":" + connection.port() + "/" + database;
    }

    private java.sql.Connection open() throws SQLException {
        return DriverManager.getConnection(url(connection.database().orElseThrow()), connection.username().orElseThrow(),
                connection.password().orElseThrow().reveal());
    }

    private void execute(String... statements) throws SQLException {
        try (var c = open(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private String queryItem() throws SQLException {
        try (var c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT item FROM orders WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
