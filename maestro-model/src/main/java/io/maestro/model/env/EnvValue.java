package io.maestro.model.env;

import java.util.List;
import java.util.Objects;

/**
 * An environment variable's value as written, parsed into literal text and references by
 * {@link EnvReferenceParser}: {@code redis://_env(REDIS_ADDRESS:localhost):6379} is a literal, an
 * app reference with a default, and another literal.
 *
 * @param raw the value exactly as written
 * @param parts the value split into parts, in order; concatenating their resolved text gives the value
 */
public record EnvValue(String raw, List<EnvPart> parts) {

    public EnvValue {
        Objects.requireNonNull(raw, "raw");
        parts = List.copyOf(parts);
    }

    /** A value with no references at all. */
    public static EnvValue literal(String text) {
        return new EnvValue(text, text.isEmpty() ? List.of() : List.of(new EnvPart.Literal(text)));
    }

    public boolean isLiteral() {
        return parts.stream().allMatch(p -> p instanceof EnvPart.Literal || p instanceof EnvPart.PassThrough);
    }

    public boolean hasAutoGenerate() {
        return parts.stream().anyMatch(EnvPart.AutoGenerate.class::isInstance);
    }

    /** References to resolve (everything but literals and {@code $(VAR)} pass-throughs). */
    public List<EnvPart.Reference> references() {
        return parts.stream().filter(EnvPart.Reference.class::isInstance).map(EnvPart.Reference.class::cast).toList();
    }
}
