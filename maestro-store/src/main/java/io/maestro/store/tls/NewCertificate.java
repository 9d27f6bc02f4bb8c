package io.maestro.store.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate to store, already checked by the caller: its names, expiry and issuer as read
 * from the leaf, the PEM chain (leaf first) and the PEM private key (sealed before it reaches SQL).
 */
public record NewCertificate(String name, List<String> hosts, Instant notAfter, String issuer, String chainPem,
        String keyPem, String addedBy) {

    public NewCertificate {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(keyPem, "keyPem");
    }

    @Override
    public String toString() {
        // Never the key.
        return "NewCertificate[" + name + ", " + hosts + ", notAfter " + notAfter + "]";
    }
}
