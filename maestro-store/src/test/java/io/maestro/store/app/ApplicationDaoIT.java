package io.maestro.store.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;

class ApplicationDaoIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void createsAnApplicationWithItsCreationTime(TestDatabase db) {
        Store store = db.store(clock);

        Application created = store.applications().create("shop");

        assertThat(created.name()).isEqualTo("shop");
        assertThat(created.latestVersion()).isZero();
        assertThat(created.createdAt()).isEqualTo(MutableClock.START);
        assertThat(store.applications().find("shop")).contains(created);
    }

    @OnBothDatabases
    void refusesASecondApplicationWithTheSameName(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("twice");

        assertThatThrownBy(() -> store.applications().create("twice"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("application 'twice' already exists");
    }

    @OnBothDatabases
    void listsApplicationsByName(TestDatabase db) {
        Store store = db.freshStore(clock);
        store.applications().create("zeta");
        store.applications().create("alpha");
        store.applications().create("mid");

        assertThat(store.applications().list()).extracting(Application::name).containsExactly("alpha", "mid", "zeta");
    }

    @OnBothDatabases
    void requiringAMissingApplicationNamesIt(TestDatabase db) {
        assertThatThrownBy(() -> db.store(clock).applications().require("ghost"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no application named 'ghost'");
    }

    @OnBothDatabases
    void deletingAnApplicationDeletesItsVersions(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("doomed");
        store.versions().add("doomed", new NewVersion("services: {}\n", null, "first", "alice"));

        assertThat(store.applications().delete("doomed")).isTrue();

        assertThat(store.applications().find("doomed")).isEmpty();
        assertThat(store.versions().list("doomed")).isEmpty();
        assertThat(store.applications().delete("doomed")).isFalse();
    }
}
