package io.maestro.model.manifest;

import static io.maestro.model.manifest.ManifestFixture.diagnose;
import static io.maestro.model.manifest.ManifestFixture.load;
import static io.maestro.model.manifest.ManifestFixture.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.maestro.model.AppDefinition;
import io.maestro.model.manifest.LoadBalancerConfiguration.Balance;
import io.maestro.model.manifest.LoadBalancerConfiguration.Engine;
import io.maestro.model.service.DatabaseKind;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example manifests of the reference (§2.6) bind without errors to the values they spell out. */
class ReferenceManifestExamplesTest {

    private static final String M1 = resource("/examples/reference/manifest-m1.yml");
    private static final String M2 = resource("/examples/reference/manifest-m2.yml");

    @Test
    @DisplayName("M1 has an environment level with production, and common environment variables")
    void m1BindsProductionAndCommonVariables() {
        AppDefinition app = load(M1, "production");
        Manifest manifest = app.manifest();

        assertThat(app.warnings()).isEmpty();
        assertThat(manifest.environmentNames()).containsExactly("production");
        assertThat(manifest.common().docker()).isNull();
        assertThat(manifest.common().environmentVariables()).containsOnlyKeys("SESSION_SECRET");
        assertThat(manifest.common().environmentVariables().get("SESSION_SECRET").raw()).isEqualTo("AUTO_GENERATE_32");

        EnvironmentManifest production = manifest.forEnvironment("production");
        assertThat(production.environmentVariables()).containsOnlyKeys("SESSION_SECRET");
        assertThat(production.dataStores()).containsOnlyKeys(DatabaseKind.POSTGRESQL, DatabaseKind.REDIS);
    }

    @Test
    @DisplayName("M1's docker configuration binds typed fields and keeps the other documented keys as text")
    void m1DockerConfiguration() {
        DockerComponent docker = load(M1, "production").manifest().forEnvironment("production").docker();
        DockerConfiguration configuration = docker.configuration();

        assertThat(configuration.kubernetesVersion()).isEqualTo("1.21.14");
        assertThat(configuration.imageKeepCount()).isEqualTo(3);
        assertThat(configuration.nameservers()).containsExactly("1.1.1.1", "8.8.8.8");
        assertThat(configuration.httpBanRate()).isEqualTo(3000);
        assertThat(configuration.createWebRules()).isTrue();
        assertThat(configuration.cors()).isEqualTo(new DockerConfiguration.Cors("*", "GET, OPTIONS", null, false));
        assertThat(configuration.dedicatedMaster()).isNull();
        assertThat(configuration.other()).containsExactly(
                entry("operating_system", "ubuntu2004"),
                entry("activeprotect.health_check.endpoint", "/healthz"),
                entry("activeprotect.health_check.accept", "200"),
                entry("activeprotect.health_check.timeout", "5"),
                entry("activeprotect.health_check.cooldown", "60"));
        assertThat(docker.servers()).containsExactly(new ServerRef.Server("kube-master", "digitalocean", "Default",
                "lon1", "s-2vcpu-4gb", null, null, null, null, null, null, null, List.of()));
    }

    @Test
    @DisplayName("M1's PostgreSQL has a text version and its own server; Redis shares the cluster node")
    void m1DataStores() {
        EnvironmentManifest production = load(M1, "production").manifest().forEnvironment("production");

        DataStoreComponent postgresql = production.dataStore(DatabaseKind.POSTGRESQL).orElseThrow();
        assertThat(postgresql.configuration().version()).isEqualTo("14");
        assertThat(postgresql.configuration().encoding()).isEqualTo("UTF8");
        assertThat(postgresql.servers()).singleElement()
                .isInstanceOfSatisfying(ServerRef.Server.class, server -> {
                    assertThat(server.uniqueName()).isEqualTo("pg-main");
                    assertThat(server.region()).isEqualTo("lon1");
                });
        assertThat(production.dataStore(DatabaseKind.REDIS).orElseThrow().servers())
                .containsExactly(new ServerRef.SameAs("kube-master"));
    }

    @Test
    @DisplayName("M2 has no environment level: every component is a common setting")
    void m2HasNoEnvironmentLevel() {
        Manifest manifest = load(M2).manifest();

        assertThat(manifest.environmentNames()).isEmpty();
        EnvironmentManifest common = manifest.common();
        assertThat(common.docker().configuration().other()).containsExactly(
                entry("root_disk_size", "100"),
                entry("vpc_id", "vpc-0abc1234"),
                entry("iam_instance_profile_name", "k8s-nodes"));
        assertThat(common.docker().servers()).singleElement()
                .isInstanceOfSatisfying(ServerRef.Server.class, server -> {
                    assertThat(server.vendor()).isEqualTo("aws");
                    assertThat(server.subnetId()).isEqualTo("subnet-01");
                    assertThat(server.availabilityZone()).isEqualTo("us-east-1a");
                });
        assertThat(manifest.forEnvironment("anything")).isEqualTo(common);
    }

    @Test
    @DisplayName("M2's MySQL groups: default is primary with its server, reporting has only a version")
    void m2MysqlGroups() {
        DataStoreComponent mysql = load(M2).manifest().common().dataStore(DatabaseKind.MYSQL).orElseThrow();

        assertThat(mysql.groups()).containsOnlyKeys("default", "reporting");
        List<DataStoreGroup> groups = mysql.effectiveGroups();
        assertThat(groups).extracting(DataStoreGroup::name).containsExactly("default", "reporting");
        assertThat(groups).extracting(DataStoreGroup::primary).containsExactly(true, false);
        assertThat(groups.get(0).configuration().engine()).isEqualTo("percona");
        assertThat(groups.get(0).configuration().version()).isEqualTo("8.0");
        assertThat(groups.get(0).servers()).singleElement().isInstanceOf(ServerRef.Server.class);
        assertThat(groups.get(1).configuration().version()).isEqualTo("8.0");
        assertThat(groups.get(1).servers()).isEmpty();
    }

    @Test
    @DisplayName("M2's external MongoDB is recognised, reported as not supported yet, and left out")
    void m2ExternalMongoIsWarnedAndIgnored() {
        AppDefinition app = load(M2);

        assertThat(app.manifest().common().unsupportedComponents()).containsExactly("mongodb");
        assertThat(app.manifest().common().dataStores()).doesNotContainKey(DatabaseKind.MONGODB);
        assertThat(diagnose(M2)).containsExactly(
                "manifest.yml:17:1: warning: mongodb: recognised but not supported by Maestro yet; it is ignored "
                        + "(Maestro does not provision MongoDB yet: run it yourself and give the services its address "
                        + "and credentials as environment variables.)");
    }

    @Test
    @DisplayName("M2's load balancer tuning binds over the nginx round-robin defaults")
    void m2LoadBalancer() {
        LoadBalancerConfiguration lb = load(M2).manifest().common().loadBalancer().configuration();

        assertThat(lb.engine()).isEqualTo(Engine.NGINX);
        assertThat(lb.balance()).isEqualTo(Balance.ROUNDROBIN);
        assertThat(lb.httpchk()).isEqualTo("/healthz");
        assertThat(lb.waitAfterAddingServers()).isEqualTo(30);
        assertThat(lb.waitAfterRemovingServers()).isEqualTo(10);
    }
}
