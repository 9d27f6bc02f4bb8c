package io.maestro.hosts.lb.tls;

import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.ConfigText;
import io.maestro.plan.lb.LoadBalancerFiles;
import io.maestro.plan.lb.TlsCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Checks a certificate and writes it where the load balancer reads it:
 * {@code certs/NAME.chain.pem}, {@code certs/NAME.key.pem} and {@code certs/NAME.pem} (chain +
 * key, for HAProxy), all mode 0600. A bundle that fails {@link CertificateChecker} is never written.
 */
public final class CertificateInstaller {

    private CertificateInstaller() {}

    public static TlsCertificate install(HostExecutor host, LoadBalancerFiles files, String name, CertificateBundle bundle,
            List<String> hosts) {
        ConfigText.name(name);
        CertificateChecker.check(bundle, hosts, Instant.now(), String.join(", ", hosts));
        String base = files.certsDir() + "/" + name;
        TlsCertificate paths = new TlsCertificate(base + ".chain.pem", base + ".key.pem", base + ".pem");
        host.writeFile(paths.keyFile(), bundle.keyPem().getBytes(StandardCharsets.US_ASCII), 0600);
        host.writeFile(paths.chainFile(), bundle.chainPem().getBytes(StandardCharsets.US_ASCII), 0600);
        host.writeFile(paths.combinedFile(), bundle.combinedPem().getBytes(StandardCharsets.US_ASCII), 0600);
        return paths;
    }
}
