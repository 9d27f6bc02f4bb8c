package io.maestro.model.keys;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of a definition format: the single source of truth for the binder (which keys exist),
 * {@code maestro explain} and the generated reference docs (docs/service-yml.md, docs/manifest-yml.md).
 *
 * <p>A child named {@code *} stands for user-chosen names (service names, env var names).
 *
 * @param name the key as written in YAML, or {@code *}
 * @param type the accepted value shape in words, e.g. {@code int}, {@code string or map}
 * @param defaultValue the default in words, or null when there is none
 * @param since which engine documents it
 * @param status whether Maestro honours it
 * @param summary one or more sentences of documentation (Markdown allowed)
 * @param children keys allowed below this one, in documentation order
 */
public record KeySpec(
        String name,
        String type,
        String defaultValue,
        Since since,
        Status status,
        String summary,
        List<KeySpec> children) {

    public KeySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        children = List.copyOf(children);
    }

    /** Which engine documents a key. */
    public enum Since {
        BOTH("V1 and V2"),
        V1("V1 only"),
        V2("V2"),
        MAESTRO("Maestro extension"),
        COMPOSE("docker-compose");

        private final String label;

        Since(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What the binder does when it meets the key. */
    public enum Status {
        /** Bound and honoured. */
        SUPPORTED,
        /** A V1 spelling mapped onto its V2 meaning, with a warning naming the V2 key. */
        V1_MAPPED,
        /** Accepted with a warning that explains the alternative (e.g. {@code requires}, {@code links}). */
        WARN,
        /** Recognised but not supported yet: a warning says so, the value is ignored. */
        NOT_SUPPORTED_YET,
        /** Rejected with an error that explains the alternative. */
        REJECTED
    }

    public static Builder key(String name, String type) {
        return new Builder(name, type);
    }

    public Optional<KeySpec> child(String key) {
        KeySpec wildcard = null;
        for (KeySpec child : children) {
            if (child.name.equals(key)) {
                return Optional.of(child);
            }
            if (child.name.equals("*")) {
                wildcard = child;
            }
        }
        return Optional.ofNullable(wildcard);
    }

    public boolean hasWildcard() {
        return children.stream().anyMatch(c -> c.name.equals("*"));
    }

    /** Names of the fixed (non-wildcard) children, for did-you-mean hints. */
    public List<String> childNames() {
        return children.stream().map(KeySpec::name).filter(n -> !n.equals("*")).toList();
    }

    /** Fluent construction of the key tables. */
    public static final class Builder {
        private final String name;
        private final String type;
        private String defaultValue;
        private Since since = Since.BOTH;
        private Status status = Status.SUPPORTED;
        private String summary = "";
        private List<KeySpec> children = List.of();

        private Builder(String name, String type) {
            this.name = name;
            this.type = type;
        }

        public Builder defaults(String value) {
            this.defaultValue = value;
            return this;
        }

        public Builder since(Since value) {
            this.since = value;
            return this;
        }

        public Builder status(Status value) {
            this.status = value;
            return this;
        }

        public Builder doc(String text) {
            this.summary = text;
            return this;
        }

        public Builder children(KeySpec... keys) {
            this.children = List.of(keys);
            return this;
        }

        public Builder children(List<KeySpec> keys) {
            this.children = List.copyOf(keys);
            return this;
        }

        public KeySpec build() {
            return new KeySpec(name, type, defaultValue, since, status, summary, children);
        }
    }
}
