package io.maestro.hosts.facts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operating system as {@code /etc/os-release} describes it (freedesktop.org format:
 * {@code KEY=value} lines, values optionally quoted with shell-style escapes).
 *
 * @param id such as {@code debian}, {@code ubuntu}, {@code rocky}
 * @param versionId such as {@code 12}; empty on rolling releases
 * @param prettyName such as {@code Debian GNU/Linux 12 (bookworm)}
 * @param idLike the distributions this one derives from, such as {@code rhel fedora}; may be empty
 */
public record OsRelease(String id, String versionId, String prettyName, String idLike) {

    public static final OsRelease UNKNOWN = new OsRelease("unknown", "", "unknown", "");

    /** Parses os-release text; missing keys get the defaults the specification gives ({@code ID=linux}). */
    public static OsRelease parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            values.put(line.substring(0, eq), unquote(line.substring(eq + 1)));
        }
        String id = values.getOrDefault("ID", "linux");
        String name = values.getOrDefault("NAME", "Linux");
        return new OsRelease(id, values.getOrDefault("VERSION_ID", ""), values.getOrDefault("PRETTY_NAME", name),
                values.getOrDefault("ID_LIKE", ""));
    }

    /** Whether this is, or derives from, the given distribution id (such as {@code debian} for Ubuntu). */
    public boolean isLike(String distribution) {
        return id.equals(distribution) || java.util.List.of(idLike.split(" ")).contains(distribution);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            String inner = value.substring(1, value.length() - 1);
            if (value.charAt(0) == '\'') {
                return inner;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
