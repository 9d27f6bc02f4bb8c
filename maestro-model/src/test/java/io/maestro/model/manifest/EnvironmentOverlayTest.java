package io.maestro.model.manifest;

import static io.maestro.model.manifest.ManifestFixture.errors;
import static io.maestro.model.manifest.ManifestFixture.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.env.EnvValue;
import io.maestro.model.service.DatabaseKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Top-level settings apply to every environment; an environment replaces them component by component. */
class EnvironmentOverlayTest {

    private static final String OVERLAY = """
            docker:
              servers:
                - server: {unique_name: node-1, vendor: hetzner, region: fsn1}
            postgresql:
              configuration: {version: "14"}
            environment_variables:
              LOG_LEVEL: info
              REGION: eu
            production:
              postgresql:
                configuration: {version: "16"}
                servers:
                  - server: {same_as: node-1}
              environment_variables:
                LOG_LEVEL: warn
            staging: {}
            """;

    @Test
    void environmentComponentsReplaceTheCommonOnesAndKeepTheRest() {
        Manifest manifest = load(OVERLAY, "production").manifest();
        EnvironmentManifest production = manifest.forEnvironment("production");

        assertThat(manifest.environmentNames()).containsExactly("production", "staging");
        assertThat(production.docker()).isSameAs(manifest.common().docker());
        DataStoreComponent postgresql = production.dataStore(DatabaseKind.POSTGRESQL).orElseThrow();
        assertThat(postgresql.configuration().version()).isEqualTo("16");
        assertThat(postgresql.servers()).containsExactly(new ServerRef.SameAs("node-1"));
    }

    @Test
    void environmentVariablesAreMergedWithTheEnvironmentWinning() {
        Manifest manifest = load(OVERLAY).manifest();

        assertThat(raw(manifest.forEnvironment("production").environmentVariables()))
                .containsExactly(Map.entry("LOG_LEVEL", "warn"), Map.entry("REGION", "eu"));
        assertThat(raw(manifest.forEnvironment("staging").environmentVariables()))
                .containsExactly(Map.entry("LOG_LEVEL", "info"), Map.entry("REGION", "eu"));
    }

    @Test
    void anEmptyEnvironmentGetsTheCommonSettings() {
        Manifest manifest = load(OVERLAY, "staging").manifest();

        assertThat(manifest.forEnvironment("staging").dataStore(DatabaseKind.POSTGRESQL).orElseThrow()
                .configuration().version()).isEqualTo("14");
    }

    @Test
    void aServerNameMayRepeatInAComponentThatReplacesTheCommonOne() {
        assertThat(errors("""
                docker:
                  servers: [{server: {unique_name: node-1}}]
                production:
                  docker:
                    servers: [{server: {unique_name: node-1}}]
                """)).isEmpty();
    }

    @Test
    void aServerNameMayNotRepeatAcrossCommonAndEnvironmentComponentsDeployedTogether() {
        assertThat(errors("""
                docker:
                  servers: [{server: {unique_name: node-1}}]
                production:
                  redis:
                    servers: [{server: {unique_name: node-1}}]
                """)).containsExactly(
                "manifest.yml:5:38: error: production.redis.servers[0].server.unique_name: expected a unique server name, "
                        + "got 'node-1', already used by docker.servers[0].server");
    }

    @Test
    void aCommonSameAsMustResolveInEveryEnvironment() {
        assertThat(errors("""
                redis:
                  servers:
                    - server: {same_as: kube}
                production:
                  docker: {servers: [{server: {unique_name: kube}}]}
                staging:
                  docker: {servers: [{server: {unique_name: kube-staging}}]}
                """)).containsExactly(
                "manifest.yml:3:25: error: redis.servers[0].server.same_as: expected the unique_name of a server in "
                        + "environment 'staging' or the common settings, got 'kube'");
    }

    @Test
    void eachEnvironmentIsCheckedForOneVendorSeparately() {
        assertThat(errors("""
                production:
                  docker: {servers: [{server: {unique_name: p1, vendor: aws, region: us-east-1}}]}
                staging:
                  docker: {servers: [{server: {unique_name: s1, vendor: hetzner, region: fsn1}}]}
                """)).isEmpty();
    }

    private static Map<String, String> raw(Map<String, EnvValue> variables) {
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        variables.forEach((name, value) -> raw.put(name, value.raw()));
        return raw;
    }
}
