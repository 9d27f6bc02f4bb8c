package io.maestro.model.yaml;

import io.maestro.model.source.SourcePosition;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scalar exactly as written. Typing is the binder's job: the same text means an integer in
 * {@code container: 80} and a string in {@code image: 80}, and only unquoted ("plain") text may
 * stand for null, a boolean or a number.
 *
 * @param text the scalar's value after YAML unescaping
 * @param plain true when the scalar was unquoted (plain style)
 * @param position where it started
 */
public record ScalarNode(String text, boolean plain, SourcePosition position) implements YamlNode {

    private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern YAML11_BOOLEAN = Pattern.compile("(?i)yes|no|on|off|y|n");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    public ScalarNode {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
    }

    public boolean isNull() {
        return plain && NULL.matcher(text).matches();
    }

    public boolean isBoolean() {
        return plain && (TRUE.matcher(text).matches() || FALSE.matcher(text).matches());
    }

    public boolean booleanValue() {
        return TRUE.matcher(text).matches();
    }

    /** yes/no/on/off: booleans in YAML 1.1 (docker-compose's dialect), plain strings in 1.2. */
    public boolean looksLikeYaml11Boolean() {
        return plain && YAML11_BOOLEAN.matcher(text).matches();
    }

    /** An integer written as digits, quoted or not: {@code "8080"} is accepted where a port is expected. */
    public boolean isInteger() {
        return INTEGER.matcher(text.strip()).matches();
    }

    public boolean isFloat() {
        return plain && FLOAT.matcher(text).matches();
    }

    @Override
    public String kindName() {
        if (isNull()) {
            return "null";
        }
        if (isBoolean()) {
            return "a boolean";
        }
        if (plain && isInteger()) {
            return "a number";
        }
        return "a string";
    }
}
