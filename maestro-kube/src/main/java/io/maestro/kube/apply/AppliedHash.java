package io.maestro.kube.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.plan.kube.KubeSerializer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash Maestro stores in {@link ApplySetLabels#APPLIED_HASH}: SHA-256 of the object's
 * deterministic JSON ({@link KubeSerializer}: sorted map keys, no empty values), computed before
 * the annotation itself is added. Equal desired objects always hash equal, so a live object whose
 * annotation matches needs no write.
 */
final class AppliedHash {

    private AppliedHash() {}

    static String of(HasMetadata object) {
        String json = KubeSerializer.toJson(List.of(object));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
