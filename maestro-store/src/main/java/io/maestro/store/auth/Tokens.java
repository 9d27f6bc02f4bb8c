package io.maestro.store.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The format of API tokens: {@code maestro_} followed by 43 base64url characters (32 random
 * bytes). The first {@value #PREFIX_LENGTH} characters are the token's public prefix, stored to
 * find the row and shown in listings; the store keeps the SHA-256 of the whole token, not the
 * token. 48 bits of the prefix are random, so with 208 secret bits left a leaked prefix does not
 * help guess a token.
 */
final class Tokens {

    static final String MARKER = "maestro_";
    static final int RANDOM_BYTES = 32;
    static final int LENGTH = MARKER.length() + 43;
    static final int PREFIX_LENGTH = MARKER.length() + 8;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    static String generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return MARKER + ENCODER.encodeToString(bytes);
    }

    /** Whether {@code value} has a token's shape (checked before any lookup; says nothing secret). */
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

    static String hashHex(String token) {
        return HexFormat.of().formatHex(hash(token));
    }

    /** Compares a presented token's hash with a stored one in time independent of where they differ. */
    static boolean matches(byte[] presentedHash, String storedHashHex) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHashHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(presentedHash, stored);
    }
}
