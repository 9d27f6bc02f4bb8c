package io.maestro.model.compose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The small YAML tree the converter builds and {@link YamlEmitter} writes: maps keep insertion
 * order, so the output is deterministic and follows the order the converter chose.
 */
sealed interface YamlOut {

    /** A string; the emitter decides whether it needs quotes. */
    record Str(String value) implements YamlOut {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An integer, written plain. */
    record Int(long value) implements YamlOut {}

    /** A boolean, written {@code true} or {@code false}. */
    record Bool(boolean value) implements YamlOut {}

    /** A mapping with string keys in insertion order. */
    final class Map implements YamlOut {
        private final LinkedHashMap<String, YamlOut> entries = new LinkedHashMap<>();

        Map put(String key, YamlOut value) {
            entries.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        Map put(String key, String value) {
            return put(key, new Str(value));
        }

        Map put(String key, long value) {
            return put(key, new Int(value));
        }

        Map put(String key, boolean value) {
            return put(key, new Bool(value));
        }

        /** The map below {@code key}, created (at the end) when absent. */
        Map child(String key) {
            YamlOut existing = entries.get(key);
            if (existing instanceof Map map) {
                return map;
            }
            Map created = new Map();
            entries.put(key, created);
            return created;
        }

        /** The list below {@code key}, created (at the end) when absent. */
        Seq list(String key) {
            YamlOut existing = entries.get(key);
            if (existing instanceof Seq seq) {
                return seq;
            }
            Seq created = new Seq();
            entries.put(key, created);
            return created;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        YamlOut get(String key) {
            return entries.get(key);
        }

        void remove(String key) {
            entries.remove(key);
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        java.util.Map<String, YamlOut> entries() {
            return Collections.unmodifiableMap(entries);
        }

        /** A copy with the keys named in {@code order} first, in that order, then the others as they were. */
        Map ordered(List<String> order) {
            Map copy = new Map();
            for (String key : order) {
                if (entries.containsKey(key)) {
                    copy.put(key, entries.get(key));
                }
            }
            entries.forEach((key, value) -> {
                if (!copy.has(key)) {
                    copy.put(key, value);
                }
            });
            return copy;
        }
    }

    /** A sequence. */
    final class Seq implements YamlOut {
        private final List<YamlOut> items = new ArrayList<>();

        Seq add(YamlOut item) {
            items.add(Objects.requireNonNull(item));
            return this;
        }

        Seq add(String item) {
            return add(new Str(item));
        }

        boolean isEmpty() {
            return items.isEmpty();
        }

        int size() {
            return items.size();
        }

        List<YamlOut> items() {
            return Collections.unmodifiableList(items);
        }
    }

    /** A map of string values, for building {@code env_vars} and {@code annotations}. */
    static Map stringMap(java.util.Map<String, String> values) {
        Map map = new Map();
        values.forEach(map::put);
        return map;
    }
}
