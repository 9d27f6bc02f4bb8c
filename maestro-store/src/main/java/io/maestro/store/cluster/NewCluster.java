package io.maestro.store.cluster;

import java.util.Objects;

/**
 * A cluster to register: {@code kubeconfig} is the full kubeconfig text, stored encrypted;
 * {@code context} and {@code server} are what the caller resolved from it. The kubeconfig never
 * shows in {@link #toString()}.
 */
public record NewCluster(String name, String context, String server, String kubeconfig, String addedBy) {

    public NewCluster {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(addedBy, "addedBy");
    }

    @Override
    public String toString() {
        return "NewCluster[name=" + name + ", context=" + context + ", server=" + server
                + ", kubeconfig=<redacted>, addedBy=" + addedBy + "]";
    }
}
