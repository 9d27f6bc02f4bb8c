package io.maestro.plan.lb;

import java.util.regex.Pattern;

/**
 * The checks every user string passes before it reaches a generated nginx or HAProxy file. A
 * value that passes contains none of the characters either format gives a meaning to (a space
 * separates arguments, {@code ;} ends a directive, braces open and close blocks, quotes change
 * tokenisation, {@code #} starts a comment, {@code $} expands a variable, a newline ends a line
 * in HAProxy), so it can only ever be one argument.
 */
public final class ConfigText {

    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,126}[a-z0-9])?");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9/._~%?&=:+,@!*()-]*");
    private static final String FORBIDDEN = " \t\r\n;{}\"'`#$\\";

    private ConfigText() {}

    /** A server name: lowercase DNS name, optionally {@code *.}-prefixed, or the catch-all {@code _}. */
    public static String host(String value) {
        requireNoSyntax(value, "host name");
        if (value.equals("_")) {
            return value;
        }
        String name = value.startsWith("*.") ? value.substring(2) : value;
        boolean ok = !name.isEmpty() && name.length() <= 253;
        for (String label : name.split("\\.", -1)) {
            ok &= HOST_LABEL.matcher(label).matches();
        }
        if (!ok) {
            throw new LoadBalancerConfigException("expected a host name such as 'example.com', '*.example.com' or '_', got "
                    + quote(value));
        }
        return value;
    }

    /** A backend address: an IPv4 address or a host name (no wildcard). */
    public static String address(String value) {
        requireNoSyntax(value, "backend address");
        if (IPV4.matcher(value).matches() || value.equals("localhost")) {
            return value;
        }
        if (value.startsWith("*") || value.equals("_")) {
            throw new LoadBalancerConfigException("expected a backend address (IP or host name), got " + quote(value));
        }
        return host(value);
    }

    /** A name used inside the file (upstream, backend, zone): lowercase letters, digits, '-' and '_'. */
    public static String name(String value) {
        requireNoSyntax(value, "name");
        if (!NAME.matcher(value).matches()) {
            throw new LoadBalancerConfigException("expected a name of lowercase letters, digits, '-' and '_' (at most 128), got "
                    + quote(value));
        }
        return value;
    }

    /** An absolute URL path such as {@code /healthz}. */
    public static String path(String value) {
        requireNoSyntax(value, "path");
        if (!URL_PATH.matcher(value).matches()) {
            throw new LoadBalancerConfigException("expected an absolute URL path such as '/healthz', got " + quote(value));
        }
        return value;
    }

    /** A port number. */
    public static int port(int port) {
        if (port < 1 || port > 65535) {
            throw new LoadBalancerConfigException("expected a port between 1 and 65535, got " + port);
        }
        return port;
    }

    /**
     * Free text that becomes one quoted argument (a CORS origin such as {@code https://a.example}, a
     * header list such as {@code GET, POST}): printable ASCII without the characters above except
     * the space, which quoting keeps inside the argument.
     */
    public static String headerValue(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || (c != ' ' && FORBIDDEN.indexOf(c) >= 0)) {
                throw new LoadBalancerConfigException("expected a " + what + " without quotes, ';', braces, '#', '$', '\\' or "
                        + "control characters, got " + quote(value));
            }
        }
        return value;
    }

    /** Whether the text contains no character with a meaning in nginx or HAProxy syntax. */
    public static boolean isInert(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || FORBIDDEN.indexOf(c) >= 0) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    private static void requireNoSyntax(String value, String what) {
        if (value == null || !isInert(value)) {
            throw new LoadBalancerConfigException("expected a " + what + " without spaces, quotes, ';', braces, '#', '$', '\\' "
                    + "or control characters, got " + quote(value));
        }
    }

    /** The value for a message: Java-escaped so a newline shows as {@code \n}, never as a line break. */
    public static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }
}
