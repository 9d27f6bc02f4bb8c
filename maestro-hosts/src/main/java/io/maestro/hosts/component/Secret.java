package io.maestro.hosts.component;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret value such as a generated database password. Its {@link #toString()} never shows the
 * value, so a secret that reaches a log line or an exception message stays hidden; callers read it
 * with {@link #reveal()} only to store it (encrypted) or to hand it to a client.
 */
public final class Secret {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * A new random password of {@code length} letters and digits. Letters and digits only, so it can
     * be written into SQL literals and configuration files without any quoting question.
     */
    public static Secret generate(int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new Secret(password.toString());
    }

    /** True when the value is made only of what {@link #generate(int)} produces (safe in SQL and config text). */
    public boolean isPlainAlphanumeric() {
        return !value.isEmpty() && value.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[******]";
    }
}
