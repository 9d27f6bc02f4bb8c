package io.maestro.model.validate;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks for user strings that end up in generated nginx and HAProxy configurations (host names,
 * URL paths) and in Kubernetes fields next to them. Rejecting the characters those formats give a
 * meaning to is what keeps a value from injecting a directive.
 */
public final class SafeText {

    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Shown in messages: the characters a path may not contain. */
    public static final String FORBIDDEN_IN_PATHS = "whitespace, quotes, ;, {, }, #, $, \\ or control characters";

    private SafeText() {}

    /**
     * Whether {@code host} is a host name nginx and an Ingress both accept as a server name: a
     * lowercase DNS name, optionally starting with {@code *.}, or the catch-all {@code _}.
     */
    public static boolean isHostPattern(String host) {
        if (host.equals("_")) {
            return true;
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (name.isEmpty() || name.length() > KubernetesNames.MAX_SUBDOMAIN_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The first character that may not appear in a path, or empty when the path is safe. */
    public static Optional<Character> forbiddenPathCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || "\"'`;{}#$\\".indexOf(c) >= 0) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A character for a message: visible characters quoted, the others by name. */
    public static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\n', '\r' -> "a line break";
            default -> Character.isISOControl(c) || Character.isWhitespace(c)
                    ? String.format("the control character U+%04X", (int) c)
                    : "'" + c + "'";
        };
    }
}
