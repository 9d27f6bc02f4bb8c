package io.maestro.model.yaml;

import io.maestro.model.source.SourcePosition;

/**
 * An immutable YAML node that remembers where it started. Aliases share the anchored node, so the
 * tree is a DAG; {@link YamlReader} bounds its expanded size.
 */
public sealed interface YamlNode permits ScalarNode, MappingNode, SequenceNode {

    SourcePosition position();

    /** What the user wrote, in words for messages: "a string", "a list", "a map", "null". */
    String kindName();
}
