package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.maestro.kube.testing.MockCluster;
import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maestro clusters ...} against a real control plane and fabric8's mock API server. */
class ClustersCommandIT {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private MaestroServer server;
    private MockCluster cluster;
    private CliContext cli;

    @BeforeEach
    void start() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        server = MaestroServer.start(new ServerConfig(0, home, null), new PrintStream(printed, true, StandardCharsets.UTF_8));
        Matcher token = Pattern.compile("admin token: (\\S+)").matcher(printed.toString(StandardCharsets.UTF_8));
        assertThat(token.find()).isTrue();
        cluster = MockCluster.start();
        cli = CliContext.in(work).withEnv(Map.of(
                "MAESTRO_SERVER", "http://127.0.0.1:" + server.port(),
                "MAESTRO_TOKEN", token.group(1),
                "MAESTRO_CONFIG", work.resolve("config.json").toString(),
                "HOME", work.toString()));
        Files.writeString(work.resolve("kubeconfig.yaml"), """
                apiVersion: v1
                kind: Config
                current-context: lab
                clusters:
                - name: lab
                  cluster: {server: "%s"}
                - name: gone
                  cluster: {server: "http://127.0.0.1:1"}
                users:
                - name: admin
                  user: {token: "cli-test-bearer-token"}
                contexts:
                - name: lab
                  context: {cluster: lab, user: admin}
                - name: gone
                  context: {cluster: gone, user: admin}
                """.formatted(cluster.url()));
    }

    @AfterEach
    void stop() {
        try {
            cluster.close();
        } finally {
            server.close();
        }
    }

    private static Node node(String name, String role, boolean tainted, boolean ready) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec();
        if (role != null) {
            builder.editMetadata().addToLabels("node-role.kubernetes.io/" + role, "").endMetadata();
        }
        if (tainted) {
            builder.editSpec().addNewTaint().withKey("node-role.kubernetes.io/" + role).withEffect("NoSchedule").endTaint().endSpec();
        }
        return builder.withNewStatus()
                .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")))
                .withAllocatable(Map.of("cpu", new Quantity("3800m"), "memory", new Quantity("7Gi"), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady").endCondition()
                .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory").endCondition()
                .endStatus().build();
    }

    @Test
    void addsListsShowsAndRemovesACluster() throws Exception {
        for (Node node : new Node[] {node("cp-1", "control-plane", true, true), node("cp-2", "control-plane", true, true),
                node("cp-3", "control-plane", true, false), node("worker-1", null, false, true), node("worker-2", null, false, true)}) {
            cluster.client().nodes().resource(node).create();
        }

        Cli.Run added = Cli.run(cli, "clusters", "add", "lab", "--kubeconfig", "kubeconfig.yaml");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).isEqualTo("added cluster lab (context lab, server " + cluster.url() + ")\n");

        Cli.Run listed = Cli.run(cli, "clusters", "list");
        assertThat(listed.out()).startsWith("NAME  CONTEXT  SERVER").contains("lab   lab      " + cluster.url());

        Cli.Run shown = Cli.run(cli, "clusters", "show", "lab");
        Files.writeString(Path.of("target", "clusters-show-example.txt"), shown.out());
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains("cp-1      control-plane  yes    no           4    8Gi     110")
                .contains("worker-1  worker         yes    yes")
                .contains("conditions needing attention:\n  cp-3: Ready=False (KubeletNotReady)")
                .contains("masters: 3, dedicated")
                .contains("high availability: yes, tolerates 1 master failure")
                .contains("  - 3 masters: highly available.")
                .contains("  - Not Ready: cp-3. The control plane can lose 0 more masters before it stops.");

        Cli.Run json = Cli.run(cli, "clusters", "show", "lab", "--output", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"highlyAvailable\": true").contains("\"tolerates\": 1")
                .doesNotContain("cli-test-bearer-token");

        Cli.Run removed = Cli.run(cli, "clusters", "remove", "lab");
        assertThat(removed.out()).isEqualTo("removed cluster lab\n");
        assertThat(Cli.run(cli, "clusters", "list").out()).startsWith("no clusters;");
    }

    @Test
    void anUnreachableClusterIsRefusedWithTheServersReason() {
        Cli.Run refused = Cli.run(cli, "clusters", "add", "gone", "--kubeconfig", "kubeconfig.yaml", "--context", "gone");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("maestro: error: ").contains("cannot reach cluster 'gone' at http://127.0.0.1:1")
                .contains("nothing was stored");
        assertThat(Cli.run(cli, "clusters", "list", "--output", "json").out()).contains("\"clusters\": []");
    }

    @Test
    void aMissingKubeconfigFileIsAUsageError() {
        Cli.Run run = Cli.run(cli, "clusters", "add", "lab", "--kubeconfig", "nope.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--kubeconfig: expected a kubeconfig file, got " + work.resolve("nope.yaml"));
    }
}
