package io.maestro.plan.lb;

import java.util.List;

/**
 * TLS settings of every HTTPS listener: TLS 1.2 and 1.3 only, the Mozilla "intermediate" cipher
 * list (forward-secret AEAD suites only), session resumption through a shared session cache, and
 * HSTS when asked for.
 *
 * @param hsts whether responses carry {@code Strict-Transport-Security}
 * @param hstsMaxAgeSeconds the header's {@code max-age}
 */
public record TlsPolicy(boolean hsts, long hstsMaxAgeSeconds) {

    public static final TlsPolicy DEFAULT = new TlsPolicy(false, 63_072_000);

    public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    /** TLS 1.2 suites (OpenSSL names); TLS 1.3 suites are all AEAD and left to OpenSSL's default. */
    public static final String CIPHERS = String.join(":",
            "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305");

    public TlsPolicy {
        if (hstsMaxAgeSeconds < 0) {
            throw new LoadBalancerConfigException("HSTS max-age cannot be negative");
        }
    }

    public TlsPolicy withHsts(boolean on) {
        return new TlsPolicy(on, hstsMaxAgeSeconds);
    }
}
