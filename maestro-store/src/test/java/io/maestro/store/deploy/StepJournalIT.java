package io.maestro.store.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.app.NewVersion;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class StepJournalIT {

    private static final AtomicInteger APPLICATIONS = new AtomicInteger();

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void aStepIsJournaledAsRunningBeforeItRuns(TestDatabase db) {
        Store store = db.store(clock);
        long deployment = newDeployment(store);

        DeploymentStep step = store.steps().begin(deployment, "apply Deployment web");

        assertThat(step.seq()).isEqualTo(1);
        assertThat(step.status()).isEqualTo(StepStatus.RUNNING);
        assertThat(step.startedAt()).isEqualTo(MutableClock.START);
        assertThat(step.finishedAt()).isNull();
        assertThat(store.steps().list(deployment)).containsExactly(step);
    }

    @OnBothDatabases
    void stepsAreNumberedInOrderAndRecordTheirOutcome(TestDatabase db) {
        Store store = db.store(clock);
        long deployment = newDeployment(store);

        DeploymentStep first = store.steps().begin(deployment, "apply Service web");
        clock.advance(Duration.ofSeconds(2));
        store.steps().complete(first, "created");
        DeploymentStep second = store.steps().begin(deployment, "await rollout web");
        clock.advance(Duration.ofSeconds(30));
        store.steps().fail(second, "ProgressDeadlineExceeded");

        List<DeploymentStep> journal = store.steps().list(deployment);
        assertThat(journal).extracting(DeploymentStep::seq).containsExactly(1, 2);
        assertThat(journal).extracting(DeploymentStep::status).containsExactly(StepStatus.DONE, StepStatus.FAILED);
        assertThat(journal).extracting(DeploymentStep::detail).containsExactly("created", "ProgressDeadlineExceeded");
        assertThat(journal.get(0).finishedAt()).isEqualTo(MutableClock.START.plusSeconds(2));
        assertThat(journal.get(1).finishedAt()).isEqualTo(MutableClock.START.plusSeconds(32));
    }

    @OnBothDatabases
    void aPlanIsJournaledAsPendingStepsThatStartOneByOne(TestDatabase db) {
        Store store = db.store(clock);
        long deployment = newDeployment(store);

        List<DeploymentStep> planned = store.steps().plan(deployment, List.of("build web", "apply web", "await web"));
        DeploymentStep started = store.steps().start(planned.getFirst());

        assertThat(planned).extracting(DeploymentStep::status).containsOnly(StepStatus.PENDING);
        assertThat(planned).extracting(DeploymentStep::startedAt).containsOnlyNulls();
        assertThat(started.status()).isEqualTo(StepStatus.RUNNING);
        assertThat(started.startedAt()).isEqualTo(MutableClock.START);
        assertThat(store.steps().list(deployment)).extracting(DeploymentStep::status)
                .containsExactly(StepStatus.RUNNING, StepStatus.PENDING, StepStatus.PENDING);
    }

    @OnBothDatabases
    void afterACrashTheJournalShowsWhichStepWasUnderWay(TestDatabase db) {
        Store before = db.store(clock);
        long deployment = newDeployment(before);
        before.steps().complete(before.steps().begin(deployment, "apply Service web"), null);
        before.steps().begin(deployment, "apply Deployment web");

        Store afterRestart = db.store(clock);

        assertThat(afterRestart.steps().list(deployment))
                .extracting(DeploymentStep::name, DeploymentStep::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("apply Service web", StepStatus.DONE),
                        org.assertj.core.groups.Tuple.tuple("apply Deployment web", StepStatus.RUNNING));
    }

    @OnBothDatabases
    void refusesToChangeAFinishedStep(TestDatabase db) {
        Store store = db.store(clock);
        long deployment = newDeployment(store);
        DeploymentStep step = store.steps().begin(deployment, "apply web");
        store.steps().complete(step, null);

        assertThatThrownBy(() -> store.steps().fail(step, "late failure"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("step 1 (apply web) of deployment " + deployment + " is done, cannot make it failed");
        assertThatThrownBy(() -> store.steps().complete(new DeploymentStep(deployment, 9, "x", StepStatus.RUNNING, null, null, null), null))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("deployment " + deployment + " has no step 9");
    }

    @OnBothDatabases
    void refusesStepsOfAMissingDeployment(TestDatabase db) {
        assertThatThrownBy(() -> db.store(clock).steps().begin(123_456_789L, "apply"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no deployment 123456789");
    }

    private static long newDeployment(Store store) {
        String application = "journal-" + APPLICATIONS.incrementAndGet();
        store.applications().create(application);
        store.versions().add(application, new NewVersion("services: {}\n", null, "v1", "alice"));
        return store.deployments().enqueue(application, "production", 1, "alice").id();
    }
}
