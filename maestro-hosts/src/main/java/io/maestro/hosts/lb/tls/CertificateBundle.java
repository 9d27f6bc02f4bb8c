package io.maestro.hosts.lb.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server certificate with its intermediates (leaf first) and its private key.
 *
 * @param chain the leaf certificate followed by intermediates, in order
 * @param key the leaf's private key (a secret: never logged)
 */
public record CertificateBundle(List<X509Certificate> chain, PrivateKey key) {

    public CertificateBundle {
        chain = List.copyOf(chain);
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads what a user supplies: the certificate, the key, and optionally the intermediate chain
     * (a chain already appended to the certificate is accepted too).
     */
    public static CertificateBundle fromPem(String certificatePem, String keyPem, String chainPem, String what) {
        List<X509Certificate> chain = new ArrayList<>(Pem.certificates(certificatePem, what));
        if (chainPem != null && !chainPem.isBlank()) {
            chain.addAll(Pem.certificates(chainPem, what));
        }
        if (chain.isEmpty()) {
            throw new InvalidCertificateException(what, List.of("no certificate found in the certificate text"));
        }
        return new CertificateBundle(chain, Pem.privateKey(keyPem, what));
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Leaf then intermediates: what nginx's {@code ssl_certificate} reads. */
    public String chainPem() {
        StringBuilder out = new StringBuilder();
        chain.forEach(c -> out.append(Pem.write(c)));
        return out.toString();
    }

    public String keyPem() {
        return Pem.write(key);
    }

    /** Chain then key: what HAProxy's {@code crt} reads. */
    public String combinedPem() {
        return chainPem() + keyPem();
    }

    @Override
    public String toString() {
        return "CertificateBundle[" + leaf().getSubjectX500Principal().getName() + ", " + chain.size() + " certificates]";
    }
}
