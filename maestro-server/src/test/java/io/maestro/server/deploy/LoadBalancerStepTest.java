package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.store.deploy.LoadBalancerPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadBalancerStepTest {

    private static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: web:1
                ports:
                  - container: 8080
                    http: 8080
              shop:
                image: shop:1
                traffic_matches: ["*.shop.test", shop.test]
                ports:
                  - container: 3000
                    http: 80
                    https: 443
              worker:
                image: worker:1
            """;

    private static AppDefinition definition() {
        return DefinitionLoader.create().load(DefinitionLoader.Source.text("service.yml", SERVICE_YML), Optional.empty(),
                "production");
    }

    @Test
    void eachServiceListsItsHttpsEntryPointFirstThenTheRedirectingHttpOneOnTheRecordedPorts() {
        List<LoadBalancerPort> ports = List.of(
                new LoadBalancerPort("a", "production", "http", 8080, 40080),
                new LoadBalancerPort("a", "production", "https", 8080, 40443),
                new LoadBalancerPort("a", "production", "http", 80, 80),
                new LoadBalancerPort("a", "production", "https", 443, 443));
        Map<String, List<String>> entryPoints = LoadBalancerStep.entryPointsByService(definition(), ports);
        assertThat(entryPoints).containsOnlyKeys("web", "shop");
        assertThat(entryPoints.get("web")).containsExactly("https://127.0.0.1:40443/", "http://127.0.0.1:40080/");
        // The first exact traffic_matches name is the host; standard ports are left out of the URL.
        assertThat(entryPoints.get("shop")).containsExactly("https://shop.test/", "http://shop.test/");
    }

    @Test
    void withoutRecordedPortsThereIsNoEntryPoint() {
        assertThat(LoadBalancerStep.entryPoints(definition(), List.of())).isEmpty();
    }
}
