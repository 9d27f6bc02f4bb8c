package io.maestro.model.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a key by dotted path in a key table: {@code services.web.ports}, {@code services.*.ports}
 * and {@code ports} (a unique key name anywhere) all work, as {@code maestro explain} promises.
 */
public final class KeyLookup {

    private KeyLookup() {}

    /** A key and the path it was found at. */
    public record Found(String path, KeySpec spec) {}

    public static Optional<Found> byPath(KeySpec root, String dottedPath) {
        KeySpec current = root;
        List<String> shown = new ArrayList<>();
        for (String part : dottedPath.split("\\.")) {
            if (part.isEmpty()) {
                return Optional.empty();
            }
            Optional<KeySpec> next = current.child(part);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
            shown.add(current.name());
        }
        return Optional.of(new Found(String.join(".", shown), current));
    }

    /** Every key whose own name is {@code name}, with its full path, in table order. */
    public static List<Found> byName(KeySpec root, String name) {
        List<Found> found = new ArrayList<>();
        collect(root, "", name, found);
        return found;
    }

    private static void collect(KeySpec spec, String path, String name, List<Found> found) {
        for (KeySpec child : spec.children()) {
            String childPath = path.isEmpty() ? child.name() : path + "." + child.name();
            if (child.name().equals(name)) {
                found.add(new Found(childPath, child));
            }
            collect(child, childPath, name, found);
        }
    }
}
