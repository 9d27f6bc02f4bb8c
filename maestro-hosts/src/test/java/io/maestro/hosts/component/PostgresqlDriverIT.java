package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** A real PostgreSQL cluster made by the driver, reached with the JDBC driver. One instance for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresqlDriverIT {

    private DriverFixture fixture;
    private PostgresqlDriver driver;
    private InstanceSpec spec;
    private Connection connection;

    @BeforeAll
    void provision() {
        fixture = new DriverFixture("maestro-pg-driver");
        driver = new PostgresqlDriver(fixture.local);
        driver.ensureInstalled();
        spec = fixture.track(driver, fixture.spec("shop").withDatabase("shop_production").withUsername("shop"));
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.ABSENT);
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
    void provisionsAClusterThatJdbcReachesWithTheGeneratedCredentials() throws SQLException {
        assertThat(connection.address()).isEqualTo("127.0.0.1");
        assertThat(connection.port()).isEqualTo(spec.port());
        assertThat(connection.username()).contains("shop");
        assertThat(connection.database()).contains("shop_production");
        assertThat(connection.password()).hasValueSatisfying(p -> assertThat(p.reveal()).hasSize(32));
        assertThat(driver.status(spec).running()).isTrue();
        assertThat(driver.health(spec).healthy()).isTrue();
        execute("CREATE TABLE orders (id int PRIMARY KEY, item text)", "INSERT INTO orders VALUES (1, 'book')");
        assertThat(queryItem()).isEqualTo("book");
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(url(connection.database().orElseThrow()),
                "shop", "not-the-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    @Order(3)
    void aSecondProvisionWithTheSameSpecChangesNothingAndReturnsTheSameConnection() throws Exception {
        long pid = driver.status(spec).pid().orElseThrow();
        Path conf = Path.of(InstanceLayout.of(driver.kind(), spec).conf(), "maestro.conf");
        var modified = Files.getLastModifiedTime(conf);
        Connection again = driver.provision(spec);
        assertThat(again).isEqualTo(connection);
        assertThat(driver.status(spec).pid()).hasValue(pid);
        assertThat(Files.getLastModifiedTime(conf)).isEqualTo(modified);
    }

    @Test
    @Order(4)
    void restartsWithItsDataKept() throws SQLException {
        driver.stop(spec);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.STOPPED);
        assertThat(driver.health(spec).healthy()).isFalse();
        driver.start(spec);
        assertThat(driver.health(spec).healthy()).isTrue();
        assertThat(queryItem()).isEqualTo("book");
        assertThat(driver.logTail(spec, 50)).isNotEmpty().anyMatch(l -> l.contains("ready to accept connections"));
    }

    @Test
    @Order(5)
    void createsAFurtherDatabaseWithItsOwnUser() throws SQLException {
        Connection reports = driver.createDatabase(spec, "reports", "reporter");
        assertThat(reports.password()).isNotEqualTo(connection.password());
        try (var c = DriverManager.getConnection(url("reports"), "reporter", reports.password().orElseThrow().reveal())) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(driver.createDatabase(spec, "reports", "reporter")).isEqualTo(reports);
    }

    @Test
    @Order(6)
    void refusesNamesThatCouldInjectSql() {
        assertThatThrownBy(() -> driver.createDatabase(spec, "x\"; DROP DATABASE shop_production; --", "u"))
                .isInstanceOf(InvalidComponentSpecException.class)
                .hasMessageContaining("invalid database name");
        assertThatThrownBy(() -> driver.createDatabase(spec, "ok", "postgres"))
                .isInstanceOf(InvalidComponentSpecException.class);
    }

    @Test
    @Order(7)
    void aTakenPortIsReportedAndLeavesNothingBehind() throws Exception {
        try (ServerSocket taken = DriverFixture.occupyLoopbackPort()) {
            InstanceSpec busy = fixture.track(driver, fixture.spec("busy").withPort(taken.getLocalPort()));
            assertThatThrownBy(() -> driver.provision(busy))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use");
            assertThat(driver.status(busy).state()).isEqualTo(InstanceState.ABSENT);
        }
    }

    @Test
    @Order(8)
    void aClusterThatCannotStartIsReportedWithItsLogAndRemoved() {
        InstanceSpec broken = fixture.track(driver, fixture.spec("broken").withBindAddress(DriverFixture.UNASSIGNED_ADDRESS));
        assertThatThrownBy(() -> driver.provision(broken))
                .isInstanceOf(ComponentStartException.class)
                .hasMessageContaining("postgresql instance 'broken' on local did not start")
                .hasMessageContaining("could not bind");
        assertThat(driver.status(broken).state()).isEqualTo(InstanceState.ABSENT);
    }

    @Test
    @Order(9)
    void deprovisionKeepingDataLetsALaterProvisionFindEverythingAgain() throws SQLException {
        driver.deprovision(spec, true);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.STOPPED);
        assertThat(driver.provision(spec)).isEqualTo(connection);
        assertThat(queryItem()).isEqualTo("book");
        driver.deprovision(spec, false);
        assertThat(driver.status(spec).state()).isEqualTo(InstanceState.ABSENT);
    }

    private String url(String database) {
        return "jdbc:postgresql://" + connection.address() + ":" + connection.port() + "/" + database;
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
