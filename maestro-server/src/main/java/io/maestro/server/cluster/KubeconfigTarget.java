package io.maestro.server.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;

/**
 * The context a kubeconfig connects through and that context's API server URL: what the
 * registry stores in clear beside the encrypted kubeconfig, so listings need no decryption.
 *
 * <p>The kubeconfig must be self-contained. The control plane runs elsewhere than the machine
 * the file came from, so paths to certificate or token files mean nothing there (or, worse, name
 * the control plane's own files); and a credential plugin ({@code exec}, or an
 * {@code auth-provider} with a {@code cmd-path}) would run a command on the control plane.
 * Both are refused with the way out: {@code kubectl config view --minify --flatten} embeds the
 * files, and a service-account token replaces a plugin.
 *
 * @param context the chosen context, or the kubeconfig's {@code current-context}
 * @param server the URL of the API server that context names
 */
record KubeconfigTarget(String context, String server) {

    private static final String FLATTEN = " (run `kubectl config view --minify --flatten --context CONTEXT` to embed the files)";
    private static final String NO_PLUGINS = "; the control plane does not run credential plugins:"
            + " use a token (e.g. a service account's) or an embedded client certificate";

    /**
     * Resolves {@code context} (the current context when empty) in the kubeconfig {@code text}.
     *
     * @throws InvalidClusterException when the text is not a kubeconfig, the context or its
     *     cluster is missing, or it is not self-contained; the message never quotes the text
     *     (it holds credentials)
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
        NamedCluster cluster = config.getClusters() == null ? null : config.getClusters().stream()
                .filter(c -> c.getName().equals(clusterName)).findFirst().orElse(null);
        if (cluster == null || cluster.getCluster() == null
                || cluster.getCluster().getServer() == null || cluster.getCluster().getServer().isBlank()) {
            throw new InvalidClusterException("kubeconfig: context '" + chosen + "' names cluster '" + clusterName
                    + "', which has no server URL in the kubeconfig");
        }
        if (present(cluster.getCluster().getCertificateAuthority())) {
            throw new InvalidClusterException("kubeconfig: cluster '" + clusterName + "' refers to the file "
                    + cluster.getCluster().getCertificateAuthority() + " (certificate-authority), which the control plane cannot read"
                    + FLATTEN);
        }
        String userName = named.getContext().getUser();
        AuthInfo user = config.getUsers() == null ? null : config.getUsers().stream()
                .filter(u -> u.getName().equals(userName)).map(NamedAuthInfo::getUser).findFirst().orElse(null);
        if (user != null) {
            checkSelfContained(userName, user);
        }
        return new KubeconfigTarget(chosen, cluster.getCluster().getServer());
    }

    private static void checkSelfContained(String userName, AuthInfo user) {
        for (String[] file : new String[][] {{"client-certificate", user.getClientCertificate()},
                {"client-key", user.getClientKey()}, {"tokenFile", user.getTokenFile()}}) {
            if (present(file[1])) {
                throw new InvalidClusterException("kubeconfig: user '" + userName + "' refers to the file " + file[1]
                        + " (" + file[0] + "), which the control plane cannot read" + FLATTEN);
            }
        }
        if (user.getExec() != null) {
            throw new InvalidClusterException("kubeconfig: user '" + userName + "' gets its credentials by running "
                    + user.getExec().getCommand() + " (exec)" + NO_PLUGINS);
        }
        if (user.getAuthProvider() != null && user.getAuthProvider().getConfig() != null
                && user.getAuthProvider().getConfig().containsKey("cmd-path")) {
            throw new InvalidClusterException("kubeconfig: user '" + userName + "' gets its credentials by running "
                    + user.getAuthProvider().getConfig().get("cmd-path") + " (auth-provider cmd-path)" + NO_PLUGINS);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
