package io.maestro.model.compose;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link YamlOut} tree as block-style YAML, two spaces per level.
 *
 * <p>A string is written plain only when it cannot mean anything but that string to any YAML
 * reader, 1.1 or 1.2: it starts with a letter, {@code _} or {@code /}, holds no character with a
 * YAML meaning (single inner spaces are fine, {@code ": "} is not), ends with neither a space nor
 * a {@code :} or {@code ,}, and is not a word such as {@code yes}, {@code off} or {@code null}. Everything else
 * is double-quoted with escapes, so no value can change type, break a line or inject a key.
 */
final class YamlEmitter {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/]([A-Za-z0-9_./@+=:, -]*[A-Za-z0-9_./@+=-])?");
    private static final Set<String> RESERVED = Set.of(
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    private YamlEmitter() {}

    /** The document; {@code headerLines} are written first, each as a {@code #} comment. */
    static String emit(List<String> headerLines, YamlOut.Map root) {
        StringBuilder out = new StringBuilder();
        for (String line : headerLines) {
            out.append(line.isEmpty() ? "#" : "# " + singleLine(line)).append('\n');
        }
        writeMap(root, 0, out);
        return out.toString();
    }

    /** A scalar as it appears after {@code key: } or {@code - }. */
    static String scalar(YamlOut value) {
        return switch (value) {
            case YamlOut.Str str -> string(str.value());
            case YamlOut.Int number -> Long.toString(number.value());
            case YamlOut.Bool bool -> Boolean.toString(bool.value());
            case YamlOut.Map map -> "{}";
            case YamlOut.Seq seq -> "[]";
        };
    }

    static String string(String text) {
        if (PLAIN.matcher(text).matches() && !text.contains(": ") && !text.contains("  ")
                && !RESERVED.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        return doubleQuoted(text);
    }

    /** YAML allows at most 1024 characters in an implicit key; the converter's keys are far shorter. */
    private static final int MAX_KEY = 1000;

    private static void writeMap(YamlOut.Map map, int indent, StringBuilder out) {
        map.entries().forEach((key, value) -> {
            String written = string(key);
            if (written.length() > MAX_KEY) {
                throw new IllegalArgumentException("key longer than " + MAX_KEY + " characters: "
                        + written.substring(0, 40) + "...");
            }
            out.append(" ".repeat(indent)).append(written).append(':');
            writeValue(value, indent, out);
        });
    }

    /** Writes what follows {@code key:} (the rest of that line and any nested lines). */
    private static void writeValue(YamlOut value, int indent, StringBuilder out) {
        if (value instanceof YamlOut.Map map && !map.isEmpty()) {
            out.append('\n');
            writeMap(map, indent + 2, out);
        } else if (value instanceof YamlOut.Seq seq && !seq.isEmpty()) {
            out.append('\n');
            writeSeq(seq, indent + 2, out);
        } else {
            out.append(' ').append(scalar(value)).append('\n');
        }
    }

    private static void writeSeq(YamlOut.Seq seq, int indent, StringBuilder out) {
        for (YamlOut item : seq.items()) {
            if (item instanceof YamlOut.Map map && !map.isEmpty()) {
                // The first entry shares the "- " line; the others line up under it.
                StringBuilder nested = new StringBuilder();
                writeMap(map, indent + 2, nested);
                out.append(" ".repeat(indent)).append("- ").append(nested, indent + 2, nested.length());
            } else if (item instanceof YamlOut.Seq inner && !inner.isEmpty()) {
                out.append(" ".repeat(indent)).append("-\n");
                writeSeq(inner, indent + 2, out);
            } else {
                out.append(" ".repeat(indent)).append("- ").append(scalar(item)).append('\n');
            }
        }
    }

    private static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0 -> out.append("\\0");
                default -> {
                    if (safeInText(c)) {
                        out.appendCodePoint(c);
                    } else {
                        out.append(String.format("\\u%04x", c));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** A comment stays one line of printable characters whatever file names and keys it quotes. */
    private static String singleLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(safeInText(c) ? c : ' '));
        return out.toString();
    }

    /**
     * YAML's printable set without line breaks and the byte-order mark; anything else (controls,
     * lone surrogates, U+2028, U+FFFE) is escaped in strings and blanked in comments.
     */
    private static boolean safeInText(int c) {
        return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff && c != 0x2028 && c != 0x2029)
                || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff) || (c >= 0x10000 && c <= 0x10ffff);
    }
}
