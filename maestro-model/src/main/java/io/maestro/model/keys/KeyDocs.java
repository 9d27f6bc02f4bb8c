package io.maestro.model.keys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a key table as a Markdown reference page (docs/service-yml.md, docs/manifest-yml.md).
 *
 * <p>The output depends only on the table, so the committed pages can be checked against the
 * table the binder uses: a page that differs from a fresh rendering is out of date. Layout: a
 * title, an intro, an index table of every key, then one section per key (depth first, table
 * order) with its type, default, origin, status and documentation.
 *
 * <pre>{@code
 * String page = KeyDocs.markdown("service.yml reference", "Every key of service.yml.", ServiceYmlKeys.ROOT);
 * }</pre>
 */
public final class KeyDocs {

    private KeyDocs() {}

    /** The Markdown page for every key below {@code root} (the root itself is the file, not a key). */
    public static String markdown(String title, String intro, KeySpec root) {
        List<KeyLookup.Found> keys = flatten(root);
        List<String> anchors = anchors(keys);
        StringBuilder page = new StringBuilder();
        page.append("# ").append(title).append("\n\n");
        if (!intro.isBlank()) {
            page.append(intro.strip()).append("\n\n");
        }
        page.append("## Keys\n\n");
        page.append("| Key | Type | Default | Status |\n");
        page.append("|---|---|---|---|\n");
        for (int i = 0; i < keys.size(); i++) {
            KeySpec spec = keys.get(i).spec();
            page.append("| [`").append(keys.get(i).path()).append("`](#").append(anchors.get(i)).append(") | ")
                    .append(cell(spec.type())).append(" | ")
                    .append(spec.defaultValue() == null ? "–" : cell(spec.defaultValue())).append(" | ")
                    .append(shortStatus(spec.status())).append(" |\n");
        }
        for (int i = 0; i < keys.size(); i++) {
            page.append('\n');
            section(page, keys.get(i), anchors.get(i));
        }
        return page.toString();
    }

    /** Every key below {@code root} with its dotted path ({@code services.*.ports}), depth first. */
    public static List<KeyLookup.Found> flatten(KeySpec root) {
        List<KeyLookup.Found> keys = new ArrayList<>();
        collect(root, "", keys);
        return keys;
    }

    /** What the binder does with a key of this status, in words. */
    public static String statusText(KeySpec.Status status) {
        return switch (status) {
            case SUPPORTED -> "supported";
            case V1_MAPPED -> "V1 spelling: read as its V2 equivalent, with a warning";
            case WARN -> "accepted with a warning";
            case NOT_SUPPORTED_YET -> "not supported yet: ignored with a warning";
            case REJECTED -> "rejected with an error";
        };
    }

    /** The status in one or two words, for tables. */
    public static String shortStatus(KeySpec.Status status) {
        return switch (status) {
            case SUPPORTED -> "supported";
            case V1_MAPPED -> "V1, mapped";
            case WARN -> "warning";
            case NOT_SUPPORTED_YET -> "not supported yet";
            case REJECTED -> "rejected";
        };
    }

    private static void section(StringBuilder page, KeyLookup.Found key, String anchor) {
        KeySpec spec = key.spec();
        page.append("<a id=\"").append(anchor).append("\"></a>\n");
        page.append("### `").append(key.path()).append("`\n\n");
        page.append("- Type: ").append(oneLine(spec.type())).append('\n');
        page.append("- Default: ").append(spec.defaultValue() == null ? "none" : oneLine(spec.defaultValue())).append('\n');
        page.append("- Since: ").append(spec.since().label()).append('\n');
        page.append("- Status: ").append(statusText(spec.status())).append('\n');
        List<String> children = spec.children().stream().map(KeySpec::name).map(n -> "`" + n + "`").toList();
        if (!children.isEmpty()) {
            page.append("- Keys below: ").append(String.join(", ", children)).append('\n');
        }
        if (!spec.summary().isBlank()) {
            page.append('\n').append(spec.summary().strip()).append('\n');
        }
    }

    private static void collect(KeySpec spec, String path, List<KeyLookup.Found> keys) {
        for (KeySpec child : spec.children()) {
            String childPath = path.isEmpty() ? child.name() : path + "." + child.name();
            keys.add(new KeyLookup.Found(childPath, child));
            collect(child, childPath, keys);
        }
    }

    /** Explicit, unique HTML anchors: {@code services.*.ports} becomes {@code services-name-ports}. */
    private static List<String> anchors(List<KeyLookup.Found> keys) {
        Set<String> used = new HashSet<>();
        List<String> anchors = new ArrayList<>();
        for (KeyLookup.Found key : keys) {
            String base = key.path().replace("*", "name").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-+|-+$", "");
            if (base.isEmpty()) {
                base = "key";
            }
            String anchor = base;
            for (int n = 2; !used.add(anchor); n++) {
                anchor = base + "-" + n;
            }
            anchors.add(anchor);
        }
        return anchors;
    }

    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
