package io.maestro.store.hook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The format of redeploy hook tokens, like API tokens but with their own marker: {@code mhook_}
 * and 43 base64url characters (32 random bytes). The first {@value #PREFIX_LENGTH} characters
 * are the public prefix (listings, revocation); the store keeps the SHA-256 of the whole token.
 */
final class HookTokens {

    static final String MARKER = "mhook_";
    static final int LENGTH = MARKER.length() + 43;
    static final int PREFIX_LENGTH = MARKER.length() + 8;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private HookTokens() {}

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return MARKER + ENCODER.encodeToString(bytes);
    }

    /** Whether {@code value} has a hook token's shape (checked before any lookup). */
    static boolean wellFormed(String value) {
        if (value == null || value.length() != LENGTH || !value.startsWith(MARKER)) {
            return false;
        }
        for (int i = MARKER.length(); i < LENGTH; i++) {
            char c = value.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    static String prefix(String token) {
        return token.substring(0, PREFIX_LENGTH);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Compares hashes in time independent of where they differ. */
    static boolean matches(byte[] presentedHash, String storedHashHex) {
        try {
            return MessageDigest.isEqual(presentedHash, HexFormat.of().parseHex(storedHashHex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
