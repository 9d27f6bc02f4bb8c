package io.maestro.plan.kube;

import io.maestro.model.validate.KubernetesNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names Maestro gives Kubernetes objects. Every name is a pure function of the application
 * model, so rendering twice gives the same names, and every name fits its kind's limits.
 *
 * <p>A name that would be too long keeps as much of its readable prefix as fits and ends with
 * {@code -} plus the first 8 hex digits of the SHA-256 of the full name, so two long names that
 * share a prefix still differ.
 *
 * <pre>{@code
 * Names.namespace("shop", "production")   // "shop-production"
 * Names.suffixed("web", "l4")             // "web-l4"
 * }</pre>
 */
public final class Names {

    private static final int HASH_CHARS = 8;
    private static final Pattern INVALID_LABEL_CHARS = Pattern.compile("[^a-z0-9-]");

    private Names() {}

    /** The namespace of an application environment: {@code <app>-<env>}, a DNS-1123 label. */
    public static String namespace(String application, String environment) {
        return label(application + "-" + environment);
    }

    /**
     * {@code <base>-<suffix>} as a DNS-1123 label; when too long the base is shortened (and
     * hashed) so that the suffix, which says what the object is, always survives.
     */
    public static String suffixed(String base, String suffix) {
        String full = base + "-" + suffix;
        if (full.length() <= KubernetesNames.MAX_LABEL_LENGTH) {
            return label(full);
        }
        int room = KubernetesNames.MAX_LABEL_LENGTH - suffix.length() - 1;
        return shorten(sanitize(base), room, full) + "-" + suffix;
    }

    /** Any text made into a DNS-1123 label (lowercased, other characters become {@code -}). */
    public static String label(String text) {
        String clean = sanitize(text);
        if (clean.length() <= KubernetesNames.MAX_LABEL_LENGTH) {
            return clean;
        }
        return shorten(clean, KubernetesNames.MAX_LABEL_LENGTH, text);
    }

    /** Truncates {@code clean} to {@code max} characters, the last 9 being {@code -<hash of full>}. */
    static String shorten(String clean, int max, String full) {
        String hash = hash(full);
        int keep = Math.max(0, max - HASH_CHARS - 1);
        String prefix = trimDashes(clean.substring(0, Math.min(keep, clean.length())));
        return prefix.isEmpty() ? hash : prefix + "-" + hash;
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String sanitize(String text) {
        if (KubernetesNames.isDns1123Label(text)) {
            return text;
        }
        String lower = INVALID_LABEL_CHARS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-");
        String trimmed = trimDashes(lower);
        return trimmed.isEmpty() ? "x" : trimmed;
    }

    private static String trimDashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '-') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(start, end);
    }
}
