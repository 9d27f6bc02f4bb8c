package io.maestro.store.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;

class EnvVarShareDaoIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void sharesOneWayUntilUnshared(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("share-db");
        store.applications().create("share-web");

        assertThat(store.envVarShares().share("share-db", "share-web", "admin")).isTrue();
        assertThat(store.envVarShares().share("share-db", "share-web", "other")).isFalse();

        assertThat(store.envVarShares().isShared("share-db", "share-web")).isTrue();
        assertThat(store.envVarShares().isShared("share-web", "share-db")).isFalse();
        assertThat(store.envVarShares().involving("share-web"))
                .containsExactly(new EnvVarShare("share-db", "share-web", MutableClock.START, "admin"));

        assertThat(store.envVarShares().unshare("share-db", "share-web")).isTrue();
        assertThat(store.envVarShares().unshare("share-db", "share-web")).isFalse();
        assertThat(store.envVarShares().isShared("share-db", "share-web")).isFalse();
        assertThat(store.envVarShares().involving("share-db")).isEmpty();
    }

    @OnBothDatabases
    void refusesAMissingApplicationAndStoresNothing(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("share-alone");

        assertThatThrownBy(() -> store.envVarShares().share("share-alone", "share-ghost", "admin"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("share-ghost");
        assertThatThrownBy(() -> store.envVarShares().share("share-alone", "share-alone", "admin"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.envVarShares().involving("share-alone")).isEmpty();
    }

    @OnBothDatabases
    void forgetsTheSharesOfADeletedApplication(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("share-gone");
        store.applications().create("share-stays");
        store.envVarShares().share("share-gone", "share-stays", "admin");

        store.applications().delete("share-gone");

        assertThat(store.envVarShares().involving("share-stays")).isEmpty();
    }
}
