package io.maestro.model.yaml;

import io.maestro.model.source.SourcePosition;
import java.util.List;
import java.util.Objects;

/** A sequence in document order. */
public record SequenceNode(List<YamlNode> items, SourcePosition position) implements YamlNode {

    public SequenceNode {
        items = List.copyOf(items);
        Objects.requireNonNull(position, "position");
    }

    @Override
    public String kindName() {
        return "a list";
    }
}
