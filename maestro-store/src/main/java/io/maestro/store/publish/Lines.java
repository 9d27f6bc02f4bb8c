package io.maestro.store.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text forms of lists ("a\nb") and maps ("k\tv\n") in the publish tables. */
final class Lines {

    private Lines() {}

    static String list(List<String> values) {
        values.forEach(Lines::requirePlain);
        return String.join("\n", values);
    }

    static List<String> list(String text) {
        List<String> values = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    values.add(line);
                }
            }
        }
        return values;
    }

    static String map(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(values).forEach((key, value) -> {
            requirePlain(key);
            requirePlain(value);
            text.append(key).append('\t').append(value).append('\n');
        });
        return text.toString();
    }

    static Map<String, String> map(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : list(text)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                values.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return values;
    }

    private static void requirePlain(String value) {
        if (value.isEmpty() || value.contains("\t") || value.contains("\n")) {
            throw new IllegalArgumentException("expected a non-empty name or ref without tabs or newlines, got '"
                    + value.replace("\n", "\\n").replace("\t", "\\t") + "'");
        }
    }
}
