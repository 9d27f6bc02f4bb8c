package io.maestro.model.manifest;

import java.util.regex.Pattern;

/**
 * Syntax checks for the names and addresses a manifest hands to generated configuration (SSH,
 * nginx/HAProxy upstreams, Kubernetes objects). Anything that passes contains no whitespace, quote,
 * semicolon or brace, so it cannot inject a directive into a generated file.
 */
final class NetworkNames {

    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private NetworkNames() {}

    static boolean isIpAddress(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        // IPv6: hex groups and colons (an embedded IPv4 tail allowed); at most one "::".
        return text.contains(":") && IPV6.matcher(text).matches() && text.indexOf("::") == text.lastIndexOf("::");
    }

    /** A host name (RFC 1123) or an IP address. */
    static boolean isHost(String text) {
        if (isIpAddress(text)) {
            return true;
        }
        if (text.isEmpty() || text.length() > 253 || text.matches("[0-9.]+")) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** An IP address or a CIDR range such as {@code 10.0.0.0/8}. */
    static boolean isIpOrCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return isIpAddress(text);
        }
        String prefix = text.substring(slash + 1);
        return isIpAddress(text.substring(0, slash)) && prefix.matches("[0-9]{1,3}")
                && Integer.parseInt(prefix) <= (text.contains(":") ? 128 : 32);
    }

    /** A DNS-1123 label: what Kubernetes accepts as a Service or Namespace name. */
    static boolean isDnsLabel(String text) {
        return DNS_LABEL.matcher(text).matches();
    }

    /** A DNS-1123 subdomain: what Kubernetes accepts as most object names. */
    static boolean isDnsSubdomain(String text) {
        return text.length() <= 253 && DNS_SUBDOMAIN.matcher(text).matches();
    }

    /**
     * Text that is safe inside one directive of a generated proxy configuration: printable ASCII
     * without quotes, backslash, {@code ;}, {@code #}, {@code $}, braces or newlines.
     */
    static boolean isConfigSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || "\"'\\;#${}`".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
