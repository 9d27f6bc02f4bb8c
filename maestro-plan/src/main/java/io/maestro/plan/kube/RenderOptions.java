package io.maestro.plan.kube;

import java.util.Objects;

/**
 * What to render for.
 *
 * @param application application name (a DNS-1123 label); with the environment it names the namespace
 * @param environment environment name, e.g. {@code production}
 * @param showSecrets when false, Secret values are masked; when true they are written (base64)
 */
public record RenderOptions(String application, String environment, boolean showSecrets) {

    public RenderOptions {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
    }
}
