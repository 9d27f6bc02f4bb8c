package io.maestro.server.tls;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.maestro.plan.kube.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Fills the rendered Ingresses' TLS from the stored certificates, in the deploy engine (the
 * renderer is pure and names a placeholder Secret {@code <service>-tls} for every https host).
 *
 * <p>For each TLS host: the stored certificate {@link CertificateStore#forHost covering it}
 * becomes a {@code kubernetes.io/tls} Secret {@code maestro-cert-<certificate>} in the namespace
 * (one per certificate, shared by the Ingresses that use it) and the host is listed under it.
 * A host no stored certificate covers keeps the placeholder Secret when it already exists in
 * the namespace (the user's, or cert-manager's), else it leaves {@code spec.tls} and is served
 * over plain HTTP, with a note saying so. A TLS entry without hosts (the catch-all) is kept as
 * rendered. The key goes into the Secret only: never into a note, a log line or a ConfigMap.
 */
public final class IngressTls {

    /** The prefix of the Secrets Maestro fills from stored certificates. */
    public static final String SECRET_PREFIX = "maestro-cert-";
    /** The label naming the stored certificate a Secret holds. */
    public static final String CERTIFICATE_LABEL = "maestro.io/certificate";

    private final CertificateStore certificates;

    public IngressTls(CertificateStore certificates) {
        this.certificates = certificates;
    }

    /** The objects with Ingress TLS filled in and the certificate Secrets added, plus what was decided per host. */
    public record Result(List<HasMetadata> objects, List<String> notes) {}

    /** Whether any rendered Ingress asks for TLS on a named host (so the step has work). */
    public static boolean needed(List<HasMetadata> objects) {
        return objects.stream().anyMatch(o -> o instanceof Ingress i && i.getSpec() != null && i.getSpec().getTls() != null
                && i.getSpec().getTls().stream().anyMatch(t -> t.getHosts() != null && !t.getHosts().isEmpty()));
    }

    /**
     * @param existingSecret whether a Secret by that name exists in {@code namespace} now
     */
    public Result attach(List<HasMetadata> objects, String namespace, Predicate<String> existingSecret) {
        List<HasMetadata> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        Map<String, Optional<HostCertificate>> byHost = new LinkedHashMap<>();
        for (HasMetadata object : objects) {
            if (!(object instanceof Ingress ingress) || ingress.getSpec() == null || ingress.getSpec().getTls() == null) {
                out.add(object);
                continue;
            }
            String ingressName = ingress.getMetadata().getName();
            List<IngressTLS> tls = new ArrayList<>();
            for (IngressTLS entry : ingress.getSpec().getTls()) {
                if (entry.getHosts() == null || entry.getHosts().isEmpty()) {
                    tls.add(entry);
                    continue;
                }
                Map<String, List<String>> hostsBySecret = new LinkedHashMap<>();
                List<String> uncovered = new ArrayList<>();
                for (String host : entry.getHosts()) {
                    Optional<HostCertificate> certificate = byHost.computeIfAbsent(host, certificates::forHost);
                    if (certificate.isPresent()) {
                        String secretName = SECRET_PREFIX + certificate.get().name();
                        secrets.computeIfAbsent(secretName, n -> secret(n, namespace, certificate.get()));
                        hostsBySecret.computeIfAbsent(secretName, n -> new ArrayList<>()).add(host);
                        notes.add("Ingress " + ingressName + ": host " + host + " served with stored certificate '"
                                + certificate.get().name() + "' (Secret " + secretName + ")");
                    } else {
                        uncovered.add(host);
                    }
                }
                if (!uncovered.isEmpty()) {
                    String placeholder = entry.getSecretName();
                    if (placeholder != null && existingSecret.test(placeholder)) {
                        hostsBySecret.computeIfAbsent(placeholder, n -> new ArrayList<>()).addAll(uncovered);
                        uncovered.forEach(h -> notes.add("Ingress " + ingressName + ": host " + h
                                + " served with the existing Secret " + placeholder + " (no stored certificate covers it)"));
                    } else {
                        uncovered.forEach(h -> notes.add("Ingress " + ingressName + ": no stored certificate covers host " + h
                                + " and there is no Secret " + placeholder + " in " + namespace + ": " + h
                                + " is served over plain HTTP (add one with `maestro certificates add NAME --cert FILE --key FILE`)"));
                    }
                }
                hostsBySecret.forEach((secretName, hosts) -> tls.add(new IngressTLSBuilder()
                        .withSecretName(secretName).withHosts(hosts).build()));
            }
            out.add(new IngressBuilder(ingress).editSpec().withTls(tls.isEmpty() ? null : tls).endSpec().build());
        }
        // Secrets before the Ingresses that name them: the controller finds them on its first look.
        int firstIngress = 0;
        while (firstIngress < out.size() && !(out.get(firstIngress) instanceof Ingress)) {
            firstIngress++;
        }
        out.addAll(firstIngress, secrets.values());
        return new Result(List.copyOf(out), List.copyOf(notes));
    }

    private static Secret secret(String name, String namespace, HostCertificate certificate) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
                .addToLabels(CERTIFICATE_LABEL, certificate.name())
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64.encodeToString(certificate.bundle().chainPem().getBytes(StandardCharsets.US_ASCII)))
                .addToData("tls.key", base64.encodeToString(certificate.bundle().keyPem().getBytes(StandardCharsets.US_ASCII)))
                .build();
    }
}
