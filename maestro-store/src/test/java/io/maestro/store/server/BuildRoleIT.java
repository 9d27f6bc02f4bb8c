package io.maestro.store.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.build.Build;
import io.maestro.store.build.BuildKind;
import io.maestro.store.build.NewBuild;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;

class BuildRoleIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void serversGetAndLoseTheBuildRoleWithTheirSlots(TestDatabase db) {
        Store store = db.freshStore(clock);
        store.servers().add(NewServer.local("b2", "{}", MutableClock.START, "alice"));
        store.servers().add(NewServer.local("b1", "{}", MutableClock.START, "alice"));
        store.servers().add(NewServer.local("db1", "{}", MutableClock.START, "alice"));

        store.servers().setBuildRole("b2", 1);
        store.servers().setBuildRole("b1", 2);
        store.servers().setBuildRole("b1", 3);

        assertThat(store.servers().buildServers()).containsExactly(new BuildRole("b1", 3), new BuildRole("b2", 1));
        assertThat(store.servers().buildRole("db1")).isEmpty();
        assertThat(store.servers().removeBuildRole("b2")).isTrue();
        assertThat(store.servers().removeBuildRole("b2")).isFalse();
        store.servers().remove("b1");
        assertThat(store.servers().buildServers()).isEmpty();
    }

    @OnBothDatabases
    void anUnknownServerOrBadSlotsAreRefused(TestDatabase db) {
        Store store = db.store(clock);
        assertThatThrownBy(() -> store.servers().setBuildRole("nobody", 1)).isInstanceOf(NotFoundException.class)
                .hasMessage("no server named 'nobody'");
        store.servers().add(NewServer.local("slots", "{}", MutableClock.START, "alice"));
        assertThatThrownBy(() -> store.servers().setBuildRole("slots", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build slots: expected 1 to 64, found 0");
        assertThat(store.servers().buildRole("slots")).isEmpty();
    }

    @OnBothDatabases
    void aBuildRecordsTheServerItRanOn(TestDatabase db) {
        Store store = db.store(clock);
        Build build = store.builds().enqueue(new NewBuild("acct", "ranon", "web", BuildKind.BUILD, "https://git.example/x.git",
                "main", "alice"));
        assertThat(build.server()).isNull();
        store.builds().ranOn(build.id(), "b1");
        assertThat(store.builds().require(build.id()).server()).isEqualTo("b1");
    }
}
