package io.maestro.hosts.lb.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM reading and writing (certificates; PKCS#8, PKCS#1 and SEC1 keys) with BouncyCastle. */
final class Pem {

    private Pem() {}

    static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(new JcaX509CertificateConverter().getCertificate(holder));
                } else {
                    throw new InvalidCertificateException(what, List.of("expected only CERTIFICATE blocks, found a "
                            + o.getClass().getSimpleName()));
                }
            }
        } catch (IOException | CertificateException | IllegalArgumentException | IllegalStateException e) {
            // BouncyCastle reports bad base64 or DER as unchecked exceptions (DecoderException is an IllegalStateException).
            throw new InvalidCertificateException(what, List.of("not a readable PEM certificate: " + e.getMessage()));
        }
        return out;
    }

    static PrivateKey privateKey(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            // Never echo key material into a message.
            throw new InvalidCertificateException(what, List.of("expected an unencrypted PEM private key (PRIVATE KEY, "
                    + "RSA PRIVATE KEY or EC PRIVATE KEY), found " + (o == null ? "nothing" : "another PEM block")));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // No exception text: it may quote key material.
            throw new InvalidCertificateException(what, List.of("not a readable PEM private key"));
        }
    }

    /** A certificate as a CERTIFICATE block or a key as a PKCS#8 PRIVATE KEY block (what OpenSSL 3 reads). */
    static String write(Object object) {
        try {
            return switch (object) {
                case java.security.cert.X509Certificate c -> block("CERTIFICATE", c.getEncoded());
                case PrivateKey k -> block("PRIVATE KEY", k.getEncoded());
                default -> throw new IllegalArgumentException("cannot write " + object.getClass() + " as PEM");
            };
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String block(String type, byte[] der) {
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
