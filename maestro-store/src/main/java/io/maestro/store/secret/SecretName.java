package io.maestro.store.secret;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a secret belongs: its application, a scope within it (e.g. {@code env} for application
 * env vars, {@code env:web} for a service's) and its name. The name is the associated data of the
 * secret's encryption, so a ciphertext decrypts only under the name it was sealed for: copying
 * one secret's row onto another's fails instead of leaking the value under the wrong name.
 */
public record SecretName(String application, String scope, String name) {

    public SecretName {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The associated data: each part length-prefixed, so that no two different names encode
     * alike ({@code a/b} + {@code c} differs from {@code a} + {@code b/c}).
     */
    byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("maestro-secret-v1".getBytes(StandardCharsets.US_ASCII));
        for (String part : new String[] {application, scope, name}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return application + "/" + scope + "/" + name;
    }
}
