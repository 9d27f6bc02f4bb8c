package io.maestro.model.bind;

import io.maestro.model.keys.KeySpec;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A map with a fixed set of keys, checked against a {@link KeySpec} when created.
 *
 * <p>Lookups return the value node (already recorded in the source map) or empty when the key is
 * absent; the typed helpers delegate to {@link Binder} with the child key path.
 */
public final class MapReader {

    private final Binder binder;
    private final MappingNode node;
    private final String path;
    private final KeySpec spec;
    private final boolean valid;

    MapReader(Binder binder, MappingNode node, String path, KeySpec spec, boolean valid) {
        this.binder = binder;
        this.node = node;
        this.path = path;
        this.spec = spec;
        this.valid = valid;
        checkKeys();
    }

    /** False when the node was not a map (an error was reported); every lookup is then empty. */
    public boolean valid() {
        return valid;
    }

    public MappingNode node() {
        return node;
    }

    public String path() {
        return path;
    }

    public Binder binder() {
        return binder;
    }

    public String pathOf(String key) {
        return KeyPaths.child(path, key);
    }

    public boolean has(String key) {
        return node.has(key);
    }

    public Optional<YamlNode> get(String key) {
        Optional<MappingNode.Entry> entry = node.entry(key);
        entry.ifPresent(e -> binder.record(pathOf(key), e.value()));
        return entry.map(MappingNode.Entry::value);
    }

    /** The node of the key itself (not its value): where "this key should not be here" points. */
    public Optional<YamlNode> keyNode(String key) {
        return node.entry(key).map(MappingNode.Entry::key);
    }

    public Optional<String> string(String key) {
        return get(key).flatMap(v -> binder.string(v, pathOf(key)));
    }

    public Optional<String> nonEmptyString(String key) {
        return get(key).flatMap(v -> binder.nonEmptyString(v, pathOf(key)));
    }

    public Optional<Integer> integer(String key, int min, int max) {
        return get(key).flatMap(v -> binder.integer(v, pathOf(key), min, max));
    }

    public Optional<Integer> port(String key) {
        return get(key).flatMap(v -> binder.port(v, pathOf(key)));
    }

    public Optional<Boolean> bool(String key) {
        return get(key).flatMap(v -> binder.bool(v, pathOf(key)));
    }

    public <E> Optional<E> oneOf(String key, Map<String, E> spellings) {
        return get(key).flatMap(v -> binder.oneOf(v, pathOf(key), spellings));
    }

    public List<String> stringList(String key, boolean singleAllowed) {
        return get(key).map(v -> binder.stringList(v, pathOf(key), singleAllowed)).orElse(List.of());
    }

    public Map<String, String> stringMap(String key) {
        return get(key).map(v -> binder.stringMap(v, pathOf(key))).orElse(Map.of());
    }

    public MapReader fields(String key) {
        KeySpec child = spec.child(key).orElseThrow(() -> new IllegalArgumentException(
                "key table bug: '" + key + "' is not a child of '" + spec.name() + "'"));
        return get(key).map(v -> binder.fields(v, pathOf(key), child))
                .orElseGet(() -> binder.fields(new MappingNode(List.of(), node.position()), pathOf(key), child));
    }

    public <T> Optional<T> bind(String key, BiFunction<YamlNode, String, Optional<T>> binding) {
        return get(key).flatMap(v -> binding.apply(v, pathOf(key)));
    }

    private void checkKeys() {
        for (MappingNode.Entry entry : node.entries()) {
            String key = entry.name();
            String keyPath = pathOf(key);
            Optional<KeySpec> known = spec.child(key);
            if (known.isEmpty()) {
                binder.error(entry.key(), keyPath, "unknown key",
                        DidYouMean.hint(key, spec.childNames()).orElse(
                                "allowed keys: " + String.join(", ", spec.childNames())));
                continue;
            }
            KeySpec child = known.get();
            switch (child.status()) {
                case SUPPORTED, V1_MAPPED -> { }
                case WARN -> binder.warning(entry.key(), keyPath, child.summary());
                case NOT_SUPPORTED_YET -> binder.warning(entry.key(), keyPath,
                        "recognised but not supported by Maestro yet; it is ignored", firstSentence(child.summary()));
                case REJECTED -> binder.error(entry.key(), keyPath, "not supported", firstSentence(child.summary()));
            }
        }
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }
}
