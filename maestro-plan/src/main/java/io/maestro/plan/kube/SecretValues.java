package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that decides what a Secret's values look like in rendered output.
 *
 * <p>Without {@code --show-secrets} every Secret value is written as {@value #MASK} under
 * {@code stringData}, so a reader sees which keys exist and nothing else. With it, values are
 * written base64-encoded under {@code data}, as the API server stores them.
 *
 * <p>{@code AUTO_GENERATE} values are generated here with {@link SecureRandom} (letters and
 * digits) only when secrets are shown: this is the only non-deterministic path of rendering.
 * One value is generated per owning variable and reused by every reference to it within a
 * render. The control plane generates them once and keeps them; offline they exist only so that
 * {@code maestro render --show-secrets} output can be applied as is.
 */
final class SecretValues {

    /** What a masked value looks like. */
    static final String MASK = "<redacted>";

    /** What a value Maestro provisions at deploy time looks like (data store credentials). */
    static final String PROVISIONED = "<provisioned-at-deploy>";

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final boolean shown;
    private final Map<String, String> generated = new HashMap<>();
    private SecureRandom random;

    SecretValues(boolean shown) {
        this.shown = shown;
    }

    boolean shown() {
        return shown;
    }

    /** The value of an {@code AUTO_GENERATE_n} owned by {@code owner}: random when shown, else masked. */
    String generated(String owner, int length) {
        if (!shown) {
            return MASK;
        }
        return generated.computeIfAbsent(owner, o -> randomText(length));
    }

    private String randomText(int length) {
        if (random == null) {
            random = new SecureRandom();
        }
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return text.toString();
    }

    /**
     * Puts {@code values} into a Secret being built: base64 {@code data} when shown, masked
     * {@code stringData} otherwise.
     */
    SecretBuilder fill(SecretBuilder secret, Map<String, String> values) {
        if (values.isEmpty()) {
            return secret;
        }
        Map<String, String> data = new TreeMap<>();
        if (shown) {
            values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            return secret.withData(data);
        }
        values.forEach((k, v) -> data.put(k, MASK));
        return secret.withStringData(data);
    }

    /** A Secret whose values Maestro only knows at deploy time: markers, never real values. */
    static SecretBuilder fillProvisioned(SecretBuilder secret, Iterable<String> keys) {
        Map<String, String> data = new TreeMap<>();
        keys.forEach(k -> data.put(k, PROVISIONED));
        return secret.withStringData(data);
    }
}
