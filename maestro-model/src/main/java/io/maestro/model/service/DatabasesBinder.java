package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.DidYouMean;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Collects {@code databases} lists (the top-level one and any service-level ones) into one list
 * without duplicates. Stores Maestro recognises but cannot provision yet are reported and left out.
 */
final class DatabasesBinder {

    private static final List<String> NAMES = Arrays.stream(DatabaseKind.values()).map(DatabaseKind::key).toList();

    private final Binder binder;
    private final List<DatabaseKind> kinds = new ArrayList<>();

    DatabasesBinder(Binder binder) {
        this.binder = binder;
    }

    void bind(YamlNode node, String path) {
        List<YamlNode> items = binder.items(node, path);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = items.size() == 1 && items.get(0) == node ? path : KeyPaths.index(path, i);
            kind(items.get(i), itemPath).ifPresent(kind -> {
                if (!kinds.contains(kind)) {
                    kinds.add(kind);
                }
            });
        }
    }

    List<DatabaseKind> kinds() {
        return List.copyOf(kinds);
    }

    private Optional<DatabaseKind> kind(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String written = text.get().strip();
        Optional<DatabaseKind> kind = DatabaseKind.fromKey(written.toLowerCase(Locale.ROOT));
        if (kind.isEmpty()) {
            binder.error(node, path, "expected one of " + String.join(", ", NAMES) + ", got " + Binder.quote(written),
                    DidYouMean.hint(written, NAMES).orElse(null));
            return Optional.empty();
        }
        if (!kind.get().supported()) {
            binder.warning(node, path, "'" + kind.get().key() + "' is recognised but not supported by Maestro yet; "
                    + "it is ignored", "run it yourself and set its address in env_vars");
            return Optional.empty();
        }
        return kind;
    }
}
