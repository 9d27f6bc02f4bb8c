package io.maestro.server.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.server.ApiException;
import io.maestro.server.deploy.DeployRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedeployQueryTest {

    @Test
    void aPlainCallDeploysEveryServiceOfTheLatestVersionToTheHooksEnvironment() {
        DeployRequest request = RedeployQuery.parse(Map.of(), "staging");

        assertThat(request.environment()).isEqualTo("staging");
        assertThat(request.version()).isEmpty();
        assertThat(request.hasBuildOptions()).isFalse();
        assertThat(request.trigger()).isEqualTo("redeploy hook");
    }

    @Test
    void servicesAndTheDeploymentProfileGoIntoTheRequest() {
        DeployRequest request = RedeployQuery.parse(Map.of(
                "services", List.of("web, worker", "api"),
                "deployment_profile", List.of("fast-web"),
                "environment", List.of("production")), "production");

        assertThat(request.services()).containsExactlyInAnyOrder("web", "worker", "api");
        assertThat(request.profile()).contains("fast-web");
        assertThat(request.serviceRefs()).isEmpty();
        assertThat(request.gitRef()).isEmpty();
    }

    @Test
    void anUnknownParameterIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> RedeployQuery.parse(Map.of("service", List.of("web")), "production"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("unknown query parameter 'service'")
                .hasMessageContaining("services, deployment_profile and environment");
    }

    @Test
    void anotherEnvironmentThanTheHooksIsRefused() {
        assertThatThrownBy(() -> RedeployQuery.parse(Map.of("environment", List.of("production")), "staging"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("this hook deploys to 'staging', got 'production'");
    }

    @Test
    void emptyOrMalformedNamesAreRefused() {
        assertThatThrownBy(() -> RedeployQuery.parse(Map.of("services", List.of("web,,api")), "production"))
                .isInstanceOf(ApiException.class).hasMessageContaining("services:");
        assertThatThrownBy(() -> RedeployQuery.parse(Map.of("services", List.of("web;rm -rf")), "production"))
                .isInstanceOf(ApiException.class).hasMessageContaining("services:");
        assertThatThrownBy(() -> RedeployQuery.parse(Map.of("deployment_profile", List.of("a", "b")), "production"))
                .isInstanceOf(ApiException.class).hasMessageContaining("expected one value, got 2");
    }
}
