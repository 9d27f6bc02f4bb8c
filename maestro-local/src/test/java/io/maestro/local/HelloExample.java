package io.maestro.local;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * examples/hello as a test fixture: its definition with the image tags renamed for one test run
 * (so runs never share images), and its image folders.
 */
final class HelloExample {

    static final Path DIR = locate();

    private HelloExample() {}

    static AppDefinition definition(String imagePrefix, String greeting) throws IOException {
        String service = Files.readString(DIR.resolve("service.yml"))
                .replace("localhost/maestro-hello-", "localhost/" + imagePrefix + "-")
                .replace("GREETING: Hello from Maestro", "GREETING: " + greeting);
        String manifest = Files.readString(DIR.resolve("manifest.yml"));
        return DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", service),
                Optional.of(DefinitionLoader.Source.text("manifest.yml", manifest)), "production");
    }

    static Path images(String service) {
        return DIR.resolve("images").resolve(service);
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("examples/hello"))) {
                return dir.resolve("examples/hello");
            }
        }
        throw new IllegalStateException("examples/hello not found above " + Path.of("").toAbsolutePath());
    }
}
