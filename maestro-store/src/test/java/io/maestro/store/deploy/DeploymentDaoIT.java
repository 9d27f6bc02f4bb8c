package io.maestro.store.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.app.NewVersion;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.Concurrently;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

class DeploymentDaoIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void queuesADeploymentOfAStoredVersion(TestDatabase db) {
        Store store = withVersions(db, "deploy-queued", 2);

        Deployment deployment = store.deployments().enqueue("deploy-queued", "production", 2, "alice");

        assertThat(deployment.status()).isEqualTo(DeploymentStatus.QUEUED);
        assertThat(deployment.application()).isEqualTo("deploy-queued");
        assertThat(deployment.environment()).isEqualTo("production");
        assertThat(deployment.version()).isEqualTo(2);
        assertThat(deployment.requestedBy()).isEqualTo("alice");
        assertThat(deployment.createdAt()).isEqualTo(MutableClock.START);
        assertThat(deployment.startedAt()).isNull();
        assertThat(deployment.finishedAt()).isNull();
        assertThat(store.deployments().find(deployment.id())).contains(deployment);
    }

    @OnBothDatabases
    void refusesADeploymentOfAVersionThatDoesNotExist(TestDatabase db) {
        Store store = withVersions(db, "deploy-no-version", 1);

        assertThatThrownBy(() -> store.deployments().enqueue("deploy-no-version", "production", 2, "alice"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("application 'deploy-no-version' has no version 2");
        assertThatThrownBy(() -> store.deployments().enqueue("ghost", "production", 1, "alice"))
                .isInstanceOf(NotFoundException.class);
    }

    @OnBothDatabases
    void runsThroughQueuedRunningSucceeded(TestDatabase db) {
        Store store = withVersions(db, "deploy-lifecycle", 1);
        long id = store.deployments().enqueue("deploy-lifecycle", "production", 1, "alice").id();

        clock.advance(Duration.ofSeconds(5));
        Deployment running = store.deployments().start(id);
        clock.advance(Duration.ofSeconds(60));
        Deployment done = store.deployments().finish(id, DeploymentStatus.SUCCEEDED, "3 objects applied");

        assertThat(running.status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(running.startedAt()).isEqualTo(MutableClock.START.plusSeconds(5));
        assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(done.finishedAt()).isEqualTo(MutableClock.START.plusSeconds(65));
        assertThat(done.detail()).isEqualTo("3 objects applied");
    }

    @OnBothDatabases
    void refusesTransitionsTheStateMachineDoesNotAllow(TestDatabase db) {
        Store store = withVersions(db, "deploy-illegal", 1);
        long id = store.deployments().enqueue("deploy-illegal", "production", 1, "alice").id();

        assertThatThrownBy(() -> store.deployments().finish(id, DeploymentStatus.SUCCEEDED, null))
                .isInstanceOf(ConflictException.class)
                .hasMessage("deployment " + id + " is queued, cannot make it succeeded");
        store.deployments().start(id);
        assertThatThrownBy(() -> store.deployments().start(id))
                .isInstanceOf(ConflictException.class)
                .hasMessage("deployment " + id + " is running, cannot make it running");
        store.deployments().finish(id, DeploymentStatus.FAILED, "rollout deadline exceeded");
        assertThatThrownBy(() -> store.deployments().finish(id, DeploymentStatus.SUCCEEDED, null))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.deployments().finish(id, DeploymentStatus.RUNNING, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deployments().start(987_654_321L))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no deployment 987654321");
        assertThat(store.deployments().require(id).detail()).isEqualTo("rollout deadline exceeded");
    }

    @OnBothDatabases
    void aQueuedDeploymentCanFailWithoutRunning(TestDatabase db) {
        Store store = withVersions(db, "deploy-cancelled", 1);
        long id = store.deployments().enqueue("deploy-cancelled", "production", 1, "alice").id();

        Deployment failed = store.deployments().finish(id, DeploymentStatus.FAILED, "control plane restarted");

        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.startedAt()).isNull();
    }

    @OnBothDatabases
    void theNextQueuedDeploymentIsTheOldestOfItsEnvironment(TestDatabase db) {
        Store store = withVersions(db, "deploy-queue", 3);
        Deployment first = store.deployments().enqueue("deploy-queue", "production", 1, "alice");
        store.deployments().enqueue("deploy-queue", "staging", 2, "alice");
        Deployment third = store.deployments().enqueue("deploy-queue", "production", 3, "bob");

        assertThat(store.deployments().nextQueued("deploy-queue", "production")).contains(first);
        store.deployments().start(first.id());
        assertThat(store.deployments().nextQueued("deploy-queue", "production")).contains(third);
        assertThat(store.deployments().list("deploy-queue", 2)).extracting(Deployment::version).containsExactly(3, 2);
    }

    @OnBothDatabases
    void listsUnfinishedDeploymentsForRecoveryAfterARestart(TestDatabase db) {
        Store store = db.freshStore(clock);
        store.applications().create("recover");
        store.versions().add("recover", new NewVersion("services: {}\n", null, "v1", "alice"));
        Deployment queued = store.deployments().enqueue("recover", "production", 1, "alice");
        Deployment running = store.deployments().enqueue("recover", "staging", 1, "alice");
        store.deployments().start(running.id());
        Deployment finished = store.deployments().enqueue("recover", "qa", 1, "alice");
        store.deployments().finish(finished.id(), DeploymentStatus.FAILED, "cancelled");

        assertThat(store.deployments().unfinished()).extracting(Deployment::id).containsExactly(queued.id(), running.id());
    }

    @OnBothDatabases
    void onlyOneOfTwoRacingControlPlanesStartsADeployment(TestDatabase db) {
        Store store = withVersions(db, "deploy-start-race", 1, Clock.systemUTC());
        long id = store.deployments().enqueue("deploy-start-race", "production", 1, "alice").id();

        List<Boolean> started = Concurrently.run(8, i -> () -> {
            try {
                store.deployments().start(id);
                return true;
            } catch (ConflictException e) {
                return false;
            }
        });

        assertThat(started).containsOnlyOnce(true);
    }

    private Store withVersions(TestDatabase db, String application, int versions) {
        return withVersions(db, application, versions, clock);
    }

    private static Store withVersions(TestDatabase db, String application, int versions, Clock clock) {
        Store store = db.store(clock);
        store.applications().create(application);
        for (int i = 0; i < versions; i++) {
            store.versions().add(application, new NewVersion("services: {}\n", null, "v" + (i + 1), "alice"));
        }
        return store;
    }
}
