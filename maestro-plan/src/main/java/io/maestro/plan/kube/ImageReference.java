package io.maestro.plan.kube;

import io.maestro.model.service.Service;

/**
 * The image a service's container runs, and the version label derived from it.
 *
 * <p>A service built from git has no image until BuildGrid builds one, so it gets the placeholder
 * {@code <app>/<service>:<git_branch or latest>} and is marked {@code maestro.io/build: git}; the
 * deploy step replaces the placeholder with the built image. Its version label is {@code git}.
 *
 * @param reference the image reference written into the container
 * @param version the {@code app.kubernetes.io/version} value: the tag, {@code sha256-<12 hex>} for
 *     digests, {@code latest} when untagged, {@code git} for placeholders
 * @param placeholder whether BuildGrid must replace the reference
 */
record ImageReference(String reference, String version, boolean placeholder) {

    static final String GIT_VERSION = "git";

    static ImageReference of(String application, Service service) {
        if (service.image() != null) {
            return new ImageReference(service.image(), versionOf(service.image()), false);
        }
        String branch = service.build() == null || service.build().gitBranch() == null
                ? "latest" : dockerTag(service.build().gitBranch());
        return new ImageReference(application + "/" + service.name() + ":" + branch, GIT_VERSION, true);
    }

    private static String versionOf(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            String digest = image.substring(at + 1);
            int colon = digest.indexOf(':');
            String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
            String algorithm = colon >= 0 ? digest.substring(0, colon) : "digest";
            return algorithm + "-" + hex.substring(0, Math.min(12, hex.length()));
        }
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastPart.indexOf(':');
        return colon >= 0 ? lastPart.substring(colon + 1) : "latest";
    }

    /** A branch name as a valid image tag ({@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}). */
    static String dockerTag(String branch) {
        String tag = branch.replaceAll("[^A-Za-z0-9_.-]", "-");
        if (tag.isEmpty() || tag.charAt(0) == '.' || tag.charAt(0) == '-') {
            tag = "_" + tag;
        }
        return tag.length() > 128 ? tag.substring(0, 128) : tag;
    }
}
