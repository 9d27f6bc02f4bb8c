package io.maestro.buildgrid.image;

import io.maestro.buildgrid.BuildException;
import java.util.regex.Pattern;

/**
 * An image name as BuildGrid tags it: {@code <registry>/<app>/<service>:<tag>}, where the tag
 * of a build is the full commit hash. Every part is validated, so a name never carries anything
 * a tool could read as an option or a path.
 */
public record ImageRef(String registry, String app, String service, String tag) {

    private static final Pattern REGISTRY = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageRef {
        check(REGISTRY, registry, "registry", "a host[:port] such as 127.0.0.1:5000");
        check(NAME, app, "application name", "lowercase letters, digits and . _ - inside");
        check(NAME, service, "service name", "lowercase letters, digits and . _ - inside");
        check(TAG, tag, "image tag", "letters, digits, _ . - and at most 128 characters");
    }

    /** The same image with another tag. */
    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, app, service, newTag);
    }

    /** {@code registry/app/service}, without the tag. */
    public String repository() {
        return registry + "/" + app + "/" + service;
    }

    /** True for a registry on this machine's loopback, the only one pushed to without TLS. */
    public boolean isLoopbackRegistry() {
        return registry.equals("127.0.0.1") || registry.startsWith("127.0.0.1:");
    }

    @Override
    public String toString() {
        return repository() + ":" + tag;
    }

    private static void check(Pattern pattern, String value, String what, String hint) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new BuildException("image " + what + ": expected " + hint + ", found '" + value + "'");
        }
    }
}
