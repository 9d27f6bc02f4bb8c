package io.maestro.model.yaml;

import io.maestro.model.source.SourcePosition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mapping in document order. Keys are always scalars ({@link YamlReader} rejects complex keys)
 * and unique (duplicates are reported and the first one is kept).
 */
public record MappingNode(List<Entry> entries, SourcePosition position) implements YamlNode {

    public MappingNode {
        entries = List.copyOf(entries);
        Objects.requireNonNull(position, "position");
    }

    /** One key and its value. */
    public record Entry(ScalarNode key, YamlNode value) {
        public String name() {
            return key.text();
        }
    }

    public Optional<Entry> entry(String key) {
        for (Entry entry : entries) {
            if (entry.name().equals(key)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    public Optional<YamlNode> get(String key) {
        return entry(key).map(Entry::value);
    }

    public boolean has(String key) {
        return entry(key).isPresent();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String kindName() {
        return "a map";
    }
}
