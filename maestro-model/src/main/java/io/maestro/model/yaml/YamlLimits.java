package io.maestro.model.yaml;

/**
 * What a single definition file may cost to read. Documented in docs/validation.md; a file beyond
 * any limit is rejected with one clear error, never a stack trace, an out-of-memory or a hang.
 *
 * @param maxBytes size of the file in bytes
 * @param maxDepth nesting depth of maps and lists
 * @param maxNodes nodes after alias expansion (defeats "billion laughs": a few lines of anchors
 *     that would expand to billions of nodes)
 * @param maxAliases alias uses in one document
 */
public record YamlLimits(int maxBytes, int maxDepth, int maxNodes, int maxAliases) {

    /** 1 MiB, 64 levels, 250,000 expanded nodes, 1,000 aliases: far beyond any real application. */
    public static final YamlLimits DEFAULT = new YamlLimits(1024 * 1024, 64, 250_000, 1_000);

    public YamlLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxNodes <= 0 || maxAliases < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
