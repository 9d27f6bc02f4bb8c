package io.maestro.buildgrid.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.BuildCancelledException;
import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.BuildRequest;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.registry.LocalRegistry;
import io.maestro.buildgrid.source.BuildSource;
import io.maestro.buildgrid.testing.GitRepository;
import io.maestro.buildgrid.testing.Podman;
import io.maestro.hosts.exec.KnownHosts;
import io.maestro.hosts.exec.SshExecutor;
import io.maestro.hosts.exec.SshTarget;
import io.maestro.hosts.testing.TestSshd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds on a build server over SSH with the real tools: Debian's sshd on a free loopback port
 * plays the server (git, buildah run there through the SSH executor), the local docker-registry
 * is reached from it through an SSH remote forward, and podman pulls the image back and runs it.
 */
class RemoteBuilderIT {

    @TempDir
    static Path temp;

    private static TestSshd sshd;
    private static LocalRegistry registry;
    private static Buildah buildah;
    private static Podman podman;

    @BeforeAll
    static void start() {
        sshd = TestSshd.start();
        registry = LocalRegistry.start(temp.resolve("registry"), Duration.ofSeconds(30));
        buildah = Buildah.storedIn(temp.resolve("server-buildah"));
        podman = new Podman(temp.resolve("podman"));
    }

    @AfterAll
    static void stop() {
        try {
            if (podman != null) {
                podman.removeEverything();
            }
            if (buildah != null) {
                buildah.removeEverything();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    private static SshExecutor connect() {
        return SshExecutor.connect(SshTarget.parse(sshd.address()), sshd.clientKey(), KnownHosts.parse(sshd.knownHostsLine()), false);
    }

    private static RemoteBuilder builder(SshExecutor server) {
        return new RemoteBuilder("b1", server, new RemoteBuilder.Settings(buildah, temp.resolve("server-work").toString(),
                Duration.ofMinutes(5), true), registry.address(), Optional.empty());
    }

    @Test
    void aBuildOnAnSshBuildServerStreamsItsLogAndPushesThroughATunnelAndTheImageRuns() throws Exception {
        GitRepository repo = GitRepository.init(temp.resolve("repo")).withBusybox("busybox")
                .write("greeting.txt", "built remotely\n")
                .write("Dockerfile", """
                        FROM scratch
                        COPY busybox /bin/busybox
                        RUN ["/bin/busybox", "sh", "-c", "/bin/busybox echo ran-on-the-build-server > /run.txt"]
                        COPY greeting.txt /greeting.txt
                        ENV GREETING="$GREETING"
                        """);
        String commit = repo.commit("first");
        List<String> log = new CopyOnWriteArrayList<>();

        BuildResult result;
        try (SshExecutor server = connect()) {
            result = builder(server).build(new BuildRequest("acme", "shop", "web", BuildSource.of(repo.url(), "main"),
                    Map.of("GREETING", "from-env")), log::add, new Cancellation());
        }

        assertThat(result.image().toString()).isEqualTo(registry.address() + "/shop/web:" + commit);
        assertThat(result.digest()).startsWith("sha256:");
        assertThat(result.meteredSeconds()).isPositive();
        assertThat(log).startsWith("Building on build server b1 (ssh " + sshd.address() + ")")
                .contains("Commit " + commit)
                .anyMatch(line -> line.startsWith("STEP 3/5: RUN"))
                .anyMatch(line -> line.startsWith("Pushing through an SSH tunnel: 127.0.0.1:"));
        // The checkout on the server is removed after the build.
        assertThat(temp.resolve("server-work")).isEmptyDirectory();

        podman.run("pull", "--tls-verify=false", result.image().toString()).requireSuccess();
        assertThat(podman.run("run", "--rm", "--network=none", result.image().toString(), "/bin/busybox", "sh", "-c",
                "cat /run.txt /greeting.txt; echo $GREETING").requireSuccess().stdout())
                .isEqualTo("ran-on-the-build-server\nbuilt remotely\nfrom-env\n");
    }

    @Test
    void cancellingARemoteBuildKillsTheProcessOnTheServer() {
        GitRepository repo = GitRepository.init(temp.resolve("repo-slow")).withBusybox("busybox")
                .write("Dockerfile", "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sleep\", \"613\"]\n");
        repo.commit("slow");
        Cancellation cancellation = new Cancellation();
        LogListener cancelAtRun = line -> {
            if (line.startsWith("STEP 3/3")) {
                Thread.ofVirtual().start(() -> {
                    // Let the RUN step start its process before cancelling.
                    awaitProcess("sleep 613", true);
                    cancellation.cancel("user asked");
                });
            }
        };

        try (SshExecutor server = connect()) {
            assertThatThrownBy(() -> builder(server).build(new BuildRequest("acme", "shop", "slow",
                    BuildSource.of(repo.url(), "main"), Map.of()), cancelAtRun, cancellation))
                    .isInstanceOf(BuildCancelledException.class)
                    .hasMessageContaining("cancelled: user asked");
        }
        assertThat(awaitProcess("sleep 613", false)).as("the RUN step's process on the server was killed").isTrue();
    }

    /** Waits up to 60 s until a process whose command line contains {@code text} exists (or no longer does). */
    private static boolean awaitProcess(String text, boolean present) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean found = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(text));
            if (found == present) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
