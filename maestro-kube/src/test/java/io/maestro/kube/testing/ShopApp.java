package io.maestro.kube.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.plan.kube.RenderOptions;
import java.util.List;
import java.util.Optional;

/**
 * A small application rendered by the real {@link KubernetesRenderer}: {@code web} (HTTP with
 * an Ingress, env vars), {@code worker} and {@code api}, each with its own image so a test can
 * change one. Rendered for application {@code shop}, environment {@code production}: namespace
 * {@value #NAMESPACE}.
 */
public final class ShopApp {

    public static final String NAMESPACE = "shop-production";

    private ShopApp() {}

    /** The objects with the default images. */
    public static List<HasMetadata> objects() {
        return objects("acme/web:1.0", "acme/worker:1.0", true);
    }

    /** The objects with the given images; {@code withApi} false drops the {@code api} service. */
    public static List<HasMetadata> objects(String webImage, String workerImage, boolean withApi) {
        String yaml = """
                version: 2
                services:
                  web:
                    image: %s
                    ports: ["3000:80:443"]
                    traffic_matches: ["shop.example.com"]
                    env_vars:
                      RAILS_ENV: production
                  worker:
                    image: %s
                    command: bundle exec sidekiq
                """.formatted(webImage, workerImage);
        if (withApi) {
            yaml += """
                      api:
                        image: acme/api:1.0
                        ports: ["8080:8080"]
                    """;
        }
        AppDefinition app = DefinitionLoader.create()
                .load(DefinitionLoader.Source.text("service.yml", yaml), Optional.empty(), "production");
        return KubernetesRenderer.render(app, new RenderOptions("shop", "production", true));
    }
}
