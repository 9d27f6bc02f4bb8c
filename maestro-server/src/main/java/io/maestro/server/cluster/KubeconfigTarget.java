package io.maestro.server.cluster;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;

/**
 * The context a kubeconfig connects through and that context's API server URL: what the
 * registry stores in clear beside the encrypted kubeconfig, so listings need no decryption.
 *
 * @param context the chosen context, or the kubeconfig's {@code current-context}
 * @param server the URL of the API server that context names
 */
record KubeconfigTarget(String context, String server) {

    /**
     * Resolves {@code context} (the current context when empty) in the kubeconfig {@code text}.
     *
     * @throws InvalidClusterException when the text is not a kubeconfig, or the context or its
     *     cluster is missing; the message never quotes the text (it holds credentials)
     */
    static KubeconfigTarget resolve(String text, Optional<String> context) {
        Config config;
        try {
            config = new KubernetesSerialization().unmarshal(text, Config.class);
        } catch (RuntimeException e) {
            throw new InvalidClusterException("kubeconfig: expected a YAML kubeconfig (kind: Config), got text that does not parse as one");
        }
        if (config == null || config.getContexts() == null || config.getContexts().isEmpty()) {
            throw new InvalidClusterException("kubeconfig: expected a kubeconfig with at least one context, got none");
        }
        List<String> names = config.getContexts().stream().map(NamedContext::getName).toList();
        String chosen = context.orElse(config.getCurrentContext());
        if (chosen == null || chosen.isBlank()) {
            throw new InvalidClusterException("kubeconfig: it has no current-context; choose one of its contexts ("
                    + String.join(", ", names) + ") with --context");
        }
        NamedContext named = config.getContexts().stream().filter(c -> chosen.equals(c.getName())).findFirst()
                .orElseThrow(() -> new InvalidClusterException("context: expected a context of the kubeconfig ("
                        + String.join(", ", names) + "), got '" + chosen + "'"));
        String clusterName = named.getContext() == null ? null : named.getContext().getCluster();
        String server = config.getClusters() == null ? null : config.getClusters().stream()
                .filter(c -> c.getName().equals(clusterName))
                .map(NamedCluster::getCluster)
                .filter(c -> c != null && c.getServer() != null && !c.getServer().isBlank())
                .map(c -> c.getServer())
                .findFirst().orElse(null);
        if (server == null) {
            throw new InvalidClusterException("kubeconfig: context '" + chosen + "' names cluster '" + clusterName
                    + "', which has no server URL in the kubeconfig");
        }
        return new KubeconfigTarget(chosen, server);
    }
}
