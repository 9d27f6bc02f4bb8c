package io.maestro.kube.apply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The labels and annotations {@link Applier} writes, and the ApplySet identity of an application
 * environment.
 *
 * <p>Maestro follows the ApplySet convention of KEP-3659 (what {@code kubectl apply --prune
 * --applyset} uses): a parent object (the ConfigMap {@value #INVENTORY_NAME} in the namespace)
 * carries {@value #APPLYSET_ID}, and every member carries {@value #APPLYSET_PART_OF} with the same
 * id. Maestro's parent additionally lists every member by group, kind and name, so pruning never
 * has to guess from labels alone.
 */
public final class ApplySetLabels {

    /** Name of the inventory ConfigMap (the ApplySet parent) in each application namespace. */
    public static final String INVENTORY_NAME = "maestro-inventory";

    /** Data key of the inventory ConfigMap listing the members, one per line. */
    public static final String INVENTORY_KEY = "objects";

    /** Label on every member: the id of the ApplySet it belongs to. */
    public static final String APPLYSET_PART_OF = "applyset.kubernetes.io/part-of";

    /** Label on the parent: its ApplySet id. */
    public static final String APPLYSET_ID = "applyset.kubernetes.io/id";

    /** Annotation on the parent naming the tool that manages the set. */
    public static final String APPLYSET_TOOLING = "applyset.kubernetes.io/tooling";

    /** Annotation on the parent: the {@code Kind.group} of every member, comma-separated and sorted. */
    public static final String APPLYSET_CONTAINS_GROUP_KINDS = "applyset.kubernetes.io/contains-group-kinds";

    /** Value of {@value #APPLYSET_TOOLING}. */
    public static final String TOOLING = "maestro/v1";

    /** Annotation on every applied object: the hash of what Maestro last applied (see {@link AppliedHash}). */
    public static final String APPLIED_HASH = "maestro.io/applied-hash";

    /** {@code app.kubernetes.io/managed-by}, set to {@value #MANAGER} by the renderer. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** The value of {@value #MANAGED_BY} on Maestro's objects. */
    public static final String MANAGER = "maestro";

    private ApplySetLabels() {}

    /**
     * The ApplySet id of the inventory in {@code namespace}, computed as KEP-3659 specifies:
     * {@code applyset-<base64url(sha256("<name>.<namespace>.<kind>.<group>"))>-v1}.
     */
    public static String applySetId(String namespace) {
        String key = INVENTORY_NAME + "." + namespace + ".ConfigMap.";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "applyset-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "-v1";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
