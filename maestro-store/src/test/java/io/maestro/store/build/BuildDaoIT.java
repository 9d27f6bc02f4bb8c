package io.maestro.store.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.ConflictException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.util.Optional;

class BuildDaoIT {

    @OnBothDatabases
    void aBuildGoesFromQueuedToRunningToSucceededWithItsImageAndMeteredTime(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String app = "shop-" + db.dialect().name().toLowerCase();
        Build queued = store.builds().enqueue(new NewBuild("acct", app, "web", BuildKind.BUILD, "https://git.example/shop.git", "main", "alice"));
        assertThat(queued.status()).isEqualTo(BuildStatus.QUEUED);
        assertThat(queued.startedAt()).isNull();

        Build running = store.builds().start(queued.id());
        store.builds().commit(queued.id(), "a".repeat(40));
        Build done = store.builds().succeed(queued.id(), null, "127.0.0.1:5000/shop/web:" + "a".repeat(40), "sha256:00", 42, "pushed");

        assertThat(running.status()).isEqualTo(BuildStatus.RUNNING);
        assertThat(done.status()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(done.commitSha()).isEqualTo("a".repeat(40));
        assertThat(done.meteredSeconds()).isEqualTo(42);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(store.builds().list(Optional.of(app), 10)).extracting(Build::id).containsExactly(queued.id());
        assertThat(store.builds().unfinished()).extracting(Build::id).doesNotContain(queued.id());
    }

    @OnBothDatabases
    void aFinishedBuildCannotBeCancelledAndTheRefusalNamesItsStatus(TestDatabase db) {
        Store store = db.store(new MutableClock());
        Build build = store.builds().enqueue(new NewBuild("acct", "done", "web", BuildKind.RETAG, "img", "v1", "alice"));
        store.builds().stop(build.id(), BuildStatus.CANCELLED, "cancelled by alice");

        assertThatThrownBy(() -> store.builds().stop(build.id(), BuildStatus.FAILED, "late"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("build " + build.id() + " is cancelled, cannot make it failed");
        assertThatThrownBy(() -> store.builds().start(build.id())).isInstanceOf(ConflictException.class);
        assertThat(store.builds().require(build.id()).detail()).isEqualTo("cancelled by alice");
    }

    @OnBothDatabases
    void logLinesAreNumberedInOrder(TestDatabase db) {
        Store store = db.store(new MutableClock());
        Build build = store.builds().enqueue(new NewBuild("acct", "logs", "web", BuildKind.BUILD, "u", "main", "alice"));
        store.builds().appendLog(build.id(), "STEP 1/2: FROM scratch");
        store.builds().appendLog(build.id(), "STEP 2/2: COPY . /");

        assertThat(store.builds().log(build.id())).extracting(BuildLogLine::seq, BuildLogLine::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "STEP 1/2: FROM scratch"),
                        org.assertj.core.groups.Tuple.tuple(2, "STEP 2/2: COPY . /"));
    }

    @OnBothDatabases
    void aPlanIsReplacedAsAWhole(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String account = "plan-" + db.dialect();
        assertThat(store.buildPlans().find(account)).isEmpty();
        store.buildPlans().put(account, "free", 50, "0", "up_to_dollar", true, "admin");
        StoredPlan plan = store.buildPlans().put(account, "growth", 200, "0.03", "up_to_cent", false, "root");

        assertThat(store.buildPlans().find(account)).contains(plan);
        assertThat(plan.hardStop()).isFalse();
        assertThat(plan.overagePerMinute()).isEqualTo("0.03");
    }

    @OnBothDatabases
    void registryPasswordsAreSealedAndOneRegistryIsTheDefault(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String a = "a-" + db.dialect().name().toLowerCase() + ".example:5000";
        String b = "b-" + db.dialect().name().toLowerCase() + ".example";
        store.registries().put(a, "ci", "s3cret-a", true, "admin");
        store.registries().put(b, "ci", "s3cret-b", true, "admin");

        assertThat(store.registries().password(a)).contains("s3cret-a");
        assertThat(store.registries().find(a).orElseThrow().isDefault()).isFalse();
        assertThat(store.registries().defaultRegistry()).map(RegistryCredential::host).contains(b);
        String raw = store.database().withHandle(h -> h.createQuery("SELECT password_ciphertext FROM registries WHERE host = :h")
                .bind("h", a).mapTo(byte[].class).one()).length + "";
        assertThat(raw).isNotEqualTo("8"); // sealed: ciphertext plus a 16-byte tag, not the 8 plain bytes
        assertThat(store.registries().remove(a)).isTrue();
        assertThat(store.registries().password(a)).isEmpty();
        store.registries().remove(b);
    }
}
