package io.maestro.cli;

import io.maestro.model.bind.DidYouMean;
import io.maestro.model.keys.KeyDocs;
import io.maestro.model.keys.KeyLookup;
import io.maestro.model.keys.KeySpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the key {@code maestro explain KEY} asks about. KEY is read as a path first
 * ({@code services.web.ports}, {@code services.*.ports}, or a key path copied from an error
 * message such as {@code services.web.ports[0].http}), then as a key name anywhere in the tables.
 */
final class KeyExplainer {

    private final List<KeyTables.Table> tables;

    KeyExplainer(List<KeyTables.Table> tables) {
        this.tables = List.copyOf(tables);
    }

    /** A key and the file format it belongs to. */
    record Match(DefinitionFile file, KeyLookup.Found key) {}

    /** What a lookup found. */
    sealed interface Result permits Found, Ambiguous, Unknown {}

    record Found(Match match) implements Result {}

    /** The name belongs to several keys: the user must pick one by path. */
    record Ambiguous(String query, List<Match> matches) implements Result {}

    /** Nothing by that path or name; {@code suggestion} is the closest known path or name. */
    record Unknown(String query, Optional<String> suggestion) implements Result {}

    Result explain(String query) {
        String key = normalise(query);
        if (key.isEmpty()) {
            return new Unknown(query, Optional.empty());
        }
        List<Match> matches = key.contains(".") ? byPath(key) : byTopLevelName(key);
        if (matches.isEmpty() && !key.contains(".")) {
            matches = byName(key);
        }
        return switch (matches.size()) {
            case 0 -> new Unknown(query, suggest(key));
            case 1 -> new Found(matches.get(0));
            default -> new Ambiguous(query, matches);
        };
    }

    /** Drops list indexes and quotes, which key paths in messages carry but key tables do not. */
    static String normalise(String query) {
        return query.strip().replaceAll("\\[\\d*]", "").replace("\"", "");
    }

    private List<Match> byPath(String key) {
        List<Match> matches = new ArrayList<>();
        for (KeyTables.Table table : tables) {
            KeyLookup.byPath(table.root(), key).ifPresent(found -> matches.add(new Match(table.file(), found)));
        }
        return matches;
    }

    /**
     * A one-word query names a top-level key only when one is spelt exactly so: a top-level
     * wildcard (the manifest's environment level) would otherwise match every word.
     */
    private List<Match> byTopLevelName(String key) {
        List<Match> matches = new ArrayList<>();
        for (KeyTables.Table table : tables) {
            table.root().children().stream()
                    .filter(child -> child.name().equals(key))
                    .forEach(child -> matches.add(new Match(table.file(), new KeyLookup.Found(child.name(), child))));
        }
        return matches;
    }

    private List<Match> byName(String key) {
        List<Match> matches = new ArrayList<>();
        for (KeyTables.Table table : tables) {
            KeyLookup.byName(table.root(), key).forEach(found -> matches.add(new Match(table.file(), found)));
        }
        return matches;
    }

    private Optional<String> suggest(String key) {
        if (!key.contains(".")) {
            Set<String> names = new LinkedHashSet<>();
            tables.forEach(table -> KeyDocs.flatten(table.root()).forEach(found -> names.add(found.spec().name())));
            names.remove("*");
            return DidYouMean.closest(key, names);
        }
        // Walk as far as the path resolves, then suggest among the keys allowed at that point.
        String[] parts = key.split("\\.");
        for (KeyTables.Table table : tables) {
            KeySpec current = table.root();
            List<String> shown = new ArrayList<>();
            for (String part : parts) {
                Optional<KeySpec> next = current.child(part);
                if (next.isEmpty()) {
                    if (shown.isEmpty()) {
                        break; // not this table's path at all
                    }
                    String prefix = String.join(".", shown);
                    Optional<String> closest = DidYouMean.closest(part, current.childNames());
                    if (closest.isPresent()) {
                        return closest.map(name -> prefix + "." + name);
                    }
                    break;
                }
                current = next.get();
                shown.add(current.name());
            }
        }
        return Optional.empty();
    }
}
