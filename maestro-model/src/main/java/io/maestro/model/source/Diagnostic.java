package io.maestro.model.source;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem found in a user's file.
 *
 * <p>Printed as exactly {@code FILE:LINE:COL: error: MESSAGE} (or {@code warning}), where the
 * message starts with the key path, says what was expected and ends with a hint when one helps:
 *
 * <pre>
 * service.yml:7:17: error: services.web.ports[0].container: expected a port number between 1 and 65535, got 70000
 * service.yml:3:5: error: services.web.imgae: unknown key (did you mean 'image'?)
 * </pre>
 *
 * @param severity error or warning
 * @param position where in which file
 * @param keyPath the dotted key path, e.g. {@code services.web.ports[0]}; empty for whole-file problems
 * @param message what is wrong and what was expected, without the key path
 * @param hint an optional suggestion, e.g. {@code did you mean 'image'?}; may be null
 */
public record Diagnostic(Severity severity, SourcePosition position, String keyPath, String message, String hint) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(message, "message");
        if (hint != null && hint.isBlank()) {
            hint = null;
        }
    }

    public static Diagnostic error(SourcePosition at, String keyPath, String message) {
        return new Diagnostic(Severity.ERROR, at, keyPath, message, null);
    }

    public static Diagnostic warning(SourcePosition at, String keyPath, String message) {
        return new Diagnostic(Severity.WARNING, at, keyPath, message, null);
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, position, keyPath, message, newHint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public Optional<String> optionalHint() {
        return Optional.ofNullable(hint);
    }

    /**
     * The message as the user reads it: key path, problem, hint. Always one line: line breaks, control
     * characters and bidi overrides from user values are shown as escapes ({@code \n}, {@code \u001B}).
     */
    public String fullMessage() {
        StringBuilder text = new StringBuilder();
        if (!keyPath.isEmpty()) {
            text.append(keyPath).append(": ");
        }
        text.append(message);
        if (hint != null) {
            text.append(" (").append(hint).append(')');
        }
        return singleLine(text.toString());
    }

    /** {@code FILE:LINE:COL: error: MESSAGE}, one line. */
    public String format() {
        return position + ": " + severity.label() + ": " + fullMessage();
    }

    @Override
    public String toString() {
        return format();
    }

    private static String singleLine(String text) {
        // User-supplied values are quoted into messages. A line break in one must not split the
        // line (tools split on U+0085, U+2028 and U+2029 too), and control or bidi characters must
        // not reach the user's terminal, where they could recolour or reorder what is shown.
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                    ? String.format("\\u%04X", (int) c)
                    : null;
        };
    }
}
