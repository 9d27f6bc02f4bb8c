package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.env.EnvReferenceParser;
import io.maestro.model.env.EnvSyntaxException;
import io.maestro.model.env.EnvValue;
import io.maestro.model.source.SourcePosition;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds {@code env_vars}: each value is parsed into literal text and references. A malformed
 * reference becomes an error at the value, pointing at the offending character when the value is
 * written plain on one line (then columns map one to one).
 */
final class EnvVarBinder {

    private final Binder binder;
    private final Function<String, EnvValue> parser;

    EnvVarBinder(Binder binder) {
        this(binder, EnvReferenceParser::parse);
    }

    /** With another parser: lets tests exercise the error path independently of the grammar. */
    EnvVarBinder(Binder binder, Function<String, EnvValue> parser) {
        this.binder = binder;
        this.parser = parser;
    }

    Map<String, EnvValue> bind(YamlNode node, String path) {
        return binder.userMap(node, path, this::value);
    }

    Optional<EnvValue> value(YamlNode node, String path) {
        binder.record(path, node);
        String raw;
        if (node instanceof ScalarNode scalar) {
            // Numbers and booleans are accepted as their text: PORT: 3000, DEBUG: true.
            raw = scalar.isNull() ? "" : scalar.text();
        } else {
            binder.error(node, path, "expected a string, got " + Binder.describe(node),
                    "quote the value if it is meant as text");
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw));
        } catch (EnvSyntaxException e) {
            binder.diagnostics().error(positionOf(node, raw, e.offset()), path, e.getMessage());
            return Optional.empty();
        }
    }

    private static SourcePosition positionOf(YamlNode node, String raw, int offset) {
        SourcePosition start = node.position();
        boolean columnsMatch = node instanceof ScalarNode scalar && scalar.plain() && raw.indexOf('\n') < 0;
        if (!columnsMatch || offset < 0 || offset > raw.length()) {
            return start;
        }
        return new SourcePosition(start.file(), start.line(), start.column() + offset);
    }
}
