package io.maestro.kube.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.plan.kube.RenderOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small application rendered by the real {@link KubernetesRenderer}, application {@code shop},
 * environment {@code production} (namespace {@value #NAMESPACE}):
 * <ul>
 *   <li>{@code web}: HTTP on 3000 behind an Ingress for shop.example.com, env vars (ConfigMap {@code web-env});</li>
 *   <li>{@code worker}: no ports;</li>
 *   <li>{@code api}: port 8080 (Service and Ingress).</li>
 * </ul>
 * Each has its own image so a test can change one; services can be dropped or added.
 */
public final class ShopApp {

    public static final String NAMESPACE = "shop-production";

    private final Map<String, String> services = new LinkedHashMap<>();

    private ShopApp() {
        services.put("web", """
                  web:
                    image: acme/web:1.0
                    ports: ["3000:80:443"]
                    traffic_matches: ["shop.example.com"]
                    env_vars:
                      RAILS_ENV: production
                """);
        services.put("worker", """
                  worker:
                    image: acme/worker:1.0
                    command: bundle exec sidekiq
                """);
        services.put("api", """
                  api:
                    image: acme/api:1.0
                    ports: ["8080:8080"]
                """);
    }

    /** The three services with their first images. */
    public static ShopApp shop() {
        return new ShopApp();
    }

    /** The rendered objects of {@link #shop()}. */
    public static List<HasMetadata> objects() {
        return shop().render();
    }

    /** Changes one service's image. */
    public ShopApp image(String service, String image) {
        services.computeIfPresent(service, (name, yaml) -> yaml.replaceFirst("image: \\S+", "image: " + image));
        return this;
    }

    public ShopApp without(String service) {
        services.remove(service);
        return this;
    }

    /** Adds a service with one port (a Deployment and a Service). */
    public ShopApp plus(String service) {
        services.put(service, """
                  %s:
                    image: acme/%s:1.0
                    ports: ["9000:9000"]
                """.formatted(service, service));
        return this;
    }

    public List<HasMetadata> render() {
        String yaml = "version: 2\nservices:\n" + String.join("", services.values());
        AppDefinition app = DefinitionLoader.create()
                .load(DefinitionLoader.Source.text("service.yml", yaml), Optional.empty(), "production");
        return KubernetesRenderer.render(app, new RenderOptions("shop", "production", true));
    }
}
