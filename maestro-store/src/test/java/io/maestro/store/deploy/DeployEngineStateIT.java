package io.maestro.store.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.app.NewVersion;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The deploy engine's tables of schema 3: settings, targets, logs, desired replicas, drift reports. */
class DeployEngineStateIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void environmentSettingsDefaultUntilStoredAndAreReplacedWhole(TestDatabase db) {
        Store store = withVersion(db, "settings");
        assertThat(store.environmentSettings().get("settings", "production"))
                .isEqualTo(EnvironmentSettings.defaults("settings", "production"));

        EnvironmentSettings stored = store.environmentSettings().put(new EnvironmentSettings("settings", "production",
                "east", true, true, false, 120, null, null), "alice");
        assertThat(stored).isEqualTo(new EnvironmentSettings("settings", "production", "east", true, true, false, 120,
                MutableClock.START, "alice"));

        clock.advance(Duration.ofMinutes(1));
        store.environmentSettings().put(new EnvironmentSettings("settings", "production", null, false, false, true, 60,
                null, null), "bob");
        EnvironmentSettings replaced = store.environmentSettings().get("settings", "production");
        assertThat(replaced.cluster()).isNull();
        assertThat(replaced.forceConflicts()).isTrue();
        assertThat(replaced.updatedBy()).isEqualTo("bob");
        assertThat(store.environmentSettings().find("settings", "staging")).isEmpty();
    }

    @OnBothDatabases
    void anEnvironmentTargetsLocalWhenToldAndRemembersItsHostComponents(TestDatabase db) {
        Store store = withVersion(db, "hello");
        assertThat(store.environmentSettings().get("hello", "production").target()).isEqualTo(EnvironmentSettings.CLUSTER);
        store.environmentSettings().put(new EnvironmentSettings("hello", "production", null, false, false, false, 60,
                null, null, EnvironmentSettings.LOCAL), "alice");
        assertThat(store.environmentSettings().get("hello", "production").local()).isTrue();
        assertThat(store.environmentSettings().server("hello", "production")).isEmpty();
        store.environmentSettings().setServer("hello", "production", "db1", "alice");
        assertThat(store.environmentSettings().server("hello", "production")).contains("db1");
        assertThat(store.environmentSettings().get("hello", "production").local()).isTrue();
        store.environmentSettings().setServer("hello", "staging", "db2", "alice");
        assertThat(store.environmentSettings().server("hello", "staging")).contains("db2");
        store.environmentSettings().setServer("hello", "staging", null, "alice");
        assertThat(store.environmentSettings().server("hello", "staging")).isEmpty();
        assertThatThrownBy(() -> new EnvironmentSettings("hello", "production", null, false, false, false, 60,
                null, null, "moon")).hasMessageContaining("\"cluster\" or \"local\"");

        store.hostComponents().record("hello", "production", "redis", "default", "hello-production", "10.88.0.1", 40123);
        store.hostComponents().record("hello", "production", "redis", "default", "hello-production", "10.88.0.1", 40124);
        store.hostComponents().record("hello", "production", "postgresql", "default", "hello-production", "10.88.0.1", 40125);
        assertThat(store.hostComponents().find("hello", "production", "redis", "default")).get()
                .extracting(HostComponent::port).isEqualTo(40124);
        assertThat(store.hostComponents().list("hello", "production")).extracting(HostComponent::kind)
                .containsExactly("postgresql", "redis");
        assertThat(store.hostComponents().find("hello", "production", "postgresql", "default")).get()
                .extracting(HostComponent::server).isNull();
        store.hostComponents().record("hello", "production", "postgresql", "default", "hello-production", "10.0.0.5", 5432, "db1");
        assertThat(store.hostComponents().find("hello", "production", "postgresql", "default")).get()
                .extracting(HostComponent::server, HostComponent::bindAddress).containsExactly("db1", "10.0.0.5");
        assertThat(store.hostComponents().deleteAll("hello", "production")).isEqualTo(2);
        assertThat(store.hostComponents().list("hello", "production")).isEmpty();
    }

    @OnBothDatabases
    void settingsOfAnUnknownApplicationAreRefused(TestDatabase db) {
        Store store = db.store(clock);
        assertThatThrownBy(() -> store.environmentSettings().put(EnvironmentSettings.defaults("nope", "production"), "a"))
                .isInstanceOf(NotFoundException.class);
    }

    @OnBothDatabases
    void aDeploymentTargetKeepsItsClusterRollbackAndImages(TestDatabase db) {
        Store store = withVersion(db, "targets");
        Deployment first = store.deployments().enqueue("targets", "production", 1, "alice");
        Deployment second = store.deployments().enqueue("targets", "production", 1, "alice");

        store.deploymentTargets().record(first.id(), "east", null);
        store.deploymentTargets().setImages(first.id(), Map.of("web", "acme/web:1.0"));
        store.deploymentTargets().record(second.id(), null, first.id());
        store.deploymentTargets().setCluster(second.id(), "west");

        assertThat(store.deploymentTargets().find(first.id()))
                .contains(new DeploymentTarget(first.id(), "east", null, Map.of("web", "acme/web:1.0")));
        assertThat(store.deploymentTargets().find(second.id()))
                .contains(new DeploymentTarget(second.id(), "west", first.id(), Map.of()));
    }

    @OnBothDatabases
    void theLastSucceededDeploymentIsFoundBeforeAGivenOne(TestDatabase db) {
        Store store = withVersion(db, "history");
        Deployment good = store.deployments().enqueue("history", "production", 1, "alice");
        store.deployments().start(good.id());
        store.deployments().finish(good.id(), DeploymentStatus.SUCCEEDED, null);
        Deployment bad = store.deployments().enqueue("history", "production", 1, "alice");
        store.deployments().start(bad.id());
        store.deployments().finish(bad.id(), DeploymentStatus.FAILED, "rollout failed");

        assertThat(store.deploymentTargets().lastSucceeded("history", "production", bad.id()))
                .map(Deployment::id).contains(good.id());
        assertThat(store.deploymentTargets().lastSucceeded("history", "production", good.id())).isEmpty();
        assertThat(store.deploymentTargets().lastSucceeded("history", "staging", Long.MAX_VALUE)).isEmpty();
        assertThat(store.deploymentTargets().latest("history", "production")).map(Deployment::id).contains(bad.id());
        assertThat(store.deploymentTargets().list("history", "production", 1)).extracting(Deployment::id).containsExactly(bad.id());
        assertThat(store.deploymentTargets().deployedEnvironments()).contains(Map.entry("history", "production"));
    }

    @OnBothDatabases
    void theLogKeepsLinesInOrder(TestDatabase db) {
        Store store = withVersion(db, "logs");
        Deployment deployment = store.deployments().enqueue("logs", "production", 1, "alice");

        store.deploymentLog().append(deployment.id(), "first");
        clock.advance(Duration.ofSeconds(1));
        store.deploymentLog().append(deployment.id(), "second");

        assertThat(store.deploymentLog().list(deployment.id())).containsExactly(
                new LogLine(deployment.id(), 1, MutableClock.START, "first"),
                new LogLine(deployment.id(), 2, MutableClock.START.plusSeconds(1), "second"));
    }

    @OnBothDatabases
    void desiredReplicasArePerEnvironmentAndReplaced(TestDatabase db) {
        Store store = withVersion(db, "replicas");
        store.desiredReplicas().set("replicas", "production", "web", 3, "alice");
        store.desiredReplicas().set("replicas", "production", "web", 5, "alice");
        store.desiredReplicas().set("replicas", "production", "api", 2, "alice");
        store.desiredReplicas().set("replicas", "staging", "web", 1, "alice");

        assertThat(store.desiredReplicas().all("replicas", "production")).containsExactly(
                Map.entry("api", 2), Map.entry("web", 5));
        assertThatThrownBy(() -> store.desiredReplicas().set("nope", "production", "web", 1, "a"))
                .isInstanceOf(NotFoundException.class);
    }

    @OnBothDatabases
    void theLastDriftReportReplacesThePreviousOne(TestDatabase db) {
        Store store = withVersion(db, "drift");
        store.driftReports().put("drift", "production", List.of(new DriftReport.DriftedObject("Deployment", "web", "modified")));
        clock.advance(Duration.ofMinutes(5));
        DriftReport none = store.driftReports().put("drift", "production", List.of());

        assertThat(none).isEqualTo(new DriftReport("drift", "production", MutableClock.START.plus(Duration.ofMinutes(5)), List.of()));
        store.driftReports().put("drift", "staging", List.of(new DriftReport.DriftedObject("Service", "api", "missing")));
        assertThat(store.driftReports().find("drift", "staging").orElseThrow().objects())
                .containsExactly(new DriftReport.DriftedObject("Service", "api", "missing"));
    }

    private Store withVersion(TestDatabase db, String application) {
        Store store = db.store(clock);
        store.applications().create(application);
        store.versions().add(application, new NewVersion("version: 2\nservices: {}\n", null, "first", "alice"));
        return store;
    }
}
