package io.maestro.server;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.maestro.store.app.ApplicationVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff between two versions of an application, file by file (service.yml, then
 * manifest.yml), as {@code diff -u} prints it with three lines of context. A file absent from
 * a version compares as empty; identical files contribute nothing.
 */
final class VersionDiff {

    private static final int CONTEXT_LINES = 3;

    private VersionDiff() {}

    static String unified(ApplicationVersion from, ApplicationVersion to) {
        StringBuilder out = new StringBuilder();
        append(out, DefinitionCheck.SERVICE_YML, from, from.serviceYml(), to, to.serviceYml());
        append(out, DefinitionCheck.MANIFEST_YML, from, from.manifestYml(), to, to.manifestYml());
        return out.toString();
    }

    private static void append(StringBuilder out, String file, ApplicationVersion from, String before,
            ApplicationVersion to, String after) {
        List<String> original = lines(before);
        List<String> revised = lines(after);
        if (original.equals(revised)) {
            return;
        }
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
                "v" + from.version() + "/" + file, "v" + to.version() + "/" + file,
                original, DiffUtils.diff(original, revised), CONTEXT_LINES);
        for (String line : diff) {
            out.append(line).append('\n');
        }
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(text.lines().toList());
    }
}
