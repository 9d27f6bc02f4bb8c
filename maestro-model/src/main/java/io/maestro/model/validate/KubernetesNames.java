package io.maestro.model.validate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name syntaxes a Kubernetes API server enforces (apimachinery's {@code validation} package).
 * The validator checks user names with them before anything is rendered, so that a bad name is
 * reported at its line in the user's file; the renderer's object checks use the same predicates,
 * so what validation accepts and what the checks accept cannot drift apart. {@code null} is never
 * a valid name.
 */
public final class KubernetesNames {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    public static final int MAX_LABEL_LENGTH = 63;
    public static final int MAX_SUBDOMAIN_LENGTH = 253;
    public static final int MAX_PORT_NAME_LENGTH = 15;

    /** Wording of a DNS-1123 label for messages. */
    public static final String DNS_LABEL_RULE =
            "a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters, starting and ending "
                    + "with a letter or digit)";

    private KubernetesNames() {}

    /** Service, Deployment and port-less object names: {@code web}, {@code log-shipper}. */
    public static boolean isDns1123Label(String name) {
        return name != null && name.length() <= MAX_LABEL_LENGTH && DNS_LABEL.matcher(name).matches();
    }

    /**
     * Kubernetes Service names: a DNS-1123 label that starts with a letter (a DNS-1035 label), so
     * {@code 2fa} is a valid Deployment name but not a valid Service name.
     */
    public static boolean isDns1035Label(String name) {
        return isDns1123Label(name) && Character.isLetter(name.charAt(0));
    }

    /** ServiceAccount and Secret names: labels joined by dots, at most 253 characters. */
    public static boolean isDns1123Subdomain(String name) {
        return name != null && name.length() <= MAX_SUBDOMAIN_LENGTH && DNS_SUBDOMAIN.matcher(name).matches();
    }

    /**
     * The closest valid DNS-1123 label: {@code Web_App} → {@code web-app}. Used in hints, so it is
     * always valid (falls back to {@code service}).
     */
    public static String suggestDns1123Label(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        lower = lower.replaceAll("^-+", "");
        if (lower.length() > MAX_LABEL_LENGTH) {
            lower = lower.substring(0, MAX_LABEL_LENGTH);
        }
        lower = lower.replaceAll("-+$", "");
        return lower.isEmpty() ? "service" : lower;
    }

    /**
     * The closest valid DNS-1035 label (a valid service name): {@code Web_App} → {@code web-app},
     * {@code 2fa} → {@code svc-2fa}. Used in hints, so it is always valid.
     */
    public static String suggestDns1035Label(String name) {
        String label = suggestDns1123Label(name);
        if (Character.isLetter(label.charAt(0))) {
            return label;
        }
        String prefixed = "svc-" + label;
        return prefixed.length() <= MAX_LABEL_LENGTH ? prefixed
                : prefixed.substring(0, MAX_LABEL_LENGTH).replaceAll("-+$", "");
    }

    /** Port names: IANA_SVC_NAME, at most 15 characters, at least one letter, no "--". */
    public static boolean isPortName(String name) {
        return name != null && name.length() <= MAX_PORT_NAME_LENGTH && IANA_SVC_NAME.matcher(name).matches()
                && !name.contains("--") && name.chars().anyMatch(Character::isLetter);
    }

    /** Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    public static boolean isQualifiedName(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || !isDns1123Subdomain(prefix)) {
                return false;
            }
            name = key.substring(slash + 1);
        }
        return !name.isEmpty() && name.length() <= MAX_LABEL_LENGTH && LABEL_NAME.matcher(name).matches();
    }

    /** Label values: empty, or at most 63 alphanumerics plus '-', '_', '.' inside. */
    public static boolean isLabelValue(String value) {
        return value != null && (value.isEmpty() || (value.length() <= MAX_LABEL_LENGTH && LABEL_NAME.matcher(value).matches()));
    }

    /** Environment variable names as Kubernetes validates them (letters, digits, '_', '-', '.'; no leading digit). */
    public static boolean isEnvVarName(String name) {
        return name != null && ENV_NAME.matcher(name).matches();
    }
}
