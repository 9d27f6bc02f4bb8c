package io.maestro.model.manifest;

import static io.maestro.model.manifest.ManifestFixture.diagnose;
import static io.maestro.model.manifest.ManifestFixture.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.manifest.LoadBalancerConfiguration.Balance;
import io.maestro.model.manifest.LoadBalancerConfiguration.Engine;
import io.maestro.model.service.DatabaseKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Maestro extensions of manifest.yml (docs/manifest-extensions.md) bind to the model. */
class ManifestExtensionsTest {

    @Test
    void anExistingMachineIsReachedOverSshOnPort22ByDefault() {
        EnvironmentManifest common = load("""
                docker:
                  servers:
                    - server:
                        unique_name: node-1
                        address: 192.168.1.10
                        ssh: {user: deploy, key: ~/.ssh/maestro}
                        role: master
                        tags: ["disk=ssd", "gpu"]
                """).manifest().common();

        ServerRef.Server server = (ServerRef.Server) common.docker().servers().get(0);
        assertThat(server.address()).isEqualTo("192.168.1.10");
        assertThat(server.vendor()).isNull();
        assertThat(server.ssh()).isEqualTo(new ServerRef.SshAccess("deploy", 22, "~/.ssh/maestro"));
        assertThat(server.role()).isEqualTo(ServerRef.NodeRole.MASTER);
        assertThat(server.tags()).containsExactly("disk=ssd", "gpu");
    }

    @Test
    void anSshPortCanBeGiven() {
        ServerRef.Server server = (ServerRef.Server) load("""
                docker:
                  servers:
                    - server: {unique_name: n1, address: node1.example.com, ssh: {user: root, port: 2222, key: /keys/id}}
                """).manifest().common().docker().servers().get(0);

        assertThat(server.ssh().port()).isEqualTo(2222);
    }

    @Test
    void anExternalDataStoreCanSayWhereItListens() {
        String manifest = """
                postgresql:
                  servers:
                    - server: {external: true, address: db.internal, port: 5433}
                """;

        assertThat(load(manifest).manifest().common().dataStore(DatabaseKind.POSTGRESQL).orElseThrow().servers())
                .containsExactly(new ServerRef.External("db.internal", 5433));
        assertThat(diagnose(manifest)).isEmpty();
    }

    @Test
    void theReferenceExternalSpellingBindsWithoutAnAddress() {
        assertThat(load("redis:\n  servers:\n    - server: external\n").manifest().common()
                .dataStore(DatabaseKind.REDIS).orElseThrow().servers())
                .containsExactly(new ServerRef.External(null, null));
    }

    @Test
    void dedicatedMastersWithWorkersAndAnIngressClassAreAccepted() {
        String manifest = """
                docker:
                  configuration:
                    dedicated_master: true
                    ingress_class: nginx-public
                  servers:
                    - server: {unique_name: m1, role: master}
                    - server: {unique_name: m2, role: master}
                    - server: {unique_name: m3, role: master}
                    - server: {unique_name: w1, role: worker}
                """;

        DockerConfiguration configuration = load(manifest).manifest().common().docker().configuration();
        assertThat(configuration.dedicatedMaster()).isTrue();
        assertThat(configuration.ingressClass()).isEqualTo("nginx-public");
        assertThat(diagnose(manifest)).isEmpty();
    }

    @Test
    void withoutRolesTheFirstServerIsTheMasterAndTheOthersWorkers() {
        assertThat(diagnose("""
                docker:
                  configuration: {dedicated_master: true}
                  servers:
                    - server: {unique_name: m1}
                    - server: {unique_name: w1}
                """)).isEmpty();
    }

    @Test
    void theLoadBalancerEngineIsChosenAndCloudSpellingsOfBalanceAreAccepted() {
        LoadBalancerConfiguration lb = load("""
                load_balancer:
                  configuration:
                    engine: haproxy
                    balance: least_connections
                    httpchk: HEAD /up HTTP/1.1
                    errorfile_503: /etc/haproxy/errors/503.http
                    haproxy_username: stats
                    haproxy_password: s3cret-pass
                """).manifest().common().loadBalancer().configuration();

        assertThat(lb.engine()).isEqualTo(Engine.HAPROXY);
        assertThat(lb.balance()).isEqualTo(Balance.LEASTCONN);
        assertThat(lb.httpchk()).isEqualTo("HEAD /up HTTP/1.1");
        assertThat(lb.errorFiles()).containsExactly(Map.entry(503, "/etc/haproxy/errors/503.http"));
        assertThat(lb.statsUsername()).isEqualTo("stats");
        assertThat(lb.statsPassword()).isEqualTo("s3cret-pass");
    }

    @Test
    void aSameAsEntryMayCarryAnAliasThatOthersFollow() {
        String manifest = """
                docker:
                  servers: [{server: {unique_name: node-1}}]
                redis:
                  servers: [{server: {unique_name: cache, same_as: node-1}}]
                memcached:
                  servers: [{server: {same_as: cache}}]
                """;

        EnvironmentManifest common = load(manifest).manifest().common();
        assertThat(common.dataStore(DatabaseKind.REDIS).orElseThrow().servers())
                .containsExactly(new ServerRef.SameAs("node-1", "cache"));
        assertThat(diagnose(manifest)).isEmpty();
    }

    @Test
    void theOlderDockerVersionSpellingIsReadWithAWarning() {
        String manifest = "docker:\n  configuration:\n    version: 20.10.7\n";

        assertThat(load(manifest).manifest().common().docker().configuration().other())
                .containsEntry("docker_version", "20.10.7");
        assertThat(diagnose(manifest)).containsExactly(
                "manifest.yml:3:5: warning: docker.configuration.version: older spelling of 'docker_version'; read as "
                        + "docker_version");
    }

    @Test
    void activeProtectWhitelistAcceptsTheDocumentedCommaSeparatedString() {
        DockerConfiguration configuration = load("""
                docker:
                  configuration:
                    activeprotect: {whitelist: "10.0.0.1, 192.168.0.0/16"}
                    firewall: {create_web_rules: false}
                    nginx: {cors: true}
                """).manifest().common().docker().configuration();

        assertThat(configuration.activeProtectWhitelist()).containsExactly("10.0.0.1", "192.168.0.0/16");
        assertThat(configuration.createWebRules()).isFalse();
        assertThat(configuration.cors()).isEqualTo(DockerConfiguration.Cors.ALLOW_ALL);
    }

    @Test
    void memcachedSettingsAndPostgisOptionsBind() {
        EnvironmentManifest common = load("""
                memcached:
                  configuration: {memory: 256, port: 11212, listen_ip: 127.0.0.1}
                postgresql:
                  configuration: {postgis: {version: "3.4"}, root_disk_type: magnetic, custom_log_files: [/a.log, /b.log]}
                """).manifest().common();

        DataStoreConfiguration memcached = common.dataStore(DatabaseKind.MEMCACHED).orElseThrow().configuration();
        assertThat(List.of(memcached.memoryMb(), memcached.port())).containsExactly(256, 11212);
        assertThat(memcached.listenIp()).isEqualTo("127.0.0.1");
        DataStoreConfiguration postgresql = common.dataStore(DatabaseKind.POSTGRESQL).orElseThrow().configuration();
        assertThat(postgresql.postgis()).isTrue();
        assertThat(postgresql.other()).containsExactly(Map.entry("postgis.version", "3.4"),
                Map.entry("root_disk_type", "magnetic"), Map.entry("custom_log_files", "/a.log,/b.log"));
    }
}
