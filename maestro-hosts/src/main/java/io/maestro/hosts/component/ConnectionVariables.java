package io.maestro.hosts.component;

import io.maestro.model.env.InjectedVariable.Field;
import io.maestro.model.manifest.DataStoreGroup;
import io.maestro.model.service.DatabaseKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a provisioned {@link Connection} into the environment variables services receive, with
 * the names {@link io.maestro.model.env.InjectedVariables} declares: {@code POSTGRESQL_ADDRESS},
 * {@code _PORT}, {@code _USERNAME}, {@code _PASSWORD}, {@code _DATABASE}, {@code _URL}, the
 * {@code MYSQL_}, {@code REDIS_} and {@code MEMCACHED_} equivalents, and the group-scoped
 * {@code MYSQL_<GROUP>_...} names. Pure: no I/O.
 *
 * <p>Stores without credentials (Redis, Memcached) get {@code _ADDRESS}, {@code _PORT} and (Redis)
 * {@code _URL}. A Redis instance provisioned with a password ({@link InstanceSpec#passwordRequired()},
 * a Maestro extension) also gets {@code REDIS_PASSWORD}, and its {@code REDIS_URL} carries it.
 *
 * <pre>{@code
 * ConnectionVariables.root(DatabaseKind.POSTGRESQL, connection).get("POSTGRESQL_PORT"); // "5432"
 * ConnectionVariables.forGroup(DatabaseKind.MYSQL, "reporting", false, true, connection); // MYSQL_REPORTING_*
 * }</pre>
 */
public final class ConnectionVariables {

    private ConnectionVariables() {
    }

    /** The values of one connection by field, for {@code kind}: only the fields that kind has. */
    public static Map<Field, String> fields(DatabaseKind kind, Connection connection) {
        Map<Field, String> result = new LinkedHashMap<>();
        result.put(Field.ADDRESS, connection.address());
        result.put(Field.PORT, Integer.toString(connection.port()));
        if (kind.hasCredentials()) {
            result.put(Field.USERNAME, connection.username().orElse(""));
            result.put(Field.PASSWORD, connection.password().map(Secret::reveal).orElse(""));
            result.put(Field.DATABASE, connection.database().orElse(""));
        } else {
            connection.password().ifPresent(p -> result.put(Field.PASSWORD, p.reveal()));
        }
        url(kind, connection).ifPresent(url -> result.put(Field.URL, url));
        return result;
    }

    /** The root names ({@code POSTGRESQL_ADDRESS}, ...): a store without named groups. */
    public static Map<String, String> root(DatabaseKind kind, Connection connection) {
        return named(kind.envPrefix(), fields(kind, connection));
    }

    /**
     * The names of one group, as {@code InjectedVariables} injects them: the primary group gets the
     * root names, plus its own group-scoped names when the manifest names its groups
     * ({@code explicitGroups}); every other group gets {@code <PREFIX>_<GROUP>_...} only
     * (group upper-cased, {@code -} becomes {@code _}).
     */
    public static Map<String, String> forGroup(DatabaseKind kind, String group, boolean primary, boolean explicitGroups,
            Connection connection) {
        Map<Field, String> values = fields(kind, connection);
        Map<String, String> result = new LinkedHashMap<>();
        if (primary) {
            result.putAll(named(kind.envPrefix(), values));
        }
        if (!primary || explicitGroups) {
            result.putAll(named(groupPrefix(kind, group), values));
        }
        return result;
    }

    /** {@link #forGroup} for a group of the model. */
    public static Map<String, String> forGroup(DatabaseKind kind, DataStoreGroup group, boolean explicitGroups,
            Connection connection) {
        return forGroup(kind, group.name(), group.primary(), explicitGroups, connection);
    }

    /** Which variables hold secrets: the password, and the URL when it embeds one. */
    public static boolean isSecret(String name) {
        return name.endsWith(Field.PASSWORD.suffix()) || name.endsWith(Field.URL.suffix());
    }

    private static String groupPrefix(DatabaseKind kind, String group) {
        return kind.envPrefix() + "_" + group.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Map<String, String> named(String prefix, Map<Field, String> values) {
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((field, value) -> result.put(prefix + field.suffix(), value));
        return result;
    }

    private static Optional<String> url(DatabaseKind kind, Connection c) {
        String host = c.address().contains(":") ? "[" + c.address() + "]" : c.address();
        String hostPort = host + ":" + c.port();
        return switch (kind) {
            case POSTGRESQL, MYSQL -> Optional.of(kind.key() + "://" + encode(c.username().orElse("")) + ":"
                    + encode(c.password().map(Secret::reveal).orElse("")) + "@" + hostPort + "/" + c.database().orElse(""));
            case REDIS -> Optional.of("redis://" + c.password().map(p -> ":" + encode(p.reveal()) + "@").orElse("") + hostPort);
            default -> Optional.empty();
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
