package io.maestro.store.testing;

import io.maestro.store.db.Dialect;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Supplies a {@link TestDatabase} for SQLite and one for PostgreSQL, the same two objects for
 * every test method of a class (kept in the class's extension store), so that each class
 * creates its databases once and closes them when it finishes.
 */
public final class BothDatabases implements ArgumentsProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BothDatabases.class);

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        ExtensionContext classContext = context.getParent().orElse(context);
        ClassDatabases databases = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(ClassDatabases.class, type -> new ClassDatabases(), ClassDatabases.class);
        return Stream.of(Arguments.of(databases.sqlite), Arguments.of(databases.postgresql));
    }

    /** Closed by JUnit when the test class finishes, which closes the class's databases. */
    private static final class ClassDatabases implements AutoCloseable {
        final TestDatabase sqlite = new TestDatabase(Dialect.SQLITE);
        final TestDatabase postgresql = new TestDatabase(Dialect.POSTGRESQL);

        @Override
        public void close() {
            sqlite.close();
            postgresql.close();
        }
    }
}
