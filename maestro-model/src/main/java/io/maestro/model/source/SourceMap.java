package io.maestro.model.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where every bound value came from, keyed by its key path ({@code services.web.ports[0].http}).
 *
 * <p>The model records stay plain values; validators and later stages (planner, control plane)
 * look positions up here so that any message about any value can name {@code file:line:col}.
 * Lookups fall back to the nearest enclosing path that has a position, then to the file start.
 */
public final class SourceMap {

    private final Map<String, SourcePosition> positions;
    private final String defaultFile;

    private SourceMap(Map<String, SourcePosition> positions, String defaultFile) {
        this.positions = positions;
        this.defaultFile = defaultFile;
    }

    public static SourceMap empty(String defaultFile) {
        return new SourceMap(Map.of(), defaultFile);
    }

    public static Builder builder(String defaultFile) {
        return new Builder(defaultFile);
    }

    /** Position of exactly this path, if it was bound from a file. */
    public Optional<SourcePosition> exact(String keyPath) {
        return Optional.ofNullable(positions.get(keyPath));
    }

    /** Position of this path or of its nearest ancestor; the file start when nothing matches. */
    public SourcePosition at(String keyPath) {
        String path = keyPath;
        while (true) {
            SourcePosition found = positions.get(path);
            if (found != null) {
                return found;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            if (cut <= 0) {
                return SourcePosition.startOf(defaultFile);
            }
            path = path.substring(0, cut);
        }
    }

    public Map<String, SourcePosition> asMap() {
        return Collections.unmodifiableMap(positions);
    }

    /** A map holding both: used to join the service.yml and manifest.yml maps of one application. */
    public SourceMap merge(SourceMap other) {
        Map<String, SourcePosition> all = new LinkedHashMap<>(positions);
        other.positions.forEach(all::putIfAbsent);
        return new SourceMap(Collections.unmodifiableMap(all), defaultFile);
    }

    public static final class Builder {
        private final Map<String, SourcePosition> positions = new LinkedHashMap<>();
        private final String defaultFile;

        private Builder(String defaultFile) {
            this.defaultFile = defaultFile;
        }

        public Builder put(String keyPath, SourcePosition at) {
            positions.putIfAbsent(keyPath, at);
            return this;
        }

        public SourceMap build() {
            return new SourceMap(Collections.unmodifiableMap(new LinkedHashMap<>(positions)), defaultFile);
        }
    }
}
