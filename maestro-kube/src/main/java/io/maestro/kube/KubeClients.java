package io.maestro.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.maestro.model.MaestroException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes clients for a cluster Maestro deploys to: from a kubeconfig's text (as
 * {@code maestro clusters add --kubeconfig FILE [--context C]} stores it), or from the
 * environment when the control plane runs inside the cluster.
 *
 * <pre>{@code
 * try (KubernetesClient client = KubeClients.fromKubeconfig(text, Optional.of("prod"), Duration.ofSeconds(30))) {
 *     Applier.create(client).apply("shop-production", objects);
 * }
 * }</pre>
 */
public final class KubeClients {

    private KubeClients() {}

    /**
     * A client for {@code context} of the kubeconfig (its current context when empty). The text
     * is never written to disk.
     *
     * @param requestTimeout how long one API request may take before it fails
     * @throws MaestroException when the text is not a kubeconfig or has no such context
     */
    public static KubernetesClient fromKubeconfig(String kubeconfig, Optional<String> context, Duration requestTimeout) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = serialization.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new MaestroException("cannot read the kubeconfig: " + e.getMessage(), e);
        }
        if (parsed == null) {
            throw new MaestroException("cannot read the kubeconfig: expected a YAML kubeconfig, got an empty text");
        }
        if (context.isPresent()) {
            List<String> names = parsed.getContexts().stream().map(NamedContext::getName).toList();
            if (!names.contains(context.get())) {
                throw new MaestroException("expected a context of the kubeconfig (" + String.join(", ", names)
                        + "), got '" + context.get() + "'");
            }
            parsed.setCurrentContext(context.get());
        }
        Config config = Config.fromKubeconfig(serialization.asYaml(parsed));
        return build(config, requestTimeout);
    }

    /** A client configured from the environment: in-cluster service account, or {@code ~/.kube/config}. */
    public static KubernetesClient fromEnvironment(Duration requestTimeout) {
        return build(Config.autoConfigure(null), requestTimeout);
    }

    private static KubernetesClient build(Config config, Duration requestTimeout) {
        Config timed = new ConfigBuilder(config).withRequestTimeout((int) requestTimeout.toMillis()).build();
        return new KubernetesClientBuilder().withConfig(timed).build();
    }
}
