package io.maestro.model.manifest;

import static io.maestro.model.manifest.ManifestFixture.diagnose;
import static io.maestro.model.manifest.ManifestFixture.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per kind of manifest.yml mistake, each asserting the exact line the user reads. */
class ManifestErrorsTest {

    // ---- structure ------------------------------------------------------------------------

    @Test
    void rejectsARootThatIsNotAMap() {
        assertThat(errors("- docker\n")).containsExactly(
                "manifest.yml:1:1: error: expected a map of components (docker, postgresql, ...) or of environments, "
                        + "got a list");
    }

    @Test
    void suggestsTheComponentForAMisspeltTopLevelKey() {
        assertThat(errors("""
                dokcer:
                  servers: []
                """)).containsExactly(
                "manifest.yml:1:1: error: dokcer: unknown key: expected a component (docker, postgresql, mysql, redis, "
                        + "memcached, rabbitmq, load_balancer) or an environment holding components (did you mean 'docker'?)");
    }

    @Test
    void rejectsATopLevelScalarThatIsNeitherComponentNorEnvironment() {
        assertThat(errors("region: lon1\n")).containsExactly(
                "manifest.yml:1:1: error: region: unknown key: expected a component (docker, postgresql, mysql, redis, "
                        + "memcached, rabbitmq, load_balancer) or an environment holding components");
    }

    @Test
    void suggestsTheComponentForAMisspeltKeyInsideAnEnvironment() {
        assertThat(errors("""
                production:
                  docker: {}
                  postgress: {}
                """)).containsExactly(
                "manifest.yml:3:3: error: production.postgress: unknown key (did you mean 'postgresql'?)");
    }

    @Test
    void rejectsAnEnvironmentNameThatCannotNameANamespace() {
        assertThat(errors("""
                Prod_EU:
                  docker: {}
                """)).containsExactly(
                "manifest.yml:1:1: error: Prod_EU: expected an environment name made of lowercase letters, digits and "
                        + "'-' (at most 63), got 'Prod_EU' (environments name Kubernetes namespaces)");
    }

    @Test
    void rejectsComponentsOfOtherCloud66ProductsWithAnExplanation() {
        assertThat(errors("""
                rails:
                  configuration: {ruby_version: 3.2}
                """)).containsExactly(
                "manifest.yml:1:1: error: rails: not supported (`rails` configures Cloud 66's Rails product, not "
                        + "Maestro: run the application as a container service in service.yml.)");
    }

