package io.maestro.store.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.db.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final SecretName DB_PASSWORD = new SecretName("shop", "env", "DB_PASSWORD");
    private static final byte[] VALUE = "s3cr3t-\u00e9".getBytes(StandardCharsets.UTF_8);

    private final MasterKey key = MasterKey.generate();
    private final SecretBox box = new SecretBox(key);

    @Test
    void opensWhatItSealed() {
        Sealed sealed = box.seal(DB_PASSWORD, VALUE);

        assertThat(box.open(DB_PASSWORD, sealed)).isEqualTo(VALUE);
        assertThat(sealed.keyId()).isEqualTo(key.id()).hasSize(16);
        assertThat(box.open(DB_PASSWORD, box.seal(DB_PASSWORD, new byte[0]))).isEmpty();
    }

    @Test
    void isStandardAes256GcmWithTheNameAsAssociatedData() throws Exception {
        Sealed sealed = box.seal(DB_PASSWORD, VALUE);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] rawKey = Base64.getDecoder().decode(key.toBase64());
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(rawKey, "AES"), new GCMParameterSpec(128, sealed.nonce()));
        cipher.updateAAD(DB_PASSWORD.associatedData());

        assertThat(rawKey).hasSize(32);
        assertThat(cipher.doFinal(sealed.ciphertext())).isEqualTo(VALUE);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.ciphertext()).hasSize(VALUE.length + 16);
    }

    @Test
    void usesAFreshNonceForEverySeal() {
        Sealed first = box.seal(DB_PASSWORD, VALUE);
        Sealed second = box.seal(DB_PASSWORD, VALUE);

        assertThat(first.nonce()).isNotEqualTo(second.nonce());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void aCiphertextDoesNotOpenUnderAnotherName() {
        Sealed sealed = box.seal(DB_PASSWORD, VALUE);

        for (SecretName other : new SecretName[] {
                new SecretName("shop", "env", "API_KEY"),
                new SecretName("blog", "env", "DB_PASSWORD"),
                new SecretName("shop", "env:web", "DB_PASSWORD")}) {
            assertThatThrownBy(() -> box.open(other, sealed))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("cannot decrypt secret " + other
                            + ": the ciphertext does not authenticate (altered, or stored under another name)");
        }
    }

    @Test
    void namesThatJoinAlikeStillHaveDifferentAssociatedData() {
        SecretName left = new SecretName("a/b", "c", "d");
        SecretName right = new SecretName("a", "b/c", "d");

        assertThat(left.associatedData()).isNotEqualTo(right.associatedData());
        assertThatThrownBy(() -> box.open(right, box.seal(left, VALUE))).isInstanceOf(StoreException.class);
    }

    @Test
    void anAlteredCiphertextIsRefused() {
        Sealed sealed = box.seal(DB_PASSWORD, VALUE);
        byte[] altered = sealed.ciphertext();
        altered[0] ^= 1;

        assertThatThrownBy(() -> box.open(DB_PASSWORD, new Sealed(altered, sealed.nonce(), sealed.keyId())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void anotherMasterKeySaysWhichKeyIsNeeded() {
        Sealed sealed = box.seal(DB_PASSWORD, VALUE);
        SecretBox other = new SecretBox(MasterKey.generate());

        assertThatThrownBy(() -> other.open(DB_PASSWORD, sealed))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot decrypt secret shop/env/DB_PASSWORD: it was encrypted under master key " + key.id()
                        + ", the current master key is " + other.keyId()
                        + " (start Maestro with the key the secrets were stored with)");
    }

    @Test
    void sealedValuesCopyTheirArrays() {
        byte[] nonce = new byte[12];
        Sealed sealed = new Sealed(new byte[16], nonce, "id");
        nonce[0] = 7;
        sealed.nonce()[1] = 7;

        assertThat(sealed.nonce()).containsOnly(0);
        assertThat(sealed.toString()).isEqualTo("Sealed[16 bytes, key id]");
    }
}
