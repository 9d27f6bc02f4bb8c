package io.maestro.hosts.lb.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The development CA's leaf certificates, kept next to the CA ({@code MAESTRO_HOME/tls/leaves/})
 * so a deploy does not issue a new certificate (and a new key) every time: browsers and clients
 * that pinned or cached the previous one keep seeing the same certificate.
 *
 * <p>A kept leaf is reused while it names exactly the same hosts, was issued by this CA, and stays
 * valid for more than {@link #MIN_REMAINING} (30 days); otherwise a new one is issued and replaces
 * it. One file per set of host names ({@code SHA-256 of the sorted names}.pem: chain then key,
 * mode 0600), so two services with the same names share one leaf.
 *
 * <pre>{@code
 * DevelopmentCa ca = DevelopmentCaFiles.loadOrCreate(home.resolve("tls"));
 * CertificateBundle leaf = new DevelopmentLeaves(home.resolve("tls"), ca).issueOrReuse(List.of("localhost", "127.0.0.1"));
 * }</pre>
 */
public final class DevelopmentLeaves {

    /** A kept leaf that expires sooner than this is replaced. */
    public static final Duration MIN_REMAINING = Duration.ofDays(30);
    /** How long a new leaf is valid. */
    public static final Duration VALIDITY = Duration.ofDays(90);

    private final Path dir;
    private final DevelopmentCa ca;
    private final Clock clock;

    /** @param tlsDir the CA's folder ({@code MAESTRO_HOME/tls}); leaves go to its {@code leaves/} */
    public DevelopmentLeaves(Path tlsDir, DevelopmentCa ca) {
        this(tlsDir, ca, Clock.systemUTC());
    }

    public DevelopmentLeaves(Path tlsDir, DevelopmentCa ca, Clock clock) {
        this.dir = tlsDir.resolve("leaves");
        this.ca = ca;
        this.clock = clock;
    }

    /** The kept leaf for {@code hosts} ({@code _} ignored) when still usable, else a new one (kept). */
    public synchronized CertificateBundle issueOrReuse(List<String> hosts) {
        List<String> names = hosts.stream().filter(h -> !h.equals("_")).distinct().toList();
        Path file = file(names);
        try {
            if (Files.isRegularFile(file)) {
                String pem = Files.readString(file, StandardCharsets.US_ASCII);
                int keyStart = pem.indexOf("-----BEGIN PRIVATE KEY-----");
                try {
                    CertificateBundle kept = CertificateBundle.fromPem(pem.substring(0, Math.max(keyStart, 0)),
                            pem.substring(Math.max(keyStart, 0)), null, "the kept development certificate");
                    if (usable(kept, names)) {
                        return kept;
                    }
                } catch (RuntimeException unreadable) {
                    // a damaged or foreign file: replaced below
                }
            }
            CertificateBundle issued = ca.issue(names, VALIDITY);
            write(file, issued.combinedPem());
            return issued;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development certificate in " + dir, e);
        }
    }

    /** Where the leaf for {@code hosts} is kept. */
    public Path file(Collection<String> hosts) {
        return dir.resolve(key(hosts) + ".pem");
    }

    private boolean usable(CertificateBundle kept, List<String> names) {
        X509Certificate leaf = kept.leaf();
        try {
            leaf.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException otherCa) {
            return false;   // the CA was replaced (MAESTRO_HOME/tls/ca.* deleted): its leaves are worthless
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!notAfter.isAfter(clock.instant().plus(MIN_REMAINING))) {
            return false;
        }
        return normalized(alternativeNames(leaf)).equals(normalized(names.isEmpty() ? List.of("localhost") : names));
    }

    private static List<String> alternativeNames(X509Certificate leaf) {
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans.stream().map(san -> String.valueOf(san.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static Set<String> normalized(Collection<String> names) {
        Set<String> set = new TreeSet<>();
        names.forEach(n -> set.add(n.toLowerCase(Locale.ROOT)));
        return set;
    }

    private static String key(Collection<String> hosts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", normalized(hosts)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Written with mode 0600 from the start, then renamed: the key is never readable by others. */
    private void write(Path file, String text) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
