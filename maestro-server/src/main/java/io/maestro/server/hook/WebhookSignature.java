package io.maestro.server.hook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks that a webhook came from the provider holding the application's secret, each in
 * time independent of where a wrong value differs.
 */
public final class WebhookSignature {

    private static final String GITHUB_PREFIX = "sha256=";

    private WebhookSignature() {}

    /** GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body. */
    public static boolean githubMatches(String secret, byte[] body, String header) {
        if (header == null || !header.startsWith(GITHUB_PREFIX)) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(GITHUB_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), presented);
    }

    /** GitLab's {@code X-Gitlab-Token}: the secret itself. */
    public static boolean gitlabMatches(String secret, String header) {
        if (header == null) {
            return false;
        }
        // Compare digests so that the time depends on neither the position of a difference nor the length.
        return MessageDigest.isEqual(sha256(secret), sha256(header));
    }

    /** The GitHub header value for {@code body} signed with {@code secret} (tests and docs use it). */
    public static String github(String secret, byte[] body) {
        return GITHUB_PREFIX + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
