package io.maestro.store.db;

import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.generic.GenericTypes;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMapperFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * How Java values become column values, the same way on every statement:
 * <ul>
 *   <li>{@link Instant}: INTEGER epoch milliseconds on SQLite, TIMESTAMPTZ on PostgreSQL; both
 *       truncated to milliseconds so that the two databases return identical values;</li>
 *   <li>enums: their lower-case name ({@code DEPLOYER} is stored as {@code deployer}), the values
 *       the schema's CHECK constraints list.</li>
 * </ul>
 * Registered after Jdbi's built-ins, so these win over them.
 */
final class Codecs {

    private Codecs() {}

    static void register(Jdbi jdbi, Dialect dialect) {
        jdbi.registerArgument(new InstantArgumentFactory(dialect));
        jdbi.registerColumnMapper(Instant.class, instantMapper(dialect));
        jdbi.registerArgument(new EnumArgumentFactory());
        jdbi.registerColumnMapper(new EnumMapperFactory());
        jdbi.registerArgument(new RedactedArgumentFactory());
    }

    private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
        private final Dialect dialect;

        InstantArgumentFactory(Dialect dialect) {
            super(dialect == Dialect.SQLITE ? Types.BIGINT : Types.TIMESTAMP_WITH_TIMEZONE);
            this.dialect = dialect;
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            Instant millis = value.truncatedTo(ChronoUnit.MILLIS);
            return switch (dialect) {
                case SQLITE -> new Printable(millis, (position, statement) ->
                        statement.setLong(position, millis.toEpochMilli()));
                case POSTGRESQL -> new Printable(millis, (position, statement) ->
                        statement.setObject(position, millis.atOffset(ZoneOffset.UTC)));
            };
        }
    }

    private static ColumnMapper<Instant> instantMapper(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> (ResultSet rs, int column, StatementContext ctx) -> {
                long millis = rs.getLong(column);
                return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
            };
            case POSTGRESQL -> (ResultSet rs, int column, StatementContext ctx) -> {
                OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
                return time == null ? null : time.toInstant();
            };
        };
    }

    static String storedName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static final class EnumArgumentFactory implements ArgumentFactory {
        @Override
        public Optional<Argument> build(Type type, Object value, ConfigRegistry config) {
            if (value instanceof Enum<?> constant) {
                String stored = storedName(constant);
                return Optional.of(new Printable(stored, (position, statement) -> statement.setString(position, stored)));
            }
            return Optional.empty();
        }
    }

    private static final class EnumMapperFactory implements ColumnMapperFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Optional<ColumnMapper<?>> build(Type type, ConfigRegistry config) {
            Class<?> raw = GenericTypes.getErasedType(type);
            if (!raw.isEnum()) {
                return Optional.empty();
            }
            Class<? extends Enum> enumType = (Class<? extends Enum>) raw;
            return Optional.of((rs, column, ctx) -> {
                String stored = rs.getString(column);
                if (stored == null) {
                    return null;
                }
                try {
                    return Enum.valueOf(enumType, stored.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new StoreException("expected a " + enumType.getSimpleName() + " in column "
                            + rs.getMetaData().getColumnLabel(column) + ", got '" + stored + "'");
                }
            });
        }
    }

    private static final class RedactedArgumentFactory implements ArgumentFactory {
        @Override
        public Optional<Argument> build(Type type, Object value, ConfigRegistry config) {
            return value instanceof Redacted redacted ? Optional.of(redacted) : Optional.empty();
        }
    }

    /** Binds a value and prints as the Java value it came from (used in error messages). */
    private record Printable(Object shown, Setter setter) implements Argument {
        @Override
        public void apply(int position, java.sql.PreparedStatement statement, StatementContext ctx)
                throws SQLException {
            setter.set(position, statement);
        }

        @Override
        public String toString() {
            return String.valueOf(shown);
        }
    }

    @FunctionalInterface
    private interface Setter {
        void set(int position, java.sql.PreparedStatement statement) throws SQLException;
    }
}
