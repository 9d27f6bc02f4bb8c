package io.maestro.hosts.lb.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority Maestro generates for development, so {@code maestro up} serves HTTPS
 * out of the box: a client that trusts {@link #certificatePem()} trusts every certificate it
 * issues. Keys are ECDSA P-256. Never use it for production traffic.
 *
 * <pre>{@code
 * DevelopmentCa ca = DevelopmentCa.create("Maestro development CA", Duration.ofDays(3650));
 * CertificateBundle site = ca.issue(List.of("shop.localhost", "*.shop.localhost"), Duration.ofDays(90));
 * }</pre>
 */
public final class DevelopmentCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private DevelopmentCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    public static DevelopmentCa create(String commonName, Duration validity) {
        KeyPair pair = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", " ") + ",O=Maestro");
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new DevelopmentCa(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the development CA", e);
        }
    }

    /** Loads a CA saved with {@link #certificatePem()} and {@link #privateKeyPem()}. */
    public static DevelopmentCa load(String certificatePem, String keyPem) {
        List<X509Certificate> certs = Pem.certificates(certificatePem, "the development CA");
        return new DevelopmentCa(certs.get(0), Pem.privateKey(keyPem, "the development CA"));
    }

    /** A certificate for {@code hosts} ({@code _} skipped; IP literals become iPAddress names), chained to this CA. */
    public CertificateBundle issue(List<String> hosts, Duration validity) {
        List<String> names = hosts.stream().filter(h -> !h.equals("_")).toList();
        if (names.isEmpty()) {
            names = List.of("localhost");
        }
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            GeneralName[] sans = names.stream().map(DevelopmentCa::subjectAlternativeName).toArray(GeneralName[]::new);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
                    new X500Name("CN=" + names.get(0)), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            return new CertificateBundle(List.of(sign(builder, key), certificate), pair.getPrivate());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a development certificate", e);
        }
    }

    /** An IP address literal ({@code 127.0.0.1}, {@code ::1}) as an iPAddress name, anything else as a DNS name. */
    private static GeneralName subjectAlternativeName(String name) {
        boolean address = name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (name.contains(":") && name.matches("[0-9A-Fa-f:.]+"));
        return new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** What clients add to their trust store. */
    public String certificatePem() {
        return Pem.write(certificate);
    }

    /** The CA's key, to keep it between runs (a secret: store it encrypted or with mode 0600). */
    public String privateKeyPem() {
        return Pem.write(key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator in this JDK", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
