package io.maestro.model.compose;

import io.maestro.model.DefinitionLoader.Source;
import java.util.List;

/** PLACEHOLDER: being written. Converts a docker-compose.yml into an equivalent service.yml. */
public final class ComposeConverter {

    private ComposeConverter() {}

    /**
     * The result of a conversion.
     *
     * @param serviceYml the generated service.yml text
     * @param notConverted one line per compose setting that could not be converted, with the reason
     */
    public record Conversion(String serviceYml, List<String> notConverted) {}

    /** @throws io.maestro.model.source.InvalidDefinitionException when the compose file itself is invalid */
    public static Conversion convert(Source composeFile) {
        return new Conversion("services: {}\n", List.of());
    }
}