    @Test
    void suggestsTheKeyForAMisspeltServerKey() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unque_name: node-1, vendor: digitalocean}
                """)).containsExactly(
                "manifest.yml:3:16: error: docker.servers[0].server.unque_name: unknown key (did you mean 'unique_name'?)");
    }

    @Test
    void rejectsAServerEntryWrittenWithoutTheServerKey() {
        assertThat(errors("""
                docker:
                  servers:
                    - unique_name: node-1
                """)).containsExactly(
                "manifest.yml:3:7: error: docker.servers[0]: expected the server's keys under 'server:', got them directly in "
                        + "the list item (write '- server: {unique_name: ...}')");
    }

    @Test
    void rejectsAnUnknownVendorWithASuggestion() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, vendor: digitalocaen}
                """)).containsExactly(
                "manifest.yml:3:45: error: docker.servers[0].server.vendor: expected one of aws, azure_rm, azure, "
                        + "digitalocean, googlecloud, hetzner, linode, maxihost, ovh, packet, rackspace, vultr, got "
                        + "'digitalocaen' (did you mean 'digitalocean'?)");
    }

    @Test
    void rejectsAWrongType() {
        assertThat(errors("""
                docker:
                  configuration:
                    image_keep_count: many
                """)).containsExactly(
                "manifest.yml:3:23: error: docker.configuration.image_keep_count: expected an integer between 0 and 1000, "
                        + "got 'many'");
    }

    @Test
    void rejectsAMapWhereADocumentedSettingExpectsText() {
        assertThat(errors("""
                redis:
                  configuration:
                    operating_system: {name: ubuntu}
                """)).containsExactly(
                "manifest.yml:3:23: error: redis.configuration.operating_system: expected a string or a list of strings, "
                        + "got a map");
    }

    @Test
    void rejectsAnAddressThatIsNotAHost() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, address: "10.0.0.1; rm -rf /"}
                """)).containsExactly(
                "manifest.yml:3:46: error: docker.servers[0].server.address: expected a host name or IP address, got "
                        + "'10.0.0.1; rm -rf /'");
    }

    // ---- servers --------------------------------------------------------------------------

    @Test
    void requiresAUniqueNameOnADefinedServer() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {vendor: digitalocean, region: lon1}
                """)).containsExactly(
                "manifest.yml:3:15: error: docker.servers[0].server: missing 'unique_name': a server you define needs a "
                        + "name that is unique in the manifest");
    }

    @Test
    void rejectsAUniqueNameUsedTwice() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1}
                postgresql:
                  servers:
                    - server: {unique_name: node-1}
                """)).containsExactly(
                "manifest.yml:6:29: error: postgresql.servers[0].server.unique_name: expected a unique server name, got "
                        + "'node-1', already used by docker.servers[0].server");
    }

    @Test
    void suggestsAKnownServerForAnUnknownSameAs() {
        assertThat(errors("""
                production:
                  docker:
                    servers:
                      - server: {unique_name: kube-master}
                  redis:
                    servers:
                      - server: {same_as: kube-mastr}
                """, "production")).containsExactly(
                "manifest.yml:7:27: error: production.redis.servers[0].server.same_as: expected the unique_name of a "
                        + "server in environment 'production' or the common settings, got 'kube-mastr' "
                        + "(did you mean 'kube-master'?)");
    }

    @Test
    void rejectsASameAsCycle() {
        assertThat(errors("""
                redis:
                  servers:
                    - server: {unique_name: cache, same_as: queue}
                rabbitmq:
                  servers:
                    - server: {unique_name: queue, same_as: cache}
                """)).containsExactly(
                "manifest.yml:3:45: error: redis.servers[0].server.same_as: expected same_as to lead to a server "
                        + "definition, got the cycle cache -> queue -> cache");
    }

    @Test
    void rejectsServersAtTwoVendors() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, vendor: digitalocean, region: lon1}
                postgresql:
                  servers:
                    - server: {unique_name: db-1, vendor: aws, region: lon1}
                """)).containsExactly(
                "manifest.yml:6:43: error: postgresql.servers[0].server.vendor: expected vendor 'digitalocean' like "
                        + "docker.servers[0].server, got 'aws' (all cloud servers of an environment use one vendor and region)");
    }

    @Test
    void rejectsServersInTwoRegions() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, vendor: digitalocean, region: lon1}
                redis:
                  servers:
                    - server: {unique_name: cache-1, vendor: digitalocean, region: ams3}
                """)).containsExactly(
                "manifest.yml:6:68: error: redis.servers[0].server.region: expected region 'lon1' like "
                        + "docker.servers[0].server, got 'ams3' (all cloud servers of an environment use one vendor and region)");
    }

    @Test
    void requiresUserAndKeyToReachAnExistingMachine() {
        assertThat(errors("""
                docker:
                  servers:
                    - server:
                        unique_name: node-1
                        address: 10.0.0.5
                        ssh: {user: deploy}
                """)).containsExactly(
                "manifest.yml:6:14: error: docker.servers[0].server.ssh: expected 'user' and 'key' to log in to "
                        + "'10.0.0.5', missing 'key'");
    }

    @Test
    void rejectsSshWithoutAnAddress() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, vendor: hetzner, ssh: {user: root, key: ~/.ssh/id_ed25519}}
                """)).containsExactly(
                "manifest.yml:3:59: error: docker.servers[0].server.ssh: applies only to an existing machine: expected "
                        + "'address' next to it");
    }

    @Test
    void rejectsARoleOutsideTheCluster() {
        assertThat(errors("""
                postgresql:
                  servers:
                    - server: {unique_name: db-1, role: master}
                """)).containsExactly(
                "manifest.yml:3:41: error: postgresql.servers[0].server.role: applies only to docker servers (cluster "
                        + "nodes), not to postgresql servers");
    }

    @Test
    void rejectsATagThatIsNotALabel() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, tags: ["disk=ssd", "bad tag"]}
                """)).containsExactly(
                "manifest.yml:3:56: error: docker.servers[0].server.tags[1]: expected 'key=value' or 'key' with a "
                        + "Kubernetes label key and value (letters, digits, '-', '_', '.'; at most 63 each), got 'bad tag'");
    }

    @Test
    void rejectsAPortOnAServerThatIsNotExternal() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: node-1, address: 10.0.0.5, port: 2222}
                """)).containsExactly(
                "manifest.yml:3:56: error: docker.servers[0].server.port: applies only to an external data store "
                        + "(external: true) (the SSH port of a machine is ssh.port)");
    }

    @Test
    void rejectsAnExternalClusterServer() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: external
                """)).containsExactly(
                "manifest.yml:3:15: error: docker.servers[0].server: external applies only to data stores: docker "
                        + "servers are created or reached by Maestro");
    }

    @Test
    void rejectsServerKeysNextToSameAs() {
        assertThat(errors("""
                redis:
                  servers:
                    - server: {same_as: node-1, size: s-1vcpu-1gb}
                """)).contains(
                "manifest.yml:3:33: error: redis.servers[0].server.size: cannot be combined with same_as (the shared "
                        + "server is configured where it is defined)");
    }

    // ---- data stores ----------------------------------------------------------------------

    @Test
    void rejectsAGroupNameThatIsNotADnsLabel() {
        assertThat(errors("""
                mysql:
                  groups:
                    Reporting_DB:
                      configuration: {version: "8.0"}
                """)).containsExactly(
                "manifest.yml:3:5: error: mysql.groups.Reporting_DB: expected a group name made of lowercase letters, "
                        + "digits and '-' (a DNS-1123 label), got 'Reporting_DB'");
    }

    @Test
    void rejectsGroupsOnAStoreThatHasNone() {
        assertThat(errors("""
                memcached:
                  groups:
                    sessions: {}
                """)).containsExactly(
                "manifest.yml:2:3: error: memcached.groups: unknown key (allowed keys: configuration, servers)");
    }

    @Test
    void rejectsMemcachedWithoutMemory() {
        assertThat(errors("""
                memcached:
                  configuration: {memory: 0}
                """)).containsExactly(
                "manifest.yml:2:27: error: memcached.configuration.memory: expected an integer between 1 and 1048576, got 0");
    }

    @Test
    void rejectsAMemcachedPortOutOfRange() {
        assertThat(errors("""
                memcached:
                  configuration: {port: 70000}
                """)).containsExactly(
                "manifest.yml:2:25: error: memcached.configuration.port: expected a port number between 1 and 65535, got "
                        + "'70000'");
    }

    @Test
    void rejectsAMysqlEngineThatDoesNotExist() {
        assertThat(errors("""
                mysql:
                  configuration: {engine: mariadb}
                """)).containsExactly(
                "manifest.yml:2:27: error: mysql.configuration.engine: expected one of mysql, percona, got 'mariadb'");
    }

    @Test
    void warnsThatAnExternalStoreWithoutAddressNeedsItsVariables() {
        assertThat(diagnose("""
                mysql:
                  groups:
                    default:
                      servers: [{server: {unique_name: db-1}}]
                    reporting:
                      servers:
                        - server: external
                """)).containsExactly(
                "manifest.yml:7:19: warning: mysql.groups.reporting.servers[0].server: external mysql with no address: "
                        + "Maestro cannot inject its connection, set MYSQL_REPORTING_ADDRESS, MYSQL_REPORTING_USERNAME, "
                        + "MYSQL_REPORTING_PASSWORD and MYSQL_REPORTING_DATABASE as environment variables (or give it "
                        + "with server: {external: true, address: HOST})");
    }

    @Test
    void warnsThatComponentServersAreIgnoredNextToGroups() {
        assertThat(diagnose("""
                redis:
                  servers:
                    - server: {unique_name: cache-1}
                  groups:
                    sessions: {}
                """)).containsExactly(
                "manifest.yml:2:3: warning: redis.servers: ignored because 'groups' is set (move it into a group, e.g. "
                        + "groups.default)");
    }

    // ---- cluster topology ---------------------------------------------------------------

    @Test
    void warnsThatTwoMastersAreLessAvailableThanOne() {
        assertThat(diagnose("""
                docker:
                  servers:
                    - server: {unique_name: m1, role: master}
                    - server: {unique_name: m2, role: master}
                    - server: {unique_name: w1, role: worker}
                """)).containsExactly(
                "manifest.yml:3:5: warning: docker.servers: two masters are less available than one: etcd needs a "
                        + "majority, so losing either stops the cluster (use an odd number of masters, at least 3 for "
                        + "high availability)");
    }

    @Test
    void rejectsADedicatedMasterWithoutWorkers() {
        assertThat(errors("""
                docker:
                  configuration:
                    dedicated_master: true
                  servers:
                    - server: {unique_name: m1}
                """)).containsExactly(
                "manifest.yml:3:23: error: docker.configuration.dedicated_master: a dedicated master runs no workloads: "
                        + "expected at least one worker server, got 1 server and all of them masters (add a server with "
                        + "role: worker, or set dedicated_master: false)");
    }

    @Test
    void rejectsAClusterOfWorkersOnly() {
        assertThat(errors("""
                docker:
                  servers:
                    - server: {unique_name: w1, role: worker}
                """)).containsExactly(
                "manifest.yml:3:5: error: docker.servers: expected a master among the docker servers, got 1 with role: "
                        + "worker (give one server role: master)");
    }

    // ---- load balancer ------------------------------------------------------------------

    @Test
    void rejectsAnUnknownBalanceWithASuggestion() {
        assertThat(errors("""
                load_balancer:
                  configuration: {balance: leastcon}
                """)).containsExactly(
                "manifest.yml:2:28: error: load_balancer.configuration.balance: expected one of roundrobin, leastconn, "
                        + "source, got 'leastcon' (did you mean 'leastconn'?)");
    }

    @Test
    void rejectsAHealthCheckThatCouldInjectIntoTheProxyConfiguration() {
        assertThat(errors("""
                load_balancer:
                  configuration:
                    httpchk: "/up\\n    server evil 6.6.6.6:80"
                """)).containsExactly(
                "manifest.yml:3:14: error: load_balancer.configuration.httpchk: expected a path such as '/healthz' or "
                        + "'METHOD PATH HTTP/VERSION' without quotes, ';', '#' or control characters, got "
                        + "'/up\\n    server evil 6.6.6.6:80'");
    }

    @Test
    void rejectsAnErrorFileForAStatusHaproxyCannotServe() {
        assertThat(errors("""
                load_balancer:
                  configuration:
                    errorfile_999: /etc/haproxy/999.http
                """)).containsExactly(
                "manifest.yml:3:5: error: load_balancer.configuration.errorfile_999: expected errorfile_<code> with a "
                        + "status HAProxy serves error pages for (200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, "
                        + "429, 500, 501, 502, 503, 504), got 'errorfile_999'");
    }

    @Test
    void rejectsCorsSettingsThatCouldInjectIntoTheProxyConfiguration() {
        assertThat(errors("""
                docker:
                  configuration:
                    nginx:
                      cors: {origin: "*; add_header X 1"}
                """)).containsExactly(
                "manifest.yml:4:22: error: docker.configuration.nginx.cors.origin: expected text without quotes, ';', "
                        + "'#', '$', braces or control characters (it goes into the proxy configuration), got "
                        + "'*; add_header X 1'");
    }

    // ---- environment variables and --env --------------------------------------------------

    @Test
    void rejectsAVariableNameThatIsNotAnIdentifier() {
        assertThat(errors("""
                environment_variables:
                  2FA-SECRET: x
                """)).containsExactly(
                "manifest.yml:2:3: error: environment_variables.2FA-SECRET: expected a variable name of letters, digits "
                        + "and '_' that does not start with a digit, got '2FA-SECRET'");
    }

    @Test
    void rejectsAVariableValueThatIsAMap() {
        assertThat(errors("""
                environment_variables:
                  SECRET: {value: x}
                """)).containsExactly(
                "manifest.yml:2:11: error: environment_variables.SECRET: expected a string, got a map");
    }

    @Test
    void rejectsAnEnvironmentTheManifestDoesNotHave() {
        assertThat(diagnose("""
                production:
                  docker: {}
                staging:
                  docker: {}
                """, "prodution")).containsExactly(
                "manifest.yml:1:1: error: expected --env to name an environment of the manifest (production, staging), "
                        + "got 'prodution' (did you mean 'production'?)");
    }

    @Test
    void acceptsAnyEnvironmentWhenTheManifestHasNoEnvironmentLevel() {
        assertThat(diagnose("docker: {}\n", "qa")).isEmpty();
    }
}
