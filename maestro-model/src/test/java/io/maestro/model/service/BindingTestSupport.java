package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.ServiceYmlFixture.Loaded;
import java.util.List;

/** Short helpers shared by the binding tests. */
final class BindingTestSupport {

    private BindingTestSupport() {}

    static Loaded valid(String yaml) {
        Loaded loaded = ServiceYmlFixture.load(yaml);
        assertThat(loaded.errors()).as("errors").isEmpty();
        return loaded;
    }

    static List<String> errors(String yaml) {
        return ServiceYmlFixture.load(yaml).errors();
    }

    /** One service named web with an image, plus the given lines (indented by four spaces). */
    static String web(String... lines) {
        StringBuilder yaml = new StringBuilder("services:\n  web:\n    image: acme/web:1\n");
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.toString();
    }
}
