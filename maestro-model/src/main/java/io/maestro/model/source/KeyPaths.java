package io.maestro.model.source;

/** Builds the key paths used in messages and in {@link SourceMap}: {@code a.b[2].c}. */
public final class KeyPaths {

    private KeyPaths() {}

    public static String child(String parent, String key) {
        String shown = needsQuoting(key) ? "\"" + key.replace("\"", "\\\"") + "\"" : key;
        return parent.isEmpty() ? shown : parent + "." + shown;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static boolean needsQuoting(String key) {
        if (key.isEmpty()) {
            return true;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '[' || c == ']' || c == '"' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return true;
            }
        }
        return false;
    }
}
