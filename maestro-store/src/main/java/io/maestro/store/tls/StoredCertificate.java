package io.maestro.store.tls;

import java.time.Instant;
import java.util.List;

/**
 * A stored TLS certificate as listings show it: its name, the DNS names it covers (exact or
 * {@code *.} wildcards), when it expires, its issuer, its PEM chain (public: leaf first), and
 * who added it when. The private key is not part of it: read it with
 * {@link CertificateDao#privateKeyPem(String)} when installing.
 */
public record StoredCertificate(String name, List<String> hosts, Instant notAfter, String issuer, String chainPem,
        Instant addedAt, String addedBy) {

    public StoredCertificate {
        hosts = List.copyOf(hosts);
    }
}
