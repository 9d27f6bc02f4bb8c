package io.maestro.model.env;

import io.maestro.model.service.DatabaseKind;
import java.util.List;

/**
 * An env var value after resolution within the application, ready for a renderer.
 *
 * <p>Values that depend on what only exists at deploy time stay symbolic: {@link InjectedVar} is a
 * variable Maestro itself injects into every container (e.g. {@code POSTGRESQL_ADDRESS}), which a
 * Kubernetes renderer writes as {@code $(POSTGRESQL_ADDRESS)} after defining it;
 * {@link Generated} is an {@code AUTO_GENERATE} value the control plane generates once;
 * {@link ProvisionedCredential} is a data store credential created when the store is provisioned
 * (the value of {@code POSTGRESQL_PASSWORD} itself, see {@link InjectedVariables}).
 *
 * @param segments the value's parts, in order
 * @param secret whether the value must go to a Secret (by name, by AUTO_GENERATE, or because it
 *     copies a secret value)
 */
public record ResolvedValue(List<Segment> segments, boolean secret) {

    public ResolvedValue {
        segments = List.copyOf(segments);
    }

    public static ResolvedValue text(String text, boolean secret) {
        return new ResolvedValue(List.of(new Text(text)), secret);
    }

    /** True when the value is fully known offline (only text segments). */
    public boolean isPlainText() {
        return segments.stream().allMatch(Text.class::isInstance);
    }

    /** The concatenated text; only meaningful when {@link #isPlainText()}. */
    public String plainText() {
        StringBuilder text = new StringBuilder();
        segments.forEach(s -> {
            if (s instanceof Text t) {
                text.append(t.text());
            }
        });
        return text.toString();
    }

    /** One part of a resolved value. */
    public sealed interface Segment permits Text, InjectedVar, Generated, Unresolved, ProvisionedCredential {}

    /** Literal text (including {@code $(VAR)} pass-throughs, kept verbatim). */
    public record Text(String text) implements Segment {}

    /** A variable Maestro injects into the container, e.g. {@code POSTGRESQL_PASSWORD}. */
    public record InjectedVar(String name) implements Segment {}

    /**
     * An {@code AUTO_GENERATE[_n]} value.
     *
     * @param owner the variable that owns the generated value ({@code web.SECRET_KEY_BASE} or
     *     {@code SESSION_SECRET}), so one generated value is shared by every reference to it
     * @param length characters
     */
    public record Generated(String owner, int length) implements Segment {}

    /**
     * A reference the control plane resolves later (another application, ConfigStore).
     *
     * @param source the reference as written
     * @param reason why it cannot be resolved offline
     */
    public record Unresolved(String source, String reason) implements Segment {}

    /**
     * A data store credential that exists once the store is provisioned: the value of an injected
     * {@code <PREFIX>_USERNAME}, {@code _PASSWORD} or {@code _DATABASE} variable. A renderer takes
     * it from the store's credentials Secret.
     *
     * @param kind the data store
     * @param group the data store group ({@code default} without groups)
     * @param field {@link InjectedVariable.Field#USERNAME}, {@code PASSWORD} or {@code DATABASE}
     */
    public record ProvisionedCredential(DatabaseKind kind, String group, InjectedVariable.Field field) implements Segment {}
}
