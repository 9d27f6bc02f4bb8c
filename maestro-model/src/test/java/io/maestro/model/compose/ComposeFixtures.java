package io.maestro.model.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compose fixtures and their golden service.yml files under src/test/resources/compose/.
 * Run with {@code -Dmaestro.updateGolden=true} to rewrite the golden files from the current output.
 */
final class ComposeFixtures {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "src/test/resources/compose");

    private ComposeFixtures() {}

    static String compose(String name) {
        return read(DIRECTORY.resolve(name + ".compose.yml"));
    }

    /** Asserts (or, when updating, writes) the golden file; returns the expected text. */
    static String golden(String name, String actual) {
        Path file = DIRECTORY.resolve(name + ".service.yml");
        if (Boolean.getBoolean("maestro.updateGolden")) {
            try {
                Files.writeString(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return actual;
        }
        if (!Files.exists(file)) {
            throw new AssertionError("missing golden file " + file + "; run with -Dmaestro.updateGolden=true");
        }
        return read(file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
