package io.maestro.buildgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.image.BuildRequest;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.image.Builder;
import io.maestro.buildgrid.minutes.BillingPeriod;
import io.maestro.buildgrid.minutes.BuildMinutesExhaustedException;
import io.maestro.buildgrid.minutes.BuildMinutesLedger;
import io.maestro.buildgrid.minutes.MeteredBuild;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.buildgrid.queue.BuildQueue;
import io.maestro.buildgrid.queue.QueuedBuild;
import io.maestro.buildgrid.registry.LocalRegistry;
import io.maestro.buildgrid.source.BuildSource;
import io.maestro.buildgrid.source.GitSource;
import io.maestro.buildgrid.testing.GitRepository;
import io.maestro.buildgrid.testing.Podman;
import io.maestro.hosts.exec.LocalExecutor;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BuildGrid end to end with the real tools: git repositories in temporary folders, buildah with
 * its own storage, Debian's docker-registry on a free loopback port, podman pulling the pushed
 * images back and running busybox in them.
 */
class BuildGridIT {

    private static final String DOCKERFILE_WITHOUT_RUN = """
            FROM scratch
            COPY busybox /bin/busybox
            COPY greeting.txt /greeting.txt
            ENV GREETING="$GREETING"
            """;

    @TempDir
    static Path temp;

