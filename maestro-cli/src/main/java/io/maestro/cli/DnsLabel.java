package io.maestro.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DNS-1123 labels (lower-case letters, digits and '-', at most 63, starting and ending with a
 * letter or digit): what Kubernetes accepts in the namespace Maestro derives from an application
 * and environment name.
 */
final class DnsLabel {

    static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private DnsLabel() {}

    static boolean isValid(String text) {
        return text.length() <= MAX_LENGTH && LABEL.matcher(text).matches();
    }

    /**
     * The closest label to a free-form name, e.g. a directory name: {@code My_Shop} becomes
     * {@code my-shop}; a name with nothing usable becomes {@code app}.
     */
    static String sanitise(String name) {
        String label = name.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (label.length() > MAX_LENGTH) {
            label = label.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return label.isEmpty() ? "app" : label;
    }
}
