package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.maestro.store.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-application references ({@code _env(STACK[APP].NAME)}) resolved by the deploy engine
 * against the mock cluster: who may read another application's variables, and where the values land.
 */
class CrossApplicationReferencesIT {

    private static final String SECRET = "pa55-from-the-db-app";

    @TempDir
    static Path home;

    static DeployHarness harness;
    static String deployer;

    @BeforeAll
    static void start() {
        harness = new DeployHarness(home, DeployHarness.fastConfig());
        deployer = harness.tokenFor("dora", Role.DEPLOYER);
        harness.createApp("refdb", "acme/db-web:1.0", Map.of());
        put("/api/v1/apps/refdb/env-vars/DB_HOST", Map.of("value", "db.internal", "environment", "production"));
        put("/api/v1/apps/refdb/env-vars/DB_HOST", Map.of("value", "db.everywhere"));
        put("/api/v1/apps/refdb/env-vars/DB_PASSWORD", Map.of("value", SECRET, "secret", true));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static void put(String path, Map<String, Object> body) {
        DeployHarness.Response response = harness.put(path, harness.adminToken, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static String referencingServiceYml(String other) {
        return """
                version: 2
                services:
                  web:
                    image: acme/web:1.0
                    env_vars:
                      DB_HOST: _env(STACK[%1$s].DB_HOST)
                      DB_PASSWORD: _env(STACK[%1$s].DB_PASSWORD)
                      DB_URL: postgres://app:{{STACK[%1$s].DB_PASSWORD}}@_env(STACK[%1$s].DB_HOST)/app
                      REGION: _env(STACK[%1$s].REGION:eu-west)
                """.formatted(other);
    }

    private static void createReferencingApp(String app, String serviceYml) {
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken,
                Map.of("name", app, "serviceYml", serviceYml, "comment", "v1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        put("/api/v1/apps/" + app + "/environments/production", Map.of("cluster", DeployHarness.CLUSTER,
                "rolloutTimeoutSeconds", 20));
    }

    private static long deployAs(String token, String app) {
        DeployHarness.Response queued = harness.post("/api/v1/apps/" + app + "/deployments", token,
                Map.of("environment", "production"));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        return queued.json().get("id").asLong();
    }

    private static JsonNode step(JsonNode deployment, String name) {
        for (JsonNode step : deployment.get("steps")) {
            if (step.get("name").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + deployment);
    }

    private static String log(JsonNode deployment) {
        StringBuilder text = new StringBuilder();
        deployment.get("log").forEach(l -> text.append(l.get("line").asText()).append('\n'));
        return text.toString();
    }

    private static List<String> secretValues(String namespace) {
        return harness.kube().secrets().inNamespace(namespace).list().getItems().stream()
                .flatMap(secret -> Stream.concat(
                        secret.getData() == null ? Stream.<String>empty() : secret.getData().values().stream()
                                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)),
                        secret.getStringData() == null ? Stream.<String>empty() : secret.getStringData().values().stream()))
                .toList();
    }

    private static List<String> configValues(String namespace) {
        return harness.kube().configMaps().inNamespace(namespace).list().getItems().stream()
                .flatMap(c -> c.getData() == null ? Stream.<String>empty() : c.getData().values().stream())
                .toList();
    }

    @Test
    void aRollbackResolvesItsReferencesWithTheRightsOfWhoeverShippedTheDefinition() {
        createReferencingApp("rbweb", referencingServiceYml("refdb"));
        put("/api/v1/apps/rbweb/environments/production", Map.of("cluster", DeployHarness.CLUSTER,
                "rolloutTimeoutSeconds", 20, "autoRollback", true));
        JsonNode good = harness.awaitFinished(deployAs(harness.adminToken, "rbweb"));
        assertThat(good.get("status").asText()).as(good.toString()).isEqualTo("succeeded");
        harness.uploadVersion("rbweb", "acme/web:broken");

        JsonNode failed = harness.awaitFinished(deployAs(deployer, "rbweb"));

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        JsonNode rollback = harness.get("/api/v1/apps/rbweb/deployments", harness.adminToken).json().get("deployments").get(0);
        assertThat(rollback.get("rollbackOf").asLong()).isEqualTo(good.get("id").asLong());
        JsonNode rolledBack = harness.awaitFinished(rollback.get("id").asLong());
        assertThat(rolledBack.get("status").asText()).as("requested by maestro itself, not a user: " + rolledBack)
                .isEqualTo("succeeded");
        assertThat(log(rolledBack)).contains("requested by maestro (automatic rollback of deployment " + failed.get("id").asLong()
                + "); cross-application references are checked with the rights of admin, who deployed this definition first");
        assertThat(secretValues("rbweb-production")).contains(SECRET);

        // A deployer without a share may roll back to what an admin shipped, too.
        DeployHarness.Response manual = harness.post("/api/v1/apps/rbweb/rollback", deployer,
                Map.of("environment", "production", "to", good.get("id").asLong()));
        assertThat(manual.status()).as(manual.toString()).isEqualTo(202);
        assertThat(harness.awaitFinished(manual.json().get("id").asLong()).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aDeployerWithoutAShareIsRefusedAndNothingIsAppliedThenAShareLetsTheDeploymentThrough() {
        createReferencingApp("refweb", referencingServiceYml("refdb"));

        JsonNode refused = harness.awaitFinished(deployAs(deployer, "refweb"));

        assertThat(refused.get("status").asText()).as(refused.toString()).isEqualTo("failed");
        JsonNode resolve = step(refused, "resolve environment");
        assertThat(resolve.get("status").asText()).isEqualTo("failed");
        assertThat(refused.toString())
                .contains("web.DB_HOST (service.yml:6:7), web.DB_PASSWORD (service.yml:7:7), web.DB_URL (service.yml:8:7),"
                                + " web.REGION (service.yml:9:7) reference application 'refdb': reading its variables needs the role"
                                + " admin or a share",
                        "'dora' (deployer)", "maestro env-vars share refdb --with refweb")
                .doesNotContain(SECRET);
        assertThat(harness.kube().apps().deployments().inNamespace("refweb-production").list().getItems()).isEmpty();
        assertThat(harness.kube().namespaces().withName("refweb-production").get()).isNull();

        assertThat(harness.put("/api/v1/apps/refdb/env-var-shares/refweb", deployer, Map.of()).status()).isEqualTo(403);
        DeployHarness.Response shared = harness.put("/api/v1/apps/refdb/env-var-shares/refweb", harness.adminToken, Map.of());
        assertThat(shared.status()).as(shared.toString()).isEqualTo(200);
        assertThat(shared.json().get("created").asBoolean()).isTrue();
        assertThat(harness.get("/api/v1/apps/refweb/env-var-shares", deployer).json().get("shares").toString())
                .contains("\"source\":\"refdb\"", "\"target\":\"refweb\"");

        JsonNode done = harness.awaitFinished(deployAs(deployer, "refweb"));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(secretValues("refweb-production")).contains("db.internal", SECRET,
                "postgres://app:" + SECRET + "@db.internal/app", "eu-west");
        assertThat(configValues("refweb-production")).noneMatch(v -> v.contains(SECRET) || v.contains("db.internal"));
        assertThat(log(done)).doesNotContain(SECRET);
        Deployment web = harness.liveDeployment("refweb", "web");
        List<EnvVar> env = web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env == null ? List.<EnvVar>of() : env).noneMatch(e -> SECRET.equals(e.getValue()));
        assertThat(harness.server.store().audit().recent(50).toString()).contains("env-var.share");

        assertThat(harness.send("DELETE", "/api/v1/apps/refdb/env-var-shares/refweb", harness.adminToken, null).status())
                .isEqualTo(204);
        assertThat(harness.send("DELETE", "/api/v1/apps/refdb/env-var-shares/refweb", harness.adminToken, null).status())
                .isEqualTo(404);
        assertThat(harness.awaitFinished(deployAs(deployer, "refweb")).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void anAdminReadsAnyApplicationsVariablesWithoutAShare() {
        createReferencingApp("refadmin", referencingServiceYml("refdb"));

        JsonNode done = harness.awaitFinished(deployAs(harness.adminToken, "refadmin"));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(secretValues("refadmin-production")).contains("db.internal", SECRET);
    }

    @Test
    void aMissingApplicationOrVariableWithoutDefaultFailsNamingTheReferencingVariable() {
        createReferencingApp("refmissing", """
                version: 2
                services:
                  web:
                    image: acme/web:1.0
                    env_vars:
                      FROM_GHOST: _env(STACK[refghost].ANYTHING)
                      UNKNOWN: _env(STACK[refdb].SERVICE[web].NOT_THERE)
                      DEFAULTED: _env(STACK[refghost].ANYTHING:fine)
                """);

        JsonNode failed = harness.awaitFinished(deployAs(harness.adminToken, "refmissing"));

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(step(failed, "resolve environment").get("status").asText()).isEqualTo("failed");
        assertThat(failed.toString())
                .contains("2 cross-application references cannot be resolved",
                        "web.FROM_GHOST (service.yml:6:7) '_env(STACK[refghost].ANYTHING)': no application named 'refghost'",
                        "web.UNKNOWN (service.yml:7:7)", "has no variable 'NOT_THERE' in service 'web'")
                .doesNotContain("DEFAULTED");
        assertThat(harness.kube().namespaces().withName("refmissing-production").get()).isNull();
    }
}
