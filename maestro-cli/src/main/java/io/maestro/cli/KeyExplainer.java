package io.maestro.cli;

import io.maestro.model.bind.DidYouMean;
import io.maestro.model.keys.KeyDocs;
import io.maestro.model.keys.KeyLookup;
import io.maestro.model.keys.KeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the key {@code maestro explain KEY} asks about. KEY is read, in this order, as:
 * <ol>
 *   <li>a path from the top of a file: {@code services.web.ports}, {@code services.*.ports}, a key
 *       path copied from an error message such as {@code services.web.ports[0].http}, or a manifest
 *       path below an environment such as {@code production.docker.configuration};
 *   <li>the end of a path: {@code constraints.max_surge}, {@code web.ports};
 *   <li>a key name anywhere: {@code max_surge}.
 * </ol>
 * When several keys match and all of them are the same key (the manifest's {@code same_as}, which
 * every component's server entry has), that key is the answer, with every place it appears.
 */
final class KeyExplainer {

    private static final String WILDCARD = "*";

    private final List<KeyTables.Table> tables;

    KeyExplainer(List<KeyTables.Table> tables) {
        this.tables = List.copyOf(tables);
    }

    /** A key and the file format it belongs to. */
    record Match(DefinitionFile file, KeyLookup.Found key) {}

    /** What a lookup found. */
    sealed interface Result permits Found, Ambiguous, Unknown {}

    /**
     * One key. {@code places} holds every path where it appears, the first being the one shown;
     * it has more than one entry for a key shared by several parents (the same definition).
     */
    record Found(List<Match> places) implements Result {
        Found {
            places = List.copyOf(places);
            if (places.isEmpty()) {
                throw new IllegalArgumentException("a found key has a place");
            }
        }

        Match match() {
            return places.get(0);
        }
    }

    /**
     * The name belongs to several different keys: the user must pick one by path. {@code matches}
     * lists every path; {@code keys} groups them by key, as a key shared by several parents (a
     * server's {@code port} in every component) is one key in several places.
     */
    record Ambiguous(String query, List<Match> matches) implements Result {
        List<List<Match>> keys() {
            List<List<Match>> keys = new ArrayList<>();
            for (Match match : matches) {
                keys.stream().filter(group -> sameKey(group.get(0), match)).findFirst()
                        .ifPresentOrElse(group -> group.add(match), () -> keys.add(new ArrayList<>(List.of(match))));
            }
            return keys.stream().map(List::copyOf).toList();
        }
    }

    /** Nothing by that path or name; {@code suggestion} is the closest known path or name. */
    record Unknown(String query, Optional<String> suggestion) implements Result {}

    Result explain(String query) {
        String key = normalise(query);
        if (key.isEmpty()) {
            return new Unknown(query, Optional.empty());
        }
        boolean dotted = key.contains(".");
        List<Match> matches = dotted ? byPath(key) : byTopLevelName(key);
        if (matches.isEmpty()) {
            matches = dotted ? bySuffix(key) : byName(key);
        }
        if (matches.isEmpty()) {
            return new Unknown(query, suggest(key));
        }
        if (matches.size() == 1 || sameKey(matches)) {
            return new Found(matches);
        }
        return new Ambiguous(query, matches);
    }

    /** Drops list indexes and quotes, which key paths in messages carry but key tables do not. */
    static String normalise(String query) {
        return query.strip().replaceAll("\\[\\d*]", "").replace("\"", "");
    }

    private static boolean sameKey(List<Match> matches) {
        return matches.stream().allMatch(m -> sameKey(matches.get(0), m));
    }

    /** The same key under two parents: same file, and a spec equal in every field and child. */
    static boolean sameKey(Match a, Match b) {
        return a.file() == b.file() && a.key().spec().equals(b.key().spec());
    }

    private List<Match> byPath(String key) {
        List<Match> matches = new ArrayList<>();
        for (KeyTables.Table table : tables) {
            Optional<KeyLookup.Found> found = KeyLookup.byPath(table.root(), key);
            if (found.isEmpty()) {
                found = belowEnvironment(table.root(), key);
            }
            found.ifPresent(f -> matches.add(new Match(table.file(), f)));
        }
        return matches;
    }

    /**
     * A manifest path that starts with an environment name ({@code production.docker.servers}):
     * the environment holds the same keys as the top level, which the table describes once.
     */
    private static Optional<KeyLookup.Found> belowEnvironment(KeySpec root, String key) {
        String[] parts = key.split("\\.", 3);
        boolean hasEnvironments = root.children().stream().anyMatch(child -> child.name().equals(WILDCARD));
        if (!hasEnvironments || namedChild(root, parts[0]) || !DnsLabel.isValid(parts[0])
                || !namedChild(root, parts[1])) {
            return Optional.empty();
        }
        return KeyLookup.byPath(root, key.substring(parts[0].length() + 1));
    }

    private static boolean namedChild(KeySpec spec, String name) {
        return spec.children().stream().anyMatch(child -> child.name().equals(name));
    }

    /** Keys whose path ends with the query's parts, a {@code *} in the table matching any name. */
    private List<Match> bySuffix(String key) {
        String[] wanted = key.split("\\.");
        if (Arrays.stream(wanted).anyMatch(String::isEmpty)) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>();
        for (KeyTables.Table table : tables) {
            for (KeyLookup.Found found : KeyDocs.flatten(table.root())) {
                String[] path = found.path().split("\\.");
                if (endsWith(path, wanted)) {
                    matches.add(new Match(table.file(), found));
                }
            }
        }
        return matches;
    }

    private static boolean endsWith(String[] path, String[] wanted) {
        if (wanted.length > path.length) {
            return false;
        }
        int offset = path.length - wanted.length;
        boolean namedOne = false;
        for (int i = 0; i < wanted.length; i++) {
            String part = path[offset + i];
            if (part.equals(wanted[i])) {
                namedOne = true;
            } else if (!part.equals(WILDCARD)) {
                return false;
            }
        }
        // At least one part must be a key's own name: "web.x" matching two wildcards names nothing.
        return namedOne;
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
            names.remove(WILDCARD);
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
