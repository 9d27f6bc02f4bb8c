package io.maestro.server.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.minutes.OverageRounding;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.hosts.exec.SshTarget;
import io.maestro.hosts.testing.TestSshd;
import io.maestro.server.hosts.ServerRegistry;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.build.BuildStatus;
import io.maestro.store.db.Database;
import io.maestro.store.secret.MasterKey;
import io.maestro.store.secret.SecretBox;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds dispatched to build servers: Debian's sshd on a free loopback port, registered (once or
 * twice, under different names) as servers with the build role; real git and buildah run there
 * over SSH and push to the control plane's local registry through an SSH tunnel.
 */
class BuildServersIT {

    private static final Actor ALICE = new Actor("alice", "127.0.0.1");

    @TempDir
    static Path temp;

    private static TestSshd sshd;
    private Path home;
    private Database database;
    private Store store;
    private BuildService builds;
    private ServerRegistry servers;

    @BeforeAll
    static void startSshd() {
        sshd = TestSshd.start();
    }

    @AfterAll
    static void stopSshd() {
        try {
            Buildah.storedIn(temp.resolve("server/buildah")).removeEverything();
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        home = java.nio.file.Files.createTempDirectory(temp, "home");
        database = Database.open(null, home);
        store = Store.of(database, Clock.systemUTC(), new SecretBox(MasterKey.load(Map.of(), home)));
        builds = BuildService.start(store, BuildConfig.under(home).withLocalRepositories(true)
                .withBuildServerDirectory(temp.resolve("server")));
        builds.setPlan(new Plan("growth", 200, new BigDecimal("0.03"), OverageRounding.UP_TO_DOLLAR, false), ALICE);
        servers = new ServerRegistry(store, new com.fasterxml.jackson.databind.ObjectMapper(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        try {
            if (builds != null) {
                builds.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private void registerBuildServer(String name, TestSshd on, int slots) {
        servers.register(name, new ServerRegistry.ServerSpec.Ssh(SshTarget.parse(on.address()), on.clientKey(),
                on.knownHostsLine(), false), ALICE);
        servers.setBuildRole(name, slots, ALICE);
    }

    @Test
    void aBuildRunsOnTheBuildServerStreamsItsLogIsMeteredAndPushedToTheLocalRegistry() throws Exception {
        registerBuildServer("b1", sshd, 1);
        TestRepository repo = TestRepository.withImage(temp.resolve("repo-ok"), TestRepository.DOCKERFILE);
        String commit = repo.commit("first");

        BuildInfo done = builds.await(builds.submit("shop", "web", BuildSpec.of(repo.url(), "main")
                .withEnv(Map.of("GREETING", "hi")), ALICE).id(), Duration.ofMinutes(5));

        assertThat(done.status()).as(done.detail()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(done.server()).isEqualTo("b1");
        assertThat(done.image()).isEqualTo(builds.registryFor("shop") + "/shop/web:" + commit);
        assertThat(done.meteredSeconds()).isPositive();
        assertThat(builds.usage(Instant.now()).usedSeconds()).isEqualTo(done.meteredSeconds());
        assertThat(builds.log(done.id())).extracting(line -> line.line())
                .startsWith("Building on build server b1 (ssh " + sshd.address() + ")")
                .contains("Commit " + commit)
                .anyMatch(line -> line.startsWith("STEP 2/4: COPY busybox"))
                .anyMatch(line -> line.startsWith("Pushing through an SSH tunnel"));
        assertThat(tags(builds.registryFor("shop"), "shop/web")).contains(commit);
        assertThat(store.audit().recent(100).stream().map(e -> e.action())).contains("server.role");
    }

    @Test
    void anUnreachableBuildServerFailsTheBuildNamingItAndTheNextBuildGoesToAnother() {
        try (TestSshd doomed = TestSshd.start()) {
            registerBuildServer("a-gone", doomed, 1);
        }
        registerBuildServer("b1", sshd, 1);
        TestRepository repo = TestRepository.withImage(temp.resolve("repo-unreachable"), TestRepository.DOCKERFILE);
        repo.commit("first");

        // Both are free: the tie goes by name, so the first build tries the server that is gone.
        BuildInfo failed = builds.await(builds.submit("shop", "web", BuildSpec.of(repo.url(), "main"), ALICE).id(),
                Duration.ofMinutes(5));
        BuildInfo next = builds.await(builds.submit("shop", "web", BuildSpec.of(repo.url(), "main"), ALICE).id(),
                Duration.ofMinutes(5));

        assertThat(failed.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(failed.server()).isEqualTo("a-gone");
        assertThat(failed.detail()).startsWith("build server 'a-gone' cannot be reached: on ssh root@127.0.0.1:")
                .contains("cannot connect").contains("maestro servers exec a-gone -- true");
        assertThat(failed.meteredSeconds()).isZero();
        assertThat(next.status()).as(next.detail()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(next.server()).isEqualTo("b1");
    }

    @Test
    void twoBuildsAreSpreadOverTwoBuildServersAndCancellingKillsTheirProcessesThere() {
        registerBuildServer("b1", sshd, 1);
        registerBuildServer("b2", sshd, 1);
        TestRepository first = TestRepository.withImage(temp.resolve("repo-slow-1"),
                "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sleep\", \"621\"]\n");
        first.commit("slow one");
        TestRepository second = TestRepository.withImage(temp.resolve("repo-slow-2"),
                "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sleep\", \"622\"]\n");
        second.commit("slow two");

        BuildInfo one = builds.submit("shop", "one", BuildSpec.of(first.url(), "main"), ALICE);
        BuildInfo two = builds.submit("shop", "two", BuildSpec.of(second.url(), "main"), ALICE);
        assertThat(await(() -> processRuns("sleep 621") && processRuns("sleep 622")))
                .as("both RUN steps run at the same time").isTrue();
        assertThat(builds.runningOnBuildServers()).isEqualTo(Map.of("b1", 1, "b2", 1));

        builds.cancel(one.id(), ALICE);
        builds.cancel(two.id(), ALICE);
        BuildInfo cancelledOne = builds.await(one.id(), Duration.ofMinutes(2));
        BuildInfo cancelledTwo = builds.await(two.id(), Duration.ofMinutes(2));

        assertThat(List.of(cancelledOne.server(), cancelledTwo.server())).containsExactlyInAnyOrder("b1", "b2");
        assertThat(cancelledOne.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(cancelledTwo.status()).isEqualTo(BuildStatus.CANCELLED);
        assertThat(await(() -> !processRuns("sleep 621") && !processRuns("sleep 622")))
                .as("the RUN steps' processes on the build server were killed").isTrue();
        assertThat(await(() -> builds.runningOnBuildServers().values().stream().allMatch(n -> n == 0)))
                .as("the slots are free again").isTrue();
    }

    private static boolean processRuns(String text) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(text));
    }

    /** Waits up to two minutes for the condition. */
    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
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

    private static List<String> tags(String registry, String repository) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + registry + "/v2/" + repository + "/tags/list")).build(), HttpResponse.BodyHandlers.ofString());
        return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("tags").toString()
                .replaceAll("[\\[\\]\"]", "").split(","));
    }
}
