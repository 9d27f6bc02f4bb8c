package io.maestro.server.tls;

import io.maestro.hosts.lb.tls.CertificateBundle;
import io.maestro.hosts.lb.tls.CertificateChecker;
import io.maestro.hosts.lb.tls.InvalidCertificateException;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.tls.CertificateDao;
import io.maestro.store.tls.NewCertificate;
import io.maestro.store.tls.StoredCertificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The certificates users upload for their host names, over the store's {@link CertificateDao}:
 * each is checked with {@link CertificateChecker} before it is stored (key matches the leaf,
 * chain in order, none expired, the leaf names DNS hosts), and {@link #forHost(String)} picks the
 * one that serves a host: an exact name first, then a {@code *.} wildcard; among several, the one
 * that expires last.
 *
 * <pre>{@code
 * CertificateStore certificates = new CertificateStore(store, Clock.systemUTC());
 * certificates.add("shop", certPem, keyPem, chainPem, actor);
 * Optional<HostCertificate> tls = certificates.forHost("www.shop.example.com");
 * }</pre>
 */
public final class CertificateStore {

    /** Certificate names: DNS labels, so they can name Kubernetes Secrets and files. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Store store;
    private final Clock clock;

    public CertificateStore(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Checks then stores a certificate. An {@link InvalidCertificateException} listing every
     * problem (nothing stored), a {@code ConflictException} when the name is taken.
     */
    public StoredCertificate add(String name, String certificatePem, String keyPem, String chainPem, Actor actor) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidCertificateException("certificate '" + name + "'", List.of(
                    "expected a name of lowercase letters, digits and '-' (at most 63, starting and ending with a letter or digit)"));
        }
        String what = "certificate '" + name + "'";
        CertificateBundle bundle = CertificateBundle.fromPem(certificatePem, keyPem, chainPem, what);
        List<String> hosts = dnsNames(bundle.leaf());
        List<String> problems = new ArrayList<>(CertificateChecker.problems(bundle, hosts, Instant.now(clock)));
        if (hosts.isEmpty()) {
            problems.add("the certificate " + bundle.leaf().getSubjectX500Principal().getName()
                    + " names no DNS host in its subjectAltName extension (hint: browsers ignore the CN; reissue it with SANs)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCertificateException(what, problems);
        }
        NewCertificate stored = new NewCertificate(name, hosts, bundle.leaf().getNotAfter().toInstant(),
                bundle.leaf().getIssuerX500Principal().getName(), bundle.chainPem(), bundle.keyPem(), actor.name());
        return store.inTransaction(() -> {
            StoredCertificate added = store.certificates().add(stored);
            store.audit().record(actor, "certificate.add", name, "hosts " + String.join(", ", hosts)
                    + ", expires " + added.notAfter());
            return added;
        });
    }

    public List<StoredCertificate> list() {
        return store.certificates().list();
    }

    /** Removes the certificate; a {@code NotFoundException} if there is none by that name. */
    public void remove(String name, Actor actor) {
        store.inTransaction(() -> {
            if (!store.certificates().delete(name)) {
                throw CertificateDao.notFound(name);
            }
            store.audit().record(actor, "certificate.remove", name, "");
            return null;
        });
    }

    /**
     * The stored certificate that serves {@code host}: one naming it exactly, else one whose
     * {@code *.} wildcard covers it (one label, as browsers match); expired ones never; the one
     * expiring last when several match.
     */
    public Optional<HostCertificate> forHost(String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        Instant now = Instant.now(clock);
        List<StoredCertificate> valid = list().stream().filter(c -> c.notAfter().isAfter(now)).toList();
        Comparator<StoredCertificate> latest = Comparator.comparing(StoredCertificate::notAfter);
        Optional<StoredCertificate> chosen = valid.stream()
                .filter(c -> c.hosts().stream().anyMatch(n -> n.equalsIgnoreCase(wanted)))
                .max(latest)
                .or(() -> valid.stream()
                        .filter(c -> c.hosts().stream().anyMatch(n -> wildcardCovers(n, wanted)))
                        .max(latest));
        return chosen.flatMap(c -> store.certificates().privateKeyPem(c.name())
                .map(key -> new HostCertificate(c.name(), CertificateBundle.fromPem(c.chainPem(), key, null,
                        "stored certificate '" + c.name() + "'"))));
    }

    /** Whether {@code *.example.com} covers {@code host}: exactly one more label. */
    static boolean wildcardCovers(String name, String host) {
        if (!name.startsWith("*.") || host.startsWith("*.")) {
            return false;
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equalsIgnoreCase(name.substring(1));
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // Unreadable SANs: no names, which add() reports.
        }
        return names;
    }
}
