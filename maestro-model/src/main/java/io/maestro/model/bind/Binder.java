package io.maestro.model.bind;

import io.maestro.model.keys.KeySpec;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.source.SourceMap;
import io.maestro.model.source.SourcePosition;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.SequenceNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Typed, position-aware access to a {@link YamlNode} tree for the format binders.
 *
 * <p>Every accessor takes the node and its key path, records the node's position in the
 * {@link SourceMap} being built, and either returns the typed value or reports a diagnostic that
 * names the path and what was expected, returning empty. Binders therefore never throw on bad
 * input and always see every problem of a file in one pass.
 *
 * <pre>{@code
 * Binder binder = new Binder("service.yml", diagnostics);
 * MapReader service = binder.fields(node, "services.web", ServiceYmlKeys.SERVICE);
 * Optional<String> image = service.string("image");
 * }</pre>
 */
public final class Binder {

    private final String file;
    private final Diagnostics diagnostics;
    private final SourceMap.Builder sources;

    public Binder(String file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.sources = SourceMap.builder(file);
    }

    public String file() {
        return file;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    public SourceMap sourceMap() {
        return sources.build();
    }

    /** Remembers where the value at {@code path} was written. */
    public void record(String path, YamlNode node) {
        sources.put(path, node.position());
    }

    public void error(YamlNode at, String path, String message) {
        diagnostics.error(at.position(), path, message);
    }

    public void error(YamlNode at, String path, String message, String hint) {
        diagnostics.error(at.position(), path, message, hint);
    }

    public void warning(YamlNode at, String path, String message) {
        diagnostics.warning(at.position(), path, message);
    }

    public void warning(YamlNode at, String path, String message, String hint) {
        diagnostics.warning(at.position(), path, message, hint);
    }

    public SourcePosition startOfFile() {
        return SourcePosition.startOf(file);
    }

    // ---- shapes --------------------------------------------------------------------------

    public Optional<MappingNode> mapping(YamlNode node, String path) {
        record(path, node);
        if (node instanceof MappingNode map) {
            return Optional.of(map);
        }
        if (node instanceof ScalarNode scalar && scalar.isNull()) {
            return Optional.of(new MappingNode(List.of(), node.position()));
        }
        error(node, path, "expected a map, got " + describe(node));
        return Optional.empty();
    }

    public Optional<SequenceNode> sequence(YamlNode node, String path) {
        record(path, node);
        if (node instanceof SequenceNode list) {
            return Optional.of(list);
        }
        if (node instanceof ScalarNode scalar && scalar.isNull()) {
            return Optional.of(new SequenceNode(List.of(), node.position()));
        }
        error(node, path, "expected a list, got " + describe(node));
        return Optional.empty();
    }

    /** A list, or a single item treated as a one-item list (e.g. {@code traffic_matches: host}). */
    public List<YamlNode> items(YamlNode node, String path) {
        record(path, node);
        if (node instanceof SequenceNode list) {
            return list.items();
        }
        if (node instanceof ScalarNode scalar && scalar.isNull()) {
            return List.of();
        }
        return List.of(node);
    }

    // ---- scalars -------------------------------------------------------------------------

    public Optional<ScalarNode> scalar(YamlNode node, String path, String expected) {
        record(path, node);
        if (node instanceof ScalarNode scalar && !scalar.isNull()) {
            return Optional.of(scalar);
        }
        error(node, path, "expected " + expected + ", got " + describe(node));
        return Optional.empty();
    }

    /** Any scalar as text: {@code image: 80} is the string "80". Null, maps and lists are errors. */
    public Optional<String> string(YamlNode node, String path) {
        return scalar(node, path, "a string").map(ScalarNode::text);
    }

    public Optional<String> nonEmptyString(YamlNode node, String path) {
        Optional<String> text = string(node, path);
        if (text.isPresent() && text.get().isBlank()) {
            error(node, path, "expected a non-empty string");
            return Optional.empty();
        }
        return text;
    }

    public Optional<Integer> integer(YamlNode node, String path, int min, int max) {
        String expected = "an integer between " + min + " and " + max;
        Optional<ScalarNode> scalar = scalar(node, path, expected);
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String text = scalar.get().text().strip();
        if (!scalar.get().isInteger()) {
            error(node, path, "expected " + expected + ", got " + quote(text));
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            if (value < min || value > max) {
                error(node, path, "expected " + expected + ", got " + text);
                return Optional.empty();
            }
            return Optional.of((int) value);
        } catch (NumberFormatException e) {
            error(node, path, "expected " + expected + ", got " + quote(text));
            return Optional.empty();
        }
    }

    public Optional<Integer> port(YamlNode node, String path) {
        Optional<ScalarNode> scalar = scalar(node, path, "a port number between 1 and 65535");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        return parsePort(scalar.get().text().strip(), node, path);
    }

    /** Parses a port from text that is part of a larger value (e.g. the short form "3000:80:443"). */
    public Optional<Integer> parsePort(String text, YamlNode at, String path) {
        if (text.matches("[0-9]{1,6}")) {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= 65535) {
                return Optional.of(value);
            }
        }
        error(at, path, "expected a port number between 1 and 65535, got " + quote(text));
        return Optional.empty();
    }

