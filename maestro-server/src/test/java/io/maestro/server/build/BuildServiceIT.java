package io.maestro.server.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.minutes.BuildMinutesExhaustedException;
import io.maestro.buildgrid.minutes.OverageRounding;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.build.BuildKind;
import io.maestro.store.build.BuildStatus;
import io.maestro.store.db.ConflictException;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's BuildService with the real tools: a git repository in a temporary folder,
 * buildah with its own storage, the local docker-registry it starts on first use, over SQLite.
 */
class BuildServiceIT {

    private static final Actor ALICE = new Actor("alice", "127.0.0.1");

    @TempDir
    static Path temp;

    private static Database database;
    private static Store store;
    private static BuildService builds;

    @BeforeAll
    static void start() {
        Path home = temp.resolve("home");
        database = Database.open(null, home);
        store = Store.of(database, Clock.systemUTC(), new SecretBox(MasterKey.load(Map.of(), home)));
        builds = BuildService.start(store, BuildConfig.under(home).withLocalRepositories(true));
        builds.setPlan(new Plan("growth", 200, new BigDecimal("0.03"), OverageRounding.UP_TO_DOLLAR, false), ALICE);
    }

    @AfterAll
    static void stop() {
        try {
            if (builds != null) {
                builds.close();
                Buildah.storedIn(builds.config().directory().resolve("buildah")).removeEverything();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aBuildIsQueuedRunAtTheCommitPushedToTheLocalRegistryLoggedAndMetered() throws Exception {
        TestRepository repo = TestRepository.withImage(temp.resolve("repo-ok"), TestRepository.DOCKERFILE);
        String commit = repo.commit("first");
        List<String> live = new CopyOnWriteArrayList<>();
        CompletableFuture<BuildInfo> done = new CompletableFuture<>();

        BuildInfo queued = builds.submit("shop", "web", BuildSpec.of(repo.url(), "main").withEnv(Map.of("GREETING", "hi")), ALICE);
        builds.subscribe(queued.id(), live::add, done::complete);
        BuildInfo finished = builds.await(queued.id(), Duration.ofMinutes(5));

        assertThat(queued.status()).isIn(BuildStatus.QUEUED, BuildStatus.RUNNING);
        assertThat(finished.status()).as(finished.detail()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(finished.commit()).isEqualTo(commit);
        assertThat(finished.image()).isEqualTo(builds.registryFor("shop") + "/shop/web:" + commit);
        assertThat(finished.digest()).startsWith("sha256:");
        assertThat(finished.meteredSeconds()).isPositive();
        assertThat(done.get(1, TimeUnit.MINUTES).status()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(live).contains("Commit " + commit).anyMatch(line -> line.startsWith("STEP 2/4: COPY busybox"));
        assertThat(builds.log(queued.id())).extracting(line -> line.line()).containsExactlyElementsOf(live);
        assertThat(tags(builds.registryFor("shop"), "shop/web")).contains(commit);
        assertThat(builds.usage(Instant.now()).usedSeconds()).isGreaterThanOrEqualTo(finished.meteredSeconds());
        assertThat(store.audit().recent(100).stream().map(e -> e.action())).contains("build.request");

        BuildInfo retag = builds.await(builds.retag("shop", "web", commit, "v1", ALICE).id(), Duration.ofMinutes(5));
        assertThat(retag.kind()).isEqualTo(BuildKind.RETAG);
        assertThat(retag.status()).as(retag.detail()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(retag.image()).isEqualTo(builds.registryFor("shop") + "/shop/web:v1");
        assertThat(tags(builds.registryFor("shop"), "shop/web")).contains(commit, "v1");
    }

    @Test
    void aFailingBuildFailsWithBuildahsOutputAndIsNotMetered() {
        TestRepository repo = TestRepository.withImage(temp.resolve("repo-bad"), "FROM scratch\nCOPY missing-file /x\n");
        repo.commit("broken");
        long before = builds.usage(Instant.now()).usedSeconds();

        BuildInfo failed = builds.await(builds.submit("shop", "broken", BuildSpec.of(repo.url(), "main"), ALICE).id(),
                Duration.ofMinutes(5));

        assertThat(failed.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(failed.detail()).contains("build of shop/broken at", "failed (buildah bud exited");
        assertThat(failed.image()).isNull();
        assertThat(failed.meteredSeconds()).isZero();
        assertThat(builds.usage(Instant.now()).usedSeconds()).isEqualTo(before);
        assertThatThrownBy(() -> builds.cancel(failed.id(), ALICE)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already failed");
    }

    @Test
    void aBranchThatDoesNotExistFailsTheBuildSayingSo() {
        TestRepository repo = TestRepository.withImage(temp.resolve("repo-branch"), TestRepository.DOCKERFILE);
        repo.commit("first");

        BuildInfo failed = builds.await(builds.submit("shop", "web", BuildSpec.of(repo.url(), "release"), ALICE).id(),
                Duration.ofMinutes(5));

        assertThat(failed.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(failed.detail()).contains("branch release", "check git_url and git_branch");
        assertThat(builds.list(Optional.of("shop"), 50)).extracting(BuildInfo::id).contains(failed.id());
    }

    @Test
    void anExhaustedHardStopPlanRefusesANewBuildBeforeAnythingIsQueued() {
        Path home = temp.resolve("home-free");
        try (Database db = Database.open(null, home)) {
            Store freeStore = Store.of(db, Clock.systemUTC(), new SecretBox(MasterKey.load(Map.of(), home)));
            try (BuildService free = BuildService.start(freeStore, BuildConfig.under(home).withLocalRepositories(true))) {
                freeStore.buildMinutes().record(BuildConfig.DEFAULT_ACCOUNT, "earlier", "build", Instant.now(), 50 * 60);

                assertThatThrownBy(() -> free.submit("shop", "web", BuildSpec.of("https://git.example/shop.git", "main"), ALICE))
                        .isInstanceOf(BuildMinutesExhaustedException.class)
                        .hasMessageContaining("has used all 50 Build Minutes of plan 'free'");
                assertThat(free.list(Optional.empty(), 10)).isEmpty();
                assertThat(free.plan()).isEqualTo(Plan.FREE);
            }
        }
    }

    private static List<String> tags(String registry, String repository) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + registry + "/v2/" + repository + "/tags/list")).build(), HttpResponse.BodyHandlers.ofString());
        return List.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("tags").toString()
                .replaceAll("[\\[\\]\"]", "").split(","));
    }
}
