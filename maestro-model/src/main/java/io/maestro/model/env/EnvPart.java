package io.maestro.model.env;

import java.util.Objects;
import java.util.Optional;

/**
 * One part of an {@link EnvValue}. The grammar, shared by service.yml, manifest.yml and the control
 * plane, is documented in docs/env-vars.md.
 */
public sealed interface EnvPart {

    /** Text used as is. */
    record Literal(String text) implements EnvPart {
        public Literal {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code $(VAR)}: expanded by the container runtime from the container's environment, so
     * Maestro passes it through untouched.
     */
    record PassThrough(String name) implements EnvPart {}

    /** Anything that must be resolved by Maestro before a container sees it. */
    sealed interface Reference extends EnvPart permits AppVar, ServiceVar, StackVar, ConfigStoreRef, AutoGenerate {
        /** The text as written, for messages. */
        String source();
    }

    /**
     * {@code _env(NAME)}, {@code _env(NAME:default)} or {@code {{NAME}}}: an application-level
     * variable (including the injected ones such as {@code POSTGRESQL_ADDRESS}).
     */
    record AppVar(String name, String defaultValue, String source) implements Reference {
        public Optional<String> optionalDefault() {
            return Optional.ofNullable(defaultValue);
        }
    }

    /** {@code _env(SERVICE[svc].NAME[:default])}: a variable of another service of this application. */
    record ServiceVar(String service, String name, String defaultValue, String source) implements Reference {
        public Optional<String> optionalDefault() {
            return Optional.ofNullable(defaultValue);
        }
    }

    /**
     * {@code _env(STACK[uid].NAME)} or {@code _env(STACK[uid].SERVICE[svc].NAME)} (and the
     * {@code {{...}}} forms): a variable of another application. Resolved by the control plane with a
     * permission check; offline it is reported as unresolved.
     *
     * @param stack the other application's uid or name
     * @param service the service, or null for an application-level variable
     */
    record StackVar(String stack, String service, String name, String defaultValue, String source) implements Reference {
        public Optional<String> optionalService() {
            return Optional.ofNullable(service);
        }

        public Optional<String> optionalDefault() {
            return Optional.ofNullable(defaultValue);
        }
    }

    /**
     * {@code _configstore(NAMESPACE.KEY)}: a ConfigStore record, resolved by the control plane.
     * The reference documents the namespace as a 36-character GUID; the parser also accepts a
     * namespace name ({@code [A-Za-z0-9_-]+}), which the control plane looks up among the
     * namespaces the application may read.
     */
    record ConfigStoreRef(String namespace, String key, String source) implements Reference {
        private static final java.util.regex.Pattern GUID =
                java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

        /** Whether the namespace is written as a GUID (as opposed to a namespace name). */
        public boolean namespaceIsGuid() {
            return GUID.matcher(namespace).matches();
        }
    }

    /**
     * {@code AUTO_GENERATE} or {@code AUTO_GENERATE_n}: a random string of length n (default 10),
     * generated once and kept.
     */
    record AutoGenerate(int length, String source) implements Reference {
        public static final int DEFAULT_LENGTH = 10;
    }
}