    public Optional<Boolean> bool(YamlNode node, String path) {
        Optional<ScalarNode> scalar = scalar(node, path, "true or false");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        ScalarNode value = scalar.get();
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        String lower = value.text().strip().toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            // "true" in quotes: clearly meant as a boolean; accept it.
            return Optional.of(lower.equals("true"));
        }
        String hint = value.looksLikeYaml11Boolean() ? "YAML 1.2 booleans are true and false only" : null;
        error(node, path, "expected true or false, got " + quote(value.text()), hint);
        return Optional.empty();
    }

    /**
     * One of a fixed set of spellings, e.g. {@code roundrobin | sticky | closest}. Matching ignores
     * case; unknown values get a did-you-mean hint.
     */
    public <E> Optional<E> oneOf(YamlNode node, String path, Map<String, E> spellings) {
        Optional<String> text = string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String typed = text.get().strip();
        for (Map.Entry<String, E> spelling : spellings.entrySet()) {
            if (spelling.getKey().equalsIgnoreCase(typed)) {
                return Optional.of(spelling.getValue());
            }
        }
        String allowed = String.join(", ", spellings.keySet());
        error(node, path, "expected one of " + allowed + ", got " + quote(typed),
                DidYouMean.hint(typed, spellings.keySet()).orElse(null));
        return Optional.empty();
    }

    public List<String> stringList(YamlNode node, String path, boolean singleAllowed) {
        List<YamlNode> items;
        if (singleAllowed) {
            items = items(node, path);
        } else {
            Optional<SequenceNode> list = sequence(node, path);
            if (list.isEmpty()) {
                return List.of();
            }
            items = list.get().items();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            string(items.get(i), KeyPaths.index(path, i)).ifPresent(values::add);
        }
        return List.copyOf(values);
    }

    /** A map of user-named keys to scalar values (env vars, annotations), order kept. */
    public Map<String, String> stringMap(YamlNode node, String path) {
        return userMap(node, path, (value, valuePath) -> {
            if (value instanceof ScalarNode scalar && scalar.isNull()) {
                return Optional.of("");
            }
            return string(value, valuePath);
        });
    }

    /** A map whose keys the user chooses; each value is bound by {@code bindValue}. Order kept. */
    public <T> Map<String, T> userMap(YamlNode node, String path, BiFunction<YamlNode, String, Optional<T>> bindValue) {
        Optional<MappingNode> map = mapping(node, path);
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<String, T> values = new LinkedHashMap<>();
        for (MappingNode.Entry entry : map.get().entries()) {
            String childPath = KeyPaths.child(path, entry.name());
            record(childPath, entry.key());
            bindValue.apply(entry.value(), childPath).ifPresent(v -> values.put(entry.name(), v));
        }
        return java.util.Collections.unmodifiableMap(values);
    }

    // ---- maps with a fixed set of keys ---------------------------------------------------

    /**
     * Reads a map whose keys are described by {@code spec}: unknown keys are reported with a
     * did-you-mean hint, and keys whose status is not {@code SUPPORTED} get the warning or error
     * the table prescribes. Returns an empty reader (every lookup empty) if the node is not a map.
     */
    public MapReader fields(YamlNode node, String path, KeySpec spec) {
        Optional<MappingNode> map = mapping(node, path);
        return new MapReader(this, map.orElse(new MappingNode(List.of(), node.position())), path, spec, map.isPresent());
    }

    // ---- wording -------------------------------------------------------------------------

    public static String describe(YamlNode node) {
        if (node instanceof ScalarNode scalar) {
            if (scalar.isNull()) {
                return "nothing (null)";
            }
            return scalar.kindName() + " " + quote(scalar.text());
        }
        return node.kindName();
    }

    /** Quotes a user value for a message, shortened so one message stays one readable line. */
    public static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "'" + shown + "'";
    }
}
