package io.maestro.store.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.ConflictException;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.Concurrently;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

class UserDaoIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void createsAUserWithARole(TestDatabase db) {
        Store store = db.store(clock);

        User alice = store.users().create("alice", Role.DEPLOYER);

        assertThat(alice.role()).isEqualTo(Role.DEPLOYER);
        assertThat(alice.createdAt()).isEqualTo(MutableClock.START);
        assertThat(store.users().find("alice")).contains(alice);
    }

    @OnBothDatabases
    void storesRolesAsTheLowerCaseWordsTheSchemaAllows(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("lower", Role.ADMIN);

        String stored = db.database().withHandle(h -> h.createQuery("SELECT role FROM users WHERE name = 'lower'")
                .mapTo(String.class).one());

        assertThat(stored).isEqualTo("admin");
        assertThatThrownBy(() -> db.database().withHandle(h ->
                h.execute("UPDATE users SET role = 'superuser' WHERE name = 'lower'")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("UPDATE users SET role = 'superuser'");
    }

    @OnBothDatabases
    void refusesADuplicateUserName(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("dup", Role.VIEWER);

        assertThatThrownBy(() -> store.users().create("dup", Role.ADMIN))
                .isInstanceOf(ConflictException.class)
                .hasMessage("user 'dup' already exists");
        assertThat(store.users().require("dup").role()).isEqualTo(Role.VIEWER);
    }

    @OnBothDatabases
    void changesARole(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("promoted", Role.VIEWER);

        assertThat(store.users().setRole("promoted", Role.ADMIN).role()).isEqualTo(Role.ADMIN);
        assertThat(store.users().require("promoted").role()).isEqualTo(Role.ADMIN);
        assertThatThrownBy(() -> store.users().setRole("nobody", Role.ADMIN))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no user named 'nobody'");
    }

    @OnBothDatabases
    void listsAndDeletesUsers(TestDatabase db) {
        Store store = db.freshStore(clock);
        store.users().create("carol", Role.VIEWER);
        store.users().create("bob", Role.DEPLOYER);

        assertThat(store.users().list()).extracting(User::name).containsExactly("bob", "carol");
        assertThat(store.users().delete("bob")).isTrue();
        assertThat(store.users().delete("bob")).isFalse();
        assertThat(store.users().list()).extracting(User::name).containsExactly("carol");
    }

    @OnBothDatabases
    void createsAFirstAdminOnlyWhenThereIsNoUser(TestDatabase db) {
        Store store = db.freshStore(clock);

        Optional<User> first = store.users().createFirstAdmin("root-admin");
        Optional<User> second = store.users().createFirstAdmin("another-admin");

        assertThat(first).map(User::role).contains(Role.ADMIN);
        assertThat(second).isEmpty();
        assertThat(store.users().list()).extracting(User::name).containsExactly("root-admin");
    }

    @OnBothDatabases
    void controlPlanesStartingTogetherCreateOneFirstAdmin(TestDatabase db) {
        Store store = db.freshStore(Clock.systemUTC());

        List<Optional<User>> results = Concurrently.run(8, i -> () -> store.users().createFirstAdmin("admin-" + i));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(store.users().list()).hasSize(1);
    }
}
