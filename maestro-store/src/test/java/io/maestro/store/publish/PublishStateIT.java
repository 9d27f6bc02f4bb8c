package io.maestro.store.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.app.NewVersion;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/** Schema 10: deployment options, deployment profiles and build_command runs. */
class PublishStateIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void aDeploymentKeepsTheOptionsItWasAskedFor(TestDatabase db) {
        Store store = withVersion(db, "shop");
        Deployment deployment = store.deployments().enqueue("shop", "production", 1, "alice");
        assertThat(store.deploymentOptions().find(deployment.id())).isEmpty();

        DeploymentOptions options = new DeploymentOptions(deployment.id(), List.of("web", "worker"),
                Map.of("web", "feature/x", "worker", "v2"), "main", "quick", DeploymentOptions.FAST, false, "cli");
        store.deploymentOptions().record(options);

        assertThat(store.deploymentOptions().find(deployment.id())).contains(options);
        assertThat(options.inScope("web")).isTrue();
        assertThat(options.inScope("db")).isFalse();
        assertThat(DeploymentOptions.plain(7).inScope("anything")).isTrue();
    }

    @OnBothDatabases
    void profilesAreSavedListedAndDeletedPerApplication(TestDatabase db) {
        Store store = withVersion(db, "profiles");
        DeploymentProfile quick = store.deploymentProfiles().create(new DeploymentProfile("profiles", "quick",
                List.of("web"), false, DeploymentOptions.FAST, null, null), "alice");
        assertThat(quick.createdAt()).isEqualTo(MutableClock.START);
        assertThat(quick.createdBy()).isEqualTo("alice");
        assertThat(quick.services()).containsExactly("web");
        store.deploymentProfiles().create(new DeploymentProfile("profiles", "all", List.of(), true,
                DeploymentOptions.PARALLEL, null, null), "alice");

        assertThat(store.deploymentProfiles().list("profiles")).extracting(DeploymentProfile::name).containsExactly("all", "quick");
        assertThatThrownBy(() -> store.deploymentProfiles().create(new DeploymentProfile("profiles", "quick", List.of(), true,
                DeploymentOptions.PARALLEL, null, null), "bob"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already has a deployment profile 'quick'");
        assertThatThrownBy(() -> store.deploymentProfiles().create(new DeploymentProfile("nope", "quick", List.of(), true,
                DeploymentOptions.PARALLEL, null, null), "bob"))
                .isInstanceOf(NotFoundException.class);

        assertThat(store.deploymentProfiles().delete("profiles", "quick")).isTrue();
        assertThat(store.deploymentProfiles().delete("profiles", "quick")).isFalse();
        assertThat(store.deploymentProfiles().find("profiles", "quick")).isEmpty();
    }

    @OnBothDatabases
    void badProfileNamesAndStrategiesAreRefused(TestDatabase db) {
        assertThatThrownBy(() -> new DeploymentProfile("shop", "Bad Name", List.of(), true, "parallel", null, null))
                .hasMessageContaining("profile name: expected lower-case letters");
        assertThatThrownBy(() -> new DeploymentProfile("shop", "ok", List.of(), true, "slow", null, null))
                .hasMessageContaining("expected \"parallel\" or \"fast\", got \"slow\"");
    }

    @OnBothDatabases
    void aBuildCommandIsRememberedOncePerService(TestDatabase db) {
        Store store = withVersion(db, "commands");
        assertThat(store.deploymentOptions().buildCommandRan("commands", "web")).isFalse();
        store.deploymentOptions().recordBuildCommand("commands", "web", 1);
        store.deploymentOptions().recordBuildCommand("commands", "web", 2);
        assertThat(store.deploymentOptions().buildCommandRan("commands", "web")).isTrue();
        assertThat(store.deploymentOptions().buildCommandRan("commands", "worker")).isFalse();
    }

    private Store withVersion(TestDatabase db, String application) {
        Store store = db.store(clock);
        store.applications().create(application);
        store.versions().add(application, new NewVersion("version: 2\nservices: {}\n", null, "first", "alice"));
        return store;
    }
}
