package io.maestro.store.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test method once on SQLite and once on PostgreSQL; the method takes a
 * {@link TestDatabase}. Invocations are named {@code on SQLite} and {@code on PostgreSQL}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "on {0}")
@ArgumentsSource(BothDatabases.class)
public @interface OnBothDatabases {}
