package io.maestro.hosts.lb.tls;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Checks a certificate before it is installed: the key belongs to the leaf, each certificate is
 * signed by the next one (chain order), none is expired or not yet valid, and the leaf's names
 * cover every host it will serve ({@code *.example.com} covers one label, as browsers do).
 */
public final class CertificateChecker {

    private CertificateChecker() {}

    /** Every problem found, empty when the bundle can serve {@code hosts} at {@code now}. */
    public static List<String> problems(CertificateBundle bundle, List<String> hosts, Instant now) {
        List<String> problems = new ArrayList<>();
        X509Certificate leaf = bundle.leaf();
        if (!keyMatches(bundle)) {
            problems.add("the private key does not belong to the certificate " + subject(leaf)
                    + " (hint: the key was generated with another CSR)");
        }
        for (int i = 0; i < bundle.chain().size(); i++) {
            X509Certificate c = bundle.chain().get(i);
            if (now.isAfter(c.getNotAfter().toInstant())) {
                problems.add("certificate " + subject(c) + " expired on " + c.getNotAfter().toInstant());
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                problems.add("certificate " + subject(c) + " is not valid before " + c.getNotBefore().toInstant());
            }
            if (i + 1 < bundle.chain().size()) {
                X509Certificate issuer = bundle.chain().get(i + 1);
                if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) || !signedBy(c, issuer.getPublicKey())) {
                    problems.add("chain order: certificate " + (i + 1) + " (" + subject(c) + ") is not issued by certificate "
                            + (i + 2) + " (" + subject(issuer) + "); expected the leaf first, then each issuer in turn");
                }
            }
        }
        List<String> names = dnsNames(leaf);
        for (String host : hosts) {
            if (host.equals("_")) {
                continue;
            }
            if (names.stream().noneMatch(n -> covers(n, host))) {
                problems.add("the certificate's names " + names + " do not cover host " + host);
            }
        }
        return problems;
    }

    /** Throws {@link InvalidCertificateException} listing every problem. */
    public static void check(CertificateBundle bundle, List<String> hosts, Instant now, String what) {
        List<String> problems = problems(bundle, hosts, now);
        if (!problems.isEmpty()) {
            throw new InvalidCertificateException(what, problems);
        }
    }

    /** Whether certificate name {@code name} (possibly {@code *.x}) covers {@code host} (possibly {@code *.x}). */
    static boolean covers(String name, String host) {
        String n = name.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (n.equals(h)) {
            return true;
        }
        if (n.startsWith("*.") && !h.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(n.substring(1));
        }
        return false;
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    // 2 = dNSName, 7 = iPAddress (a certificate for https://127.0.0.1 names the address)
                    if (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0))) {
                        names.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // No readable SANs: the names check reports it.
        }
        return names;
    }

    private static boolean keyMatches(CertificateBundle bundle) {
        try {
            String algorithm = switch (bundle.key().getAlgorithm()) {
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519" -> "Ed25519";
                default -> "SHA256with" + bundle.key().getAlgorithm();
            };
            byte[] probe = "maestro key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(bundle.key());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(bundle.leaf().getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey issuerKey) {
        try {
            certificate.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String subject(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "'";
    }
}
