package io.maestro.store.secret;

/**
 * An encrypted secret: AES-256-GCM {@code ciphertext} (with its 128-bit tag at the end), the
 * 96-bit {@code nonce} it was sealed with, and the id of the master key that sealed it.
 */
public record Sealed(byte[] ciphertext, byte[] nonce, String keyId) {

    public Sealed {
        ciphertext = ciphertext.clone();
        nonce = nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public String toString() {
        return "Sealed[" + ciphertext.length + " bytes, key " + keyId + "]";
    }
}
