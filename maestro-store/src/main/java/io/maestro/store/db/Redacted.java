package io.maestro.store.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A statement argument that binds its value but prints as {@code <redacted>}, for values that
 * must not show up in error messages (ciphertexts, nonces, token hashes). Bind it as any value:
 * {@code .bind("hash", Redacted.of(hash))}.
 */
public final class Redacted implements Argument {

    private final Object value;

    private Redacted(Object value) {
        this.value = value;
    }

    /** Wraps a {@code String} or {@code byte[]} (other types are bound with {@code setObject}). */
    public static Redacted of(Object value) {
        return new Redacted(value);
    }

    @Override
    public void apply(int position, PreparedStatement statement, StatementContext ctx) throws SQLException {
        switch (value) {
            case null -> statement.setNull(position, Types.NULL);
            case byte[] bytes -> statement.setBytes(position, bytes);
            case String text -> statement.setString(position, text);
            default -> statement.setObject(position, value);
        }
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
