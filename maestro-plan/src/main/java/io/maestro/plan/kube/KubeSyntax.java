package io.maestro.plan.kube;

import java.util.regex.Pattern;

/**
 * The name and label grammars the Kubernetes API server enforces (apimachinery's
 * {@code validation} package), shared by {@link Names}, {@link Labels} and {@link ObjectChecks} so
 * that what the renderer produces and what the checks accept can never drift apart.
 */
final class KubeSyntax {

    /** RFC 1123 label: lowercase alphanumerics and '-', alphanumeric at both ends, at most 63. */
    static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final int DNS1123_LABEL_MAX = 63;

    /** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
    static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final int DNS1123_SUBDOMAIN_MAX = 253;

    /** RFC 1035 label (Service names): like a 1123 label but starting with a letter. */
    static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    /** Label values and the name part of qualified keys. */
    static final Pattern QUALIFIED_NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    static final int LABEL_VALUE_MAX = 63;

    /** IANA service names (container and Service port names). */
    static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    static final int IANA_SVC_NAME_MAX = 15;

    /** ConfigMap and Secret keys. */
    static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    /** Container environment variable names (no leading digit). */
    static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    /** Ingress rule hosts: a subdomain, optionally with one leading {@code *.} wildcard label. */
    static final Pattern WILDCARD_HOST = Pattern.compile("(\\*\\.)?" + DNS1123_SUBDOMAIN.pattern());

    private KubeSyntax() {}

    static boolean isDns1123Label(String s) {
        return s != null && s.length() <= DNS1123_LABEL_MAX && DNS1123_LABEL.matcher(s).matches();
    }

    static boolean isDns1035Label(String s) {
        return s != null && s.length() <= DNS1123_LABEL_MAX && DNS1035_LABEL.matcher(s).matches();
    }

    static boolean isDns1123Subdomain(String s) {
        return s != null && s.length() <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.matcher(s).matches();
    }

    static boolean isLabelValue(String s) {
        return s != null && (s.isEmpty() || (s.length() <= LABEL_VALUE_MAX && QUALIFIED_NAME_PART.matcher(s).matches()));
    }

    /** A label or annotation key: {@code [prefix/]name}, prefix a DNS subdomain, name ≤ 63. */
    static boolean isQualifiedName(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || !isDns1123Subdomain(prefix)) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= LABEL_VALUE_MAX && QUALIFIED_NAME_PART.matcher(name).matches();
    }

    /** IANA_SVC_NAME: at most 15 characters, at least one letter, no {@code --}. */
    static boolean isPortName(String s) {
        return s != null && s.length() <= IANA_SVC_NAME_MAX && IANA_SVC_NAME.matcher(s).matches()
                && !s.contains("--") && s.chars().anyMatch(Character::isLetter);
    }
}