    private static LocalRegistry registry;
    private static Buildah buildah;
    private static Podman podman;
    private static Builder builder;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistry.start(temp.resolve("registry"), Duration.ofSeconds(30));
        buildah = Buildah.storedIn(temp.resolve("buildah"));
        podman = new Podman(temp.resolve("podman"));
        // A mirror per repository, kept between builds, as BuildService does.
        builder = new Builder(new GitSource(new LocalExecutor(), Duration.ofMinutes(2)).allowingLocalRepositories()
                .withMirrors(temp.resolve("git")), buildah, registry.address(), temp.resolve("work"), Duration.ofMinutes(5));
    }

    @AfterAll
    static void cleanUp() {
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
        }
    }

    @Test
    void anImageWithoutRunStepsIsBuiltAtTheBranchCommitPushedPulledBackAndRuns() throws Exception {
        GitRepository repo = GitRepository.init(temp.resolve("repo-plain")).withBusybox("busybox")
                .write("greeting.txt", "hello from git\n").write("Dockerfile", DOCKERFILE_WITHOUT_RUN);
        String commit = repo.commit("first");
        List<String> log = new CopyOnWriteArrayList<>();
        BuildMinutesLedger ledger = new BuildMinutesLedger();

        BuildResult result;
        try (BuildQueue queue = new BuildQueue(2, ledger, Clock.systemUTC())) {
            QueuedBuild build = queue.submit("acme", Plan.GROWTH, MeteredBuild.Kind.BUILD,
                    (lines, cancellation) -> builder.build(new BuildRequest("acme", "shop", "web",
                            BuildSource.of(repo.url(), "main"), Map.of("GREETING", "substituted-value")), lines, cancellation),
                    log::add);
            result = build.outcome().get(5, TimeUnit.MINUTES);
            assertThat(build.queueWait()).isPresent();
        }

        assertThat(result.image().toString()).isEqualTo(registry.address() + "/shop/web:" + commit);
        assertThat(result.commit()).isEqualTo(commit);
        assertThat(result.digest()).startsWith("sha256:");
        assertThat(log).contains("Commit " + commit).anyMatch(line -> line.startsWith("STEP 2/4: COPY busybox"));
        assertThat(ledger.usage("acme", Plan.GROWTH, BillingPeriod.of(Instant.now())).usedSeconds())
                .isEqualTo(result.meteredSeconds()).isPositive();

        podman.run("pull", "--tls-verify=false", result.image().toString()).requireSuccess();
        assertThat(runIn(result.image().toString(), "/bin/busybox", "echo", "ran in the image")).isEqualTo("ran in the image");
        assertThat(runIn(result.image().toString(), "/bin/busybox", "cat", "/greeting.txt")).isEqualTo("hello from git");
        assertThat(runIn(result.image().toString(), "/bin/busybox", "sh", "-c", "echo $GREETING"))
                .isEqualTo("substituted-value");

        // Retag: the image is pulled from the registry (removed locally first) and pushed under a new tag.
        // (rmi may report a shared cached layer still in use by another test's build; the name is gone all the same)
        buildah.remove(result.image());
        assertThat(buildah.exists(result.image())).isFalse();
        BuildResult retag = builder.retag(result.image(), "release-1", LogListener.NONE, new Cancellation());
        assertThat(retag.image().tag()).isEqualTo("release-1");
        assertThat(manifestStatus("shop/web", "release-1")).isEqualTo(200);
    }

    @Test
    void runStepsRunAndAnEditedFileRebuildsFromTheCacheUpToTheChangedStep() throws Exception {
        GitRepository repo = GitRepository.init(temp.resolve("repo-run")).withBusybox("app/busybox")
                .write("app/page.txt", "version one\n")
                .write("app/docker/Dockerfile", """
                        FROM scratch
                        COPY busybox /bin/busybox
                        RUN ["/bin/busybox", "sh", "-c", "/bin/busybox echo built-by-run > /built.txt"]
                        COPY page.txt /page.txt
                        """);
        repo.commit("first");
        BuildSource source = BuildSource.of(repo.url(), "main").withBuildRoot("app").withDockerfilePath("docker/Dockerfile");
        BuildRequest request = new BuildRequest("acme", "shop", "worker", source, Map.of());

        BuildResult first = builder.build(request, LogListener.NONE, new Cancellation());
        repo.write("app/page.txt", "version two\n");
        String second = repo.commit("edit the page");
        List<String> log = new CopyOnWriteArrayList<>();
        BuildResult rebuilt = builder.build(request, log::add, new Cancellation());

        assertThat(rebuilt.commit()).isEqualTo(second).isNotEqualTo(first.commit());
        // Steps 2 and 3 come from the layer cache; only the edited COPY runs again.
        assertThat(String.join("\n", log)).containsSubsequence("STEP 2/4", "Using cache", "STEP 3/4", "Using cache", "STEP 4/4");
        assertThat(log.stream().filter(line -> line.contains("Using cache"))).hasSize(2);

        podman.run("pull", "--tls-verify=false", rebuilt.image().toString()).requireSuccess();
        assertThat(runIn(rebuilt.image().toString(), "/bin/busybox", "cat", "/built.txt", "/page.txt"))
                .isEqualTo("built-by-run\nversion two");
    }

    @Test
    void aFailingRunStepFailsTheBuildAndNothingIsPushed() throws Exception {
        GitRepository repo = GitRepository.init(temp.resolve("repo-broken")).withBusybox("busybox")
                .write("Dockerfile", "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"false\"]\n");
        repo.commit("broken");

        assertThatThrownBy(() -> builder.build(new BuildRequest("acme", "shop", "broken", BuildSource.of(repo.url(), "main"),
                Map.of()), LogListener.NONE, new Cancellation()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("build of shop/broken at ")
                .hasMessageContaining("failed (buildah bud exited");
        assertThat(tagsStatus("shop/broken")).isEqualTo(404);
    }

    @Test
    void aMissingBranchSaysWhichRepositoryAndBranch() {
        GitRepository repo = GitRepository.init(temp.resolve("repo-branch")).write("Dockerfile", "FROM scratch\n");
        repo.commit("only main");

        assertThatThrownBy(() -> builder.build(new BuildRequest("acme", "shop", "web", BuildSource.of(repo.url(), "release"),
                Map.of()), LogListener.NONE, new Cancellation()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("git clone of " + repo.url() + " (branch release) failed");
    }

    @Test
    void aGitUrlOfUsersCannotReachLocalRepositoriesOrRunCommands() {
        GitRepository repo = GitRepository.init(temp.resolve("repo-local")).write("Dockerfile", "FROM scratch\n");
        repo.commit("local");
        GitSource networkOnly = new GitSource(new LocalExecutor(), Duration.ofMinutes(1));
        Path marker = temp.resolve("ext-ran");

        assertThatThrownBy(() -> networkOnly.checkout(BuildSource.of(repo.url(), "main"), temp.resolve("clone-file")))
                .isInstanceOf(BuildException.class).hasMessageContaining("transport 'file' not allowed");
        assertThatThrownBy(() -> networkOnly.checkout(BuildSource.of(repo.directory().toString(), "main"), temp.resolve("clone-path")))
                .isInstanceOf(BuildException.class).hasMessageContaining("transport 'file' not allowed");
        assertThatThrownBy(() -> networkOnly.checkout(BuildSource.of("ext::touch " + marker, "main"), temp.resolve("clone-ext")))
                .isInstanceOf(BuildException.class).hasMessageContaining("transport 'ext' not allowed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aCancelledBuildStopsItsRunningStep() throws Exception {
        GitRepository repo = GitRepository.init(temp.resolve("repo-slow")).withBusybox("busybox")
                .write("Dockerfile", "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"sleep\", \"600\"]\n");
        repo.commit("slow");
        Cancellation cancellation = new Cancellation();
        LogListener cancelAtRun = line -> {
            if (line.startsWith("STEP 3/3")) {
                cancellation.cancel("user asked");
            }
        };

        assertThatThrownBy(() -> builder.build(new BuildRequest("acme", "shop", "slow", BuildSource.of(repo.url(), "main"),
                Map.of()), cancelAtRun, cancellation))
                .isInstanceOf(BuildCancelledException.class)
                .hasMessageContaining("cancelled: user asked");
        assertThat(tagsStatus("shop/slow")).isEqualTo(404);
    }

    @Test
    void anExhaustedHardStopPlanRefusesTheBuildBeforeAnythingIsCloned() throws Exception {
        BuildMinutesLedger ledger = new BuildMinutesLedger();
        ledger.record(new MeteredBuild("free-account", "b0", MeteredBuild.Kind.BUILD, Instant.now(), 50 * 60));
        List<String> log = new CopyOnWriteArrayList<>();

        try (BuildQueue queue = new BuildQueue(1, ledger, Clock.systemUTC())) {
            assertThatThrownBy(() -> queue.submit("free-account", Plan.FREE, MeteredBuild.Kind.BUILD,
                    (lines, cancellation) -> builder.build(new BuildRequest("free-account", "shop", "web",
                            BuildSource.of("file:///nonexistent", "main"), Map.of()), lines, cancellation), log::add))
                    .isInstanceOf(BuildMinutesExhaustedException.class)
                    .hasMessageContaining("account free-account has used all 50 Build Minutes of plan 'free'");
        }
        assertThat(log).isEmpty();
    }

    @Test
    void anAbbreviatedCommitIsBuiltAndTaggedWithTheFullCommit() throws Exception {
        GitRepository repo = GitRepository.init(temp.resolve("repo-short")).withBusybox("busybox")
                .write("greeting.txt", "first\n").write("Dockerfile", DOCKERFILE_WITHOUT_RUN);
        String first = repo.commit("first");
        repo.write("greeting.txt", "second\n").commit("second");
        List<String> log = new CopyOnWriteArrayList<>();

        BuildResult result = builder.build(new BuildRequest("acme", "shop", "short",
                BuildSource.of(repo.url(), first.substring(0, 7)), Map.of("GREETING", "x")), log::add, new Cancellation());

        assertThat(result.commit()).isEqualTo(first);
        assertThat(result.image().toString()).isEqualTo(registry.address() + "/shop/short:" + first);
        assertThat(log).contains("Commit " + first);
        podman.run("pull", "--tls-verify=false", result.image().toString()).requireSuccess();
        assertThat(runIn(result.image().toString(), "/bin/busybox", "cat", "/greeting.txt")).isEqualTo("first");
    }

    @Test
    void anAbbreviatedCommitTheRepositoryDoesNotHaveNamesTheServiceAndTheRef() {
        GitRepository repo = GitRepository.init(temp.resolve("repo-unknown-ref")).write("Dockerfile", "FROM scratch\n");
        String head = repo.commit("first");
        String unknown = head.startsWith("0") ? "1abcdef" : "0abcdef";

        assertThatThrownBy(() -> builder.build(new BuildRequest("acme", "shop", "api", BuildSource.of(repo.url(), unknown),
                Map.of()), LogListener.NONE, new Cancellation()))
                .isInstanceOf(BuildException.class)
                .hasMessageStartingWith("service shop/api: ref '" + unknown + "' is no branch, tag or commit of "
                        + repo.url());
    }

    private static String runIn(String image, String... command) {
        String[] argv = new String[4 + command.length];
        argv[0] = "run";
        argv[1] = "--rm";
        argv[2] = "--network=none";
        argv[3] = image;
        System.arraycopy(command, 0, argv, 4, command.length);
        return podman.run(argv).requireSuccess().stdout().strip();
    }

    private static int manifestStatus(String repository, String tag) throws Exception {
        return get("/v2/" + repository + "/manifests/" + tag, "application/vnd.oci.image.manifest.v1+json");
    }

    private static int tagsStatus(String repository) throws Exception {
        return get("/v2/" + repository + "/tags/list", "application/json");
    }

    private static int get(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registry.address() + path))
                .header("Accept", accept).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

}
