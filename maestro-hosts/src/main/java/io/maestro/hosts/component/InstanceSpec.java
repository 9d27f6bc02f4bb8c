package io.maestro.hosts.component;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One instance of a component on a host: where its files live, where it listens, and (for stores
 * with users) the application's database and user. Every field is checked against a strict grammar
 * here, before a driver writes it into a configuration file, SQL or an argument vector.
 *
 * <pre>{@code
 * InstanceSpec spec = InstanceSpec.of("shop", "/var/lib/maestro", "127.0.0.1", 5432)
 *         .withDatabase("shop_production").withUsername("shop");
 * }</pre>
 *
 * @param name the instance name (lower-case letters, digits and {@code -}, up to 40), unique per kind on a host
 * @param baseDir an absolute folder; the instance lives in {@code baseDir/<kind>/<name>}
 * @param bindAddress the IP literal the instance listens on ({@code 127.0.0.1}, {@code 0.0.0.0}, {@code ::1})
 * @param port the TCP port
 * @param database the application's database (stores with databases); defaults to the name with {@code _} for {@code -}
 * @param username the application's user (stores with users); defaults like the database
 * @param memoryMb Memcached's cache size; 64 when empty
 * @param passwordRequired Redis only: whether clients must AUTH with a generated password ({@code requirepass}).
 *     Off by default, as in the reference where Redis has no credentials and {@code REDIS_URL} none;
 *     then the bind address (and the firewall) is the only guard. PostgreSQL and MariaDB always use passwords.
 */
public record InstanceSpec(String name, String baseDir, String bindAddress, int port, Optional<String> database,
        Optional<String> username, OptionalInt memoryMb, boolean passwordRequired) {

    private static final Pattern INSTANCE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    /** PostgreSQL and MariaDB both accept these unquoted; 32 fits every engine's limit. */
    private static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,31}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}");
    private static final Set<String> RESERVED_SQL_NAMES = Set.of("postgres", "template0", "template1", "root",
            "mysql", "information_schema", "performance_schema", "sys", "mariadb", "public", "pg_catalog");

    public InstanceSpec {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(memoryMb, "memoryMb");
        require(name != null && INSTANCE_NAME.matcher(name).matches(), "instance name", name,
                "lower-case letters, digits and '-', starting with a letter, at most 40 characters");
        require(baseDir != null && PATH.matcher(baseDir).matches() && !baseDir.contains("/../")
                && !baseDir.endsWith("/..") && !baseDir.contains("/./") && !baseDir.endsWith("/."),
                "base folder", baseDir, "an absolute path of letters, digits, '.', '_' and '-' without '.' or '..' segments");
        require(bindAddress != null && (IPV4.matcher(bindAddress).matches()
                || (IPV6.matcher(bindAddress).matches() && bindAddress.contains(":"))),
                "bind address", bindAddress, "an IPv4 or IPv6 literal such as 127.0.0.1 or 0.0.0.0");
        require(port >= 1 && port <= 65535, "port", Integer.toString(port), "a TCP port from 1 to 65535");
        database.ifPresent(d -> checkSqlName("database name", d));
        username.ifPresent(u -> checkSqlName("user name", u));
        memoryMb.ifPresent(mb -> require(mb >= 8 && mb <= 1_048_576, "memory", mb + " MB", "8 MB to 1 TB"));
    }

    /** A spec with the default database and user names and memory. */
    public static InstanceSpec of(String name, String baseDir, String bindAddress, int port) {
        return new InstanceSpec(name, baseDir, bindAddress, port, Optional.empty(), Optional.empty(), OptionalInt.empty(), false);
    }

    public InstanceSpec withDatabase(String newDatabase) {
        return new InstanceSpec(name, baseDir, bindAddress, port, Optional.of(newDatabase), username, memoryMb, passwordRequired);
    }

    public InstanceSpec withUsername(String newUsername) {
        return new InstanceSpec(name, baseDir, bindAddress, port, database, Optional.of(newUsername), memoryMb, passwordRequired);
    }

    public InstanceSpec withPort(int newPort) {
        return new InstanceSpec(name, baseDir, bindAddress, newPort, database, username, memoryMb, passwordRequired);
    }

    public InstanceSpec withPasswordRequired(boolean required) {
        return new InstanceSpec(name, baseDir, bindAddress, port, database, username, memoryMb, required);
    }

    public InstanceSpec withBindAddress(String address) {
        return new InstanceSpec(name, baseDir, address, port, database, username, memoryMb, passwordRequired);
    }

    public InstanceSpec withMemoryMb(int megabytes) {
        return new InstanceSpec(name, baseDir, bindAddress, port, database, username, OptionalInt.of(megabytes), passwordRequired);
    }

    /** The application's database: as given, else the instance name with {@code _} for {@code -}. */
    public String effectiveDatabase() {
        return database.orElse(name.replace('-', '_'));
    }

    /** The application's user: as given, else the instance name with {@code _} for {@code -}. */
    public String effectiveUsername() {
        return username.orElse(name.replace('-', '_'));
    }

    /**
     * Checks a database or user name that comes from the application: lower-case letters, digits
     * and {@code _}, up to 32, and none of the engines' own names.
     *
     * @throws InvalidComponentSpecException when it does not match
     */
    public static String checkSqlName(String what, String value) {
        require(value != null && SQL_NAME.matcher(value).matches(), what, value,
                "lower-case letters, digits and '_', starting with a letter or '_', at most 32 characters");
        require(!RESERVED_SQL_NAMES.contains(value), what, value, "not one of the engines' own names "
                + RESERVED_SQL_NAMES.stream().sorted().toList());
        return value;
    }

    private static void require(boolean valid, String what, String value, String expected) {
        if (!valid) {
            throw new InvalidComponentSpecException("invalid " + what + " '" + value + "': expected " + expected);
        }
    }
}
