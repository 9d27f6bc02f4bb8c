package io.maestro.plan.lb;

import java.util.List;
import java.util.Optional;

/** The certificate installed for a service's host names, if any (user-supplied, development CA or ACME). */
@FunctionalInterface
public interface CertificateDirectory {

    Optional<TlsCertificate> certificate(String service, List<String> hosts);

    CertificateDirectory NONE = (service, hosts) -> Optional.empty();
}
