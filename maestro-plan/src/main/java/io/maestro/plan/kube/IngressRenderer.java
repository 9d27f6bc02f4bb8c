package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.maestro.model.manifest.DockerComponent;
import io.maestro.model.service.PortMapping;
import io.maestro.model.service.Service;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code http}/{@code https} ports and {@code traffic_matches} → one networking/v1 Ingress per
 * service.
 *
 * <p>One rule per host, in the order written (duplicates dropped); {@code _} (the catch-all) or
 * no {@code traffic_matches} at all gives a rule without host; wildcards such as
 * {@code *.example.com} are kept. Each rule routes path {@code /} (Prefix) to the service's
 * first web-mapped container port. When any port maps {@code https}, a TLS section names the
 * Secret {@code <service>-tls} (which the SSL step or cert-manager fills) for every host except
 * the catch-all. {@code ingressClassName} comes from the manifest's
 * {@code docker.configuration.ingress_class} when set (the cluster default otherwise).
 *
 * <p>No Ingress when the environment has a {@code load_balancer} component: nginx or HAProxy on
 * servers is then the entry point, through the {@code <service>-lb} NodePort Services
 * ({@link NodePortServices}); an Ingress too would open a second way in that bypasses the load
 * balancer's TLS, redirects and rate limits. Removing the load_balancer brings the Ingress back.
 */
final class IngressRenderer {

    static final String CATCH_ALL = "_";
    static final String TLS_SUFFIX = "tls";

    private IngressRenderer() {}

    static Optional<Ingress> render(RenderContext context, Service service) {
        Optional<PortMapping> web = service.ports().stream().filter(PortMapping::isWeb).findFirst();
        if (web.isEmpty() || NodePortServices.wanted(context.environment())) {
            return Optional.empty();
        }
        int backendPort = web.get().container();
        Set<String> hosts = new LinkedHashSet<>(service.trafficMatches());
        boolean catchAll = hosts.isEmpty() || hosts.remove(CATCH_ALL);
        List<IngressRule> rules = new ArrayList<>();
        for (String host : hosts) {
            rules.add(rule(host, service.name(), backendPort));
        }
        if (catchAll) {
            rules.add(rule(null, service.name(), backendPort));
        }
        IngressBuilder ingress = new IngressBuilder()
                .withNewMetadata().withName(service.name()).withNamespace(context.namespace())
                .withLabels(context.serviceLabels(service)).endMetadata()
                .withNewSpec()
                .withIngressClassName(context.environment().optionalDocker()
                        .map(DockerComponent::configuration).map(c -> c.ingressClass()).orElse(null))
                .withRules(rules)
                .endSpec();
        if (service.ports().stream().anyMatch(p -> p.https() != null)) {
            ingress.editSpec().withTls(new IngressTLSBuilder()
                    .withSecretName(Names.suffixed(service.name(), TLS_SUFFIX))
                    .withHosts(List.copyOf(hosts))
                    .build()).endSpec();
        }
        return Optional.of(ingress.build());
    }

    private static IngressRule rule(String host, String serviceName, int port) {
        return new IngressRuleBuilder()
                .withHost(host)
                .withNewHttp().withPaths(new HTTPIngressPathBuilder()
                        .withPath("/").withPathType("Prefix")
                        .withNewBackend().withNewService().withName(serviceName)
                        .withNewPort().withNumber(port).endPort().endService().endBackend()
                        .build())
                .endHttp()
                .build();
    }
}
