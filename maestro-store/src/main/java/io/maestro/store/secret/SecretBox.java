package io.maestro.store.secret;

import io.maestro.store.db.StoreException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secrets with AES-256-GCM under the {@link MasterKey}: a fresh random 96-bit nonce per
 * seal, a 128-bit tag, and the {@link SecretName} as associated data.
 *
 * <pre>{@code
 * SecretBox box = new SecretBox(MasterKey.load(System.getenv(), home));
 * Sealed sealed = box.seal(new SecretName("shop", "env", "DB_PASSWORD"), value);
 * byte[] value = box.open(new SecretName("shop", "env", "DB_PASSWORD"), sealed);
 * }</pre>
 *
 * <p>Random nonces are safe for far more seals than a control plane makes (NIST's bound is
 * 2^32 per key). Failures never include the plaintext.
 */
public final class SecretBox {

    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final MasterKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(MasterKey key) {
        this.key = key;
    }

    /** The id of the master key this box seals with. */
    public String keyId() {
        return key.id();
    }

    public Sealed seal(SecretName name, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.associatedData());
            return new Sealed(cipher.doFinal(plaintext), nonce, key.id());
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot encrypt secret " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a secret sealed for {@code name}. A {@link StoreException} when it was sealed
     * under another master key, for another name, or was altered.
     */
    public byte[] open(SecretName name, Sealed sealed) {
        if (!key.id().equals(sealed.keyId())) {
            throw new StoreException("cannot decrypt secret " + name + ": it was encrypted under master key "
                    + sealed.keyId() + ", the current master key is " + key.id()
                    + " (start Maestro with the key the secrets were stored with)");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(name.associatedData());
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new StoreException("cannot decrypt secret " + name
                    + ": the ciphertext does not authenticate (altered, or stored under another name)", e);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot decrypt secret " + name + ": " + e.getMessage(), e);
        }
    }
}
