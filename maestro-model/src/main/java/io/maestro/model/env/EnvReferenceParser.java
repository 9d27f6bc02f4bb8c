package io.maestro.model.env;

/** PLACEHOLDER: being written. */
public final class EnvReferenceParser {

    private EnvReferenceParser() {}

    public static EnvValue parse(String raw) {
        return EnvValue.literal(raw);
    }
}
